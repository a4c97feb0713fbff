"""RoPE's defining properties, for both layouts, full and partial rotary, with derived tolerances.

Each test runs for the four (layout, partial) variants; hypothesis draws dim, rotary_dim,
base, features and positions. Tolerances come from tests/bounds.py.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rope_ref import RoPE, layout_permutation

from bounds import U, score_bound
from strategies import LAYOUTS, bases, features, positions

VARIANTS = [(layout, partial) for layout in LAYOUTS for partial in (False, True)]
variants = pytest.mark.parametrize("layout,partial", VARIANTS,
                                   ids=[f"{lay}-{'partial' if p else 'full'}" for lay, p in VARIANTS])


@functools.cache
def rope_of(dim: int, base: float, layout: str, rotary_dim: int | None) -> RoPE:
    """RoPE is frozen, so examples that draw the same parameters share one (construction computes
    the frequencies in double-double, ~1 ms, more than the property checks themselves)."""
    return RoPE(dim, base=base, layout=layout, rotary_dim=rotary_dim)


def draw_rope(data: st.DataObject, layout: str, partial: bool) -> RoPE:
    dim = data.draw(st.integers(2 if partial else 1, 32), label="dim / 2") * 2
    rotary_dim = data.draw(st.integers(1, dim // 2 - 1), label="rotary_dim / 2") * 2 if partial else None
    return rope_of(dim, data.draw(bases, label="base"), layout, rotary_dim)


@variants
@given(data=st.data(), m=positions())
def test_norm_is_preserved(layout, partial, data, m):
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 3), label="x")
    y = rope.apply(x, m)
    # cos^2 + sin^2 = 1 to within 2u and the complex product adds <= 2u per component, so
    # squared norms (sums of non-negative terms, no cancellation) agree to within 16u.
    assert np.allclose(np.sum(y**2, axis=-1), np.sum(x**2, axis=-1), rtol=16 * U, atol=0)
    assert np.array_equal(y[..., rope.rotary_dim:], x[..., rope.rotary_dim:])


@variants
@given(data=st.data(), m=positions(), n=positions())
def test_relative_identity(layout, partial, data, m, n):
    """<R_m q, R_n k> = <q, R_(n-m) k>: the score depends on n - m only."""
    rope = draw_rope(data, layout, partial)
    q, k = data.draw(features(rope.dim, 2), label="q, k")
    lhs = float(np.dot(rope.apply(q, m), rope.apply(k, n)))
    rhs = float(np.dot(q, rope.apply(k, n - m)))
    assert abs(lhs - rhs) <= score_bound(q, k, m, n, rope.dim)


@variants
@given(data=st.data(), m=positions())
def test_invert_undoes_apply(layout, partial, data, m):
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 4), label="x")
    back = rope.invert(rope.apply(x, m), m)
    # The same computed angle is used both ways, so R^T R = I up to cos^2 + sin^2 - 1 (2u)
    # and two complex products (2u each): <= 8u relative to the largest component.
    assert np.all(np.abs(back - x) <= 8 * U * np.max(np.abs(x), axis=-1, keepdims=True))


@variants
@given(data=st.data(), m=positions())
def test_matrix_form_equals_complex_form(layout, partial, data, m):
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 1), label="x")[0]
    # The same cos and sin in both; a matrix row sums d products where the complex form sums
    # 2, so both are within u (d + 2) max|x| of the exact product: 2 u (d + 4) max|x| apart.
    assert np.allclose(rope.matrix(m) @ x, rope.apply(x, m), rtol=0, atol=2 * (rope.dim + 4) * U * np.max(np.abs(x)))


@variants
@given(data=st.data(), m=positions())
def test_half_of_permuted_input_is_permuted_interleaved(layout, partial, data, m):
    """half(P x) == P interleaved(x): the same rotation in a permuted basis, bit for bit."""
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 3), label="x")
    half = rope_of(rope.dim, rope.base, "half", rope.rotary_dim)
    inter = rope_of(rope.dim, rope.base, "interleaved", rope.rotary_dim)
    p = layout_permutation(rope.dim, rope.rotary_dim)
    assert np.array_equal(half.apply(x[..., p], m), inter.apply(x, m)[..., p])


@variants
@given(data=st.data(), m=positions(2.0**16), n=positions(2.0**16))
def test_group_law(layout, partial, data, m, n):
    """R_m R_n = R_(m+n): rotating by n then by m is rotating by m + n."""
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 2), label="x")
    twice = rope.apply(rope.apply(x, n), m)
    once = rope.apply(x, m + n)
    # Angle errors: 2u|m|, 2u|n| and 2u|m+n| (theta_0 = 1 is the largest frequency), plus the
    # rounding of m + n itself (u|m+n|, doubled for safety as it feeds every pair); cos/sin and
    # product errors are <= 6u per rotation, three rotations. All relative to the pair norm.
    pair_norm = np.max(np.abs(x), axis=-1, keepdims=True) * np.sqrt(2)
    tol = U * pair_norm * (2 * (abs(m) + abs(n) + 2 * abs(m + n)) + 18)
    assert np.all(np.abs(twice - once) <= tol)


@variants
@given(data=st.data())
def test_position_zero_is_the_identity(layout, partial, data):
    rope = draw_rope(data, layout, partial)
    x = data.draw(features(rope.dim, 3), label="x")
    assert np.array_equal(rope.apply(x, 0), x)
    assert np.array_equal(rope.apply(x, np.zeros(3)), x)
    assert np.array_equal(rope.apply(x, -0.0), x)

"""RoPE's defining properties, for both layouts and for partial rotary, with derived tolerances."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from rope_ref import RoPE, layout_permutation

from bounds import U, score_bound
from strategies import bases, dims, features, layouts, positions

EPS = np.finfo(np.float64).eps


@st.composite
def rope_and_x(draw, batch=1):
    dim, rotary_dim = draw(dims(), label="dims")
    rope = RoPE(dim, base=draw(bases, label="base"), layout=draw(layouts, label="layout"), rotary_dim=rotary_dim)
    return rope, draw(features(dim, batch), label="x")


@given(rx=rope_and_x(batch=3), m=positions())
def test_norm_is_preserved(rx, m):
    rope, x = rx
    y = rope.apply(x, m)
    # cos^2 + sin^2 = 1 to within 2u and the complex product adds <= 2u per component:
    # |y| = |x| (1 + delta), |delta| <= 8u. Compare squared norms per pair (no cancellation).
    r = rope.rotary_dim
    assert np.allclose(np.sum(y**2, axis=-1), np.sum(x**2, axis=-1), rtol=16 * U, atol=0)
    assert np.array_equal(y[..., r:], x[..., r:])


@given(rx=rope_and_x(batch=2), m=positions(), n=positions())
def test_relative_identity(rx, m, n):
    """<R_m q, R_n k> = <q, R_(n-m) k>: the score depends on n - m only."""
    rope, (q, k) = rx[0], rx[1]
    lhs = float(np.dot(rope.apply(q, m), rope.apply(k, n)))
    rhs = float(np.dot(q, rope.apply(k, n - m)))
    assert abs(lhs - rhs) <= score_bound(q, k, m, n, rope.dim)


@given(rx=rope_and_x(batch=4), m=positions())
def test_invert_undoes_apply(rx, m):
    rope, x = rx
    back = rope.invert(rope.apply(x, m), m)
    # The same computed angle is used both ways, so R^T R = I up to cos^2 + sin^2 - 1 (2u)
    # and two complex products (2u each): <= 8u relative to the pair's norm.
    assert np.all(np.abs(back - x) <= 8 * U * np.max(np.abs(x), axis=-1, keepdims=True))


@given(rx=rope_and_x(batch=1), m=positions())
def test_matrix_form_equals_complex_form(rx, m):
    rope, x = rx
    y = rope.apply(x[0], m)
    # A matrix-vector product sums d terms where the complex form sums 2: both within
    # u (d + 2) |z| of the exact product with the same computed cos and sin.
    assert np.allclose(rope.matrix(m) @ x[0], y, rtol=0, atol=(rope.dim + 4) * U * np.max(np.abs(x)) * 2)


@given(rx=rope_and_x(batch=3), m=positions())
def test_half_of_permuted_input_is_permuted_interleaved(rx, m):
    """half(P x) == P interleaved(x): the same rotation in a permuted basis, bit for bit."""
    rope, x = rx
    half = RoPE(rope.dim, rope.base, "half", rope.rotary_dim)
    inter = RoPE(rope.dim, rope.base, "interleaved", rope.rotary_dim)
    p = layout_permutation(rope.dim, rope.rotary_dim)
    assert np.array_equal(half.apply(x[..., p], m), inter.apply(x, m)[..., p])


@given(rx=rope_and_x(batch=2), m=positions(2.0**16), n=positions(2.0**16))
def test_group_law(rx, m, n):
    """R_m R_n = R_(m+n): rotating by n then by m is rotating by m + n."""
    rope, x = rx
    twice = rope.apply(rope.apply(x, n), m)
    once = rope.apply(x, m + n)
    # Angles m theta, n theta and (m+n) theta are each off by <= 2u |.| theta_0 (theta_0 = 1),
    # plus three rotations' worth of cos/sin and product error (6u each) on the pair norm.
    # m + n itself is exact (integers and floats below 2**17 with 53-bit significands? not
    # always for fractional values: its rounding, <= u |m + n|, is an angle error too).
    pair_norm = np.max(np.abs(x), axis=-1, keepdims=True) * np.sqrt(2)
    tol = U * pair_norm * (2 * (abs(m) + abs(n) + 2 * abs(m + n)) + 18)
    assert np.all(np.abs(twice - once) <= tol)


@given(rx=rope_and_x(batch=3))
def test_position_zero_is_the_identity(rx):
    rope, x = rx
    assert np.array_equal(rope.apply(x, 0), x)
    assert np.array_equal(rope.apply(x, np.zeros(3)), x)
    assert np.array_equal(rope.apply(x, -0.0), x)

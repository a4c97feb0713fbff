"""xPos: scores depend only on m - n, the scale is zeta_j**(+-(m - c)/gamma), bad input."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rope_ref import RoPE, XPos

from bounds import U
from checks import assert_rejected
from strategies import features, positions


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("rotary_dim", [None, 8])
@given(data=st.data(), m=positions(4096.0), n=positions(4096.0), shift=st.integers(-4096, 4096))
def test_scores_depend_only_on_m_minus_n(layout, rotary_dim, data, m, n, shift):
    xpos = XPos(RoPE(16, layout=layout, rotary_dim=rotary_dim), scale_base=512.0, centre=7.0)
    q, k = data.draw(features(16, 2), label="q, k")
    qm, kn = xpos.apply(q, m, "query"), xpos.apply(k, n, "key")
    qs, ks = xpos.apply(q, m + shift, "query"), xpos.apply(k, n + shift, "key")
    a, b = qm @ kn, qs @ ks
    # Scales zeta^(+-|m|/gamma) reach (1/0.29)^(|m|/512) <= 3.5^16 for |m| <= 8192; the products
    # of query and key scales are ~zeta^((m-n)/gamma); bound relative to that size of the terms,
    # angle errors as for RoPE (2u(|m|+|n|+|shift|) per side) plus pow's few ulp per factor.
    size = np.abs(qm) @ np.abs(kn)
    size2 = np.abs(qs) @ np.abs(ks)
    span = abs(m) + abs(n) + 2 * abs(shift)
    assert abs(a - b) <= U * (size + size2) * (4 * span + 64 + 2 * 16) * 8


def test_scale_matches_mpmath_and_centre_cancels_in_scores():
    xpos = XPos(RoPE(8), scale_base=512.0, centre=100.0)
    s = xpos.scale(np.array([1000.0, -3.0]), "query")
    with mp.workdps(40):
        for i, m in enumerate([1000.0, -3.0]):
            for j in range(4):
                zeta = (mp.mpf(2 * j) + mp.mpf("0.4") * 8) / (mp.mpf("1.4") * 8)
                expected = float(mp.power(zeta, (mp.mpf(m) - 100) / 512))
                # zeta_j itself is computed in float64 (2 roundings) and raised to |t| <= 2: a few ulp.
                assert abs(s[i, j] - expected) <= 8 * U * expected
    key = xpos.scale(np.array([1000.0]), "key")
    assert np.allclose(key * s[:1], 1.0, rtol=4 * U * 4, atol=0)
    q, k = np.random.default_rng(0).standard_normal((2, 8))
    other = XPos(RoPE(8), scale_base=512.0, centre=-50.0)
    a = xpos.apply(q, 30, "query") @ xpos.apply(k, 10, "key")
    b = other.apply(q, 30, "query") @ other.apply(k, 10, "key")
    assert abs(a - b) <= 64 * U * np.abs(q) @ np.abs(k)


def test_xpos_is_rope_times_scale_and_inverts():
    rope = RoPE(12, rotary_dim=8, layout="interleaved")
    xpos = XPos(rope, scale_base=256.0)
    x = np.random.default_rng(1).standard_normal((3, 12))
    pos = np.array([0.0, 5.0, 300.0])
    y = xpos.apply(x, pos, "key")
    plain = rope.apply(x, pos)
    scale = np.repeat(xpos.scale(pos, "key"), 2, axis=-1)  # interleaved: pair j is features 2j, 2j+1
    assert np.allclose(y[:, :8], plain[:, :8] * scale, rtol=8 * U, atol=8 * U * np.abs(x).max())
    assert np.array_equal(y[:, 8:], x[:, 8:])
    assert np.allclose(xpos.invert(y, pos, "key"), x, rtol=0, atol=16 * U * np.abs(x).max())


@pytest.mark.parametrize("call,kind,needle", [
    (lambda: XPos("rope"), TypeError, "rope must be a rope_ref.RoPE"),
    (lambda: XPos(RoPE(8), scale_base=0), ValueError, "scale_base"),
    (lambda: XPos(RoPE(8), centre=float("inf")), ValueError, "centre"),
    (lambda: XPos(RoPE(8)).apply(np.ones(8), 0, role="value"), ValueError, "role must be 'query' or 'key'"),
    (lambda: XPos(RoPE(8)).apply(np.ones(6), 0), ValueError, "x.shape[-1]"),
])
def test_bad_input(call, kind, needle):
    assert_rejected(call, kind, [needle])


def test_xpos_uses_only_the_public_rope():
    """XPos builds on RoPE's public methods (inv_freq_dd_for, dim, layout ...), not its private ones."""
    import inspect
    import re

    from rope_ref import xpos

    assert not re.search(r"rope\._", inspect.getsource(xpos))

"""The error bounds behind exact mode's rounding test, against 80-digit mpmath, and the slow path.

Exact mode rounds a double-double v once and proves the rounding right with a bound eps on
|v - exact| (rope_ref._cr): if a bound were too small, a value near a rounding boundary could be
rounded the wrong way without the slow path ever being asked. So each bound the code uses is
checked here against mpmath on the double-double itself, before rounding:

- the cos/sin polynomials: within POLY_REL (2**-76) relative, on |r| up to 0.7934 and tiny r;
- table double-doubles: within |A| (rel_j + ANGLE_REL) + |v| POLY_REL, |A| up to 2**44;
- rotated outputs: within (|u| + |v|) * weight, the weight exact mode computes, for cancelling
  pairs too.

Then the slow path: without it the hardest cases of tests/data/cr_hard_cases.json come out
wrong (so the tests that check them can fail); exact midpoints are rounded to even; and the
statistics ``rope-ref bench`` reports count what they say.
"""

from __future__ import annotations

import functools
import json
from fractions import Fraction
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE, _cr, exact
from rope_ref import _exact_kernel as kernel
from rope_ref.scaling import LongRoPE, YaRN

DPS = 80
HARD = json.loads((Path(__file__).parent / "data" / "cr_hard_cases.json").read_text())


def _mp(x: float) -> mp.mpf:
    return mp.mpf(float(x))


@functools.cache
def polynomial_worst() -> float:
    """The largest relative error of the kernel's double-double cos and sin of r + n pi/2 against
    80-digit mpmath, over a fixed sample of reduced angles r = r_hi + r_lo and random quarter turns
    n (docs/precision.md quotes it):
    uniform on |r| <= 0.7934; log-uniform down to 1e-300; close to j/64 +- 1/128 for every table
    entry j, where |r1| and so the polynomials' errors are largest; and tiny r_hi whose r_lo is
    larger than itself (the reduction can return those)."""
    rng = np.random.default_rng(76)
    n = 3000
    j = rng.integers(-51, 52, n)
    edge = j / 64 + rng.choice([-1.0, 1.0], n) / 128 * (1 - rng.uniform(0, 2.0**-20, n))
    r = np.concatenate([rng.uniform(-0.7934, 0.7934, n), [0.7934, -0.7934, 0.79, 1 / 128, -1 / 128, 2.0**-30],
                        np.sign(rng.standard_normal(n)) * np.exp(rng.uniform(np.log(1e-300), np.log(0.79), n)),
                        np.clip(edge, -0.7934, 0.7934), [2.0**-70, -(2.0**-64), 0.0]])
    r_lo = r * rng.uniform(-(2.0**-53), 2.0**-53, r.size)
    r_lo[-3:] = [2.0**-66, 2.0**-63, 2.0**-80]
    quarter = rng.integers(0, 4, r.size)
    w = kernel.Scratch(r.shape)
    w.r_hi[:], w.r_lo[:], w.n[:] = r, r_lo, quarter
    kernel._polynomials(w)
    worst = 0.0
    with mp.workdps(DPS):
        for i in range(r.size):
            x = _mp(r[i]) + _mp(r_lo[i])
            # (cos, sin)(x + n pi/2) by the exact quarter-turn identities (adding n pi/2 in mpmath
            # would lose a tiny x to cancellation)
            c, s = mp.cos(x), mp.sin(x)
            n = int(quarter[i])
            want_cos, want_sin = ((c, s), (-s, c), (-c, -s), (s, -c))[n]
            for (hi, lo), want in (((w.c_hi, w.c_lo), want_cos), ((w.s_hi, w.s_lo), want_sin)):
                got = _mp(hi[i]) + _mp(lo[i])
                worst = max(worst, float(abs(got - want) / abs(want)))
    return worst


def test_polynomials_are_within_poly_rel():
    worst = polynomial_worst()
    assert worst <= 2.0**-80 < _cr.POLY_REL, worst  # the kernel's own bound, and the one the rounding test uses
    assert worst > 2.0**-90  # the check saw real errors, not a shortcut


def test_polynomials_refuse_a_reduced_angle_outside_the_table():
    w = kernel.Scratch((2,))
    w.r_hi[:], w.r_lo[:], w.n[:] = [0.1, 51.5 / 64], 0.0, 3.0
    with pytest.raises(ArithmeticError, match="outside"):
        kernel._polynomials(w)


def test_tables_near_underflow_take_the_slow_path_and_are_right():
    """With an attention factor near or below 2**-900 every table value is computed in decimal,
    subnormal results included."""
    positions = np.array([0.0, 1.0, 3.0, 1000.0, -7.0])
    for a in (2.0**-1000 * 1.37, 5e-324 * 7, 2.0**-899):
        rope = RoPE(4, scaling=LongRoPE((1.0, 1.0), (1.0, 1.0), 64, factor=2.0, attention_factor_override=a),
                    precision="exact")
        cos, sin = rope.cos_sin(positions, scaled=True)
        with mp.workdps(DPS):
            theta = [mp.mpf(1), mp.mpf(10000) ** (-mp.mpf(2) / 4)]
            for i, m in enumerate(positions):
                for j in range(2):
                    angle = _mp(m) * theta[j]
                    for got, want in ((cos[i, j], _mp(a) * mp.cos(angle)), (sin[i, j], _mp(a) * mp.sin(angle))):
                        assert got == float(mp.nstr(want, 60)), (a, m, j)  # float() of a string rounds correctly


@pytest.mark.parametrize("dim,base", [(128, 10000.0), (64, 1e6), (1024, 1e7), (16, 12.5)])
def test_table_double_doubles_are_within_their_bound(dim, base):
    rng = np.random.default_rng(dim)
    theta = exact.theta_dd(dim, base)
    top = 2.0**44 / float(theta[0][0])
    positions = np.concatenate([[0.0, 1.0, -1.0, 2.0**31 - 1, top, -top],
                                rng.uniform(-(2.0**31), 2.0**31, 12), rng.integers(-4096, 4096, 12)])
    (c_hi, c_lo), (s_hi, s_lo) = exact.cos_sin_table_dd(positions, theta)
    rel = theta.rel_err() + _cr.ANGLE_REL
    worst = 0.0
    with mp.workdps(DPS):
        for j in range(0, dim // 2, max(1, dim // 32)):
            t = mp.power(mp.mpf(base), -mp.mpf(2 * j) / dim)
            for i, m in enumerate(positions):
                angle = _mp(m) * t
                for (hi, lo), want in (((c_hi, c_lo), mp.cos(angle)), ((s_hi, s_lo), mp.sin(angle))):
                    got = _mp(hi[i, j]) + _mp(lo[i, j])
                    eps = abs(float(angle)) * rel[j] + abs(float(got)) * _cr.POLY_REL
                    worst = max(worst, float(abs(got - want)) / eps if eps else float(abs(got - want) > 0) * np.inf)
    assert worst <= 1.0, worst


@pytest.mark.parametrize("rule", [None, YaRN(4.0, 4096, truncate=False)])
def test_rotated_double_doubles_are_within_their_bound(monkeypatch, rule):
    captured = []
    original = exact._settle_outputs

    def capture(w2, hi, lo, weight, out):
        captured.append((w2.x.copy(), hi.copy(), lo.copy(), np.broadcast_to(weight, hi.shape[1:]).copy()))
        return original(w2, hi, lo, weight, out)

    monkeypatch.setattr(exact, "_settle_outputs", capture)
    rope = RoPE(32, base=500000.0, scaling=rule, precision="exact")
    rng = np.random.default_rng(32)
    positions = np.concatenate([rng.uniform(-(2.0**31), 2.0**31, 6), [0.0, 7.0]])
    x = rng.standard_normal((positions.size, 32))
    # cancelling pairs: (u, v) nearly parallel to (sin A, cos A) for pair 3
    cos, sin = rope.cos_sin(positions)
    x[:, 3], x[:, 3 + 16] = sin[:, 3], cos[:, 3]
    rope.apply(x, positions)
    (xs, hi, lo, weight), = captured
    freq = rope.inv_freq_dd_for(positions)
    worst = 0.0
    with mp.workdps(DPS):
        exact_theta = [mp.mpf(str(v)) for v in freq.exact(60)]
        a = rope.attention_factor
        for i, m in enumerate(positions):
            for j in range(16):
                angle = _mp(m) * exact_theta[j]
                c, s = mp.cos(angle), mp.sin(angle)
                u, v = _mp(xs[0, i, j]), _mp(xs[1, i, j])
                for k, want in enumerate((a * (u * c - v * s), a * (u * s + v * c))):
                    got = _mp(hi[k, i, j]) + _mp(lo[k, i, j])
                    eps = (abs(float(u)) + abs(float(v))) * weight[i, j]
                    worst = max(worst, float(abs(got - want)) / eps)
    assert 0 < worst <= 1.0, worst


def _hard_tables():
    return [c for c in HARD["table_cases"]][:40]


def test_without_the_slow_path_the_hard_cases_come_out_wrong(monkeypatch):
    """The hard cases need the slow path: rounding the double-double without the test gets some
    wrong, so tests/test_correct_rounding_hard.py can fail."""
    def settled(hi, lo, eps, out, up, down):
        np.add(hi, lo, out=out)
        return None

    wrong = 0
    for case in _hard_tables():
        with mp.workdps(DPS):
            angle = _mp(case["m"]) * mp.power(mp.mpf(case["base"]), -mp.mpf(2 * case["j"]) / case["d"])
            want = float(mp.cos(angle) if case["value"] == "cos" else mp.sin(angle))
        rope = RoPE(case["d"], base=case["base"], precision="exact")
        part = 0 if case["value"] == "cos" else 1
        right = rope.cos_sin([case["m"]])[part][0, case["j"]]
        assert right == want, case
        with monkeypatch.context() as patch:
            patch.setattr(_cr, "round_checked_into", settled)
            fast = RoPE(case["d"], base=case["base"], precision="exact").cos_sin([case["m"]])[part][0, case["j"]]
        wrong += fast != want
    assert wrong > 0


def test_exact_midpoints_round_to_even():
    """At m = 0 a u is an exact product: 1.5 (1 + 2**-52) and 1.5 (1 + 3 * 2**-52) are midpoints
    between float64 neighbours, and ties go to the even one."""
    rope = RoPE(2, scaling=LongRoPE((1.0,), (1.0,), 64, factor=2.0, attention_factor_override=1.5),
                precision="exact")
    u = np.array([1.0 + 2.0**-52, 1.0 + 3 * 2.0**-52, 1.0 + 2.0**-51])
    x = np.stack([u, np.zeros(3)], axis=-1)
    out = rope.apply(x, np.zeros(3))[:, 0]
    for got, value in zip(out, u, strict=True):
        assert got == float(Fraction(1.5) * Fraction(float(value)))  # CPython rounds rationals to even
    assert np.frexp(out[0])[0] * 2.0**53 % 2 == 0 and np.frexp(out[1])[0] * 2.0**53 % 2 == 0


def test_statistics_count_values_and_slow_ones():
    _cr.STATS.reset()
    rope = RoPE(8, precision="exact")
    rope.cos_sin(np.arange(50.0))
    assert (_cr.STATS.values, _cr.STATS.slow) == (400, 0)
    case = HARD["table_cases"][0]
    RoPE(case["d"], base=case["base"], precision="exact").cos_sin([case["m"]])
    assert _cr.STATS.slow >= 1 and _cr.STATS.values == 400 + case["d"]
    assert _cr.STATS.fraction == _cr.STATS.slow / _cr.STATS.values


def test_ropes_carrying_their_exact_frequencies_still_pickle():
    """The frequencies' formula travels with a RoPE (for the slow path): pickling and deep copies
    keep working, and the copy computes the same bits, slow path included."""
    import copy
    import pickle

    from rope_ref import MultiAxisRoPE, XPos

    case = HARD["table_cases"][0]
    objects = [RoPE(case["d"], base=case["base"], precision="exact"),
               RoPE(32, scaling=YaRN(4.0, 4096, truncate=False), precision="exact"),
               MultiAxisRoPE.mrope(24, [4, 4, 4], precision="exact"), XPos(RoPE(16, precision="exact"))]
    for rope in objects:
        for twin in (pickle.loads(pickle.dumps(rope)), copy.deepcopy(rope)):
            if isinstance(rope, MultiAxisRoPE):
                positions = np.arange(30.0).reshape(10, 3) * 1e5
                assert twin._exact_freq._formula is not None
                assert np.array_equal(twin.cos_sin(positions)[1], rope.cos_sin(positions)[1])
            elif isinstance(rope, XPos):
                assert np.array_equal(twin.scale(np.arange(9.0)), rope.scale(np.arange(9.0)))
            else:
                m = [case["m"], 3.0]
                assert np.array_equal(twin.cos_sin(m)[0], rope.cos_sin(m)[0])


def test_values_near_underflow_are_never_settled_by_the_fast_path():
    """round_checked (and unsettle_tiny, shared with the table and output paths) sends every value
    with 0 < |v| < 2**-900 to the slow path, even with a zero error bound; exact zeros and larger
    values with a zero bound settle."""
    hi = np.array([2.0**-901, -(2.0**-1000), 5e-324, 0.0, 2.0**-899, 1.0])
    out, unsettled = _cr.round_checked(hi, np.zeros(hi.size), np.zeros(hi.size))
    assert out.tolist() == hi.tolist()
    assert unsettled.tolist() == [True, True, True, False, False, False]
    eps = np.zeros(hi.size)
    _cr.unsettle_tiny(eps, np.abs(hi))
    assert np.isinf(eps).tolist() == [True, True, True, False, False, False]

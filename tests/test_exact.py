"""rope_ref.exact against 50-digit mpmath: error-free transformations, theta_j, cos/sin, rotation.

Tolerances are derived, not guessed (u = 2**-53):
- cos and sin: the issue's target |error| <= 2.3e-16 (about one ulp), and the tighter bound the
  method guarantees, ulp(v)/2 + 2**-56 + |A| 2**-99: one final rounding, 2**-56 for the float64
  Taylor tails (terms below 0.017 with a few u of relative error), |A| 2**-99 for theta_j's
  relative error below 2**-99 carried into the angle A = m theta_j.
- rotated outputs: ulp(y)/2 + 0.25 u a |z_j|: one final rounding, and cos/sin double-doubles
  within 2**-56 of the truth multiplied by both components of the pair (sqrt(2) * 2**-56 <
  0.25 u).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rope_ref import RoPE, Scaling, _dd, default_inv_freq, exact
from rope_ref import _exact_kernel as kernel

import reference
from bounds import U
from checks import assert_rejected

DPS = reference.DPS
TARGET = 2.3e-16  # the accuracy target for cos and sin


def _bound(exact_value: mp.mpf, angle: mp.mpf, a: float = 1.0) -> float:
    """ulp(v)/2 + a (2**-56 + |A| 2**-99) for v = a cos A or a sin A, ulp at the rounded v."""
    return 0.5 * float(np.spacing(abs(float(exact_value)))) + a * (2.0**-56 + abs(float(angle)) * 2.0**-99)


def _worst(cos: np.ndarray, sin: np.ndarray, positions, dim: int, base: float, pairs) -> tuple[float, float]:
    """(max |error|, max |error| / bound) over the given positions (rows) and pairs (columns)."""
    worst_abs, worst_ratio = 0.0, 0.0
    with mp.workdps(DPS):
        for j in pairs:
            theta = reference.theta(int(j), dim, base)
            for i, m in enumerate(positions):
                angle = mp.mpf(float(m)) * theta
                for got, want in ((cos[i, j], mp.cos(angle)), (sin[i, j], mp.sin(angle))):
                    err = float(abs(mp.mpf(float(got)) - want))
                    worst_abs = max(worst_abs, err)
                    worst_ratio = max(worst_ratio, err / _bound(want, angle))
    return worst_abs, worst_ratio


def _positions(rng: np.random.Generator) -> np.ndarray:
    """The largest positions, powers of two, integers in every magnitude band, fractions, signs."""
    fixed = [0.0, 1.0, -1.0, 0.5, 3.0, 2.0**31 - 1, -(2.0**31 - 1), 2.0**31 - 0.5, 2.0**30, 2.0**20, 131072.0,
             2.0**24 + 1]
    bands = [float(rng.integers(2**k, 2 ** (k + 1))) * rng.choice([-1.0, 1.0]) for k in range(8, 31, 2)]
    fractional = rng.uniform(-(2.0**31), 2.0**31, 4).tolist()
    return np.array(fixed + bands + fractional)


def _pairs(rng: np.random.Generator, half: int, count: int = 8) -> list[int]:
    extra = rng.choice(half, size=min(half, count), replace=False).tolist()
    return sorted({0, 1 % half, half - 1, *extra})


# -- constants -----------------------------------------------------------------------------------

def test_pi_over_2_triple_double_digits():
    with mp.workdps(DPS):
        half_pi = mp.pi / 2
        p1 = float(half_pi)
        p2 = float(half_pi - p1)
        p3 = float(half_pi - p1 - p2)
        assert kernel.PIO2 == (p1, p2, p3)
        assert abs(half_pi - (mp.mpf(p1) + p2 + p3)) < mp.mpf(2) ** -160
        assert kernel.TWO_OVER_PI == float(2 / mp.pi)


def test_ln2_and_sixth_and_taylor_coefficients_and_the_table():
    with mp.workdps(DPS):
        ln2 = mp.log(2)
        assert _dd.LN2 == (float(ln2), float(ln2 - float(ln2)))
        assert _dd.LN2_REST == float(ln2 - _dd.LN2[0] - _dd.LN2[1])
        assert _dd.PI == (float(mp.pi), float(mp.pi - float(mp.pi)))
        assert _dd.TWO_PI == (float(2 * mp.pi), float(2 * mp.pi - float(2 * mp.pi)))
        def dd(value):
            return float(value), float(value - float(value))

        assert kernel.SIXTH == dd(mp.mpf(-1) / 6)
        assert kernel.SIN_TAIL == tuple(float(mp.mpf((-1) ** (i + 1)) / mp.factorial(2 * i + 3)) for i in range(1, 4))
        assert kernel.COS_TAIL == tuple(float(mp.mpf((-1) ** i) / mp.factorial(2 * i + 4)) for i in range(3))
        # The table: cos and sin of j/64 + n pi/2 for n = 0..3 and j = -51..51 at n * 103 + j + 51,
        # each the double-double of the value (hi correctly rounded, lo the rest), with Dekker's split
        # of hi; exact zeros where the value is 0.
        assert kernel.TABLE["c_hi"].size == 4 * 103
        for i, (n, j) in enumerate((n, j) for n in range(4) for j in range(-51, 52)):
            x = mp.mpf(j) / 64 + n * mp.pi / 2
            for name, want in (("c", mp.cos(x)), ("s", mp.sin(x))):
                want = 0 if j == 0 and abs(want) < mp.mpf(10) ** (5 - DPS) else want  # cos(pi/2) is 0
                assert (kernel.TABLE[name + "_hi"][i], kernel.TABLE[name + "_lo"][i]) == dd(want), (name, n, j)
                h, low = kernel.TABLE[name + "_h"][i], kernel.TABLE[name + "_l"][i]
                assert h + low == kernel.TABLE[name + "_hi"][i]
        # Reach: |r| <= 0.7934 gives j = rint(64 r) within the table and |r - j/64| <= 1/128.
        assert 0.7934 * 64 < 51.5
        # Truncation on |r1| <= 1/128 (alternating series: below the first left-out term): sin r1 to
        # r1**9 relative to sin r1 >= 0.99 r1, cos r1 - 1 to r1**8 relative to cos r >= 0.7.
        r1 = mp.mpf(1) / 128 * (1 + mp.mpf(2) ** -50)
        assert r1 ** 11 / mp.factorial(11) / (mp.mpf("0.99") * r1) < mp.mpf(2) ** -95
        assert r1 ** 10 / mp.factorial(10) / mp.mpf("0.7") < mp.mpf(2) ** -91


# -- error-free transformations ------------------------------------------------------------------

moderate = st.floats(-(2.0**400), 2.0**400, allow_nan=False).filter(lambda v: v == 0 or abs(v) > 2.0**-400)


@given(a=moderate, b=moderate)
def test_two_sum_and_two_prod_are_exact(a, b):
    s, e = exact.two_sum(np.float64(a), np.float64(b))
    assert Fraction(float(s)) + Fraction(float(e)) == Fraction(a) + Fraction(b)
    p, f = exact.two_prod(np.float64(a), np.float64(b))
    assert Fraction(float(p)) + Fraction(float(f)) == Fraction(a) * Fraction(b)


@given(a=moderate, b=moderate, c=moderate, d=moderate)
def test_dd_add_and_dd_mul_are_accurate_to_about_2_to_the_minus_104(a, b, c, d):
    x = exact.two_sum(np.float64(a), np.float64(b))  # normalised double-doubles
    y = exact.two_sum(np.float64(c), np.float64(d))
    fx = Fraction(float(x[0])) + Fraction(float(x[1]))
    fy = Fraction(float(y[0])) + Fraction(float(y[1]))
    # Accurate addition (two TwoSums) and product: relative error below 2**-104 of the
    # operands' size (addition: |x| + |y|; product: |x y|), plus 2**-1000 for underflow.
    s = exact.dd_add(x, y)
    err = abs(Fraction(float(s[0])) + Fraction(float(s[1])) - (fx + fy))
    assert err <= Fraction(2) ** -104 * (abs(fx) + abs(fy)) + Fraction(2) ** -1000
    p = exact.dd_mul(x, y)
    err = abs(Fraction(float(p[0])) + Fraction(float(p[1])) - fx * fy)
    assert err <= Fraction(2) ** -104 * abs(fx * fy) + Fraction(2) ** -1000


@pytest.mark.parametrize("dim", [2, 6, 96, 128, 1000, 1024])
@pytest.mark.parametrize("base", [10.0, 500.0, 10000.0, 500000.0, 1e7, 0.5])
def test_theta_dd_is_accurate_to_2_to_the_minus_99(dim, base):
    hi, lo = exact.theta_dd(dim, base)
    with mp.workdps(DPS):
        for j in range(0, dim // 2, max(1, dim // 64)):
            want = reference.theta(j, dim, base)
            assert abs((mp.mpf(hi[j]) + mp.mpf(lo[j]) - want) / want) < mp.mpf(2) ** -99


# -- cos and sin -----------------------------------------------------------------------------------

CONFIGS = [(2, 10000.0), (64, 10.0), (96, 1e6), (128, 10000.0), (128, 500000.0), (1024, 1e7), (1024, 10.0)]


@pytest.mark.parametrize("dim,base", CONFIGS)
def test_cos_sin_meet_the_target_against_mpmath(dim, base):
    rng = np.random.default_rng(dim + int(base))
    positions = _positions(rng)
    cos, sin = exact.cos_sin(positions, exact.theta_dd(dim, base))
    worst_abs, worst_ratio = _worst(cos, sin, positions, dim, base, _pairs(rng, dim // 2))
    assert worst_abs <= TARGET
    assert worst_ratio <= 1.0


@pytest.mark.slow
@pytest.mark.parametrize("base", [10.0, 10000.0, 1e7])
def test_cos_sin_every_pair_of_d1024_near_the_largest_positions(base):
    rng = np.random.default_rng(int(base))
    positions = np.concatenate([[2.0**31 - 1, -(2.0**31 - 1), 2.0**31 - 3, 2.0**31 - 1024.75, 1234567891.0],
                                rng.integers(2**30, 2**31, 7).astype(np.float64)])
    cos, sin = exact.cos_sin(positions, exact.theta_dd(1024, base))
    worst_abs, worst_ratio = _worst(cos, sin, positions, 1024, base, range(512))
    assert worst_abs <= TARGET and worst_ratio <= 1.0


@pytest.mark.slow
def test_cos_sin_on_random_configurations():
    rng = np.random.default_rng(2024)
    for _ in range(40):
        dim = 2 * int(rng.integers(1, 513))
        base = float(10.0 ** rng.uniform(1, 7))
        positions = np.concatenate([rng.integers(-(2**31) + 1, 2**31, 6).astype(np.float64),
                                    rng.uniform(-(2.0**31), 2.0**31, 2)])
        cos, sin = exact.cos_sin(positions, exact.theta_dd(dim, base))
        worst_abs, worst_ratio = _worst(cos, sin, positions, dim, base, _pairs(rng, dim // 2, 6))
        assert worst_abs <= TARGET and worst_ratio <= 1.0, (dim, base)


def test_beyond_2_to_the_31_the_bound_grows_only_with_theta_error():
    rng = np.random.default_rng(44)
    positions = np.concatenate([np.floor(rng.uniform(2.0**31, 2.0**44, 8)), [2.0**44, -(2.0**44)]])
    cos, sin = exact.cos_sin(positions, exact.theta_dd(128, 10000.0))
    assert _worst(cos, sin, positions, 128, 10000.0, [0, 1, 17, 63])[1] <= 1.0


def test_angles_near_quarter_turns_and_eighth_turns():
    # Angles next to k pi/2 (sin or cos near 0, the reduction's hardest cancellation) and next
    # to k pi/2 + pi/4 (the edge of the reduced range).
    k = np.array([1.0, 2.0, 3.0, 7.0, 1e3, 2.0**20 + 1, 2.0**30 - 1])
    with mp.workdps(DPS):
        near = [float(mp.mpf(int(q)) * mp.pi / 2) for q in k] + [float((mp.mpf(int(q)) + 0.5) * mp.pi / 2) for q in k]
    hi = np.array(near)
    hi = np.concatenate([hi, np.nextafter(hi, np.inf), np.nextafter(hi, -np.inf)])
    (c, c_lo), (s, s_lo) = exact.cos_sin_dd(hi)
    with mp.workdps(DPS):
        for i, a in enumerate(hi):
            angle = mp.mpf(float(a))
            for got, low, want in ((c[i], c_lo[i], mp.cos(angle)), (s[i], s_lo[i], mp.sin(angle))):
                assert float(abs(mp.mpf(float(got)) - want)) <= _bound(want, angle)
                # The double-double itself is within 2**-56 (+ the angle term) before rounding.
                assert float(abs(mp.mpf(float(got)) + mp.mpf(float(low)) - want)) <= 2.0**-56 + abs(a) * 2.0**-99


@given(a=st.floats(-(2.0**44), 2.0**44, allow_nan=False))
def test_cos_sin_dd_of_any_float_angle(a):
    (c, _), (s, _) = exact.cos_sin_dd(np.array([a]))
    with mp.workdps(DPS):
        angle = mp.mpf(a)
        assert float(abs(mp.mpf(float(c[0])) - mp.cos(angle))) <= _bound(mp.cos(angle), angle)
        assert float(abs(mp.mpf(float(s[0])) - mp.sin(angle))) <= _bound(mp.sin(angle), angle)


def test_attention_factor_is_applied_before_the_one_rounding():
    positions, a = np.array([3.0, 2.0**31 - 1]), 1.1386
    cos, sin = exact.cos_sin(positions, exact.theta_dd(16, 10000.0), attention_factor=a)
    with mp.workdps(DPS):
        for i, m in enumerate(positions):
            for j in range(8):
                angle = mp.mpf(m) * reference.theta(j, 16, 10000.0)
                for got, want in ((cos[i, j], a * mp.cos(angle)), (sin[i, j], a * mp.sin(angle))):
                    assert float(abs(mp.mpf(float(got)) - want)) <= _bound(want, angle, a)


def test_the_accuracy_check_catches_plain_float64_and_a_double_only_pi():
    """Meta: the comparison above fails for cos(fl(m fl(theta))) and for pi/2 held in one double."""
    positions, dim, base = np.array([2.0**31 - 1, 1234567891.0]), 128, 10000.0
    cos, sin = RoPE(dim, base).cos_sin(positions)
    assert _worst(cos, sin, positions, dim, base, [1, 5, 40])[0] > TARGET
    theta = exact.theta_dd(dim, base)
    original = kernel.PIO2, kernel._PIO2_PARTS
    try:
        kernel.PIO2 = (kernel.PIO2[0], 0.0, 0.0)
        kernel._PIO2_PARTS = (kernel._PIO2_PARTS[0], (0.0, 0.0))
        cos, sin = exact.cos_sin(positions, theta)
    finally:
        kernel.PIO2, kernel._PIO2_PARTS = original
    assert _worst(cos, sin, positions, dim, base, [1, 5, 40])[0] > TARGET


def test_angles_are_the_double_double_product_rounded_once():
    positions = np.array([0.0, 7.0, -(2.0**31 - 1), 2.0**31 - 0.25])
    got = exact.angles(positions, exact.theta_dd(64, 10000.0))
    with mp.workdps(DPS):
        for i, m in enumerate(positions):
            for j in range(32):
                want = mp.mpf(m) * reference.theta(j, 64, 10000.0)
                # One rounding of a value within |A| 2**-99 of A: at most ulp/2 + |A| 2**-99.
                tol = 0.5 * float(np.spacing(abs(float(want)))) + abs(float(want)) * 2.0**-99
                assert float(abs(mp.mpf(float(got[i, j])) - want)) <= tol


# -- determinism -----------------------------------------------------------------------------------

def test_exact_mode_never_calls_numpy_transcendentals(monkeypatch):
    theta = exact.theta_dd(64, 10000.0)
    rope = RoPE(64, precision="exact")
    x = np.random.default_rng(0).standard_normal((3, 64))

    def forbidden(*args, **kwargs):
        raise AssertionError("exact mode called a NumPy transcendental function")

    for name in ("cos", "sin", "tan", "exp", "expm1", "arctan2", "hypot"):
        monkeypatch.setattr(np, name, forbidden)
    exact.cos_sin([1.0, 2.0**31 - 1], theta)
    exact.rotate(x, [0.0, 5.0, 2.0**30], theta)
    rope.cos_sin([9.0])
    rope.invert(rope.apply(x, [1.0, 2.0, 3.0]), [1.0, 2.0, 3.0])


LIBM = {np: ("log", "log1p", "log2", "log10", "exp", "exp2", "expm1", "power", "float_power", "cos", "sin", "tan",
              "arctan2", "hypot"),
        math: ("log", "log1p", "log2", "log10", "exp", "expm1", "pow", "cos", "sin")}


def test_exact_mode_and_every_rule_call_no_libm_function(monkeypatch):
    """Frequencies, attention factors, cos/sin and rotation in exact mode, for every rule, xPos and
    multi-axis RoPE: no log, exp or pow whose last bit can differ between platforms."""
    from rope_ref import MultiAxisRoPE, XPos
    from rope_ref import scaling as sc

    def forbidden(*args, **kwargs):
        raise AssertionError("exact mode called a libm function")

    for module, names in LIBM.items():
        for name in names:
            monkeypatch.setattr(module, name, forbidden)
    rules = [sc.Linear(3.0), sc.NTKAware(4.0), sc.DynamicNTK(2.0, 64), sc.DynamicNTKFixed(2.0), sc.YaRN(4.0, 64),
             sc.YaRN(4.0, 64, mscale=0.7, mscale_all_dim=1.0, truncate=False), sc.DeepSeekYaRN(40.0, 64, mscale=0.7),
             sc.Llama3(8.0, 1.0, 4.0, 64), sc.LongRoPE((1.0, 2.0), (3.0, 4.0), 64, max_position_embeddings=128),
             sc.Proportional(0.5, 2.0)]
    x = np.random.default_rng(0).standard_normal((3, 4))
    for rule in rules:
        rope = RoPE(4, base=500000.0, scaling=rule, precision="exact")
        rope.invert(rope.apply(x, [1.0, 90.0, 300.0]), [1.0, 90.0, 300.0])
        rope.cos_sin([9.0], scaled=True)
        XPos(rope).apply(x, [1.0, 2.0, 3.0], role="key")
    MultiAxisRoPE.mrope(8, [1, 1, 2], precision="exact").apply(np.ones((2, 8)), np.ones((2, 3)))


def test_no_power_operator_on_values_in_exact_mode_modules():
    """Python's ** on floats is libm's pow: the exact-mode modules use it only on constants (2.0**-56)
    or on an integer base ((-1)**i, exact integer arithmetic)."""
    import ast
    import inspect

    from rope_ref import _dd, scaling

    def constant(node: ast.AST) -> bool:
        return not any(isinstance(n, ast.Name) for n in ast.walk(node))

    for module in (_dd, scaling, exact, kernel):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
                integer_base = constant(node.left) and isinstance(ast.literal_eval(node.left), int)
                assert integer_base or (constant(node.left) and constant(node.right)), \
                    f"{module.__name__}: {ast.unparse(node)}"


def test_results_do_not_depend_on_blocking(monkeypatch):
    theta = exact.theta_dd(128, 10000.0)
    positions = np.random.default_rng(1).uniform(-(2.0**31), 2.0**31, 300)
    x = np.random.default_rng(2).standard_normal((2, 300, 128))
    cos, sin = exact.cos_sin(positions, theta)
    y = exact.rotate(x, positions, theta, "interleaved")
    single = exact.cos_sin(positions[17:18], theta)
    assert single[0].tobytes() == cos[17:18].tobytes() and single[1].tobytes() == sin[17:18].tobytes()
    monkeypatch.setattr(exact, "_CHUNK", 7)
    assert exact.cos_sin(positions, theta)[0].tobytes() == cos.tobytes()
    assert exact.rotate(x, positions, theta, "interleaved").tobytes() == y.tobytes()


def test_tables_are_the_correctly_rounded_values_on_every_machine():
    """Machine independence, checked against the definition rather than a stored digest: every
    value of these tables is mpmath's correctly rounded cos or sin (80 digits), bit for bit, so
    any CPU that gives other bytes is wrong somewhere."""
    positions = np.arange(-(2**31) + 1, 2**31, 2**26 + 12345.5)
    c, s = exact.cos_sin(positions, exact.theta_dd(128, 1e4))
    with mp.workdps(80):
        for j in range(64):
            theta = mp.power(mp.mpf(10000), -mp.mpf(2 * j) / 128)
            for i, m in enumerate(positions):
                angle = mp.mpf(float(m)) * theta
                assert (c[i, j], s[i, j]) == (float(mp.cos(angle)), float(mp.sin(angle))), (m, j)


# -- rotation --------------------------------------------------------------------------------------

def _worst_rotation(y, x, positions, base, layout, rotary_dim, a) -> float:
    """max |y - exact| / (ulp(exact)/2 + 0.25 u a |z_j|) over rotated components; pass-through exact."""
    worst = 0.0
    with mp.workdps(DPS):
        for i, m in enumerate(positions):
            assert np.array_equal(y[i, rotary_dim:], x[i, rotary_dim:])
            for j, (re, im) in enumerate(reference.pairs(rotary_dim, layout)):
                z = mp.mpc(x[i, re], x[i, im]) * mp.expj(mp.mpf(m) * reference.theta(j, rotary_dim, base)) * a
                size = float(np.hypot(x[i, re], x[i, im])) * a
                for k, want in ((re, z.real), (im, z.imag)):
                    bound = 0.5 * float(np.spacing(abs(float(want)))) + 0.25 * U * size
                    worst = max(worst, float(abs(mp.mpf(float(y[i, k])) - want)) / bound)
    return worst


POSITIONS = np.array([0.0, 1.0, -7.0, 0.5, 131072.0, 2.0**31 - 1, -(2.0**31 - 1), 2.0**20 + 0.25])


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("dim,rotary_dim,base,a", [(8, 8, 10000.0, 1.0), (64, 32, 500000.0, 1.1386),
                                                   (128, 128, 10000.0, 0.921)])
def test_rotate_is_within_its_bound(layout, dim, rotary_dim, base, a):
    rng = np.random.default_rng(dim)
    x = rng.standard_normal((POSITIONS.size, dim)) * 10.0 ** rng.integers(-3, 4, (POSITIONS.size, 1))
    y = exact.rotate(x, POSITIONS, exact.theta_dd(rotary_dim, base), layout, rotary_dim, a)
    assert _worst_rotation(y, x, POSITIONS, base, layout, rotary_dim, a) <= 1.0
    back = exact.rotate(y, POSITIONS, exact.theta_dd(rotary_dim, base), layout, rotary_dim, a, inverse=True)
    # Two rotations, each within 1.25 u of the pair's size: 2.5 u |z_j| and the inverse's own
    # rounding; 3 u of the largest feature covers it.
    assert np.all(np.abs(back - x) <= 3 * U * np.max(np.abs(x), axis=-1, keepdims=True))


class _Halved(Scaling):
    """A test rule: default frequencies halved, attention factor 1.5."""

    def inv_freq(self, rotary_dim, base, seq_len=None):
        return default_inv_freq(rotary_dim, base) / 2

    @property
    def attention_factor(self):
        return 1.5


@pytest.mark.parametrize("layout", ["half", "interleaved"])
def test_rope_exact_mode_routes_angles_cos_sin_apply_and_invert(layout):
    rope = RoPE(16, base=10000.0, layout=layout, rotary_dim=12, precision="exact")
    theta = exact.theta_dd(12, 10000.0)
    x = np.random.default_rng(3).standard_normal((POSITIONS.size, 16))
    assert rope.angles(POSITIONS).tobytes() == exact.angles(POSITIONS, theta).tobytes()
    cos, _ = rope.cos_sin(POSITIONS)
    assert cos.tobytes() == exact.cos_sin(POSITIONS, theta)[0].tobytes()
    y = rope.apply(x, POSITIONS)
    assert _worst_rotation(y, x, POSITIONS, 10000.0, layout, 12, 1.0) <= 1.0
    assert np.all(np.abs(rope.invert(y, POSITIONS) - x) <= 3 * U * np.max(np.abs(x)))


def test_rope_exact_mode_with_a_scaling_rule_takes_its_inv_freq_as_exact():
    rope = RoPE(8, scaling=_Halved(), precision="exact")
    freq = rope.inv_freq()
    positions = np.array([5.0, 2.0**31 - 1])
    cos, _ = rope.cos_sin(positions, scaled=True)
    assert cos.tobytes() == exact.cos_sin(positions, (freq, 0 * freq), attention_factor=1.5)[0].tobytes()
    x = np.random.default_rng(4).standard_normal((2, 8))
    y = rope.apply(x, positions)
    assert y.tobytes() == exact.rotate(x, positions, (freq, 0 * freq), "half", 8, 1.5).tobytes()


def test_rope_exact_apply_broadcasts_like_float64_mode():
    rope = RoPE(8, precision="exact")
    x = np.random.default_rng(5).standard_normal((2, 5, 3, 8))
    y = rope.apply(x, np.arange(5.0)[:, None])
    for s in range(5):
        assert y[:, s].tobytes() == rope.apply(np.ascontiguousarray(x[:, s]), float(s)).tobytes()


def _rotated_pair(u: float, v: float, a: tuple, b: tuple) -> float:
    """fl(u a + v b) for double-doubles a, b as rotate_dd documents it, one pair at a time in Python
    floats (each operation rounded once, no FMA): Dekker's split and TwoProducts u a_hi = p + e and
    v b_hi = q + f, Knuth's TwoSum p + q = s + g, then s + (((e + f) + (u a_lo + v b_lo)) + g)."""

    def split(t):
        c = 134217729.0 * t
        hi = c - (c - t)
        return hi, t - hi

    def two_prod(x, y):
        p = x * y
        (xh, xl), (yh, yl) = split(x), split(y)
        return p, (((xh * yh - p) + xh * yl) + xl * yh) + xl * yl

    def two_sum(x, y):
        s = x + y
        t = s - x
        return s, (x - (s - t)) + (y - t)

    p, e = two_prod(u, a[0])
    q, f = two_prod(v, b[0])
    s, g = two_sum(p, q)
    return s + (((e + f) + (u * a[1] + v * b[1])) + g)


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("rotary_dim", [12, 8])
def test_rotate_dd_is_its_documented_arithmetic_bit_for_bit(monkeypatch, layout, rotary_dim):
    """Every output bit, zeros' signs included, is the pair-by-pair computation: blocks and the
    stacking of u, v and both outputs into one NumPy call change nothing."""
    rng = np.random.default_rng(11)
    x = rng.standard_normal((2, 5, 12)) * 10.0 ** rng.integers(-300, 290, (2, 5, 12))
    x.flat[::7], x.flat[3::11], x.flat[5::13], x.flat[1::17] = 0.0, -0.0, 5e-320, 3.0
    h = rotary_dim // 2
    c_hi, s_hi = rng.uniform(-1, 1, (2, 5, h))
    c_lo, s_lo = c_hi * rng.uniform(-2.0**-54, 2.0**-54, (2, 5, h))
    s_hi[0, :2] = 0.0  # sin 0 = 0 (position 0), and -0 for the negated table
    s_lo[0] = 0.0
    monkeypatch.setattr(exact, "_CHUNK", 5)  # uneven blocks
    y = exact.rotate_dd(x, (c_hi, c_lo), (s_hi, s_lo), layout, rotary_dim)
    assert np.array_equal(y[..., rotary_dim:], x[..., rotary_dim:])
    for (i, m), (j, (re, im)) in itertools.product(np.ndindex(2, 5), enumerate(reference.pairs(rotary_dim, layout))):
        u, v = float(x[i, m, re]), float(x[i, m, im])
        c, s = (float(c_hi[m, j]), float(c_lo[m, j])), (float(s_hi[m, j]), float(s_lo[m, j]))
        want_re = _rotated_pair(u, v, c, (-s[0], -s[1]))
        want_im = _rotated_pair(u, v, s, c)
        assert (y[i, m, re].tobytes(), y[i, m, im].tobytes()) == (np.float64(want_re).tobytes(),
                                                                np.float64(want_im).tobytes()), (i, m, j)


# -- bad input ---------------------------------------------------------------------------------------

THETA = exact.theta_dd(8, 10000.0)
BAD = [
    ("positions_beyond_range", lambda: exact.cos_sin([2.0**45], THETA), ValueError,
     ["positions", "2**44", "35184372088832"]),
    ("rope_positions_beyond_range", lambda: RoPE(8, precision="exact").apply(np.ones(8), 2.0**50), ValueError,
     ["positions", "2**44"]),
    ("angle_beyond_range", lambda: exact.cos_sin_dd(np.array([1.0, -(2.0**45)])), ValueError, ["hi", "2**44"]),
    ("angle_nan", lambda: exact.cos_sin_dd(np.array([np.nan])), ValueError, ["hi", "finite"]),
    ("angle_not_normalised", lambda: exact.cos_sin_dd(np.array([1.0, 2.0]), np.array([0.0, 1e-3])), ValueError,
     ["lo", "ulp(hi)", "0.001"]),
    ("x_infinite", lambda: exact.rotate(np.array([np.inf, 0.0]), 1.0, exact.theta_dd(2, 1e4)), ValueError,
     ["x", "inf", "2**995"]),
    ("x_huge", lambda: RoPE(2, precision="exact").apply(np.array([1e300, 0.0]), 1.0), ValueError, ["x", "1e+300"]),
    ("theta_not_a_pair", lambda: exact.cos_sin([1.0], THETA[0]), TypeError, ["theta", "(hi, lo)"]),
    ("theta_shapes", lambda: exact.cos_sin([1.0], (THETA[0], THETA[1][:2])), ValueError, ["theta", "(4,)", "(2,)"]),
    ("theta_wrong_size", lambda: exact.rotate(np.ones(8), 1.0, exact.theta_dd(4, 1e4)), ValueError,
     ["theta", "rotary_dim // 2 = 4"]),
    ("attention_factor_zero", lambda: exact.cos_sin([1.0], THETA, attention_factor=0.0), ValueError,
     ["attention_factor", "0.0"]),
]


@pytest.mark.parametrize("call,kind,needles", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_rejected_with_a_message_naming_it(call, kind, needles):
    assert_rejected(call, kind, needles)


@pytest.mark.parametrize("exponent_range", [(-1074.0, -1000.0), (-700.0, 700.0), (-1e-6, 1e-6), (1000.0, 1023.9)])
def test_dd_log_and_exp_are_accurate_to_2_to_the_minus_99(exponent_range):
    """The libm-free logarithm (frexp and an atanh series) and exponential of rope_ref._dd."""
    rng = np.random.default_rng(7)
    x = np.exp2(rng.uniform(*exponent_range, 200)) if exponent_range[1] > 1 else 1.0 + rng.uniform(-1e-3, 1e-3, 200)
    hi, lo = _dd.log(x)
    e_hi, e_lo = _dd.exp((hi[:50] / 2, lo[:50] / 2))  # |ln x| / 2 < 373: exp stays a normal float64
    with mp.workdps(DPS):
        for v, h, low in zip(x, hi, lo, strict=True):
            want = mp.log(mp.mpf(float(v)))
            assert abs(mp.mpf(float(h)) + mp.mpf(float(low)) - want) <= mp.mpf(2) ** -99 * abs(want)
        for h, low, eh, el in zip(hi[:50], lo[:50], e_hi, e_lo, strict=True):
            want = mp.exp((mp.mpf(float(h)) + mp.mpf(float(low))) / 2)
            assert abs(mp.mpf(float(eh)) + mp.mpf(float(el)) - want) <= mp.mpf(2) ** -99 * want

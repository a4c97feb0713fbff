"""rope_ref.precision: format rounding against hand-checked bits and exact rationals; recipes
against 50-digit mpmath and a rational re-computation of every rounding step."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rope_ref import RoPE
from rope_ref.precision import (
    RECIPES,
    Recipe,
    recipe_apply,
    recipe_cos_sin,
    recipe_inv_freq,
    round_to,
    to_bfloat16,
    to_float16,
)

import reference

# (significand bits incl. the hidden one, smallest normal exponent, largest exponent)
BF16, FP16, FP32 = (8, -126, 127), (11, -14, 15), (24, -126, 127)


def round_rational(q: Fraction, fmt: tuple[int, int, int]) -> float:
    """q rounded to nearest, ties to even, in a binary format: the IEEE rule, on exact rationals."""
    bits, emin, emax = fmt
    if q == 0:
        return 0.0
    a = abs(q)
    e = a.numerator.bit_length() - a.denominator.bit_length()  # 2**e <= a < 2**(e + 2)
    if Fraction(2) ** (e + 1) <= a:
        e += 1
    quantum = Fraction(2) ** (max(e, emin) - bits + 1)  # subnormals share the smallest quantum
    n = a / quantum
    whole, rest = math.floor(n), n - math.floor(n)
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    value = whole * quantum
    magnitude = math.inf if value >= Fraction(2) ** (emax + 1) else float(value)
    return math.copysign(magnitude, q)


def _from_bits(bits: list[int]) -> np.ndarray:
    return np.array(bits, dtype=np.uint32).view(np.float32)


def test_bfloat16_rounding_of_hand_checked_bit_patterns():
    # float32 pattern -> bfloat16 pattern (the kept high half); 0x8000 in the low half is a tie.
    cases = {
        0x3F800000: 0x3F80,  # 1.0, exact
        0x3F807FFF: 0x3F80,  # just below half an ulp: down
        0x3F808000: 0x3F80,  # 1 + 2**-8, a tie between 0x3F80 (even) and 0x3F81: to even, down
        0x3F808001: 0x3F81,  # just above the tie: up
        0x3F818000: 0x3F82,  # a tie between 0x3F81 and 0x3F82 (even): up
        0xBF808000: 0xBF80,  # negative tie: to even, toward zero here
        0xBF818000: 0xBF82,  # negative tie: to even, away from zero here
        0x43808000: 0x4380,  # 257.0 -> 256.0 (tie, even)
        0x43818000: 0x4382,  # 259.0 -> 260.0 (tie, even)
        0x7F7F7FFF: 0x7F7F,  # below the tie at the top: largest finite bfloat16
        0x7F7FFFFF: 0x7F80,  # largest float32 rounds past the largest bfloat16: infinity
        0x7F800000: 0x7F80,  # inf
        0xFF800000: 0xFF80,  # -inf
        0x00008000: 0x0000,  # subnormal tie between 0 (even) and the smallest subnormal
        0x00018000: 0x0002,  # subnormal tie between 0x0001 and 0x0002 (even)
        0x0000FFFF: 0x0001,  # subnormal above the tie
    }
    got = to_bfloat16(_from_bits(list(cases))).view(np.uint32)
    assert [hex(int(g)) for g in got] == [hex(v << 16) for v in cases.values()]


def test_bfloat16_keeps_nan_quiet_and_float64_goes_through_float32():
    nan_bits = to_bfloat16(_from_bits([0x7FC00001, 0xFF800001])).view(np.uint32)
    assert [hex(int(b)) for b in nan_bits] == ["0x7fc00000", "0xffc00000"]  # quiet NaN, sign kept
    # 1 + 2**-8 + 2**-30: above the bfloat16 tie in float64, but float32 (as in PyTorch) drops
    # the 2**-30 first, leaving the exact tie, which goes to even: 1.0.
    assert to_bfloat16(np.array([1 + 2.0**-8 + 2.0**-30])).tolist() == [1.0]


@given(x=st.floats(width=32, allow_nan=False))
def test_bfloat16_matches_rational_rounding(x):
    assert to_bfloat16(np.float32(x)).item() == round_rational(Fraction(x), BF16) if math.isfinite(x) else x


@given(x=st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_float16_matches_rational_rounding(x):
    assert to_float16(np.float32(x)).item() == round_rational(Fraction(x), FP16)


def test_float16_hand_checked_values():
    # 2049 and 2051 are ties at spacing 2 (even: 2048, 2052); 65504 is the largest float16 and
    # 65520 the tie between it and 2**16, which is past the range: infinity.
    assert to_float16(np.array([2049.0, 2051.0, 65504.0, 65519.0, 65520.0, -65520.0])).tolist() == [
        2048.0, 2052.0, 65504.0, 65504.0, math.inf, -math.inf]


def test_round_to_every_format():
    x = np.array([0.1, 257.0, 1e6])
    assert round_to(x, "float64").tolist() == x.tolist()
    for name, fmt in (("float32", FP32), ("bfloat16", BF16), ("float16", FP16)):
        assert round_to(x, name).tolist() == [round_rational(Fraction(float(v)), fmt) for v in x]


# -- recipes -------------------------------------------------------------------------------------

def test_float32_recipe_at_131072_is_off_by_1e_3_to_1e_2():
    # The check: m = 131072, d = 128, base 1e4, against 50-digit mpmath.
    cos, sin = recipe_cos_sin("float32", RoPE(128, base=10000.0), [131072])
    worst = 0.0
    with mp.workdps(reference.DPS):
        for j in range(64):
            angle = 131072 * reference.theta(j, 128, 10000.0)
            worst = max(worst, float(abs(cos[0, j] - mp.cos(angle))), float(abs(sin[0, j] - mp.sin(angle))))
    assert 1e-3 <= worst <= 1e-2


def _round24(value: mp.mpf) -> float:
    """value correctly rounded to float32 (24 bits; normal range), by mpmath."""
    with mp.workprec(24):
        return float(+value)


@pytest.mark.parametrize("dim,base", [(128, 10000.0), (96, 500000.0), (64, 1e6)])
def test_float32_inv_freq_follows_transformers_steps(dim, base):
    # 1 / base ** (arange(0, d, 2) / d): exponent fl32(2j / d), power rounded to float32, then fl32(1 / p).
    got = recipe_inv_freq("float32", RoPE(dim, base=base))
    with mp.workdps(reference.DPS):
        for j in range(dim // 2):
            e = float(np.float32(2 * j) / np.float32(dim))
            power = _round24(mp.power(mp.mpf(float(np.float32(base))), mp.mpf(e)))
            assert got[j] == float(np.float32(1.0) / np.float32(power))
    assert recipe_inv_freq("bf16_inv_freq", RoPE(dim, base=base)).tolist() == round_to(got, "bfloat16").tolist()
    assert recipe_inv_freq("float64", RoPE(dim, base=base)).tolist() == RoPE(dim, base=base).inv_freq().tolist()


def test_float32_recipe_cos_sin_are_correctly_rounded_cos_sin_of_the_float32_angle():
    rope = RoPE(64, base=10000.0)
    positions = np.array([0.0, 1.0, 4095.0, 131071.0, 2.0**24 + 3, 2.0**31 - 1])
    freq = recipe_inv_freq("float32", rope)
    cos, sin = recipe_cos_sin("float32", rope, positions)
    with mp.workdps(reference.DPS):
        for i, m in enumerate(positions):
            for j in (0, 1, 20, 31):
                angle = float(np.float32(np.float32(m) * np.float32(freq[j])))
                assert cos[i, j] == _round24(mp.cos(angle)) and sin[i, j] == _round24(mp.sin(angle))


def test_narrow_positions_lose_integers():
    rope = RoPE(2)  # theta_0 = 1: the angle is the position as stored
    cos, _ = recipe_cos_sin("bf16_positions", rope, [255.0, 257.0, 511.0])
    assert cos[:, 0].tolist() == [_round24(mp.cos(255)), _round24(mp.cos(256)), _round24(mp.cos(512))]
    cos, _ = recipe_cos_sin("fp16_positions", rope, [2049.0, 65504.0, 65535.0])
    assert cos[:2, 0].tolist() == [_round24(mp.cos(2048)), _round24(mp.cos(65504))]
    assert math.isnan(cos[2, 0])  # 65535 overflows float16: cos(inf) is NaN


@pytest.mark.parametrize("name,fmt", [("bf16", BF16), ("fp16", FP16), ("float32", FP32)])
def test_recipe_apply_rounds_after_every_operation(name, fmt):
    rope = RoPE(8, layout="half")
    rng = np.random.default_rng(7)
    x, positions = rng.standard_normal((3, 8)), np.array([1.0, 300.0, 70000.0])
    y = recipe_apply(name, rope, x, positions)
    cos, sin = recipe_cos_sin(name, rope, positions)

    def r(q: Fraction) -> Fraction:  # one operation: float32 first, then the recipe's format
        return Fraction(round_rational(Fraction(round_rational(q, FP32)), fmt))

    for i in range(3):
        xs = [Fraction(round_rational(Fraction(float(np.float32(v))), fmt)) for v in x[i]]
        for j in range(4):
            u, v, c, s = xs[j], xs[j + 4], Fraction(cos[i, j]), Fraction(sin[i, j])
            assert Fraction(y[i, j]) == r(r(u * c) - r(v * s))
            assert Fraction(y[i, j + 4]) == r(r(v * c) + r(u * s))


def test_bf16_recipe_on_a_hand_example():
    # d = 2, x = (1, 0), m = 1: cos 1 = 0.5403..., sin 1 = 0.8414...; bfloat16 keeps multiples of
    # 2**-8 in [0.5, 1): 138/256 = 0.5390625 and 215/256 = 0.83984375.
    assert recipe_apply("bf16", RoPE(2), np.array([1.0, 0.0]), 1.0).tolist() == [0.5390625, 0.83984375]


def test_attention_factor_is_folded_into_the_cache_in_the_compute_format():
    from rope_ref import Scaling

    class Half(Scaling):
        def inv_freq(self, rotary_dim, base, seq_len=None):
            return RoPE(rotary_dim, base=base).inv_freq() / 2

        @property
        def attention_factor(self):
            return 1.1386

    rope = RoPE(4, scaling=Half())
    cos, _ = recipe_cos_sin("float32", rope, [3.0])
    freq = recipe_inv_freq("float32", rope)
    assert freq.tolist() == round_to(rope.inv_freq(), "float32").tolist()
    angle = float(np.float32(3.0) * np.float32(freq[1]))
    assert cos[0, 1] == float(np.float32(_round24(mp.cos(angle))) * np.float32(1.1386))


def test_every_recipe_names_valid_formats_and_bad_names_are_rejected():
    assert set(RECIPES) == {"float64", "float32", "bf16_positions", "fp16_positions", "bf16_inv_freq",
                            "fp16_inv_freq", "bf16_angles", "fp16_angles", "bf16", "fp16"}
    with pytest.raises(ValueError, match="recipe must be a Recipe or one of 'float64'"):
        recipe_cos_sin("tf32", RoPE(4), [1.0])
    with pytest.raises(TypeError, match="recipe must be"):
        recipe_cos_sin(3, RoPE(4), [1.0])
    with pytest.raises(ValueError, match="cache must be 'float64' or 'float32'"):
        Recipe("mine", "a bad one", cache="int8")
    with pytest.raises(ValueError, match="fmt must be"):
        round_to([1.0], "fp8")
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        to_bfloat16(np.array(["a"]))
    with pytest.raises(ValueError, match=r"x.shape\[-1\] must be dim = 4"):
        recipe_apply("float32", RoPE(4), np.ones(6), 1.0)


def test_np_power_frequencies_can_be_8_5_ulp_off_where_rope_ref_rounds_correctly():
    """docs/precision.md's example: the exponent -2j/d is rounded before the power."""
    import mpmath as mp

    from rope_ref import default_inv_freq

    naive = np.power(1e7, -np.arange(0, 810, 2) / 810)
    ours = default_inv_freq(810, 1e7)
    with mp.workdps(40):
        want = mp.power(10**7, -mp.mpf(488) / 810)
        off = abs(mp.mpf(float(naive[244])) - want) / mp.mpf(float(np.spacing(naive[244])))
        assert 8.53 < off < 8.54
        assert abs(mp.mpf(float(ours[244])) - want) <= mp.mpf(float(np.spacing(ours[244]))) / 2

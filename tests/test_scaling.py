"""Context-extension rules: properties, quoted check values, mpmath references, validation."""

from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE, default_inv_freq
from rope_ref.scaling import (
    DeepSeekYaRN,
    DynamicNTK,
    DynamicNTKFixed,
    Linear,
    Llama3,
    LongRoPE,
    NTKAware,
    Proportional,
    YaRN,
    get_mscale,
)

import reference
from checks import assert_rejected

U = 2.0**-53


def ulps(got: np.ndarray, expected: list) -> float:
    """Largest |got - expected| in units of the last place of expected (float64)."""
    exp = np.array([float(e) for e in expected])
    return float(np.max(np.abs(got - exp) / np.spacing(np.abs(exp))))


def mp_theta(j, d, base):
    return reference.theta(j, d, base)


# -- independent mpmath versions of the formulas (the rules' docstrings), for reference values ------------

def mp_ntk(d, base, growth):
    with mp.workdps(50):
        b = mp.mpf(base) * mp.power(mp.mpf(growth), mp.mpf(d) / (d - 2))
        return [mp.power(b, -mp.mpf(2 * j) / d) for j in range(d // 2)]


def mp_yarn(d, base, s, l0, beta_fast=32, beta_slow=1, truncate=True):
    with mp.workdps(50):
        def corr(r):
            return d * mp.log(mp.mpf(l0) / (r * 2 * mp.pi)) / (2 * mp.log(base))
        low, high = corr(beta_fast), corr(beta_slow)
        if truncate:
            low, high = mp.floor(low), mp.ceil(high)
        low, high = max(low, 0), min(high, d - 1)
        if low == high:
            high += mp.mpf("0.001")
        out = []
        for j in range(d // 2):
            ramp = min(max((j - low) / (high - low), 0), 1)
            t = mp_theta(j, d, base)
            out.append(t / s * ramp + t * (1 - ramp))
        return out


def mp_llama3(d, base, s=8, lf=1, hf=4, l0=8192):
    with mp.workdps(50):
        out = []
        for j in range(d // 2):
            t = mp_theta(j, d, base)
            wl = 2 * mp.pi / t
            if wl < mp.mpf(l0) / hf:
                out.append(t)
            elif wl > mp.mpf(l0) / lf:
                out.append(t / s)
            else:
                smooth = (mp.mpf(l0) / wl - lf) / (hf - lf)
                out.append((1 - smooth) * t / s + smooth * t)
        return out


# -- properties (issue: one per rule) ----------------------------------------------------------

@pytest.mark.parametrize("d,base", [(64, 10000.0), (128, 500000.0), (96, 1e6)])
def test_yarn_with_factor_one_is_the_default(d, base):
    rule = YaRN(factor=1.0, original_max_position_embeddings=4096)
    assert np.array_equal(rule.inv_freq(d, base), default_inv_freq(d, base))
    assert rule.attention_factor == 1.0


@pytest.mark.parametrize("layout", ["half", "interleaved"])
def test_linear_is_the_default_at_positions_over_factor(layout):
    x = np.random.default_rng(0).standard_normal((5, 32))
    pos = np.array([0.0, 4.0, 8.0, 4096.0, 131072.0])
    scaled = RoPE(32, layout=layout, scaling=Linear(4.0)).apply(x, pos)
    plain = RoPE(32, layout=layout).apply(x, pos / 4.0)
    # theta_j / 4 and m / 4 are exact divisions by a power of two: identical angles, identical bits.
    assert np.array_equal(scaled, plain)
    pos3 = np.array([3.0, 30.0, 300.0, 3000.0, 30000.0])
    scaled3 = RoPE(32, layout=layout, scaling=Linear(3.0)).apply(x, pos3)
    plain3 = RoPE(32, layout=layout).apply(x, pos3 / 3.0)
    # With factor 3, theta/3 and m/3 round differently: angles agree to 3u |m theta| (two roundings each).
    bound = U * np.abs(x).max() * np.sqrt(2) * (6 * pos3.max() / 3 + 12)
    assert np.max(np.abs(scaled3 - plain3)) <= bound


@pytest.mark.parametrize("d,s", [(8, 2.0), (64, 4.0), (128, 8.0), (96, 16.0)])
def test_ntk_aware_keeps_the_highest_frequency_and_divides_the_lowest(d, s):
    f = NTKAware(s).inv_freq(d, 10000.0)
    default = default_inv_freq(d, 10000.0)
    assert f[0] == 1.0
    # theta'_(d/2-1) = base'^(-(d-2)/d) = base^(-(d-2)/d) / s: both sides correctly rounded, and the
    # quotient of two correctly rounded values rounds once more (<= 2u, with a factor 2 to spare).
    assert abs(f[-1] / (default[-1] / s) - 1) <= 4 * U
    # base' is exact (double-double), so every frequency is correctly rounded: half an ulp, plus
    # the double-double's 2**-99 relative (2**-46 ulp).
    assert ulps(f, mp_ntk(d, 10000.0, s)) <= 0.5 + 2.0**-46


def test_ntk_aware_with_two_rotary_dims_is_the_default():
    assert NTKAware(4.0).inv_freq(2, 10000.0).tolist() == [1.0]


def test_dynamic_ntk_is_the_default_up_to_the_limit_and_grows_after():
    rule = DynamicNTK(factor=2.0, max_position_embeddings=4096)
    default = default_inv_freq(128, 1e4)
    for length in (None, 1, 100, 4095, 4096):
        assert np.array_equal(rule.inv_freq(128, 1e4, length), default)
    assert np.all(rule.inv_freq(128, 1e4, 8192)[1:] < default[1:])
    rope = RoPE(128, scaling=rule)
    x = np.ones((3, 128))
    # seq_len defaults to max(positions) + 1: positions below the limit rotate as the default.
    assert np.array_equal(rope.apply(x, [0, 10, 4095]), RoPE(128).apply(x, [0, 10, 4095]))
    assert not np.array_equal(rope.apply(x, [0, 10, 4096]), RoPE(128).apply(x, [0, 10, 4096]))


def test_dynamic_ntk_check_values():
    # quoted check values: base 1e4, d 128, factor 2, L 4096 give base' = 10000 and 30527.7; it quotes
    # 72195.7 for s = 16384, but the formula gives 1e4 * 7**(128/126) = 72195.860 (mpmath, 30 digits:
    # mp.mpf(10000) * mp.power(7, mp.mpf(128) / 126) = 72195.86008650...), so 72195.9 is checked.
    rule = DynamicNTK(2.0, 4096)
    assert rule.ntk_base(128, 1e4, 4096) == 10000.0
    assert round(rule.ntk_base(128, 1e4, 8192), 1) == 30527.7
    assert round(rule.ntk_base(128, 1e4, 16384), 1) == 72195.9
    # and the frequencies are theta with the exact base' (growth 2 * 8192 / 4096 - 1 = 3), correctly rounded
    assert rule.inv_freq(128, 1e4, 8192).tolist() == [float(t) for t in mp_ntk(128, 1e4, 3)]


def test_dynamic_ntk_fixed_is_the_dynamic_rule_at_factor_times_limit():
    fixed = DynamicNTKFixed(3.0).inv_freq(64, 1e4)
    dynamic = DynamicNTK(3.0, 2048).inv_freq(64, 1e4, seq_len=3 * 2048)
    assert ulps(fixed, dynamic.tolist()) <= 2


def test_yarn_check_values():
    # quoted check values: base 1e4, d 128, L0 4096, s 4: correction dims 20.94 -> 20 and 45.03 -> 46;
    # 21 pairs unchanged, 25 ramped, 18 divided by 4; af = 1.1386.
    rule = YaRN(4.0, 4096)
    assert round(rule.correction_dim(32, 128, 1e4), 2) == 20.94
    assert round(rule.correction_dim(1, 128, 1e4), 2) == 45.03
    assert rule.correction_range(128, 1e4) == (20, 46)
    ramp = rule.ramp(128, 1e4)
    assert (int((ramp == 0).sum()), int(((ramp > 0) & (ramp < 1)).sum()), int((ramp == 1).sum())) == (21, 25, 18)
    f, theta = rule.inv_freq(128, 1e4), default_inv_freq(128, 1e4)
    assert np.array_equal(f[:21], theta[:21]) and np.array_equal(f[46:], theta[46:] / 4)
    assert round(rule.attention_factor, 4) == 1.1386
    # mscale 0.707, mscale_all_dim 1, s 40 -> af 0.9210 (DeepSeek-V2/V3 style)
    assert round(YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0).attention_factor, 4) == 0.9210


@pytest.mark.parametrize("d,base,s,l0,truncate", [(128, 1e4, 4.0, 4096, True), (64, 1e6, 32.0, 32768, True),
                                                  (128, 1e4, 4.0, 4096, False), (96, 5e5, 8.0, 8192, False)])
def test_yarn_matches_mpmath(d, base, s, l0, truncate):
    got = YaRN(s, l0, truncate=truncate).inv_freq(d, base)
    expected = np.array([float(v) for v in mp_yarn(d, base, s, l0, truncate=truncate)])
    theta = default_inv_freq(d, base)
    # The whole formula is evaluated in double-double and rounded once: half an ulp, plus the
    # double-double's error (tests/test_rule_formulas.py bounds it; far below 2**-40 ulp here).
    assert ulps(got, list(expected)) <= 0.5 + 2.0**-40
    assert theta.shape == got.shape


def test_yarn_hf_and_vllm_deepseek_attention_factors():
    s = 40.0
    assert YaRN(s, 4096, mscale=0.707, mscale_all_dim=0).attention_factor == get_mscale(s)  # ignored
    assert DeepSeekYaRN(s, 4096, mscale=0.707, mscale_all_dim=0).attention_factor == get_mscale(s, 0.707)
    both = dict(mscale=1.0, mscale_all_dim=1.0)
    assert YaRN(s, 4096, **both).attention_factor == DeepSeekYaRN(s, 4096, **both).attention_factor == 1.0
    assert YaRN(s, 4096, attention_factor_override=0.5).attention_factor == 0.5
    assert YaRN(s, 4096, beta_fast=0, beta_slow=0) == YaRN(s, 4096)  # 0 means unset, as in transformers


def test_yarn_collapsed_range_does_not_divide_by_zero():
    # beta_fast == beta_slow with truncate=False gives low == high: high += 0.001 (transformers)
    rule = YaRN(4.0, 4096, beta_fast=8.0, beta_slow=8.0, truncate=False)
    f = rule.inv_freq(64, 1e4)
    assert np.all(np.isfinite(f))
    low, high = rule.correction_range(64, 1e4)
    assert low == high


def test_llama3_check_values_and_mpmath():
    # quoted check values: theta 5e5, d 128: 29 pairs unchanged, 6 smoothed, 29 divided by 8.
    f = Llama3().inv_freq(128, 500000.0)
    theta = default_inv_freq(128, 500000.0)
    assert (int((f == theta).sum()), int((f == theta / 8).sum())) == (29, 29)
    assert ulps(f, mp_llama3(128, 500000.0)) <= 0.5 + 2.0**-46  # one rounding of the double-double


@pytest.mark.parametrize("boundary", ["high", "low"])
def test_llama3_is_continuous_at_both_wavelength_boundaries(boundary):
    rule = Llama3(factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0, original_max_position_embeddings=8192)
    wl = 8192 / 4 if boundary == "high" else 8192 / 1
    target = 1.0 if boundary == "high" else 1 / 8  # inv_freq / theta on the outer side
    for delta in (1e-6, -1e-6, 1e-9, -1e-9):
        # d = 4: theta_1 = base**-0.5, so wavelength 2 pi sqrt(base); choose base to put it at wl(1 + delta).
        base = (wl * (1 + delta) / (2 * math.pi)) ** 2
        ratio = rule.inv_freq(4, base)[1] / default_inv_freq(4, base)[1]
        assert abs(ratio - target) <= 2 * abs(delta)


def test_llama4_collapsed_band_is_a_step():
    # Llama 4 Scout: factor 16, low_freq_factor = high_freq_factor = 1: wavelength < 8192 keeps theta,
    # > 8192 divides by 16, and exactly 8192 (the 0/0 case) divides by 16, the limit from both sides.
    rule = Llama3(factor=16.0, low_freq_factor=1.0, high_freq_factor=1.0, original_max_position_embeddings=8192)
    f, theta = rule.inv_freq(128, 500000.0), default_inv_freq(128, 500000.0)
    wavelen = 2 * math.pi / theta
    assert np.array_equal(f[wavelen < 8192], theta[wavelen < 8192])
    assert np.array_equal(f[wavelen > 8192], theta[wavelen > 8192] / 16)
    base = (8192 / (2 * math.pi)) ** 2  # puts theta_1 of d = 4 exactly at (fl of) the boundary
    wl = 2 * math.pi / default_inv_freq(4, base)[1]
    got = rule.inv_freq(4, base)[1] / default_inv_freq(4, base)[1]
    assert np.isfinite(got) and (got == 1.0 if wl < 8192 else got == 1 / 16)


def test_longrope_switches_at_the_original_length_and_check_value():
    short, long = tuple(np.linspace(1, 2, 16)), tuple(np.linspace(1, 40, 16))
    rule = LongRoPE(short, long, original_max_position_embeddings=4096, max_position_embeddings=131072)
    with mp.workdps(50):  # theta_j / ext_j exactly, rounded once
        want_short = [float(mp_theta(j, 32, 1e4) / mp.mpf(short[j])) for j in range(16)]
        want_long = [float(mp_theta(j, 32, 1e4) / mp.mpf(long[j])) for j in range(16)]
    assert rule.inv_freq(32, 1e4, None).tolist() == want_short
    assert rule.inv_freq(32, 1e4, 4096).tolist() == want_short
    assert rule.inv_freq(32, 1e4, 4097).tolist() == want_long
    # quoted check values: s 32, L0 4096 -> af 1.19024
    assert round(rule.attention_factor, 5) == 1.19024
    assert rule.scale == 32.0
    rope = RoPE(32, scaling=rule)
    x = np.ones((2, 32))
    # RoPE's default seq_len is max(positions) + 1: position 4096 switches every row to long factors.
    assert np.array_equal(rope.apply(x, [0, 4095]), rope.apply(x, [0, 4095], seq_len=4096))
    assert np.array_equal(rope.apply(x, [0, 4096]), rope.apply(x, [0, 4096], seq_len=4097))
    assert not np.array_equal(rope.apply(x, [1, 4096])[0], rope.apply(x, [1, 4095])[0])


def test_longrope_attention_factor_override_and_no_scaling():
    assert LongRoPE((1.0,), (1.0,), 4096, factor=1.0).attention_factor == 1.0
    assert LongRoPE((1.0,), (1.0,), 4096, factor=8.0, attention_factor_override=1.25).attention_factor == 1.25


def test_proportional_keeps_head_dim_in_the_exponent():
    f = Proportional(0.25, factor=2.0).inv_freq(16, 10000.0)
    theta = default_inv_freq(16, 10000.0)
    assert np.array_equal(f[:2], theta[:2] / 2) and np.array_equal(f[2:], np.zeros(6))
    x = np.random.default_rng(1).standard_normal((3, 16))
    y = RoPE(16, scaling=Proportional(0.25)).apply(x, [5, 6, 7])
    # pairs with inv_freq 0 do not rotate: in the half layout those are features 2..7 and 10..15
    keep = [2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15]
    assert np.array_equal(y[:, keep], x[:, keep])


BAD = [
    ("linear_factor_zero", lambda: Linear(0.0), ValueError, ["factor", "0.0"]),
    ("linear_factor_str", lambda: Linear("2"), TypeError, ["factor", "'2'"]),
    ("ntk_factor_negative", lambda: NTKAware(-2.0), ValueError, ["factor", "-2.0"]),
    ("dynamic_limit_zero", lambda: DynamicNTK(2.0, 0), ValueError, ["max_position_embeddings", "0"]),
    ("fixed_factor_nan", lambda: DynamicNTKFixed(float("nan")), ValueError, ["factor", "nan"]),
    ("yarn_l0_negative", lambda: YaRN(4.0, -1), ValueError, ["original_max_position_embeddings", "-1"]),
    ("yarn_mscale_negative", lambda: YaRN(4.0, 4096, mscale=-1.0), ValueError, ["mscale", "-1.0"]),
    ("yarn_attention_factor_zero", lambda: YaRN(4.0, 4096, attention_factor_override=0.0), ValueError,
     ["attention_factor_override", "0.0"]),
    ("deepseek_attn_factor_zero", lambda: DeepSeekYaRN(4.0, 4096, attn_factor=0.0), ValueError,
     ["attn_factor", "0.0"]),
    ("deepseek_override", lambda: DeepSeekYaRN(4.0, 4096, attention_factor_override=1.5), ValueError,
     ["attention_factor_override", "1.5", "attn_factor", "YaRN(..., attention_factor_override=a)"]),
    ("longrope_attention_factor_nan", lambda: LongRoPE((1.0,), (1.0,), 4096, factor=2.0,
                                                       attention_factor_override=float("nan")), ValueError,
     ["attention_factor_override", "nan"]),
    ("yarn_truncate_str", lambda: YaRN(4.0, 4096, truncate="yes"), TypeError, ["truncate", "'yes'"]),
    ("yarn_beta_fast_negative", lambda: YaRN(4.0, 4096, beta_fast=-32), ValueError, ["beta_fast", "-32"]),
    ("llama3_inverted_band", lambda: Llama3(low_freq_factor=4.0, high_freq_factor=1.0), ValueError,
     ["high_freq_factor", "1.0", "low_freq_factor"]),
    ("llama3_factor_zero", lambda: Llama3(factor=0), ValueError, ["factor", "0"]),
    ("longrope_empty", lambda: LongRoPE((), (1.0,), 4096, factor=2.0), TypeError, ["short_factor", "()"]),
    ("longrope_negative", lambda: LongRoPE((1.0,), (-1.0,), 4096, factor=2.0), ValueError, ["long_factor", "-1.0"]),
    ("longrope_no_factor", lambda: LongRoPE((1.0,), (1.0,), 4096), ValueError, ["factor", "max_position_embeddings"]),
    ("longrope_wrong_length", lambda: LongRoPE((1.0,), (1.0,), 4096, factor=2.0).inv_freq(8, 1e4),
     ValueError, ["short_factor length", "rotary_dim // 2 = 4", "1"]),
    ("proportional_above_one", lambda: Proportional(1.5), ValueError, ["partial_rotary_factor", "1.5"]),
]


@pytest.mark.parametrize("call,kind,needles", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_parameters_are_rejected(call, kind, needles):
    assert_rejected(call, kind, needles)


def test_rules_are_hashable_values():
    rules = [Linear(2.0), NTKAware(2.0), DynamicNTK(2.0, 4096), DynamicNTKFixed(2.0), YaRN(4.0, 4096),
             DeepSeekYaRN(4.0, 4096), Llama3(), LongRoPE((1.0, 2.0), (3.0, 4.0), 4096, factor=2.0),
             Proportional(0.5)]
    assert len(set(rules)) == len(rules)  # equal only to themselves: same fields, other class differ
    assert Linear(2) == Linear(2.0)
    assert all(RoPE(4, scaling=r).inv_freq(seq_len=10).shape == (2,) for r in rules[:-2])


@pytest.mark.parametrize("rule,reference_freq", [
    (Linear(3.0), lambda j, d, b: mp_theta(j, d, b) / 3),
    (NTKAware(4.0), None),
    (LongRoPE(tuple(1.0 + 0.1 * j for j in range(32)), tuple(2.0 + j for j in range(32)), 4096, factor=8.0),
     lambda j, d, b: mp_theta(j, d, b) / (mp.mpf(2.0 + j))),  # seq_len 131072 > L0: the long factors
])
def test_exact_mode_carries_theta_low_parts_through_the_rules(rule, reference_freq):
    """At m = 131071 float64 frequencies would cost ~1e-11; exact mode keeps cos/sin within an ulp."""
    from rope_ref import RoPE

    rope = RoPE(64, base=500000.0, scaling=rule, precision="exact")
    m = 131071.0
    cos, sin = rope.cos_sin([m])
    if reference_freq is None:  # NTK: theta with the exact base' = base * 4**(64/62)
        ntk = mp_ntk(64, 500000.0, 4.0)
        reference_freq = lambda j, d, b: ntk[j]  # noqa: E731
    with mp.workdps(50):
        for j in range(32):
            angle = mp.mpf(m) * reference_freq(j, 64, 500000.0)
            assert abs(cos[0, j] - float(mp.cos(angle))) <= 2 * U and abs(sin[0, j] - float(mp.sin(angle))) <= 2 * U

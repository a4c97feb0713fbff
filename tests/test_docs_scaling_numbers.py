"""Every number docs/scaling.md states that can be computed, recomputed here with mpmath (50 digits)
or exact integers, independently of rope-ref, and found in the page in the phrase that states it.

Each claim is (id, phrase, value, format): ``phrase.format(formatted value)`` must occur in the page
text. A wrong number on the page, or a wrong computation here, fails the claim; the meta-test at the
end shows a changed digit is caught.
"""

from __future__ import annotations

import math
import pathlib
from collections.abc import Callable

import mpmath
import pytest

PAGE = pathlib.Path(__file__).resolve().parents[1] / "docs" / "scaling.md"
mpmath.mp.dps = 50
PI = mpmath.pi


def mscale(s: float, mu: float = 1.0) -> mpmath.mpf:
    """YaRN's 0.1 mu ln s + 1 (1 for s <= 1); the YaRN paper's sqrt(1/t)."""
    s, mu = mpmath.mpf(s), mpmath.mpf(mu)
    return mpmath.mpf(1) if s <= 1 else mpmath.mpf("0.1") * mu * mpmath.log(s) + 1


def theta(j: int, d: int, base: float) -> mpmath.mpf:
    return mpmath.mpf(base) ** (-mpmath.mpf(2 * j) / d)


def turns(j: int, d: int, base: float, l0: int) -> mpmath.mpf:
    """r_j = L0 / lambda_j = L0 theta_j / (2 pi)."""
    return l0 * theta(j, d, base) / (2 * PI)


def corr(beta: float, d: int, base: float, l0: int) -> mpmath.mpf:
    """The real pair index at which r_j = beta (YaRN's find_correction_dim)."""
    return d * mpmath.log(l0 / (2 * PI * beta)) / (2 * mpmath.log(base))


def yarn_code_counts(d: int, base: float, l0: int, beta_fast: float = 32, beta_slow: float = 1):
    """(kept, ramped, divided) pairs of YaRN's reference code (floor / ceil, clamped, linear in j)."""
    low = max(int(mpmath.floor(corr(beta_fast, d, base, l0))), 0)
    high = min(int(mpmath.ceil(corr(beta_slow, d, base, l0))), d - 1)
    ramp = [min(max(mpmath.mpf(j - low) / (high - low), 0), 1) for j in range(d // 2)]
    return (sum(1 for v in ramp if v == 0), sum(1 for v in ramp if 0 < v < 1), sum(1 for v in ramp if v == 1))


def yarn_code_gamma(j: int, d: int, base: float, l0: int) -> mpmath.mpf:
    """The code's weight of the original frequency for pair j (1 = kept)."""
    low = max(int(mpmath.floor(corr(32, d, base, l0))), 0)
    high = min(int(mpmath.ceil(corr(1, d, base, l0))), d - 1)
    return 1 - min(max(mpmath.mpf(j - low) / (high - low), 0), 1)


def paper_gamma(r: mpmath.mpf, alpha: float, beta: float) -> mpmath.mpf:
    """The YaRN paper's NTK-by-parts ramp, linear in r."""
    return min(max((r - alpha) / (mpmath.mpf(beta) - alpha), 0), 1)


def llama3_counts(d: int, base: float, factor_low: float, factor_high: float, l0: int):
    """(kept, smoothed, divided) pairs of Meta's apply_scaling, by wavelength."""
    kept = smoothed = divided = 0
    for j in range(d // 2):
        wavelength = 2 * PI / theta(j, d, base)
        if wavelength < l0 / mpmath.mpf(factor_high):
            kept += 1
        elif wavelength > l0 / mpmath.mpf(factor_low):
            divided += 1
        else:
            smoothed += 1
    return kept, smoothed, divided


def dynamic_base(base: float, d: int, factor: float, seq_len: int, length: int) -> mpmath.mpf:
    """transformers' dynamic NTK base: base (factor l / L - (factor - 1)) ** (d / (d - 2))."""
    sigma = mpmath.mpf(factor) * max(seq_len, length) / length - (mpmath.mpf(factor) - 1)
    return base * sigma ** (mpmath.mpf(d) / (d - 2))


def f(digits: int) -> Callable[[object], str]:
    return lambda value: f"{float(value):.{digits}f}"


def integer(value: object) -> str:
    return str(int(value))


# (id, phrase in the page with {} for the number, computed value, formatter)
CLAIMS: list[tuple[str, str, object, Callable[[object], str]]] = [
    # the story: turns of the fastest pair, PI's bound, dynamic NTK's effective factor
    ("r0_l0_4096", "{} turns for $L_0 = 4096$", 4096 / (2 * PI), f(1)),
    ("r0_l0_8192", "{} for $L_0 = 8192$)", 8192 / (2 * PI), f(1)),
    ("r0_in_example", "round(r[0], 1) == {}", turns(0, 128, 5e5, 8192), f(1)),
    ("dynamic_s2", "{} for $s = 2$", 2 * 2 - 2 + 1, integer),
    ("dynamic_s4", "{} for $s = 4$", 4 * 4 - 4 + 1, integer),
    ("dynamic_s8", "{} for $s = 8$", 8 * 8 - 8 + 1, integer),
    ("dynamic_s8_example", "assert s * s - s + 1 == {}", 8 * 8 - 8 + 1, integer),
    # NTK-aware and keras-hub's "dynamic"
    ("keras_dynamic", "$4^{{-128/126}} = {}$", mpmath.mpf(4) ** (-mpmath.mpf(128) / 126), f(5)),
    ("keras_dynamic_example", "round(keras_dynamic[0], 5) == {}", mpmath.mpf(4) ** (-mpmath.mpf(128) / 126), f(5)),
    # dynamic NTK check values
    ("dynamic_base_8192", r"$10^4 \cdot 3^{{128/126}} = {}$", dynamic_base(1e4, 128, 2, 8192, 4096), f(2)),
    ("dynamic_base_16384", r"$10^4 \cdot 7^{{128/126}} = {}$", dynamic_base(1e4, 128, 2, 16384, 4096), f(2)),
    ("dynamic_base_8192_example", "seq_len=8192), 2) == {}", dynamic_base(1e4, 128, 2, 8192, 4096), f(2)),
    ("dynamic_base_16384_example", "seq_len=16384), 2) == {}", dynamic_base(1e4, 128, 2, 16384, 4096), f(2)),
    # YaRN
    ("yarn_wavelength_beta", "The\nwavelengths at the ends are $L_0/\\beta$ and $L_0/\\alpha$: {} and",
     mpmath.mpf(4096) / 32, integer),
    ("yarn_wavelength_alpha", "128 and {} positions for\n$L_0 = 4096$", mpmath.mpf(4096) / 1, integer),
    ("yarn_corr_fast", r"$\mathrm{{corr}}(32) = {}$", corr(32, 128, 1e4, 4096), f(2)),
    ("yarn_corr_slow", "$\\mathrm{{corr}}(1) = {}$", corr(1, 128, 1e4, 4096), f(2)),
    ("yarn_low_high", "so low = {} and high = 46", mpmath.floor(corr(32, 128, 1e4, 4096)), integer),
    ("yarn_high", "and high = {};", mpmath.ceil(corr(1, 128, 1e4, 4096)), integer),
    ("yarn_kept", "{} pairs are kept", yarn_code_counts(128, 1e4, 4096)[0], integer),
    ("yarn_ramped", "{} are on the ramp", yarn_code_counts(128, 1e4, 4096)[1], integer),
    ("yarn_divided", "{} are divided by 4", yarn_code_counts(128, 1e4, 4096)[2], integer),
    ("yarn_counts_example", "divided.sum()) == ({}, 25, 18)", yarn_code_counts(128, 1e4, 4096)[0], integer),
    ("yarn_a_s4", "and $a = {}$", mscale(4), f(4)),
    ("yarn_a2_s4", "$a^2 = (0.1 \\ln s + 1)^2$ ({} for $s = 4$)", mscale(4) ** 2, f(4)),
    ("yarn_a2_s4_example", "attention_factor ** 2, 4) == {}", mscale(4) ** 2, f(4)),
    ("yarn_r33", "pair 33 turns $r_{{33}} = {}$", turns(33, 128, 1e4, 4096), f(2)),
    ("yarn_paper_gamma33", "the paper gives it\n$\\gamma = {}$", paper_gamma(turns(33, 128, 1e4, 4096), 1, 32), f(2)),
    ("yarn_code_gamma33", "the code ${}$", yarn_code_gamma(33, 128, 1e4, 4096), f(2)),
    # DeepSeek: the softmax scale and the cos/sin ratio
    ("deepseek_v3_softmax", "$(0.1 \\ln 40 + 1)^2 = {}$", mscale(40, 1.0) ** 2, f(3)),
    ("deepseek_v2_softmax", "$(0.0707 \\ln 40 + 1)^2 = {}$", mscale(40, 0.707) ** 2, f(3)),
    ("deepseek_v2_coefficient", "$({} \\ln 40 + 1)^2", mpmath.mpf("0.1") * mpmath.mpf("0.707"), f(4)),
    ("deepseek_v3_example", "get_mscale(40.0, 1.0) ** 2, 3) == {}", mscale(40, 1.0) ** 2, f(3)),
    ("deepseek_v2_example", "get_mscale(40.0, 0.707) ** 2, 3) == {}", mscale(40, 0.707) ** 2, f(3)),
    ("deepseek_ratio", "mscale_all_dim=1.0).attention_factor, 4) == {}", mscale(40, 0.707) / mscale(40, 1.0),
     f(4)),
    ("deepseek_equal_mscales_a", "| 0.707 | 0.707 | {} |", mscale(40, 0.707) / mscale(40, 0.707), f(1)),
    # Llama 3
    ("llama3_high_wavelength", "$\\lambda_j \\lt L_0/\\beta$ ({} positions", mpmath.mpf(8192) / 4, integer),
    ("llama3_low_wavelength", "$\\lambda_j \\gt L_0/\\alpha$ ({} positions", mpmath.mpf(8192) / 1, integer),
    ("llama3_kept", "with the defaults: {} pairs kept", llama3_counts(128, 5e5, 1, 4, 8192)[0], integer),
    ("llama3_smoothed", "pairs kept, {} smoothed", llama3_counts(128, 5e5, 1, 4, 8192)[1], integer),
    ("llama3_divided", "smoothed, {} divided\nby 8", llama3_counts(128, 5e5, 1, 4, 8192)[2], integer),
    ("scout_kept", "With Scout's parameters: {} kept", llama3_counts(128, 5e5, 1, 1, 8192)[0], integer),
    ("scout_divided", "kept and {} divided by 16", llama3_counts(128, 5e5, 1, 1, 8192)[2], integer),
    # LongRoPE
    ("longrope_a", "$a = {}$:", mpmath.sqrt(1 + mpmath.log(32) / mpmath.log(4096)), f(5)),
    ("longrope_a_example", "round(rope.attention_factor, 5) == {}", mpmath.sqrt(1 + mpmath.log(32) / mpmath.log(4096)),
     f(5)),
    ("longrope_s", "For $s = {}$ and $L_0 = 4096$ (Phi-3-mini-128k: 131072 / 4096)", mpmath.mpf(131072) / 4096,
     integer),
]


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def missing(text: str, claim: tuple[str, str, object, Callable[[object], str]]) -> str | None:
    """None if the page states the claim's number in its phrase, else a message saying what is wrong."""
    name, phrase, value, fmt = claim
    expected = phrase.format(fmt(value))
    if expected in text:
        return None
    return (f"docs/scaling.md, claim {name!r}: expected the text {expected!r} (value {float(value)!r} computed "
            f"with mpmath) but the page does not contain it; fix the page or the computation")


@pytest.mark.parametrize("claim", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_the_page_states_the_computed_number(claim):
    problem = missing(page_text(), claim)
    assert problem is None, problem


def test_every_claim_has_one_number_slot_and_a_unique_id():
    ids = [c[0] for c in CLAIMS]
    assert len(ids) == len(set(ids)), "claim ids repeat"
    for name, phrase, _, _ in CLAIMS:
        assert phrase.count("{}") == 1, f"claim {name!r} has no single {{}} for its number: it checks nothing"


def test_the_check_catches_a_changed_digit():
    """Meta-test: the page with one changed digit, or a claim with a wrong value, fails."""
    text = page_text()
    for name in ("deepseek_v3_softmax", "deepseek_v2_softmax", "yarn_code_gamma33", "keras_dynamic",
                 "dynamic_s8"):
        claim = next(c for c in CLAIMS if c[0] == name)
        expected = claim[1].format(claim[3](claim[2]))
        assert expected in text
        altered = text.replace(expected, expected[:-2] + ("0" if expected[-2] != "0" else "1") + expected[-1])
        assert missing(altered, claim) is not None, name
    wrong = ("deepseek_v3_softmax", "$(0.1 \\ln 40 + 1)^2 = {}$", mscale(40, 1.0), f(3))  # a, not a squared
    assert missing(text, wrong) is not None


def test_independent_values_agree_with_the_formulas_they_come_from():
    """The mpmath values above against plain math, so a slip in a helper is caught twice."""
    assert abs(float(mscale(40, 1.0) ** 2) - (0.1 * math.log(40) + 1) ** 2) < 1e-15
    assert abs(float(mscale(40, 0.707) ** 2) - (0.0707 * math.log(40) + 1) ** 2) < 1e-15
    assert abs(float(dynamic_base(1e4, 128, 2, 16384, 4096)) - 1e4 * 7 ** (128 / 126)) < 1e-9
    for s in (2, 4, 8, 40):
        sigma = s * (s * 4096) / 4096 - (s - 1)                    # transformers' factor at l = sL
        assert sigma == s * s - s + 1
    # the code's ramp is linear in ln r: within the ramp, gamma_code ~ ln(r) / ln(32) up to the rounding
    r33 = turns(33, 128, 1e4, 4096)
    assert abs(float(yarn_code_gamma(33, 128, 1e4, 4096)) - float(mpmath.log(r33) / mpmath.log(32))) < 0.01
    # Llama 3's smooth factor is the paper's ramp with alpha = 1, beta = 4
    for j in range(64):
        r = turns(j, 128, 5e5, 8192)
        smooth = (8192 / (2 * PI / theta(j, 128, 5e5)) - 1) / (4 - 1)
        if 1 <= r <= 4:
            assert abs(smooth - paper_gamma(r, 1, 4)) < mpmath.mpf(10) ** -40

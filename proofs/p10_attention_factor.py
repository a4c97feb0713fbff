"""Statement 10: the YaRN and LongRoPE attention factors are 1 at factor 1, and continuous there.

In words: a rule with scaling factor 1 must not change attention. YaRN's temperature, its
DeepSeek ratio form and LongRoPE's factor all equal 1 at s = 1, and the branch "1 if s <= 1"
that the formulas carry meets the formula at s = 1, so nothing jumps as s passes 1.

    get_mscale(s, mu) = 1 (s <= 1),  0.1 mu ln s + 1 (s > 1):   get_mscale(1, mu) = 1 = lim_(s -> 1+) for every mu
    get_mscale(s, mu) / get_mscale(s, mu_all) -> 1 / 1 = 1          (DeepSeek-V2/V3)
    a_LongRoPE(s) = sqrt(1 + ln s / ln L0) -> sqrt(1 + 0) = 1       (L0 > 1)

Sympy proves the values and right-hand limits for symbolic mu, mu_all, L0. Then rope_ref:
get_mscale, YaRN, DeepSeekYaRN and LongRoPE (factor 1 given, or derived from
max_position_embeddings = L0) give exactly 1.0, also as RoPE.attention_factor; just above 1
and at the formula sheet's check values they agree with 40-digit values within derived bounds.
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from proofs._common import DPS, U
from proofs._result import Evidence, Result
from rope_ref import RoPE, scaling

STATEMENT = ("get_mscale(1, mu) = 1 for every mu, so YaRN's factor and the DeepSeek ratio get_mscale(s, mu) / "
             "get_mscale(s, mu_all) are 1 at s = 1; sqrt(1 + ln s / ln L0) = 1 at s = 1; each is continuous as "
             "s -> 1+; "
             "rope_ref's YaRN, DeepSeekYaRN and LongRoPE give a = 1.0 at factor 1")
METHOD = ("sympy: values at s = 1 and limits s -> 1+ (symbolic mu, mu_all, L0); rope_ref at factor 1 (exactly 1.0) "
          "and at s = 1 + 2^-40 .. 40 vs 40 digits within derived bounds, check values 1.1386, 0.9210, 1.19024")

L0 = 4096
MSCALES = (1.0, 0.707, 0.0, 2.5)
NEAR_ONE = (1.0 + 2.0**-40, 1.0 + 2.0**-20, 1.5, 4.0, 40.0)
CHECK_VALUES = {"YaRN s 4": (1.1386, 4), "DeepSeek s 40, mscale 0.707, all_dim 1": (0.9210, 4),  # quoted check values,
                "LongRoPE s 32": (1.19024, 5)}                                                  # (value, decimals)


def mscale_exact(s: float, mu: float) -> mpmath.mpf:
    """0.1 mu ln s + 1 (s > 1) or 1, to DPS digits."""
    with mpmath.workdps(DPS):
        return mpmath.mpf(1) if s <= 1 else mpmath.mpf(1) / 10 * mu * mpmath.log(s) + 1


def mscale_bound(s: float, mu: float) -> float:
    """|fl(0.1 mu ln s + 1) - exact| <= u (|a| + 6 |t|), t = 0.1 mu ln s: fl(0.1), the product with
    mu, log (1 ulp, 2u) and the product with it make t within 5u relative; + 1 rounds once (u |a|)."""
    t = 0.1 * mu * math.log(s) if s > 1 else 0.0
    return U * (abs(1.0 + t) + 6.0 * abs(t))


def prove() -> Result:
    """Prove statement 10 symbolically, then check rope_ref's attention factors at and near factor 1."""
    ev = Evidence()
    s, mu, mu_all, l0 = sp.symbols("s mu mu_all L0", positive=True)
    formula = sp.Rational(1, 10) * mu * sp.log(s) + 1
    ratio = formula / formula.subs(mu, mu_all)
    longrope = sp.sqrt(1 + sp.log(s) / sp.log(l0))
    ev.check("0.1 mu ln 1 + 1 = 1 and lim_(s -> 1+) (0.1 mu ln s + 1) = 1: the branch '1 if s <= 1' meets it",
             formula.subs(s, 1) == 1 and sp.limit(formula, s, 1, "+") == 1)
    ev.check("DeepSeek: get_mscale(1, mu) / get_mscale(1, mu_all) = 1, and its limit s -> 1+ is 1",
             ratio.subs(s, 1) == 1 and sp.limit(ratio, s, 1, "+") == 1)
    ev.check("LongRoPE: sqrt(1 + ln 1 / ln L0) = 1, and its limit s -> 1+ is 1",
             longrope.subs(s, 1) == 1 and sp.limit(longrope, s, 1, "+") == 1)

    # The code at factor 1: exactly 1.0.
    at_one = {f"get_mscale(1, {m})": scaling.get_mscale(1.0, m) for m in MSCALES}
    at_one |= {f"get_mscale(0.5, {m})": scaling.get_mscale(0.5, m) for m in MSCALES}
    rules = {
        "YaRN(1)": scaling.YaRN(1.0, L0),
        "YaRN(1, mscale 0.707, mscale_all_dim 1)": scaling.YaRN(1.0, L0, mscale=0.707, mscale_all_dim=1.0),
        "DeepSeekYaRN(1, mscale 0.707, mscale_all_dim 0)": scaling.DeepSeekYaRN(1.0, L0, mscale=0.707,
                                                                                 mscale_all_dim=0.0),
        "DeepSeekYaRN(1, mscale 1, mscale_all_dim 1)": scaling.DeepSeekYaRN(1.0, L0, mscale=1.0, mscale_all_dim=1.0),
        "LongRoPE(factor 1)": scaling.LongRoPE((1.0, 2.0), (4.0, 8.0), L0, factor=1.0),
        "LongRoPE(max_position_embeddings = L0)": scaling.LongRoPE((1.0, 2.0), (4.0, 8.0), L0,
                                                                   max_position_embeddings=L0),
    }
    at_one |= {name: rule.attention_factor for name, rule in rules.items()}
    at_one |= {f"RoPE(4, scaling={name}).attention_factor": RoPE(4, scaling=rule).attention_factor
               for name, rule in rules.items()}
    wrong = {name: value for name, value in at_one.items() if value != 1.0}
    ev.check(f"a == 1.0 exactly at factor 1 (and get_mscale at 0.5): {len(at_one)} values", not wrong,
             f"not 1.0: {wrong}" if wrong else "")

    # Just above 1, and the check values: the code against 40 digits.
    worst = 0.0
    for s_val in NEAR_ONE:
        for m in MSCALES:
            err = abs(scaling.get_mscale(s_val, m) - mscale_exact(s_val, m))
            worst = max(worst, float(err) / mscale_bound(s_val, m))
        a1, a2 = mscale_exact(s_val, 0.707), mscale_exact(s_val, 1.0)
        code = scaling.YaRN(s_val, L0, mscale=0.707, mscale_all_dim=1.0).attention_factor
        # a quotient of two values each within mscale_bound, plus the division's u.
        bound = float(a1 / a2) * (mscale_bound(s_val, 0.707) / float(a1) + mscale_bound(s_val, 1.0) / float(a2) + U)
        worst = max(worst, float(abs(code - a1 / a2)) / bound)
        with mpmath.workdps(DPS):
            exact = mpmath.sqrt(1 + mpmath.log(s_val) / mpmath.log(L0))
        code = scaling.LongRoPE((1.0, 2.0), (4.0, 8.0), L0, factor=s_val).attention_factor
        # ln s / ln L0 within 5u; 1 + v adds u (1 + v); sqrt halves the relative error and adds u: <= 4u a.
        worst = max(worst, float(abs(code - exact)) / (4 * U * float(exact)))
    ev.check("get_mscale, the DeepSeek ratio and LongRoPE's factor == 40-digit values at s = 1 + 2^-40, 1 + 2^-20, "
             "1.5, 4, 40",
             worst <= 1, f"worst error {worst:.2g} of its bound")
    observed = {"YaRN s 4": scaling.YaRN(4.0, L0).attention_factor,
                "DeepSeek s 40, mscale 0.707, all_dim 1": scaling.YaRN(40.0, L0, mscale=0.707,
                                                                        mscale_all_dim=1.0).attention_factor,
                "LongRoPE s 32": scaling.LongRoPE((1.0, 2.0), (4.0, 8.0), L0, factor=32.0).attention_factor}
    ev.check("formula sheet check values 1.1386, 0.9210, 1.19024",
             all(round(observed[k], places) == v for k, (v, places) in CHECK_VALUES.items()),
             ", ".join(f"{k}: {v:.6f}" for k, v in observed.items()))
    return ev.result(STATEMENT, METHOD, "proved")

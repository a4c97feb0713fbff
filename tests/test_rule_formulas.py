"""Every scaling rule against its own formula, at 50 digits, for 100 random parameter sets each.

For each rule: float64 ``inv_freq`` is ``inv_freq_dd`` rounded once (bit for bit); exact mode's
angle at m = 1 is that same value; the double-double frequencies are within 2**-99 relative of
the formula evaluated in mpmath straight from the rule's docstring (the NTK family with its new
base exact); and exact mode's cos and sin at a random position are within the bound
tests/test_exact.py documents, ulp/2 + 2**-56 + |A| 2**-99. The attention factors that rules
derive (YaRN's get_mscale, LongRoPE's sqrt(1 + ln s / ln L0)) are correctly rounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import cr_reference
import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE
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
)

import reference

SETS = 100
FREQ_REL = 2.0**-99  # the relative error exact mode's bound assumes for the frequencies
# YaRN without truncation: ramp_j = (j - low) / (high - low) is computed to about 2**-100 (|low| + j)
# absolute (low and high are double-doubles from logarithms), divided by high - low, and the blend
# theta_j (1 - ramp_j (1 - 1/s)) multiplies a ramp error by up to s relative: docs/precision.md
# states the frequencies' relative error as 2**-99 times this factor for that rule, 1 for the rest.
CONDITION: dict[int, float] = {}
Case = tuple[object, int, float, float | None, list]  # rule, d, base, seq_len, exact frequencies


def theta(j: int, d: int, base: float) -> mp.mpf:
    return reference.theta(j, d, base)


ntk, llama3 = cr_reference.ntk, cr_reference.llama3


def yarn(d: int, base: float, rule: YaRN) -> list:
    """cr_reference's YaRN frequencies, recording the ramp's conditioning for untruncated rules
    (see the CONDITION comment)."""
    if not rule.truncate:
        low, high = cr_reference.yarn_range(d, base, rule)
        CONDITION[id(rule)] = float(1 + mp.mpf(rule.factor) * (abs(low) + d / 2) / abs(high - low))
    return cr_reference.yarn(d, base, rule)


def cases(kind: str) -> Iterator[Case]:
    """SETS random (rule, d, base, seq_len, exact frequencies) for one rule, seeded by its name."""
    rng = np.random.default_rng(sum(map(ord, kind)))
    for _ in range(SETS):
        d = 2 * int(rng.integers(1, 33))
        base = float(np.exp(rng.uniform(np.log(2.0), np.log(1e7))))
        s = float(rng.uniform(1.0, 64.0))
        limit = int(rng.integers(256, 65537))
        with mp.workdps(reference.DPS):
            if kind == "linear":
                yield Linear(s), d, base, None, [theta(j, d, base) / mp.mpf(s) for j in range(d // 2)]
            elif kind == "ntk_aware":
                yield NTKAware(s), d, base, None, ntk(d, base, mp.mpf(s))
            elif kind == "dynamic":
                length = float(limit * rng.uniform(0.5, 8.0))
                growth = mp.mpf(s) * max(mp.mpf(length), limit) / limit - (mp.mpf(s) - 1)
                yield DynamicNTK(s, limit), d, base, length, ntk(d, base, growth)
            elif kind == "dynamic_fixed":
                yield DynamicNTKFixed(s), d, base, None, ntk(d, base, mp.mpf(s) ** 2 - mp.mpf(s) + 1)
            elif kind in ("yarn", "deepseek_yarn"):
                fast = float(rng.uniform(8.0, 64.0))
                cls = YaRN if kind == "yarn" else DeepSeekYaRN
                rule = cls(s, limit, beta_fast=fast, beta_slow=float(rng.uniform(0.5, fast)),
                           truncate=bool(rng.integers(2)))
                yield rule, d, base, None, yarn(d, base, rule)
            elif kind == "llama3":
                low = float(rng.uniform(0.5, 2.0))
                high = low if rng.integers(4) == 0 else low * float(rng.uniform(1.0, 8.0))
                rule = Llama3(s, low, high, limit)
                yield rule, d, base * 100, None, llama3(d, base * 100, rule)
            elif kind == "longrope":
                short, long = (tuple(rng.uniform(1.0, 50.0, d // 2).tolist()) for _ in range(2))
                length = float(limit * rng.uniform(0.5, 2.0))
                ext = long if length > limit else short
                yield (LongRoPE(short, long, limit, factor=s), d, base, length,
                       [theta(j, d, base) / mp.mpf(ext[j]) for j in range(d // 2)])
            else:
                p = float(rng.uniform(0.01, 1.0))
                k = int(p * d // 2)
                yield (Proportional(p, s), d, base, None,
                       [theta(j, d, base) / mp.mpf(s) if j < k else mp.mpf(0) for j in range(d // 2)])


KINDS = ["linear", "ntk_aware", "dynamic", "dynamic_fixed", "yarn", "deepseek_yarn", "llama3", "longrope",
         "proportional"]


@pytest.mark.parametrize("kind", KINDS)
def test_rule_is_its_formula_in_both_precisions(kind):
    rng = np.random.default_rng(1 + sum(map(ord, kind)))
    for rule, d, base, seq_len, want in cases(kind):
        condition = CONDITION.pop(id(rule), 1.0)
        hi, lo = rule.inv_freq_dd(d, base, seq_len)  # type: ignore[attr-defined]
        freq = rule.inv_freq(d, base, seq_len)  # type: ignore[attr-defined]
        assert np.array_equal(freq, hi), (rule, d, base)
        exact_rope = RoPE(d, base=base, scaling=rule, precision="exact")  # type: ignore[arg-type]
        length = 1.0 if seq_len is None else seq_len
        assert np.array_equal(exact_rope.angles([1.0], length)[0], freq), (rule, d, base)
        assert np.array_equal(RoPE(d, base=base, scaling=rule).inv_freq(length), freq)  # type: ignore[arg-type]
        m = float(rng.uniform(-2.0**20, 2.0**20))
        cos, sin = exact_rope.cos_sin([m], length)
        with mp.workdps(reference.DPS):
            for j, f in enumerate(want):
                got = mp.mpf(float(hi[j])) + mp.mpf(float(lo[j]))
                assert abs(got - f) <= FREQ_REL * condition * abs(f), (rule, d, base, j)
                angle = mp.mpf(m) * f
                for value, exact_value in ((cos[0, j], mp.cos(angle)), (sin[0, j], mp.sin(angle))):
                    bound = (0.5 * float(np.spacing(abs(float(exact_value)))) + 2.0**-56
                             + abs(float(angle)) * FREQ_REL * condition)
                    assert abs(float(value) - exact_value) <= bound, (rule, d, base, m, j)


def _get_mscale(s: mp.mpf, m: mp.mpf) -> mp.mpf:
    return mp.mpf(1) if s <= 1 else mp.mpf(1) / 10 * m * mp.log(s) + 1


ATTENTION: dict[str, tuple[Callable[[np.random.Generator], object], Callable[[object], mp.mpf]]] = {
    "yarn": (lambda g: YaRN(float(g.uniform(0.5, 64)), 4096, mscale=float(g.uniform(0.1, 2)),
                            mscale_all_dim=float(g.uniform(0.1, 2))),
             lambda r: _get_mscale(mp.mpf(r.factor), mp.mpf(r.mscale)) / _get_mscale(mp.mpf(r.factor),
                                                                                     mp.mpf(r.mscale_all_dim))),
    "yarn_default": (lambda g: YaRN(float(g.uniform(0.5, 64)), 4096),
                     lambda r: _get_mscale(mp.mpf(r.factor), mp.mpf(1))),
    "longrope": (lambda g: LongRoPE((1.0,), (2.0,), int(g.integers(2, 65536)), factor=float(g.uniform(0.5, 64))),
                 lambda r: mp.mpf(1) if r.scale <= 1 else mp.sqrt(
                     1 + mp.log(mp.mpf(r.scale)) / mp.log(mp.mpf(r.original_max_position_embeddings)))),
    # vLLM's DeepSeek rule: get_mscale(s, mscale) / get_mscale(s, mscale_all_dim) * attn_factor, unset
    # values counting as mscale 1, mscale_all_dim 0, attn_factor 1
    "deepseek_yarn": (lambda g: DeepSeekYaRN(float(g.uniform(0.5, 64)), 4096,
                                             mscale=None if g.integers(3) == 0 else float(g.uniform(0.1, 2)),
                                             mscale_all_dim=None if g.integers(3) == 0 else float(g.uniform(0, 2)),
                                             attn_factor=None if g.integers(3) == 0 else float(g.uniform(0.25, 4))),
                      lambda r: _get_mscale(mp.mpf(r.factor), mp.mpf(1 if r.mscale is None else r.mscale))
                      / _get_mscale(mp.mpf(r.factor), mp.mpf(0 if r.mscale_all_dim is None else r.mscale_all_dim))
                      * mp.mpf(r.attn_factor)),
}


@pytest.mark.parametrize("kind", sorted(ATTENTION))
def test_derived_attention_factors_are_correctly_rounded(kind):
    make, formula = ATTENTION[kind]
    rng = np.random.default_rng(sum(map(ord, kind)))
    for _ in range(SETS):
        rule = make(rng)
        with mp.workdps(reference.DPS):
            want = formula(rule)
            got = rule.attention_factor  # type: ignore[attr-defined]
            # One rounding of a double-double a few 2**-104 off.
            tol = 0.5 * float(np.spacing(float(want))) + float(want) * 2.0**-98
            assert abs(mp.mpf(got) - want) <= tol, rule

"""Independent 50-digit oracle values for the real model configs in tests/data/configs/.

This script reads only the JSON fixtures beside expected.json and implements the rules rope-ref
documents (default, linear, dynamic NTK, YaRN, Llama 3.x, LongRoPE; rope_ref/scaling.py docstrings)
directly in mpmath at 50 significant digits. It never imports rope_ref: its output is the oracle
that rope_ref's scaling rules and ``from_hf_config`` are tested against.

    python3 tests/make_config_values.py           # (re)write tests/data/configs/expected.json
    python3 tests/make_config_values.py --check   # exit 1 if the committed file differs

How a config is read (Hugging Face transformers conventions):

* Section: ``text_config`` if the file has one (Llama 4), else the top level.
* head_dim: ``qk_rope_head_dim`` if present (DeepSeek MLA: only that part of each query/key head
  rotates; transformers' DeepseekV3Config sets head_dim = qk_rope_head_dim), else ``head_dim`` if
  present and not null, else hidden_size // num_attention_heads.
* Partial factor p: ``partial_rotary_factor``, else ``rotary_pct`` (GPT-NeoX), else 1.
  rotary_dim d = int(head_dim * p); pair index j = 0 .. d/2 - 1; theta_j = base^(-2j/d).
* base: ``rope_theta``, else ``rotary_emb_base`` (GPT-NeoX), else 10000 (the transformers default;
  Llama 2's config.json has no rope_theta).
* Rule: rope_scaling["rope_type"], else rope_scaling["type"], else "default" (rope_scaling absent
  or null). "mrope" (Qwen2-VL) has default frequencies: transformers maps it to "default", the
  sections only choose which position row each pair reads. "su" is the old name of "longrope".
* original_max_position_embeddings L0 (YaRN, LongRoPE, Llama 3): from rope_scaling, else the top
  level of the section, else max_position_embeddings.
* factor, if missing (YaRN, LongRoPE): max_position_embeddings / L0.
* Numbers are taken as the float64 values json.load gives (what every implementation reads).

Decisions where the formula sheet leaves a case open are marked DECISION below and listed in
expected.json under "notes".
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import mpmath as mp

DPS = 50
DIGITS = 25
CONFIG_DIR = Path(__file__).resolve().parent / "data" / "configs"
EXPECTED = CONFIG_DIR / "expected.json"

NOTES = {
    "attention_factor": "a in a * R_m x: multiplies cos and sin (so attention logits scale by a^2).",
    "base": "rope_theta, else rotary_emb_base, else 10000 (transformers default).",
    "collapsed_llama3_band": (
        "DECISION: with high_freq_factor == low_freq_factor the smoothing band is the single "
        "wavelength L0/low_freq_factor and the formula divides 0 by 0. It is defined as the limit, a "
        "step: wavelength < L0/high_freq_factor keeps theta_j, any other wavelength (== included) "
        "gives theta_j / factor. Keeping needs a strict <, as in Meta's apply_scaling; at the low-"
        "frequency edge of any non-degenerate band the smoothing weight is 0 (theta/factor). No real "
        "pair lands on == (2*pi*base^(2j/d) is never exactly L0 for these bases)."
    ),
    "factor_missing": "YaRN and LongRoPE without rope_scaling.factor use max_position_embeddings / L0.",
    "head_dim": (
        "qk_rope_head_dim if present (DeepSeek MLA), else head_dim if present and not null, else "
        "hidden_size // num_attention_heads; the text_config section is used when present."
    ),
    "index_set": (
        "inv_freq lists every pair index j = 0 .. rotary_dim/2 - 1 in order (a superset of j = 0, 1, "
        "rotary_dim//4, rotary_dim//2 - 1, and of every ramp / smoothing-band index)."
    ),
    "inputs": (
        "config numbers are taken as their float64 values (json.load), then computed at 50 digits; the "
        "constants of the formulas themselves (0.1 in get_mscale, 0.001 in YaRN) are exact decimals."
    ),
    "longrope_cases": (
        "two cases: seq_len = L0 (short_factor, since seq_len <= L0) and seq_len = L0 + 1 "
        "(long_factor); the attention factor does not depend on seq_len."
    ),
    "numbers": "decimal strings with 25 significant digits, correctly rounded from 50-digit mpmath.",
    "original_max_position_embeddings": "rope_scaling, else section top level, else max_position_embeddings.",
    "regions": (
        "for yarn and llama3: which pair indices keep theta_j, are blended, or are divided by the "
        "factor, as {first, last, count} (null when empty)."
    ),
    "rotary_dim": "int(head_dim * p), p = partial_rotary_factor, else rotary_pct, else 1.",
    "rule": "rope_scaling rope_type, else type, else default; mrope -> default, su -> longrope.",
    "seq_len": (
        "the sequence length the case is computed for; rules other than dynamic and longrope do not "
        "depend on it, and their single case uses max_position_embeddings."
    ),
    "yarn_low_high": "correction range after floor/ceil (truncate), clamping, and the +0.001 when equal.",
}

RULE_ALIASES = {"mrope": "default", "su": "longrope"}


# ----------------------------------------------------------------------------- numbers

def mpf(x) -> mp.mpf:
    """A config number (int or float64) as an exact mpmath number."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(f"expected a number, got {x!r}")
    return mp.mpf(x)


def fmt(x) -> str:
    """x correctly rounded to 25 significant digits, as a decimal string like '1.23...e-5'."""
    return format(Decimal(mp.nstr(mp.mpf(x), DIGITS, strip_zeros=False)), f".{DIGITS - 1}e")


def theta(j: int, d: int, base: mp.mpf) -> mp.mpf:
    """theta_j = base^(-2j/d), with the exponent an exact rational."""
    return mp.power(base, -mp.mpf(2 * j) / d)


def get_mscale(s: mp.mpf, m=1) -> mp.mpf:
    """YaRN's mscale: 1 for s <= 1, else 0.1 * m * ln(s) + 1."""
    return mp.mpf(1) if s <= 1 else mp.mpf("0.1") * mp.mpf(m) * mp.log(s) + 1


# ----------------------------------------------------------------------------- rules

def rule_default(d: int, base: mp.mpf):
    return [theta(j, d, base) for j in range(d // 2)], mp.mpf(1)


def rule_linear(d: int, base: mp.mpf, factor: mp.mpf):
    return [theta(j, d, base) / factor for j in range(d // 2)], mp.mpf(1)


def dynamic_base(d: int, base: mp.mpf, factor: mp.mpf, max_pos: int, seq_len: int) -> mp.mpf:
    """HF "dynamic": base' = base * (factor*s/L - (factor-1))^(d/(d-2)), s = max(seq_len, L)."""
    s = mp.mpf(max(seq_len, max_pos))
    return base * (factor * s / max_pos - (factor - 1)) ** (mp.mpf(d) / (d - 2))


def rule_dynamic(d: int, base: mp.mpf, factor: mp.mpf, max_pos: int, seq_len: int):
    return rule_default(d, dynamic_base(d, base, factor, max_pos, seq_len))


def yarn_correction_dim(r, d: int, base: mp.mpf, l0: int) -> mp.mpf:
    """The pair index whose wavelength is L0 / r: d * ln(L0 / (r * 2 pi)) / (2 ln base)."""
    return d * mp.log(mp.mpf(l0) / (mp.mpf(r) * 2 * mp.pi)) / (2 * mp.log(base))


def yarn_range(d: int, base: mp.mpf, l0: int, beta_fast, beta_slow, truncate: bool):
    low = yarn_correction_dim(beta_fast, d, base, l0)
    high = yarn_correction_dim(beta_slow, d, base, l0)
    if truncate:
        low, high = mp.floor(low), mp.ceil(high)
    low, high = max(low, mp.mpf(0)), min(high, mp.mpf(d - 1))
    if low == high:
        high += mp.mpf("0.001")
    return low, high


def rule_yarn(d: int, base: mp.mpf, s: mp.mpf, l0: int, beta_fast, beta_slow, mscale, mscale_all_dim,
              attention_factor, truncate: bool):
    low, high = yarn_range(d, base, l0, beta_fast, beta_slow, truncate)
    inv, ramps = [], []
    for j in range(d // 2):
        ramp = min(max((j - low) / (high - low), mp.mpf(0)), mp.mpf(1))
        t = theta(j, d, base)
        inv.append((t / s) * ramp + t * (1 - ramp))  # e_j = 1 - ramp_j extrapolates
        ramps.append(ramp)
    if attention_factor is not None:
        af = mpf(attention_factor)
    elif mscale and mscale_all_dim:  # both set and non-zero: DeepSeek-V2/V3
        af = get_mscale(s, mpf(mscale)) / get_mscale(s, mpf(mscale_all_dim))
    else:
        af = get_mscale(s)
    regions = [0 if r == 0 else 2 if r == 1 else 1 for r in ramps]
    return inv, af, regions, (low, high)


def rule_llama3(d: int, base: mp.mpf, factor: mp.mpf, low_ff: mp.mpf, high_ff: mp.mpf, l0: int):
    if high_ff < low_ff:
        raise ValueError(f"high_freq_factor must be >= low_freq_factor; got {high_ff} < {low_ff}")
    low_wl, high_wl = l0 / low_ff, l0 / high_ff
    inv, regions = [], []
    for j in range(d // 2):
        t = theta(j, d, base)
        wavelen = 2 * mp.pi / t
        if wavelen < high_wl:
            inv.append(t)
            regions.append(0)
        elif wavelen > low_wl or high_ff == low_ff:  # DECISION: a collapsed band is a step
            inv.append(t / factor)
            regions.append(2)
        else:
            smooth = (l0 / wavelen - low_ff) / (high_ff - low_ff)
            inv.append((1 - smooth) * t / factor + smooth * t)
            regions.append(1)
    return inv, mp.mpf(1), regions


def longrope_attention_factor(s: mp.mpf, l0: int, attention_factor=None) -> mp.mpf:
    if attention_factor is not None:
        return mpf(attention_factor)
    return mp.mpf(1) if s <= 1 else mp.sqrt(1 + mp.log(s) / mp.log(l0))


def rule_longrope(d: int, base: mp.mpf, short, long, l0: int, seq_len: int):
    ext = long if seq_len > l0 else short
    if len(ext) != d // 2:
        raise ValueError(f"LongRoPE factors must have rotary_dim/2 = {d // 2} entries; got {len(ext)}")
    return [1 / (mpf(e) * mp.power(base, mp.mpf(2 * j) / d)) for j, e in enumerate(ext)]


# ----------------------------------------------------------------------------- configs

def resolve(config: dict) -> dict:
    """The RoPE facts of one config.json, by the rules in this module's docstring."""
    sec = config.get("text_config") or config
    if sec.get("qk_rope_head_dim") is not None:
        head_dim = sec["qk_rope_head_dim"]
    elif sec.get("head_dim") is not None:
        head_dim = sec["head_dim"]
    else:
        head_dim = sec["hidden_size"] // sec["num_attention_heads"]
    p = sec.get("partial_rotary_factor", sec.get("rotary_pct", 1.0))
    rotary_dim = int(head_dim * p)
    if rotary_dim < 2 or rotary_dim % 2:
        raise ValueError(f"rotary_dim must be an even integer >= 2; got {rotary_dim}")
    base = mpf(sec.get("rope_theta", sec.get("rotary_emb_base", 10000.0)))
    rs = sec.get("rope_scaling") or {}
    rule = rs.get("rope_type", rs.get("type", "default")) if rs else "default"
    rule = RULE_ALIASES.get(rule, rule)
    max_pos = sec["max_position_embeddings"]
    l0 = rs.get("original_max_position_embeddings", sec.get("original_max_position_embeddings", max_pos))
    return {"section": sec, "scaling": rs, "head_dim": head_dim, "rotary_dim": rotary_dim, "base": base,
            "rule": rule, "max_pos": max_pos, "l0": l0}


def span(regions: list[int], code: int):
    js = [j for j, r in enumerate(regions) if r == code]
    return {"count": len(js), "first": js[0], "last": js[-1]} if js else None


def region_table(regions: list[int]) -> dict:
    return {"theta": span(regions, 0), "blend": span(regions, 1), "theta_over_factor": span(regions, 2)}


def fixture_entry(name: str, config: dict) -> dict:
    r = resolve(config)
    d, base, rs, rule, max_pos, l0 = r["rotary_dim"], r["base"], r["scaling"], r["rule"], r["max_pos"], r["l0"]
    entry = {"fixture": f"{name}.json", "source": config["_source"], "head_dim": r["head_dim"],
             "rotary_dim": d, "base": fmt(base), "rule": rule}
    params: dict = {}
    cases = []
    if rule == "default":
        inv, af = rule_default(d, base)
        cases.append((max_pos, inv, af))
        if rs:  # e.g. Qwen2-VL's "mrope": default frequencies, sections pick the position row
            params["declared_type"] = rs.get("rope_type", rs.get("type"))
            if "mrope_section" in rs:
                params["mrope_section"] = rs["mrope_section"]
    elif rule == "linear":
        factor = mpf(rs["factor"])
        inv, af = rule_linear(d, base, factor)
        cases.append((max_pos, inv, af))
        params["factor"] = fmt(factor)
    elif rule == "dynamic":
        factor = mpf(rs["factor"])
        for seq_len in (max_pos, 2 * max_pos):
            inv, af = rule_dynamic(d, base, factor, max_pos, seq_len)
            cases.append((seq_len, inv, af))
        params["factor"] = fmt(factor)
    elif rule == "yarn":
        s = mpf(rs["factor"]) if rs.get("factor") is not None else mp.mpf(max_pos) / l0
        beta_fast, beta_slow = rs.get("beta_fast") or 32, rs.get("beta_slow") or 1
        truncate = rs.get("truncate", True)
        inv, af, regions, (low, high) = rule_yarn(d, base, s, l0, beta_fast, beta_slow, rs.get("mscale"),
                                                  rs.get("mscale_all_dim"), rs.get("attention_factor"), truncate)
        cases.append((max_pos, inv, af))
        params.update(factor=fmt(s), original_max_position_embeddings=l0, beta_fast=fmt(mpf(beta_fast)),
                      beta_slow=fmt(mpf(beta_slow)), truncate=truncate, low=fmt(low), high=fmt(high))
        entry["regions"] = region_table(regions)
    elif rule == "llama3":
        factor, low_ff, high_ff = mpf(rs["factor"]), mpf(rs["low_freq_factor"]), mpf(rs["high_freq_factor"])
        inv, af, regions = rule_llama3(d, base, factor, low_ff, high_ff, l0)
        cases.append((max_pos, inv, af))
        params.update(factor=fmt(factor), low_freq_factor=fmt(low_ff), high_freq_factor=fmt(high_ff),
                      original_max_position_embeddings=l0, collapsed_band=bool(high_ff == low_ff))
        entry["regions"] = region_table(regions)
    elif rule == "longrope":
        s = mpf(rs["factor"]) if rs.get("factor") is not None else mp.mpf(max_pos) / l0
        af = longrope_attention_factor(s, l0, rs.get("attention_factor"))
        for seq_len in (l0, l0 + 1):
            cases.append((seq_len, rule_longrope(d, base, rs["short_factor"], rs["long_factor"], l0, seq_len), af))
        params.update(factor=fmt(s), original_max_position_embeddings=l0)
    else:
        raise ValueError(f"{name}: unknown rope rule {rule!r}")
    entry["rule_parameters"] = params
    entry["cases"] = []
    for seq_len, inv, af in cases:
        case = {"seq_len": seq_len, "attention_factor": fmt(af), "inv_freq": [fmt(x) for x in inv]}
        if rule == "longrope":
            case["factors"] = "long" if seq_len > l0 else "short"
        entry["cases"].append(case)
    return entry


# ----------------------------------------------------------------------------------- quoted check values

# Every numeric check value the project quotes for its formulas, with its section. "quoted" is the text as printed;
# a computed value matches when, rounded half-even to the quoted number of decimals, it equals it.
# ERRATA lists quoted values that the formulas beside them do not give, with the correct rounding;
# the script asserts they still differ, so a corrected quote forces this table to be updated.
ERRATA = {
    # base' = 1e4 * (2*16384/4096 - 1)^(128/126) = 1e4 * 7^(64/63) = 72195.860...; transformers'
    # _compute_dynamic_ntk_parameters evaluates the same expression.
    "dynamic_ntk_base_s16384": "72195.9",
}


def _rounds_to(value, quoted: str) -> bool:
    q = Decimal(quoted)
    return Decimal(mp.nstr(mp.mpf(value), 40)).quantize(q, rounding=ROUND_HALF_EVEN) == q


def decay_bound(d: int, base, distance) -> mp.mpf:
    """RoFormer 3.4.3: (1/(d/2)) sum_{j=1}^{d/2} |S_j|, S_j = sum_{k<j} exp(i * distance * theta_k)."""
    s, total = mp.mpc(0), mp.mpf(0)
    for j in range(1, d // 2 + 1):
        s += mp.expj(distance * theta(j - 1, d, mpf(base)))
        total += abs(s)
    return total / (d // 2)


def check_values() -> dict:
    with mp.workdps(DPS):
        return _check_values()


def _check_values() -> dict:
    checks: dict = {}

    def real(cid, section, quantity, params, value, quoted):
        ok = _rounds_to(value, quoted)
        entry = {"section": section, "quantity": quantity, "params": params, "quoted": quoted,
                 "computed": fmt(value)}
        if cid in ERRATA:
            assert not ok, f"{cid}: the quoted value now matches ({quoted}); remove it from ERRATA"
            assert _rounds_to(value, ERRATA[cid]), f"{cid}: computed {fmt(value)}, erratum says {ERRATA[cid]}"
            entry.update(status="erratum", corrected=ERRATA[cid])
        else:
            assert ok, f"{cid}: the quoted value is {quoted}, the formula gives {fmt(value)}"
            entry["status"] = "matches"
        checks[cid] = entry

    def count(cid, section, quantity, params, value: int, quoted: int):
        assert value == quoted, f"{cid}: the quoted value is {quoted}, the formula gives {value}"
        checks[cid] = {"section": section, "quantity": quantity, "params": params, "quoted": quoted,
                       "computed": value, "status": "matches"}

    # dynamic NTK: base 1e4, d 128, factor 2, L 4096.
    p = {"base": 10000, "rotary_dim": 128, "factor": 2, "max_position_embeddings": 4096}
    for s, quoted in ((4096, "10000"), (8192, "30527.7"), (16384, "72195.7")):
        real(f"dynamic_ntk_base_s{s}", "dynamic NTK", "base'", {**p, "seq_len": s},
             dynamic_base(128, mp.mpf(10000), mp.mpf(2), 4096, s), quoted)

    # YaRN: base 1e4, d 128, L0 4096, s 4, beta_fast 32, beta_slow 1, truncate.
    p = {"base": 10000, "rotary_dim": 128, "original_max_position_embeddings": 4096, "factor": 4,
         "beta_fast": 32, "beta_slow": 1}
    base = mp.mpf(10000)
    real("yarn_correction_dim_low", "YaRN", "correction_dim(beta_fast)", p,
         yarn_correction_dim(32, 128, base, 4096), "20.94")
    real("yarn_correction_dim_high", "YaRN", "correction_dim(beta_slow)", p,
         yarn_correction_dim(1, 128, base, 4096), "45.03")
    low, high = yarn_range(128, base, 4096, 32, 1, True)
    count("yarn_low_truncated", "YaRN", "floor(low)", p, int(low), 20)
    count("yarn_high_truncated", "YaRN", "ceil(high)", p, int(high), 46)
    _, af, regions, _ = rule_yarn(128, base, mp.mpf(4), 4096, 32, 1, None, None, None, True)
    count("yarn_pairs_unchanged", "YaRN", "pairs with ramp 0", p, regions.count(0), 21)
    count("yarn_pairs_ramped", "YaRN", "pairs with 0 < ramp < 1", p, regions.count(1), 25)
    count("yarn_pairs_divided", "YaRN", "pairs with ramp 1", p, regions.count(2), 18)
    real("yarn_attention_factor_s4", "YaRN", "af = get_mscale(4)", {"factor": 4}, af, "1.1386")
    _, af, _, _ = rule_yarn(128, base, mp.mpf(40), 4096, 32, 1, 0.707, 1, None, True)
    real("yarn_attention_factor_deepseek_s40", "YaRN", "af = get_mscale(40, 0.707) / get_mscale(40, 1)",
         {"factor": 40, "mscale": 0.707, "mscale_all_dim": 1}, af, "0.9210")

    # Llama 3.x: theta 5e5, d 128, factor 8, low 1, high 4, L0 8192.
    p = {"base": 500000, "rotary_dim": 128, "factor": 8, "low_freq_factor": 1, "high_freq_factor": 4,
         "original_max_position_embeddings": 8192}
    _, _, regions = rule_llama3(128, mp.mpf(500000), mp.mpf(8), mp.mpf(1), mp.mpf(4), 8192)
    count("llama3_pairs_unchanged", "Llama 3.x", "pairs with wavelength < L0/high", p, regions.count(0), 29)
    count("llama3_pairs_smoothed", "Llama 3.x", "pairs in the smoothing band", p, regions.count(1), 6)
    count("llama3_pairs_divided", "Llama 3.x", "pairs with wavelength > L0/low", p, regions.count(2), 29)

    # LongRoPE: s 32, L0 4096.
    real("longrope_attention_factor", "LongRoPE", "af = sqrt(1 + ln s / ln L0)",
         {"factor": 32, "original_max_position_embeddings": 4096},
         longrope_attention_factor(mp.mpf(32), 4096), "1.19024")

    # RoFormer long-term decay bound: d 128, base 1e4.
    for distance, quoted in ((0, "32.5"), (10, "18.0"), (100, "10.2"), (1000, "4.5"), (10000, "3.9")):
        real(f"roformer_decay_bound_{distance}", "RoFormer long-term decay", "(1/(d/2)) sum_j |S_j|",
             {"base": 10000, "rotary_dim": 128, "distance": distance}, decay_bound(128, 10000, distance), quoted)
    return checks


# ----------------------------------------------------------------------------- output

def load_fixtures(directory: Path = CONFIG_DIR) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(directory.glob("*.json")) if p.name != EXPECTED.name}


def build(directory: Path = CONFIG_DIR) -> dict:
    with mp.workdps(DPS):
        return {
            "format": "rope-ref config oracle values",
            "version": 1,
            "generator": "tests/make_config_values.py",
            "precision": {"mpmath_dps": DPS, "significant_digits": DIGITS},
            "notes": NOTES,
            "configs": {name: fixture_entry(name, cfg) for name, cfg in load_fixtures(directory).items()},
            "check_values": check_values(),
        }


def render(doc: dict) -> str:
    """Canonical JSON: sorted keys, two-space indent, final newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        same = EXPECTED.exists() and EXPECTED.read_text() == text
        print(f"{EXPECTED}: {'identical' if same else 'DIFFERS from a fresh computation'}")
        return 0 if same else 1
    EXPECTED.write_text(text)
    print(f"wrote {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

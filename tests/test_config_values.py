"""The real-model config fixtures and their 50-digit oracle values (tests/data/configs/).

Three promises: every fixture is a well-formed, RoPE-only extract of a public config.json;
expected.json is exactly what tests/make_config_values.py computes today; and the numeric check
values quoted for the formulas hold. A few values are also re-derived here in float64 by a second,
independent path, so the oracle itself is checked against something. Nothing here imports rope_ref.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import make_config_values as mcv
import pytest

CONFIG_DIR = mcv.CONFIG_DIR
FIXTURES = sorted(p for p in CONFIG_DIR.glob("*.json") if p.name != "expected.json")
NAMES = [p.stem for p in FIXTURES]

# The keys a fixture may carry: RoPE facts, model_type/architectures, and _source.
ALLOWED_KEYS = {
    "_source", "architectures", "model_type", "text_config", "hidden_size", "num_attention_heads", "head_dim",
    "max_position_embeddings", "original_max_position_embeddings", "rope_theta", "rope_scaling",
    "partial_rotary_factor", "rotary_pct", "rotary_emb_base", "qk_rope_head_dim", "qk_nope_head_dim", "use_mrope",
}
# The rope_scaling keys each rule needs (rope_ref/scaling.py; "factor" may be derived for yarn and longrope).
REQUIRED_SCALING_KEYS = {
    "llama3": {"factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"},
    "yarn": {"original_max_position_embeddings"},
    "longrope": {"short_factor", "long_factor"},
    "linear": {"factor"},
    "dynamic": {"factor"},
    "mrope": {"mrope_section"},
}


@pytest.fixture(scope="module")
def fresh():
    """expected.json as the generator computes it now (about 0.2 s)."""
    return mcv.build()


@pytest.fixture(scope="module")
def committed():
    return json.loads(mcv.EXPECTED.read_text())


# ----------------------------------------------------------------------------- (a) fixtures

def test_every_requested_model_has_a_fixture():
    assert NAMES == sorted([
        "deepseek-v3", "gemma-2-9b", "gpt-neox-20b", "llama-2-7b", "llama-3.1-8b", "llama-3.2-1b",
        "llama-4-scout-17b-16e", "mistral-7b-v0.1", "phi-3-mini-128k-instruct", "qwen2-vl-7b-instruct",
        "qwen2.5-7b",
    ])


@pytest.mark.parametrize("path", FIXTURES, ids=NAMES)
def test_fixture_is_canonical_rope_only_json(path):
    text = path.read_text()
    config = json.loads(text)
    assert text == json.dumps(config, indent=2, sort_keys=True) + "\n", f"{path.name}: not canonical JSON"
    assert isinstance(config.get("_source"), str), f"{path.name}: _source missing"
    assert config["_source"].startswith("huggingface.co/") and config["_source"].endswith(" config.json")
    assert isinstance(config.get("model_type"), str) and isinstance(config.get("architectures"), list)
    section = config.get("text_config", config)
    for part in (config, section):
        extra = set(part) - ALLOWED_KEYS
        assert not extra, f"{path.name}: keys that are not RoPE facts: {sorted(extra)}"


@pytest.mark.parametrize("path", FIXTURES, ids=NAMES)
def test_fixture_has_the_fields_the_generator_needs(path):
    config = json.loads(path.read_text())
    section = config.get("text_config") or config
    assert isinstance(section.get("max_position_embeddings"), int)
    if section.get("qk_rope_head_dim") is None and section.get("head_dim") is None:
        assert section["hidden_size"] % section["num_attention_heads"] == 0
    scaling = section.get("rope_scaling") or {}
    if scaling:
        rule = scaling.get("rope_type", scaling.get("type"))
        missing = REQUIRED_SCALING_KEYS[rule] - set(scaling)
        assert not missing, f"{path.name}: rope_scaling lacks {sorted(missing)}"


def test_phi3_factor_lists_are_complete():
    """48 = rotary_dim / 2 = (3072 / 32) / 2 entries each, all finite and >= 1."""
    scaling = json.loads((CONFIG_DIR / "phi-3-mini-128k-instruct.json").read_text())["rope_scaling"]
    for key in ("short_factor", "long_factor"):
        assert len(scaling[key]) == 48 and all(1.0 <= x < 65.0 for x in scaling[key]), key
    # Spot values from huggingface.co/microsoft/Phi-3-mini-128k-instruct config.json (see SOURCES.md).
    assert scaling["long_factor"][0] == 1.0700000524520874 and scaling["long_factor"][47] == 64.76000213623047
    assert scaling["short_factor"][30] == 2.0500000000000007 and scaling["long_factor"][30] == 60.887386322021484


# ----------------------------------------------------------------------------- (b) regeneration

def test_expected_json_regenerates_identically(fresh):
    text = mcv.render(fresh)
    assert text == mcv.EXPECTED.read_text(), "run: python3 tests/make_config_values.py (and review the diff)"
    assert text.endswith("}\n") and mcv.render(mcv.build()) == text  # deterministic run to run


def test_expected_json_covers_every_fixture(committed):
    assert sorted(committed["configs"]) == NAMES
    for name, entry in committed["configs"].items():
        for case in entry["cases"]:
            assert len(case["inv_freq"]) == entry["rotary_dim"] // 2, name
            for value in case["inv_freq"] + [case["attention_factor"], entry["base"]]:
                assert len(Decimal(value).as_tuple().digits) == mcv.DIGITS, (name, value)


# ----------------------------------------------------------------------------- (c) quoted check values

def test_formulas_md_check_values_hold(fresh, committed):
    assert fresh["check_values"] == committed["check_values"]
    for cid, check in committed["check_values"].items():
        target = check["corrected"] if check["status"] == "erratum" else check["quoted"]
        if isinstance(target, int):
            assert check["computed"] == target, cid
        else:
            q = Decimal(target)
            assert Decimal(check["computed"]).quantize(q) == q, f"{cid}: {check['computed']} vs {target}"
    errata = {cid for cid, c in committed["check_values"].items() if c["status"] == "erratum"}
    assert errata == set(mcv.ERRATA)


def test_a_check_value_mismatch_is_caught(monkeypatch):
    """Without its ERRATA entry the quoted 72195.7 fails the generator, naming the value."""
    monkeypatch.setattr(mcv, "ERRATA", {})
    with pytest.raises(AssertionError, match=r"quoted value is 72195\.7"):
        mcv.check_values()
    assert not mcv._rounds_to(30527.74, "30527.6") and mcv._rounds_to(30527.74, "30527.7")


def test_dynamic_ntk_erratum_by_a_second_path():
    """The quoted check value is 72195.7; 1e4 * (2*16384/4096 - 1)^(128/126) is 72195.86 even in float64."""
    value = 1e4 * (2 * 16384 / 4096 - 1) ** (128 / 126)
    assert abs(value - 72195.86) < 0.01
    assert round(value, 1) == 72195.9 != 72195.7


# ----------------------------------------------------------------------------- the oracle against float64

def _inv(committed, name, case=0):
    return [float(x) for x in committed["configs"][name]["cases"][case]["inv_freq"]]


def _theta(j, d, base):
    return base ** (-2.0 * j / d)


@pytest.mark.parametrize("name, d, base", [
    ("llama-2-7b", 128, 1e4), ("mistral-7b-v0.1", 128, 1e4), ("qwen2.5-7b", 128, 1e6),
    ("qwen2-vl-7b-instruct", 128, 1e6), ("gemma-2-9b", 256, 1e4), ("gpt-neox-20b", 24, 1e4),
])
def test_default_rule_matches_float64(committed, name, d, base):
    got = _inv(committed, name)
    assert len(got) == d // 2
    for j, x in enumerate(got):
        assert math.isclose(x, _theta(j, d, base), rel_tol=1e-14), (name, j)


def test_llama4_scout_is_a_step_at_wavelength_8192(committed):
    """Collapsed band (factor 16, low = high = 1): j <= 34 keep theta_j, j >= 35 divide by 16."""
    got = _inv(committed, "llama-4-scout-17b-16e")
    for j, x in enumerate(got):
        t = _theta(j, 128, 5e5)
        wavelen = 2 * math.pi / t
        assert (wavelen < 8192) == (j <= 34)
        assert math.isclose(x, t if j <= 34 else t / 16, rel_tol=1e-14), j


def test_llama31_band_matches_float64(committed):
    got = _inv(committed, "llama-3.1-8b")
    for j, x in enumerate(got):
        t = _theta(j, 128, 5e5)
        wavelen = 2 * math.pi / t
        if wavelen < 8192 / 4:
            want = t
        elif wavelen > 8192 / 1:
            want = t / 8
        else:
            smooth = (8192 / wavelen - 1) / (4 - 1)
            want = (1 - smooth) * t / 8 + smooth * t
        assert math.isclose(x, want, rel_tol=1e-13), j


def test_deepseek_v3_yarn_matches_float64(committed):
    entry = committed["configs"]["deepseek-v3"]
    low = math.floor(64 * math.log(4096 / (32 * 2 * math.pi)) / (2 * math.log(1e4)))
    high = math.ceil(64 * math.log(4096 / (1 * 2 * math.pi)) / (2 * math.log(1e4)))
    assert (low, high) == (10, 23)
    for j, x in enumerate(_inv(committed, "deepseek-v3")):
        ramp = min(max((j - low) / (high - low), 0.0), 1.0)
        t = _theta(j, 64, 1e4)
        assert math.isclose(x, t / 40 * ramp + t * (1 - ramp), rel_tol=1e-14), j
    assert Decimal(entry["cases"][0]["attention_factor"]) == 1  # mscale == mscale_all_dim


def test_phi3_longrope_matches_float64(committed):
    scaling = json.loads((CONFIG_DIR / "phi-3-mini-128k-instruct.json").read_text())["rope_scaling"]
    entry = committed["configs"]["phi-3-mini-128k-instruct"]
    for case, key in zip(entry["cases"], ("short_factor", "long_factor"), strict=True):
        assert case["factors"] == key.split("_")[0]
        for j, x in enumerate(case["inv_freq"]):
            assert math.isclose(float(x), 1 / (scaling[key][j] * 1e4 ** (2 * j / 96)), rel_tol=1e-14), (key, j)
        assert math.isclose(float(case["attention_factor"]), math.sqrt(17 / 12), rel_tol=1e-15)
    assert [c["seq_len"] for c in entry["cases"]] == [4096, 4097]

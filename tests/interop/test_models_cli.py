"""``rope-ref models sweep`` (rope_ref.models._sweep, ._cli) and the generated rope_ref/models/_defaults.py.

The command sweeps the installed transformers: exit 0 when every family agrees and none is missing from
the registry, 1 otherwise (with --adversarial: when a variant ends outside ACCEPTED), 2 on a usage error (an unknown
--family, or no transformers). The CLI tests sweep a handful of families (--family) to stay quick.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import json
import sys

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from rope_ref import models  # noqa: E402
from rope_ref.cli import main  # noqa: E402
from rope_ref.models import _families, _sweep  # noqa: E402


def run(capsys, *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["models", "sweep", *argv], out=out)
    return code, out.getvalue(), capsys.readouterr().err


def patch_registry(monkeypatch, families: dict) -> None:
    monkeypatch.setattr(models, "FAMILIES", families)
    monkeypatch.setattr(_families, "FAMILIES", families)


def test_help_names_the_options(capsys):
    code = main(["models", "sweep", "--help"], out=io.StringIO())
    text = capsys.readouterr().out  # argparse prints --help on sys.stdout
    assert code == 0
    assert all(option in text for option in ("--family", "--adversarial", "--json"))


def test_agreeing_families_exit_0_with_json_rows_and_progress_on_stderr(capsys):
    code, out, err = run(capsys, "--family", "llama", "--family", "glm4", "--json")
    data = json.loads(out)
    assert code == 0, out
    assert set(data) == {"transformers", "families", "counts", "rows", "missing"}
    assert data["transformers"] == transformers.__version__
    assert [r["family"] for r in data["rows"]] == ["llama", "glm4"] and data["counts"] == {"compared": 2}
    assert data["missing"] == []
    assert {r["family"]: r["layout"] for r in data["rows"]} == {"llama": ["half"], "glm4": ["interleaved"]}
    assert "swept 2/2" in err


def test_a_disagreeing_family_exits_1_and_says_what_each_side_computes(monkeypatch, capsys):
    families = dict(models.FAMILIES)
    families["glm4"] = dataclasses.replace(families["glm4"], layout="half")
    patch_registry(monkeypatch, families)
    code, out, _ = run(capsys, "--family", "glm4", "--quiet")
    assert code == 1
    assert "DISAGREE  glm4" in out and "pairing: transformers interleaved over 64 features, rope-ref half" in out


def test_a_model_type_missing_from_the_registry_is_listed_and_exits_1(monkeypatch, capsys):
    patch_registry(monkeypatch, {k: v for k, v in models.FAMILIES.items() if k != "llama"})
    code, out, _ = run(capsys, "--family", "llama", "--quiet")
    assert code == 1 and "MISSING   llama (transformers/models/llama: LlamaRotaryEmbedding)" in out
    code, out, _ = run(capsys, "--family", "llama", "--quiet", "--json")
    missing = json.loads(out)["missing"]
    assert code == 1 and [m["model_type"] for m in missing] == ["llama"] and missing[0]["folder"] == "llama"


def test_a_sub_config_type_of_a_registered_family_is_not_missing(capsys):
    # qwen2_vl_text and qwen2_vl_vision are sub-configs of qwen2_vl (the registry reads them through it)
    code, out, _ = run(capsys, "--family", "qwen2_vl", "--quiet", "--json")
    assert code == 0 and json.loads(out)["missing"] == []


def test_an_unknown_family_is_a_one_line_usage_error(capsys):
    code, out, err = run(capsys, "--family", "lama")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--family" in err and "'lama'" in err and "did you mean 'llama'" in err


def test_without_transformers_the_command_is_a_one_line_usage_error(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "transformers", None)  # import transformers now raises ImportError
    code, out, err = run(capsys, "--family", "llama")
    assert code == 2 and out == ""
    assert err.startswith("rope-ref models sweep: error:") and err.count("\n") == 1 and "transformers" in err


def test_adversarial_json_classifies_every_variant(capsys):
    code, out, _ = run(capsys, "--family", "llama", "--adversarial", "--json", "--quiet")
    data = json.loads(out)
    records = data["records"]
    assert set(data) == {"transformers", "families", "variants", "counts", "records"}
    assert data["variants"] == len(records) == sum(data["counts"].values())
    assert code == (1 if any(r["outcome"] not in _sweep.ACCEPTED for r in records) else 0)
    assert {r["outcome"] for r in records} <= set(_sweep.OUTCOMES)
    by_name = {r["variant"]: r for r in records}
    assert by_name["as saved"]["outcome"] == by_name["minimal"]["outcome"] == "agree"
    # transformers refuses these: a yarn block without its factor, a null rope_type; rope-ref too
    for name in ("yarn block with 'factr'", "null rope_type next to a type"):
        assert by_name[name]["outcome"] == "refused as transformers refuses"
        assert by_name[name]["transformers"]["error"] and by_name[name]["rope_ref"]["error"]
    # an unknown model type: transformers refuses it, rope-ref reads it with the common rule and warns
    unknown = by_name["model_type 'LLAMA'"]
    assert unknown["outcome"] == "rope-ref warns" and unknown["transformers"]["error"]
    assert "'LLAMA' is not in rope-ref's registry" in unknown["rope_ref_warnings"][0]
    # both blocks: transformers reads rope_scaling, and rope-ref says it ignores rope_parameters
    both = by_name["rope_scaling and rope_parameters"]
    assert both["outcome"] == "rope-ref warns" and "config['rope_parameters'] is ignored" in \
        both["rope_ref_warnings"][0]
    for record in records:
        for diff in record.get("differences", []):
            assert set(diff) == {"layer_type", "key", "transformers", "rope_ref"}
            assert diff["transformers"] != diff["rope_ref"]


def test_adversarial_text_ends_in_the_counts(capsys):
    code, out, _ = run(capsys, "--family", "llama", "--adversarial", "--quiet")
    assert code == 0, out
    last = out.splitlines()[-1]
    assert "variants of 1 families against transformers" in last and " agree," in last


def test_adversarial_text_names_a_disagreement_and_both_values(monkeypatch, capsys):
    families = dict(models.FAMILIES)
    families["glm4"] = dataclasses.replace(families["glm4"], layout="half")
    patch_registry(monkeypatch, families)
    code, out, _ = run(capsys, "--family", "glm4", "--adversarial", "--quiet")
    assert code == 1
    assert "DISAGREE  glm4: as saved" in out
    assert "layout: transformers interleaved over 64 features, rope-ref half over 64 features" in out


def test_every_adversarial_config_of_every_family_agrees_warns_or_is_refused():
    """The issue's bar: for every family of the installed transformers, its default config as saved, a
    minimal one (model_type and the head's sizes only), each RoPE key given twice, misspelled keys and
    model types, blocks without a type, string booleans: from_hf_config agrees with transformers' own
    module, warns (a warning that differs must name a key behind the difference), or refuses as
    transformers refuses (or, saying why, what it cannot describe)."""
    result = _sweep.adversarial()
    bad = [r for r in result["records"] if r["outcome"] not in _sweep.ACCEPTED + ("not buildable",)]
    def line(r: dict) -> str:
        errors = [(r.get(side) or {}).get("error", "") for side in ("transformers", "rope_ref")]
        return f"{r['family']}: {r['variant']}: {r['outcome']} {r.get('differences') or ''} {errors}"
    assert not bad, "\n".join(line(r) for r in bad[:20])
    counts = result["counts"]
    assert result["families"] >= 200 and counts["agree"] > 1000 and counts.get("not buildable", 0) <= 2
    # the minimal configs are where the class defaults matter: every buildable family's is read right
    minimal = [r for r in result["records"] if r["variant"] == "minimal"]
    assert sum(r["outcome"] == "agree" for r in minimal) >= 180


def test_the_adversarial_variants_of_a_composite_model_put_the_keys_in_its_text_config():
    records = _sweep.adversarial(["qwen2_vl"])["records"]
    minimal = next(r for r in records if r["variant"] == "minimal")
    assert set(minimal["given"]) == {"text_config.model_type", "text_config.hidden_size",
                                     "text_config.num_attention_heads"}
    twice = next(r for r in records if r["variant"] == "rope_scaling and rope_parameters")
    assert set(twice["given"]) == {"text_config.rope_parameters", "text_config.rope_scaling"}


# --- the defaults table ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fresh_defaults():
    return _sweep.defaults_tables()


def test_the_defaults_file_is_current(fresh_defaults):
    path = _sweep.DEFAULTS_PATH
    assert path.read_text(encoding="utf-8") == _sweep.defaults_module(fresh_defaults), (
        f"rope_ref/models/_defaults.py is stale for transformers {transformers.__version__}: run "
        "python -m rope_ref.models._sweep --write-defaults")


def test_the_defaults_file_is_plain_python_data():
    tree = ast.parse(_sweep.DEFAULTS_PATH.read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom, ast.Call))]
    from rope_ref.models import _defaults
    assert _defaults.TRANSFORMERS_VERSION == transformers.__version__
    assert {k: _defaults.PARENT[k] for k in ("glm_image_text", "blt_local_encoder", "hy_v4_vl_text")} == {
        "glm_image_text": "glm_image", "blt_local_encoder": "blt", "hy_v4_vl_text": "hy_v4_vl"}


def test_the_defaults_table_records_constants_and_derived_rules(fresh_defaults):
    defaults, derived = fresh_defaults["defaults"], fresh_defaults["derived"]
    assert defaults["glm4"]["rope_parameters"]["partial_rotary_factor"] == 0.5
    assert defaults["qwen2_vl_text"]["default_theta"] == 1_000_000.0
    assert defaults["deepseek_v3"]["qk_rope_head_dim"] == 64 and defaults["deepseek_v3"]["rope_interleave"] is True
    assert "head_dim" not in defaults["llama"] and derived["llama"]["head_dim"] == "hidden_size // num_attention_heads"
    assert derived["deepseek_v3"]["head_dim"] == "qk_rope_head_dim"
    assert derived["gemma3_text"]["layer_types"].startswith("one entry per layer (num_hidden_layers): repeating")
    assert fresh_defaults["aliases"]["gptj"]["hidden_size"] == "n_embd"
    assert fresh_defaults["sub_configs"]["qwen2_vl"]["text_config"] == "qwen2_vl_text"


def test_the_layer_pattern_reader():
    assert _sweep._pattern(["s", "f"] * 3) == "repeating ['s', 'f'] (default 6 layers)"
    assert _sweep._pattern(["f", "f"] + ["s", "f"] * 5) == ("repeating ['s', 'f'], except layer 0: 'f' "
                                                            "(default 12 layers)")

"""One model's golden set (rope-ref golden generate --config): written, verified, tampering caught;
its cos/sin tables carry the attention factor, its cases carry the committed set's flags and seq_len as an
input, its long cases reach the rule's extended range, multi-axis models get multi-axis cases,
files follow the umask, and docs/golden.md's examples run outside the checkout. The command line
is tests/test_golden_model_set_cli.py; whether transformers' own code passes the sets is
tests/interop's job."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rope_ref import from_hf_config, from_hf_config_multiaxis, golden
from rope_ref.golden import _schema, model_set
from rope_ref.golden.catalogue import FLAGS, REFERENCE_PRECISION

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
PHI3 = DATA / "configs" / "phi-3-mini-128k-instruct.json"
QWEN_YARN = DATA / "model_sets" / "qwen2.5-7b-instruct-yarn.json"
QWEN2_VL = DATA / "configs" / "qwen2-vl-7b-instruct.json"
GPT_NEOX = DATA / "configs" / "gpt-neox-20b.json"

LLAMA31 = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2, "rope_theta": 500000.0,
           "max_position_embeddings": 131072,
           "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                            "original_max_position_embeddings": 8192}}
GEMMA3 = {"model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "head_dim": 64,
          "rope_theta": 1e6, "rope_local_base_freq": 1e4, "max_position_embeddings": 32768}
PIXTRAL = {"model_type": "pixtral", "hidden_size": 1024, "num_attention_heads": 16, "head_dim": 64,
           "rope_theta": 10000.0}


def _exact(config, layer_type=None):
    return dataclasses.replace(from_hf_config(config, layer_type=layer_type), precision=REFERENCE_PRECISION)


def _seq_len(case):
    return float(case.inputs["seq_len"]) if "seq_len" in case.inputs else None


@pytest.fixture
def llama_set(tmp_path):
    return model_set.generate_model_set(LLAMA31, tmp_path / "llama")


def test_a_model_set_verifies_and_holds_the_models_rope(llama_set):
    assert golden.verify(llama_set).passed
    rope = _exact(LLAMA31)
    for spec in model_set.model_cases(LLAMA31):
        case = golden.load(spec.id, llama_set)
        if spec.kind == "apply":  # independent of the set's own bytes: the RoPE applied afresh
            assert np.array_equal(case.outputs["expected"], rope.apply(case.inputs["x"], case.inputs["positions"]))
    long = golden.load("llama_apply_long", llama_set).inputs["positions"]
    assert {8191, 8192, 131071} <= set(long.tolist())  # around L0 and at the window's end


def test_a_changed_config_in_model_json_fails_verification(llama_set):
    path = llama_set / model_set.MODEL_FILE
    data = json.loads(path.read_text())
    data["config"]["rope_theta"] = 10000.0
    path.write_text(json.dumps(data))
    report = golden.verify(llama_set)
    assert not report.passed and any("recomputed bytes differ" in p for ps in report.problems.values() for p in ps)


def test_a_malformed_model_json_is_a_golden_file_error(llama_set):
    (llama_set / model_set.MODEL_FILE).write_text('{"config": 3}')
    with pytest.raises(golden.GoldenFileError, match="must be an object with 'config'"):
        golden.verify(llama_set)


def test_per_layer_sets_name_the_layer_type(tmp_path):
    out = model_set.generate_model_set(GEMMA3, tmp_path / "g", layer_type="sliding_attention")
    assert golden.verify(out).passed
    ids = [s.id for s in model_set.model_cases(GEMMA3, "sliding_attention")]
    assert ids[0] == "gemma3_text_sliding_attention_apply_short"


# -- the attention factor in the cos/sin tables (transformers returns them times a) -------------------


@pytest.mark.parametrize("config,case_id,a", [(PHI3, "phi3_cos_sin", 1.1902380714238083),
                                              (QWEN_YARN, "qwen2_cos_sin", 1.138629436111989)])
def test_cos_sin_cases_carry_the_attention_factor(tmp_path, config, case_id, a):
    out = model_set.generate_model_set(config, tmp_path / "s")
    assert golden.verify(out).passed
    case = golden.load(case_id, out)
    rope = _exact(config)
    assert rope.attention_factor == pytest.approx(a, rel=1e-15)
    cos, sin = rope.cos_sin(case.inputs["positions"], _seq_len(case), scaled=True)
    assert np.array_equal(case.outputs["cos"], cos) and np.array_equal(case.outputs["sin"], sin)
    plain, _ = rope.cos_sin(case.inputs["positions"], _seq_len(case))
    assert np.abs(case.outputs["cos"] - plain).max() > 0.1  # what the sets held before: a - 1 off
    assert {"AttentionFactor", "AttentionFactorInTables"} <= set(case.entry["flags"])
    assert f"attention factor a = {a!r}" in case.entry["comment"]
    notes = json.loads((out / "manifest.json").read_text())["notes"]
    assert "AttentionFactorInTables" in notes and set(FLAGS) < set(notes)
    # the tolerance scales with a: the bound of a table times a
    assert case.tolerance("float64")["atol"] > 0 and case.tolerance("float32")["checkable"]


def test_a_table_of_a_model_without_attention_factor_has_no_table_flag():
    spec = next(s for s in model_set.model_cases(LLAMA31) if s.kind == "cos_sin")
    assert "AttentionFactorInTables" not in spec.flags and "AttentionFactor" not in spec.flags
    assert "a = 1.0" in spec.comment


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_the_committed_sets_keep_their_notes_and_tables(version):
    """Both sets keep the notes and flags without AttentionFactorInTables; the current set's tables of
    a = 1 are what the catalogue builds (v1's may differ by the ulps golden/CHANGELOG.md records)."""
    manifest = json.loads((ROOT / "golden" / version / "manifest.json").read_text())
    assert manifest["notes"] == FLAGS and "AttentionFactorInTables" not in manifest["notes"]
    for entry in manifest["cases"]:
        assert "AttentionFactorInTables" not in entry["flags"]
    for case_id in ("cos_sin_d128_base1e4", "cos_sin_d128_base5e5_long"):  # tables of a = 1, unchanged
        spec = golden.case(case_id)
        assert "AttentionFactorInTables" not in spec.flags
        if version != golden.CURRENT:
            continue
        from rope_ref.golden._build import _build_case
        fresh, _ = _build_case(spec)
        committed = next(e for e in manifest["cases"] if e["id"] == case_id)
        assert {k: v["sha256"] for k, v in fresh["files"].items()} == \
            {k: v["sha256"] for k, v in committed["files"].items()}


# -- flags and seq_len, as golden/v2's -----------------------------------------------------------------


@pytest.mark.parametrize("config,expected", [
    (PHI3, {"phi3_apply_short": {"AttentionFactor", "Divergence", "SeqLenDependent"},
            "phi3_apply_original": {"AttentionFactor", "Divergence", "SeqLenDependent"},
            "phi3_apply_long": {"AttentionFactor", "Divergence", "LongPosition", "SeqLenDependent"},
            "phi3_cos_sin": {"AttentionFactor", "AttentionFactorInTables", "Divergence", "LongPosition",
                             "SeqLenDependent"}}),
    (QWEN_YARN, {"qwen2_apply_short": {"AttentionFactor"}, "qwen2_apply_long": {"AttentionFactor", "LongPosition"},
                 "qwen2_cos_sin": {"AttentionFactor", "AttentionFactorInTables", "LongPosition"}}),
    (GPT_NEOX, {"gpt_neox_apply_short": {"PartialRotary"}, "gpt_neox_apply_long": {"PartialRotary"},
                "gpt_neox_cos_sin": {"PartialRotary"}}),
    (LLAMA31, {"llama_apply_short": set(), "llama_apply_long": {"LongPosition"}, "llama_cos_sin": {"LongPosition"}}),
])
def test_every_case_carries_golden_v1_flags(tmp_path, config, expected):
    specs = model_set.model_cases(config)
    assert {s.id: set(s.flags) for s in specs} == expected
    out = model_set.generate_model_set(config, tmp_path / "s")
    notes = json.loads((out / "manifest.json").read_text())["notes"]
    for spec in specs:
        entry = golden.load(spec.id, out).entry
        assert set(entry["flags"]) == expected[spec.id] and set(entry["flags"]) <= set(notes)


def test_seq_len_is_an_input_where_the_frequencies_depend_on_it(tmp_path):
    out = model_set.generate_model_set(PHI3, tmp_path / "phi3")
    rope = _exact(PHI3)
    lengths = {}
    for spec in model_set.model_cases(PHI3):
        case = golden.load(spec.id, out)
        assert "seq_len" not in case.params
        assert case.inputs["seq_len"].dtype == np.int64 and case.inputs["seq_len"].shape == ()
        positions = case.inputs["positions"]
        lengths[spec.id] = int(case.inputs["seq_len"])
        assert lengths[spec.id] == positions.max() + 1  # what transformers computes the frequencies for
        if spec.kind == "apply":
            assert np.array_equal(case.outputs["expected"], rope.apply(case.inputs["x"], positions, _seq_len(case)))
    assert lengths == {"phi3_apply_short": 64, "phi3_apply_original": 4096, "phi3_apply_long": 131072,
                       "phi3_cos_sin": 131072}
    # LongRoPE: the original window uses the short factors, the long case the long ones
    short = rope.inv_freq(4096)
    assert not np.array_equal(short, rope.inv_freq(131072))


def test_no_seq_len_where_the_frequencies_do_not_depend_on_it():
    for spec in model_set.model_cases(QWEN_YARN):
        assert "seq_len" not in spec.params and "seq_len" not in spec.inputs(np.random.default_rng(0))


# -- the long cases reach the rule's extended range -----------------------------------------------


def _model(scaling, max_pos, **extra):
    return {"model_type": "llama", "hidden_size": 512, "num_attention_heads": 4, "rope_theta": 10000.0,
            "max_position_embeddings": max_pos, "rope_scaling": scaling, **extra}


LONGROPE = {"rope_type": "longrope", "short_factor": [1.0] * 64, "long_factor": [1.5 + j for j in range(64)],
            "original_max_position_embeddings": 4096, "factor": 32.0}


@pytest.mark.parametrize("name,config,original,top", [
    ("yarn", _model({"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}, 32768),
     32768, 131071),
    ("linear", _model({"rope_type": "linear", "factor": 4.0}, 4096), 4096, 16383),
    ("dynamic", _model({"rope_type": "dynamic", "factor": 2.0}, 4096), 4096, 8191),
    ("llama3", _model({"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                       "original_max_position_embeddings": 8192}, 8192), 8192, 65535),
    ("longrope", _model(LONGROPE, 4096), 4096, 131071),
    ("max_position_larger", _model({"rope_type": "yarn", "factor": 2.0, "original_max_position_embeddings": 4096},
                                   32768), 4096, 32767),
    ("no_rule", _model(None, 8192), 8192, 8191),
])
def test_long_cases_reach_the_extended_range(tmp_path, name, config, original, top):
    plan = model_set.plan(config)
    assert (plan.original, plan.extended) == (original, top + 1)
    out = model_set.generate_model_set(config, tmp_path / name)
    assert golden.verify(out).passed
    prefix = "llama"
    long = golden.load(f"{prefix}_apply_long", out)
    positions = long.inputs["positions"]
    assert positions.max() == top and 0 in positions
    if top + 1 > original:
        assert {original - 1, original, original + 1} <= set(positions.tolist())
    rope = _exact(config)
    assert np.array_equal(long.outputs["expected"], rope.apply(long.inputs["x"], positions, _seq_len(long)))
    if rope.scaling is not None and rope.scaling.depends_on_seq_len:
        assert int(long.inputs["seq_len"]) == top + 1
    table = golden.load(f"{prefix}_cos_sin", out)
    assert table.inputs["positions"].max() == top


# -- multi-axis models -----------------------------------------------------------------------------------


def test_m_rope_models_get_multiaxis_cases_besides_the_text_cases(tmp_path):
    out = model_set.generate_model_set(QWEN2_VL, tmp_path / "vl")
    assert golden.verify(out).passed
    specs = model_set.model_cases(QWEN2_VL)
    assert [s.id for s in specs] == ["qwen2_vl_apply_short", "qwen2_vl_apply_long", "qwen2_vl_cos_sin",
                                     "qwen2_vl_multiaxis_grid", "qwen2_vl_multiaxis_text"]
    multi = dataclasses.replace(from_hf_config_multiaxis(QWEN2_VL), precision=REFERENCE_PRECISION)
    for case_id in ("qwen2_vl_multiaxis_grid", "qwen2_vl_multiaxis_text"):
        case = golden.load(case_id, out)
        positions = case.inputs["positions"]
        assert case.entry["kind"] == "multiaxis" and positions.ndim == 2 and positions.shape[1] == 3
        assert np.array_equal(case.outputs["expected"], multi.apply(case.inputs["x"], positions))
        assert case.params["multiaxis"] == "mrope" and case.params["axes"] == 3
        assert "M-RoPE (mrope) of the language model" in case.entry["comment"]
    grid = golden.load("qwen2_vl_multiaxis_grid", out).inputs["positions"]
    assert len({tuple(r) for r in grid.tolist()}) == 24 and not (grid == grid[:, :1]).all()  # a real grid
    text = golden.load("qwen2_vl_multiaxis_text", out)
    rows = text.inputs["positions"]
    assert (rows == rows[:, :1]).all()  # text tokens: the text RoPE, every axis the token index
    assert np.array_equal(text.outputs["expected"], _exact(QWEN2_VL).apply(text.inputs["x"], rows[:, 0]))
    covers = model_set.plan(QWEN2_VL).covers()
    assert [c["part"] for c in covers] == ["text positions (one position per token)",
                                           "M-RoPE (mrope) of the language model: (t, h, w) positions"]


def test_a_vision_model_gets_its_2d_cases(tmp_path):
    out = model_set.generate_model_set(PIXTRAL, tmp_path / "px")
    assert golden.verify(out).passed
    plan = model_set.plan(PIXTRAL)
    assert [s.id for s in plan.cases] == ["pixtral_multiaxis_grid"]
    case = golden.load("pixtral_multiaxis_grid", out)
    assert case.inputs["positions"].shape == (16, 2)
    multi = dataclasses.replace(from_hf_config_multiaxis(PIXTRAL), precision=REFERENCE_PRECISION)
    assert np.array_equal(case.outputs["expected"], multi.apply(case.inputs["x"], case.inputs["positions"]))
    assert any(line.startswith("text positions: refused:") for line in plan.not_covered)


def test_a_text_model_has_no_multiaxis_cases():
    plan = model_set.plan(LLAMA31)
    assert plan.multiaxis is None and all(s.kind != "multiaxis" for s in plan.cases) and not plan.not_covered


# -- files and the schema --------------------------------------------------------------------------------


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640)])
def test_files_follow_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        out = model_set.generate_model_set(LLAMA31, tmp_path / "s")
    finally:
        os.umask(previous)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 10 and {p.name for p in files} >= {"manifest.json", model_set.MODEL_FILE}
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(mode)}
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary or staging leftovers


def test_model_json_is_swapped_in_with_the_cases(tmp_path, monkeypatch):
    """model.json is in the staging folder when it replaces the target: a reader never sees the cases
    without the config they were made from."""
    from rope_ref.golden import _build

    original = _build._swap.replace_folder
    staged: list[str] = []

    def record(staging, target):
        staged.extend(sorted(p.name for p in staging.iterdir()))
        return original(staging, target)

    monkeypatch.setattr(_build._swap, "replace_folder", record)
    out = model_set.generate_model_set(LLAMA31, tmp_path / "s")
    assert model_set.MODEL_FILE in staged and "manifest.json" in staged
    assert model_set.read_model_file(out) == (LLAMA31, None)


def test_the_schema_comes_with_the_package_first(tmp_path, monkeypatch):
    # setup.py installs golden/schema.json beside the installed golden/v2 (tests/test_install.py checks the copy)
    assert _schema.PACKAGED_SCHEMA == golden.PACKAGED.parent / "schema.json"
    packaged = tmp_path / "data" / "schema.json"
    packaged.parent.mkdir()
    shutil.copy(ROOT / "golden" / "schema.json", packaged)
    monkeypatch.setattr(_schema, "PACKAGED_SCHEMA", packaged)
    monkeypatch.chdir(tmp_path)
    assert _schema.find_schema(tmp_path / "elsewhere" / "set") == packaged


def test_a_manifest_problem_is_counted_apart_from_the_cases(llama_set):
    path = llama_set / "manifest.json"
    data = json.loads(path.read_text())
    data["notes"]["Extra"] = "a flag this rope-ref does not know"
    path.write_text(json.dumps(data, indent=2))
    report = golden.verify(llama_set)
    assert not report.passed and report.failed == 0 and report.verified == report.checked == 3
    assert report.manifest_problems == ["manifest field 'notes' differs from this rope-ref's"]
    assert report.summary() == "manifest: 1 problem; 3 of 3 cases verified."
    assert report.as_dict()["verified"] == 3 and report.as_dict()["manifest_problems"] == 1


# -- docs/golden.md from outside the checkout -----------------------------------------------------------


def test_golden_md_examples_run_outside_the_checkout(tmp_path):
    """docs/golden.md's ```python blocks, run in order in one process whose current folder is not the
    checkout: no example may lean on golden/v2 or golden/schema.json being under the current folder."""
    text = (ROOT / "docs" / "golden.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)  # unindented fences, as the page has
    assert len(blocks) >= 2 and len(blocks) == text.count("```python")
    script = tmp_path / "golden_md.py"
    script.write_text("\n".join(blocks), encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ROPE_REF_GOLDEN"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    run = subprocess.run([sys.executable, str(script)], cwd=outside, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (outside / "golden").exists()

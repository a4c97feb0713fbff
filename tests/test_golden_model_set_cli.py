"""The command line of a model's golden set: ``golden generate --config`` says what it read and what
the set covers (``--json`` as data), ``golden list/show --root`` read a generated set, ``golden verify``
counts manifest problems apart from cases, and ``table``/``audit`` take ``--layer-type`` like ``check``;
every error names the flag, never the Python keyword."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rope_ref import describe_hf_config, from_hf_config
from rope_ref.cli import main
from rope_ref.golden import model_set

DATA = Path(__file__).resolve().parent / "data"
PHI3 = DATA / "configs" / "phi-3-mini-128k-instruct.json"
QWEN2_VL = DATA / "configs" / "qwen2-vl-7b-instruct.json"
GEMMA3 = DATA / "model_sets" / "gemma-3-4b-it.json"
LLAMA31 = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2, "rope_theta": 500000.0,
           "max_position_embeddings": 131072,
           "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                            "original_max_position_embeddings": 8192}}


@pytest.fixture
def llama_config(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(LLAMA31))
    return path


def _generate(tmp_path, config, *extra, out="s"):
    return main(["golden", "generate", "--config", str(config), "--out", str(tmp_path / out), *extra])


@pytest.mark.parametrize("args,message", [
    (["--layer-type", "full_attention"], "--layer-type goes with --config"),
    (["--config", "CONFIG"], "--config needs --out DIR"),
    (["--config", "CONFIG", "--out", "OUT"], "needs --layer-type one of ['full_attention', 'sliding_attention']"),
    (["--config", "CONFIG", "--out", "OUT", "--layer-type", "nope"], "got --layer-type 'nope'"),
])
def test_generate_usage_errors_name_the_flag(tmp_path, capsys, args, message):
    args = [str(GEMMA3) if a == "CONFIG" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    assert main(["golden", "generate", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "layer_type=" not in err


def test_an_existing_set_is_refused_naming_force(tmp_path, capsys, llama_config):
    assert _generate(tmp_path, llama_config) == 0
    capsys.readouterr()
    assert _generate(tmp_path, llama_config) == 2
    err = capsys.readouterr().err
    assert "pass --force to replace it" in err and "force=True" not in err
    assert _generate(tmp_path, llama_config, "--force") == 0


def test_cli_writes_and_verifies_a_set(tmp_path, capsys, llama_config):
    assert _generate(tmp_path, llama_config) == 0
    assert main(["golden", "verify", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "wrote 3 cases" in out and "PASS  3 golden cases" in out


def test_generate_says_what_it_read_and_where_it_came_from(tmp_path, capsys):
    assert _generate(tmp_path, PHI3) == 0
    out = capsys.readouterr().out
    info = describe_hf_config(str(PHI3))
    for line in (f"head dim     96: {info.head_dim_rule}", f"rotary dim   96: {info.rotary_dim_rule}",
                 f"layout       half: {info.layout_rule}", "base         10000.0", "rule         longrope",
                 f"attention    a = {info.rope.attention_factor!r}", "registry entry 'phi3'",
                 "positions    up to 131071 (L0 = 4096",
                 "covers       text positions (one position per token): phi3_apply_short, phi3_apply_original, "
                 "phi3_apply_long, phi3_cos_sin", "wrote 4 cases"):
        assert line in out, (line, out)


def test_generate_json_is_the_same_as_data(tmp_path, capsys):
    assert _generate(tmp_path, PHI3, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    info = describe_hf_config(str(PHI3))
    assert data["head_dim"] == {"value": 96, "rule": info.head_dim_rule}
    assert data["rotary_dim"] == {"value": 96, "rule": info.rotary_dim_rule}
    assert data["layout"] == {"value": "half", "rule": info.layout_rule}
    assert data["rope_theta"] == 10000.0 and data["rule"] == "longrope" and data["source"] == info.source
    assert data["attention_factor"] == info.rope.attention_factor and data["attention_factor_in_tables"] is True
    assert data["lengths"]["original"] == 4096 and data["lengths"]["extended"] == 131072
    assert data["cases"] == ["phi3_apply_short", "phi3_apply_original", "phi3_apply_long", "phi3_cos_sin"]
    assert data["out"] == str(tmp_path / "s") and data["notes"] == list(info.notes)


def test_generate_says_which_parts_a_multi_axis_set_covers(tmp_path, capsys):
    assert _generate(tmp_path, QWEN2_VL) == 0
    out = capsys.readouterr().out
    assert "covers       M-RoPE (mrope) of the language model: (t, h, w) positions: qwen2_vl_multiaxis_grid, " \
           "qwen2_vl_multiaxis_text" in out
    assert "covers       text positions (one position per token): qwen2_vl_apply_short" in out
    assert "wrote 5 cases" in out
    assert _generate(tmp_path, QWEN2_VL, "--json", out="j") == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["part"] for p in data["covers"]] == ["text positions (one position per token)",
                                                   "M-RoPE (mrope) of the language model: (t, h, w) positions"]
    assert data["multiaxis"]["axes"] == 3


def test_list_and_show_read_a_generated_set(tmp_path, capsys):
    assert _generate(tmp_path, PHI3) == 0
    root = str(tmp_path / "s")
    capsys.readouterr()
    assert main(["golden", "list", "--root", root]) == 0
    out = capsys.readouterr().out
    assert "phi3_cos_sin" in out and "4 cases in" in out and "half_basic_d8" not in out
    assert main(["golden", "list", "--root", root, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in listed] == [s.id for s in model_set.model_cases(str(PHI3))]
    assert "AttentionFactorInTables" in listed[-1]["flags"]
    assert main(["golden", "show", "phi3_cos_sin", "--root", root]) == 0
    shown = capsys.readouterr()
    entry = json.loads(shown.out)
    assert entry["id"] == "phi3_cos_sin" and sorted(entry["files"]) == ["cos", "positions", "seq_len", "sin"]
    assert "note:" not in shown.err  # the set's own entry, with its files
    assert main(["golden", "show", "half_basic_d8", "--root", root]) == 2
    assert "ID must be a case of the set in" in capsys.readouterr().err


def test_list_and_show_refuse_a_root_that_is_no_folder(tmp_path, capsys):
    for args in (["list", "--root", str(tmp_path / "none")], ["show", "x", "--root", str(tmp_path / "none")]):
        assert main(["golden", *args]) == 2
        assert "--root must be a golden folder" in capsys.readouterr().err


def test_verify_counts_manifest_problems_apart_from_cases(tmp_path, capsys, llama_config):
    assert _generate(tmp_path, llama_config) == 0
    path = tmp_path / "s" / "manifest.json"
    data = json.loads(path.read_text())
    data["notes"]["Extra"] = "unknown"
    path.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["golden", "verify", str(tmp_path / "s")]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "manifest: 1 problem; 3 of 3 cases verified."
    assert "cases failed" not in out


# -- table and audit take --layer-type, as check does -------------------------------------------------


def test_table_takes_layer_type(capsys):
    bases = {}
    for layer_type in ("sliding_attention", "full_attention"):
        assert main(["table", "--config", str(GEMMA3), "--layer-type", layer_type, "--positions", "0:2",
                     "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        bases[layer_type] = data["base"]
        assert data["base"] == from_hf_config(str(GEMMA3), layer_type=layer_type).base
    assert bases == {"sliding_attention": 10000.0, "full_attention": 1000000.0}


def test_audit_takes_layer_type(capsys):
    scalings = {}
    for layer_type in ("sliding_attention", "full_attention"):
        assert main(["audit", "--config", str(GEMMA3), "--layer-type", layer_type, "--exponents", "8:8",
                     "--samples", "1", "--recipes", "float32", "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        scalings[layer_type] = (data["base"], data["scaling"])
    assert scalings["sliding_attention"][0] == 10000.0 and scalings["full_attention"][0] == 1000000.0
    assert scalings["sliding_attention"][1] != scalings["full_attention"][1]  # linear x8 on full layers only


@pytest.mark.parametrize("command", ["table", "audit"])
@pytest.mark.parametrize("args,message", [
    (["--config", str(GEMMA3)], "needs --layer-type one of ['full_attention', 'sliding_attention']; got no "
                                "--layer-type"),
    (["--config", str(GEMMA3), "--layer-type", "nope"], "got --layer-type 'nope'"),
    (["--config", str(DATA / "configs" / "llama-2-7b.json"), "--layer-type", "full_attention"],
     "--layer-type must not be given"),
    (["--dim", "8", "--layer-type", "full_attention"], "--layer-type goes with --config"),
])
def test_table_and_audit_errors_name_the_flag(capsys, command, args, message):
    if command == "audit" and "--dim" in args:
        args = args[2:]  # audit has a default --dim
    assert main([command, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "layer_type" not in err, err

"""``rope-ref models describe CONFIG``: what rope-ref reads for a config.json and where each part came from.

NumPy only (no transformers): the values are the published shapes of the models (Gemma 3 4B: 8 heads of 256
features, bases 1e6 and 1e4, linear factor 8 on full-attention layers; Phi-3-mini-128k: LongRoPE from 4096).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rope_ref.cli import main

DATA = Path(__file__).resolve().parent / "data"
GEMMA3 = DATA / "model_sets" / "gemma-3-4b-it.json"
SCOUT = DATA / "configs" / "llama-4-scout-17b-16e.json"
PHI3 = DATA / "configs" / "phi-3-mini-128k-instruct.json"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["models", "describe", *argv], out=out)
    return code, out.getvalue(), capsys.readouterr().err


def test_text_names_each_part_and_where_it_came_from(capsys):
    code, out, err = run(capsys, str(GEMMA3))
    assert code == 0 and err == ""
    assert "layer types with their own RoPE: full_attention, sliding_attention" in out
    full, sliding = out.split("[full_attention]")[1].split("[sliding_attention]")
    assert "head dim          256" in full and "the gemma3_text config class's default head_dim" in full
    assert "base              1000000.0" in full and "the gemma3_text config class's default rope_theta" in full
    assert "rule              Linear(factor=8.0)" in full and "config['text_config']['rope_scaling']" in full
    assert "base              10000.0" in sliding and "rule              none" in sliding
    assert "note: from the gemma3_text config class's defaults (not in the config): head_dim 256" in out


def test_json_holds_one_reading_per_layer_type_with_its_sources(capsys):
    code, out, _ = run(capsys, str(PHI3), "--json")
    data = json.loads(out)
    assert code == 0 and data["model_type"] == "phi3" and data["warnings"] == []
    (reading,) = data["readings"]
    assert reading["rope"]["dim"] == 96 and reading["rope"]["scaling"].startswith("LongRoPE(")
    assert reading["rope"]["attention_factor"] == pytest.approx(1.1902380714238083, rel=1e-15)
    assert set(reading["sources"]) == {"head_dim", "rotary_dim", "base", "rule", "layout"}
    assert reading["sources"]["base"] == "config['rope_theta']"
    code, out, _ = run(capsys, str(GEMMA3), "--json", "--layer-type", "sliding_attention")
    assert [r["layer_type"] for r in json.loads(out)["readings"]] == ["sliding_attention"]


def test_an_unknown_model_type_warns_and_strict_refuses(tmp_path, capsys):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_type": "glm-4", "hidden_size": 4096, "num_attention_heads": 32}))
    code, out, _ = run(capsys, str(config))
    assert code == 0 and "warning: model type 'glm-4' is not in rope-ref's registry" in out
    assert "pass --strict to refuse" in out
    code, out, err = run(capsys, str(config), "--strict")
    assert code == 1 and out == "" and "refused (--strict): model type 'glm-4'" in err


def test_a_layer_without_rope_is_refused_by_index(capsys):
    code, out, err = run(capsys, str(SCOUT), "--layer-idx", "3")
    assert code == 1 and "layer 3 of this llama4 config has no RoPE" in err
    code, out, _ = run(capsys, str(SCOUT), "--layer-idx", "0")
    assert code == 0 and "Llama3(" in out and "note: layers 3, 7, ..., 47 use no RoPE" in out


@pytest.mark.parametrize("argv,message", [
    (["/no/such/config.json"], "does not exist"),
    ([str(GEMMA3), "--layer-type", "global"], "--layer-type must be one of ['full_attention', 'sliding_attention']"),
    ([str(GEMMA3), "--layer-type", "full_attention", "--layer-idx", "0"], "give --layer-type or --layer-idx"),
])
def test_usage_errors_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_help_describes_both_actions(capsys):
    assert main(["models", "--help"], out=io.StringIO()) == 0
    text = capsys.readouterr().out
    assert "describe" in text and "sweep" in text and "run it the day a release lands" in text
    assert main(["models", "describe", "--help"], out=io.StringIO()) == 0
    text = capsys.readouterr().out
    assert all(flag in text for flag in ("--layer-type", "--layer-idx", "--strict", "--json"))


def test_other_commands_print_config_warnings_as_one_line_and_take_strict(tmp_path, capsys):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_type": "glm-4", "hidden_size": 256, "num_attention_heads": 4}))
    code = main(["table", "--config", str(config), "--positions", "0,1"], out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 0 and err.startswith("rope-ref table: warning: model type 'glm-4'") and err.count("\n") == 1
    code = main(["golden", "generate", "--config", str(config), "--out", str(tmp_path / "set"), "--strict"],
                out=io.StringIO())
    err = capsys.readouterr().err
    assert code == 2 and "refused (--strict)" in err and not (tmp_path / "set").exists()

"""One model's golden set (rope-ref golden generate --config): written, verified, tampering caught,
bad usage refused. Whether transformers' own code passes the sets is tests/interop's job."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from rope_ref import from_hf_config, golden
from rope_ref.cli import main
from rope_ref.golden import model_set
from rope_ref.golden.catalogue import REFERENCE_PRECISION

LLAMA31 = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2, "rope_theta": 500000.0,
           "max_position_embeddings": 131072,
           "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                            "original_max_position_embeddings": 8192}}
GEMMA3 = {"model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "head_dim": 64,
          "rope_theta": 1e6, "rope_local_base_freq": 1e4, "max_position_embeddings": 32768}


@pytest.fixture
def llama_set(tmp_path):
    return model_set.generate_model_set(LLAMA31, tmp_path / "llama")


def test_a_model_set_verifies_and_holds_the_models_rope(llama_set):
    assert golden.verify(llama_set).passed
    rope = dataclasses.replace(from_hf_config(LLAMA31), precision=REFERENCE_PRECISION)
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


@pytest.mark.parametrize("args,message", [
    (["--layer-type", "full_attention"], "--layer-type goes with --config"),
    (["--config", "CONFIG"], "--config needs --out DIR"),
    (["--config", "CONFIG", "--out", "OUT"], "needs layer_type= one of ['full_attention', 'sliding_attention']"),
])
def test_cli_usage_errors(tmp_path, capsys, args, message):
    config = tmp_path / "config.json"
    config.write_text(json.dumps(GEMMA3))
    args = [str(config) if a == "CONFIG" else str(tmp_path / "out") if a == "OUT" else a for a in args]
    assert main(["golden", "generate", *args]) == 2
    assert message in capsys.readouterr().err


def test_cli_writes_and_verifies_a_set(tmp_path, capsys):
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA31))
    assert main(["golden", "generate", "--config", str(config), "--out", str(tmp_path / "s")]) == 0
    assert main(["golden", "verify", str(tmp_path / "s")]) == 0
    assert "wrote 3 cases" in capsys.readouterr().out
    assert main(["golden", "generate", "--config", str(config), "--out", str(tmp_path / "s")]) == 2  # no --force

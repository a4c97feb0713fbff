"""``rope-ref models compare FILE.gguf config.json`` and ``rope-ref models describe FILE.gguf``: matched
pairs exit 0; each broken conversion exits 1 with the difference named."""

from __future__ import annotations

import json
import math

import pytest

pytest.importorskip("gguf")

import gguf_files

from rope_ref import describe_gguf
from rope_ref.cli import main
from rope_ref.models._compare import compare


def _run(capsys, *argv):
    code = main(["models", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(gguf_files.MODELS))
def test_matched_pairs_are_the_same(name, tmp_path, capsys):
    g, c = gguf_files.write_pair(name, tmp_path)
    code, out, err = _run(capsys, "compare", str(g), str(c))
    assert code == 0, out + err
    assert "SAME" in out
    code, out, _ = _run(capsys, "compare", str(g), str(c), "--json")
    assert code == 0 and json.loads(out)["same"] is True


def _broken(name, plan, tmp_path):
    g, c = gguf_files.write_pair(name, tmp_path, plan)
    return compare(g, c)


def _whats(result):
    return {d["what"] for d in result["differences"]}


def test_norm_where_neox_was_meant(tmp_path):
    """As Plamo and Orion shipped: NORM pairing for a model whose converter does not permute q/k."""
    plan = gguf_files.plan_qwen2_yarn().with_arch("llama")  # llama.cpp gives 'llama' the NORM rope type
    result = _broken("qwen2.5-7b-yarn", plan, tmp_path)
    assert not result["same"] and "pairing" in _whats(result)
    text = " ".join(d["text"] for d in result["differences"])
    assert "does not permute" in text and "NEOX" in text


def test_wrong_base(tmp_path):
    plan = gguf_files.plan_llama_3_1().with_call("add_rope_freq_base", 10000.0)
    result = _broken("llama-3.1-8b", plan, tmp_path)
    assert "base" in _whats(result)
    assert any("10000" in d["text"] and "500000" in d["text"] for d in result["differences"])


def test_missing_rope_freqs(tmp_path):
    plan = gguf_files.plan_llama_3_1().without("rope_freqs.weight")
    result = _broken("llama-3.1-8b", plan, tmp_path)
    assert {"rule", "frequency factors"} <= _whats(result)
    assert any("no rope_freqs tensor" in d["text"] for d in result["differences"])


@pytest.mark.parametrize(("call", "value", "named"), [
    ("add_rope_scaling_factor", 8.0, "factor"),
    ("add_rope_scaling_orig_ctx_len", 8192, "original_max_position_embeddings")])
def test_wrong_yarn_key(call, value, named, tmp_path):
    plan = gguf_files.plan_deepseek_v3().with_call(call, value)
    result = _broken("deepseek-v3", plan, tmp_path)
    assert not result["same"]
    assert any(named in d["text"] for d in result["differences"]), result["differences"]


def test_a_yarn_beta_key_llama_cpp_ignores_changes_nothing(tmp_path):
    """deepseek2's loader does not read rope.scaling.yarn_beta_fast: llama.cpp keeps 32, the config's."""
    plan = gguf_files.plan_deepseek_v3().with_call("add_rope_scaling_yarn_beta_fast", 16.0)
    g, c = gguf_files.write_pair("deepseek-v3", tmp_path, plan)
    assert compare(g, c)["same"]
    assert any("yarn_beta_fast = 16.0 is ignored" in note for note in describe_gguf(g).notes)


@pytest.mark.parametrize("log_mul", [1.0, 0.0])
def test_wrong_yarn_log_multiplier(log_mul, tmp_path, capsys):
    """1.0 (mscale_all_dim written without the 0.1) or 0: llama.cpp's softmax scale is not transformers'."""
    plan = gguf_files.plan_deepseek_v3().with_call("add_rope_scaling_yarn_log_mul", log_mul)
    g, c = gguf_files.write_pair("deepseek-v3", tmp_path, plan)
    result = compare(g, c)
    soft = [d for d in result["differences"] if d["what"] == "softmax scale factor"]
    assert soft, result["differences"]
    # transformers: (0.1 * mscale_all_dim * ln factor + 1)**2 with DeepSeek-V3's mscale_all_dim 1, factor 40
    expected_config = (0.1 * 1.0 * math.log(40.0) + 1.0) ** 2
    assert math.isclose(soft[0]["config"], expected_config, rel_tol=1e-12)
    assert math.isclose(soft[0]["gguf"], (1.0 + log_mul * math.log(40.0)) ** 2, rel_tol=1e-6)
    assert f"yarn_log_multiplier {log_mul:g}" in soft[0]["text"] and "mscale_all_dim 1" in soft[0]["text"]
    code, out, _ = _run(capsys, "compare", str(g), str(c))
    assert code == 1 and "softmax scale factor" in out


def test_gemma3_sliding_layers_given_the_global_linear_factor(tmp_path):
    """The bug as a config reading it: global base and linear factor everywhere (no local base)."""
    g, _ = gguf_files.write_pair("gemma-3-4b-it", tmp_path)
    config = json.loads(json.dumps(gguf_files.GEMMA_3_4B))
    config["text_config"]["rope_local_base_freq"] = 1_000_000.0
    c = tmp_path / "gemma-bug.json"
    c.write_text(json.dumps(config), encoding="utf-8")
    result = compare(g, c)
    sliding = [d for d in result["differences"] if "sliding" in d["layers"]]
    assert sliding and "per-layer bases" in {d["what"] for d in sliding}, result["differences"]
    assert not [d for d in result["differences"] if "full_attention" in d["layers"]]


def test_longrope_long_factors_for_short_prompts(tmp_path):
    plan = gguf_files.plan_phi3_longrope()
    long = dict(plan.tensors)["rope_factors_long.weight"]
    result = _broken("phi-3-mini-128k-instruct", plan.with_tensor("rope_factors_short.weight", long), tmp_path)
    freq = [d for d in result["differences"] if d["what"] == "frequency factors"]
    assert freq and ("seq_len 1 " in freq[0]["text"] or "seq_len 4096 " in freq[0]["text"]), freq


def test_partial_rotary_dims(tmp_path):
    plan = gguf_files.plan_gpt_neox().with_call("add_rope_dimension_count", 96)
    result = _broken("gpt-neox-20b", plan, tmp_path)
    assert "rotary dims" in _whats(result)


def test_exit_codes_and_text(tmp_path, capsys):
    g, c = gguf_files.write_pair("llama-3.1-8b", tmp_path, gguf_files.plan_llama_3_1().without("rope_freqs.weight"))
    code, out, _ = _run(capsys, "compare", str(g), str(c))
    assert code == 1 and "DIFFERS" in out and "DIFFERENT" in out
    code, _, err = _run(capsys, "compare", str(tmp_path / "missing.gguf"), str(c))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "compare", str(g), str(tmp_path / "missing.json"))
    assert code == 2 and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "compare", str(g), str(c), "--layer", "99")
    assert code == 2


def test_describe_gguf(tmp_path, capsys):
    g, _ = gguf_files.write_pair("phi-3-mini-128k-instruct", tmp_path)
    code, out, _ = _run(capsys, "describe", str(g))
    assert code == 0 and "phi3" in out and "rope_factors_long" in out
    code, out, _ = _run(capsys, "describe", str(g), "--json")
    data = json.loads(out)
    assert code == 0 and data["arch"] == "phi3" and len(data["freq_factors"]["rope_factors_short"]) == 48

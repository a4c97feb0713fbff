"""`rope-ref golden generate --config` for six real models: the sets verify, transformers' own
modelling code (float32) passes every apply case at float32 angle precision, its rotary modules'
cos and sin (attention factor included) match every cos_sin case within the manifest's float32
tolerance, and Qwen2-VL's M-RoPE passes the multi-axis cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rope_ref import golden
from rope_ref.cli import main
from rope_ref.golden import model_set
from rope_ref.testing import assert_rope_close

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
import importlib  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / "data"
MODELS = [("configs/llama-3.1-8b.json", None), ("model_sets/qwen2.5-7b-instruct-yarn.json", None),
          ("configs/phi-3-mini-128k-instruct.json", None), ("configs/deepseek-v3.json", None),
          ("model_sets/gemma-3-4b-it.json", "sliding_attention"), ("model_sets/gemma-3-4b-it.json", "full_attention"),
          ("configs/qwen2-vl-7b-instruct.json", None)]
IDS = [f"{n.split('/')[1][:-5]}-{t or 'all'}" for n, t in MODELS]


def _transformers_rope(config: dict, layer_type: str | None):
    """(rotary module, apply function, output permutation) from transformers' own modelling code."""
    model_type = config["model_type"]
    if model_type == "gemma3":
        config, model_type = config["text_config"], "gemma3_text"
    folder = {"gemma3_text": "gemma3"}.get(model_type, model_type)
    mod = importlib.import_module(f"transformers.models.{folder}.modeling_{folder}")
    hf = transformers.AutoConfig.for_model(model_type, **{k: v for k, v in config.items() if k != "model_type"})
    hf = hf.get_text_config()  # Qwen2-VL keeps the language model's fields in a text config
    rotary = next(c for n, c in vars(mod).items() if n.endswith("RotaryEmbedding") and "Vision" not in n)(hf)
    if getattr(hf, "rope_interleave", False):  # DeepSeek-V3: adjacent pairs, returned in half order
        return rotary, mod.apply_rotary_pos_emb_interleave, "half"
    return rotary, mod.apply_rotary_pos_emb, None


def _generate(tmp_path, name, layer_type, capsys) -> Path:
    out = tmp_path / "set"
    args = ["golden", "generate", "--config", str(DATA / name), "--out", str(out)]
    assert main(args + (["--layer-type", layer_type] if layer_type else [])) == 0
    assert main(["golden", "verify", str(out)]) == 0
    count = len(model_set.model_cases(str(DATA / name), layer_type))
    assert f"PASS  {count} golden cases" in capsys.readouterr().out
    return out


@pytest.mark.parametrize("name,layer_type", MODELS, ids=IDS)
def test_model_set_verifies_and_transformers_passes_it(tmp_path, name, layer_type, capsys):
    out = _generate(tmp_path, name, layer_type, capsys)
    config, _ = model_set.read_model_file(out)
    rotary, apply, order = _transformers_rope(config, layer_type)
    for spec in model_set.model_cases(config, layer_type):
        if spec.kind != "apply":
            continue
        case = golden.load(spec.id, out)
        seq_len = float(case.inputs["seq_len"]) if "seq_len" in case.inputs else None
        assert seq_len is None or seq_len == case.inputs["positions"].max() + 1  # what transformers computes
        x, positions, expected = case.inputs["x"], case.inputs["positions"], case.outputs["expected"]
        t = torch.from_numpy(x)[None, None]
        kwargs = {"layer_type": layer_type} if layer_type else {}
        with torch.no_grad():
            cos, sin = rotary(t, torch.from_numpy(positions)[None], **kwargs)
            got = apply(t, t, cos, sin)[0][0, 0].double().numpy()
        if order == "half":
            r = expected.shape[-1]
            expected = expected[..., np.concatenate([np.arange(0, r, 2), np.arange(1, r, 2)])]
        rope = model_set.describe_hf_config(config, layer_type=layer_type).rope
        max_angle = float(np.abs(rope.angles(positions, seq_len)).max())
        assert_rope_close(got, expected, dtype="float32", max_angle=max_angle, angle_dtype="float32")


def _rotary_tables(rotary, positions: np.ndarray, layer_type: str | None) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin (one value per pair) as transformers' rotary module returns them for ``positions``,
    (n,) or (n, 3) M-RoPE rows, in a fresh module (its dynamic update sees max(positions) + 1)."""
    x = torch.zeros(1, 1, len(positions), 1)
    ids = torch.from_numpy(positions)[None] if positions.ndim == 1 else \
        torch.from_numpy(np.ascontiguousarray(np.moveaxis(positions, -1, 0)))[:, None]  # (3, batch, seq)
    kwargs = {"layer_type": layer_type} if layer_type else {}
    with torch.no_grad():
        cos, sin = rotary(x, ids, **kwargs)
    half = cos.shape[-1] // 2
    return cos[0, :, :half].double().numpy(), sin[0, :, :half].double().numpy()


@pytest.mark.parametrize("name,layer_type", MODELS, ids=IDS)
def test_cos_sin_cases_match_transformers_rotary_module(tmp_path, name, layer_type, capsys):
    """The tables transformers' rotary module returns are multiplied by the attention factor (Phi-3's
    LongRoPE 1.19, Qwen2.5's YaRN 1.14): the sets' cos_sin cases hold the same, within the manifest's
    float32 tolerance (float32 angles, transformers' recipe)."""
    out = _generate(tmp_path, name, layer_type, capsys)
    config, _ = model_set.read_model_file(out)
    rotary, _, _ = _transformers_rope(config, layer_type)
    spec = next(s for s in model_set.model_cases(config, layer_type) if s.kind == "cos_sin")
    case = golden.load(spec.id, out)
    cos, sin = _rotary_tables(rotary, case.inputs["positions"], layer_type)
    entry = case.tolerance("float32", "float32")
    assert entry["checkable"]
    error = max(np.abs(cos - case.outputs["cos"]).max(), np.abs(sin - case.outputs["sin"]).max())
    assert error <= entry["atol"], (spec.id, error, entry["atol"])
    a = float(getattr(rotary, f"{layer_type}_attention_scaling", None) or rotary.attention_scaling)
    assert ("AttentionFactorInTables" in case.entry["flags"]) == (a != 1.0)
    if a != 1.0:  # tables without the factor (what the sets held before) fail the same tolerance
        before = max(np.abs(cos - case.outputs["cos"] / a).max(), np.abs(sin - case.outputs["sin"] / a).max())
        assert before > entry["atol"], (spec.id, before, entry["atol"])


def test_qwen2_vl_multiaxis_cases_match_transformers(tmp_path, capsys):
    """Qwen2-VL's M-RoPE: transformers' rotary module with (3, batch, seq) position_ids and its
    apply_rotary_pos_emb pass the set's multi-axis cases (a (t, h, w) grid and text rows)."""
    name = "configs/qwen2-vl-7b-instruct.json"
    out = _generate(tmp_path, name, None, capsys)
    config, _ = model_set.read_model_file(out)
    rotary, apply, _ = _transformers_rope(config, None)
    multi = [s for s in model_set.model_cases(config) if s.kind == "multiaxis"]
    assert [s.id for s in multi] == ["qwen2_vl_multiaxis_grid", "qwen2_vl_multiaxis_text"]
    for spec in multi:
        case = golden.load(spec.id, out)
        x, positions = case.inputs["x"], case.inputs["positions"]
        t = torch.from_numpy(x)[None, None]
        ids = torch.from_numpy(np.ascontiguousarray(np.moveaxis(positions, -1, 0)))[:, None]
        with torch.no_grad():
            cos, sin = rotary(t, ids)
            got = apply(t, t, cos, sin)[0][0, 0].double().numpy()
        entry = case.tolerance("float32", "float32")
        assert entry["checkable"] and np.abs(got - case.outputs["expected"]).max() <= entry["atol"], spec.id


def test_per_layer_config_without_layer_type_is_a_usage_error(tmp_path, capsys):
    assert main(["golden", "generate", "--config", str(DATA / "model_sets" / "gemma-3-4b-it.json"), "--out",
                 str(tmp_path / "g")]) == 2
    assert "needs --layer-type one of ['full_attention', 'sliding_attention']" in capsys.readouterr().err

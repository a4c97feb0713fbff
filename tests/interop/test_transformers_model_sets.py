"""`rope-ref golden generate --config` for five real models: the sets verify, and transformers' own
modelling code (float32) passes every apply case at float32 angle precision."""

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
          ("model_sets/gemma-3-4b-it.json", "sliding_attention"), ("model_sets/gemma-3-4b-it.json", "full_attention")]


def _transformers_rope(config: dict, layer_type: str | None):
    """(rotary module, apply function, output permutation) from transformers' own modelling code."""
    model_type = config["model_type"]
    if model_type == "gemma3":
        config, model_type = config["text_config"], "gemma3_text"
    folder = {"gemma3_text": "gemma3"}.get(model_type, model_type)
    mod = importlib.import_module(f"transformers.models.{folder}.modeling_{folder}")
    hf = transformers.AutoConfig.for_model(model_type, **{k: v for k, v in config.items() if k != "model_type"})
    rotary = next(c for n, c in vars(mod).items() if n.endswith("RotaryEmbedding") and "Vision" not in n)(hf)
    if getattr(hf, "rope_interleave", False):  # DeepSeek-V3: adjacent pairs, returned in half order
        return rotary, mod.apply_rotary_pos_emb_interleave, "half"
    return rotary, mod.apply_rotary_pos_emb, None


@pytest.mark.parametrize("name,layer_type", MODELS, ids=[f"{n.split('/')[1][:-5]}-{t or 'all'}" for n, t in MODELS])
def test_model_set_verifies_and_transformers_passes_it(tmp_path, name, layer_type, capsys):
    out = tmp_path / "set"
    args = ["golden", "generate", "--config", str(DATA / name), "--out", str(out)]
    assert main(args + (["--layer-type", layer_type] if layer_type else [])) == 0
    assert main(["golden", "verify", str(out)]) == 0
    assert "PASS  3 golden cases" in capsys.readouterr().out
    config, _ = model_set.read_model_file(out)
    rotary, apply, order = _transformers_rope(config, layer_type)
    for spec in model_set.model_cases(config, layer_type):
        if spec.kind != "apply":
            continue
        case = golden.load(spec.id, out)
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
        max_angle = float(np.abs(rope.angles(positions, spec.params.get("seq_len"))).max())
        assert_rope_close(got, expected, dtype="float32", max_angle=max_angle, angle_dtype="float32")


def test_per_layer_config_without_layer_type_is_a_usage_error(tmp_path, capsys):
    assert main(["golden", "generate", "--config", str(DATA / "model_sets" / "gemma-3-4b-it.json"), "--out",
                 str(tmp_path / "g")]) == 2
    assert "needs layer_type= one of ['full_attention', 'sliding_attention']" in capsys.readouterr().err

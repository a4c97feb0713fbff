"""Per-layer RoPE against transformers' own rotary modules: Gemma 2, Gemma 3 (old and new config
forms), ModernBERT (old keys) and a transformers-5 per-layer config (one block per layer type)."""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import from_hf_config

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers.models.gemma2 import configuration_gemma2, modeling_gemma2  # noqa: E402
from transformers.models.gemma3 import configuration_gemma3, modeling_gemma3  # noqa: E402
from transformers.models.modernbert import configuration_modernbert, modeling_modernbert  # noqa: E402

EPS32 = float(np.finfo(np.float32).eps)

GEMMA3_OLD = {"model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "num_key_value_heads": 1,
              "head_dim": 256, "num_hidden_layers": 12, "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0,
              "max_position_embeddings": 32768, "rope_scaling": {"rope_type": "linear", "factor": 8.0},
              "sliding_window_pattern": 6}
GEMMA3_NEW = {"model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "num_key_value_heads": 1,
              "head_dim": 256, "num_hidden_layers": 12, "max_position_embeddings": 32768,
              "rope_parameters": {"full_attention": {"rope_type": "linear", "factor": 8.0, "rope_theta": 1000000.0},
                                  "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}}
MODERNBERT_OLD = {"model_type": "modernbert", "hidden_size": 768, "num_attention_heads": 12, "num_hidden_layers": 6,
                  "global_rope_theta": 160000.0, "local_rope_theta": 10000.0, "global_attn_every_n_layers": 3}
# transformers 5 per-layer blocks with YaRN on the full layers
PER_LAYER_T5 = {"model_type": "gemma3_text", "hidden_size": 640, "num_attention_heads": 4, "num_key_value_heads": 1,
                "head_dim": 128, "num_hidden_layers": 6, "max_position_embeddings": 65536,
                "rope_parameters": {"full_attention": {"rope_type": "yarn", "factor": 4.0, "rope_theta": 500000.0,
                                                       "original_max_position_embeddings": 16384},
                                    "sliding_attention": {"rope_type": "default", "rope_theta": 10000.0}}}


def _check(rotary, config: dict, layer_type: str | None) -> None:
    prefix = "" if layer_type is None else f"{layer_type}_"
    inv = getattr(rotary, f"{prefix}inv_freq").double().numpy()
    factor = float(getattr(rotary, f"{prefix}attention_scaling", getattr(rotary, "attention_scaling", 1.0)))
    rope = from_hf_config(config, layer_type=layer_type)
    np.testing.assert_allclose(rope.inv_freq(), inv, rtol=4 * EPS32, atol=0)
    assert abs(rope.attention_factor - factor) <= 4 * EPS32 * factor
    # the same RoPE applied by transformers' own code, float32 angles
    positions = np.array([0, 1, 7, 1000, 20000])
    x = np.random.default_rng(0).standard_normal((positions.size, rope.dim)).astype(np.float32)
    t = torch.from_numpy(x)[None, None]
    kwargs = {} if layer_type is None else {"layer_type": layer_type}
    cos, sin = rotary(t, torch.from_numpy(positions)[None], **kwargs)
    module = modeling_gemma3 if "Gemma3" in type(rotary).__name__ else (
        modeling_gemma2 if "Gemma2" in type(rotary).__name__ else modeling_modernbert)
    got = module.apply_rotary_pos_emb(t, t, cos, sin)[0][0, 0].double().numpy()
    from rope_ref.testing import assert_rope_close
    assert_rope_close(got, rope.apply(x, positions), dtype="float32",
                      max_angle=float(np.abs(rope.angles(positions)).max()), angle_dtype="float32")


@pytest.mark.parametrize("config", [GEMMA3_OLD, GEMMA3_NEW, PER_LAYER_T5], ids=["gemma3_old", "gemma3_new", "t5_yarn"])
@pytest.mark.parametrize("layer_type", ["full_attention", "sliding_attention"])
def test_gemma3_forms_resolve_each_layer_type(config, layer_type):
    hf = configuration_gemma3.Gemma3TextConfig(**{k: v for k, v in config.items() if k != "model_type"})
    _check(modeling_gemma3.Gemma3RotaryEmbedding(hf), config, layer_type)


def test_gemma3_old_form_differs_per_layer_type():
    assert from_hf_config(GEMMA3_OLD, layer_type="sliding_attention").base == 10000.0
    assert from_hf_config(GEMMA3_OLD, layer_type="full_attention").base == 1000000.0


@pytest.mark.parametrize("layer_type", ["full_attention", "sliding_attention"])
def test_modernbert_old_keys_resolve_each_layer_type(layer_type):
    hf = configuration_modernbert.ModernBertConfig(**{k: v for k, v in MODERNBERT_OLD.items() if k != "model_type"})
    _check(modeling_modernbert.ModernBertRotaryEmbedding(hf), MODERNBERT_OLD, layer_type)


@pytest.mark.parametrize("layer_type", [None, "sliding_attention", "full_attention"])
def test_gemma2_has_one_rope_for_every_layer_type(layer_type):
    config = {"model_type": "gemma2", "hidden_size": 512, "num_attention_heads": 4, "head_dim": 128,
              "num_hidden_layers": 4, "rope_theta": 10000.0,
              "layer_types": ["sliding_attention", "full_attention"] * 2}
    hf = configuration_gemma2.Gemma2Config(**{k: v for k, v in config.items() if k != "model_type"})
    rotary = modeling_gemma2.Gemma2RotaryEmbedding(hf)
    inv = rotary.inv_freq.double().numpy()
    np.testing.assert_allclose(from_hf_config(config, layer_type=layer_type).inv_freq(), inv, rtol=4 * EPS32, atol=0)

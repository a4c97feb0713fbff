"""transformers' own Llama rotary code (float32) against the oracle, at short and long positions."""

import numpy as np
import pytest

from rope_ref import from_hf_config
from rope_ref.testing import assert_rope_close

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers.models.llama import modeling_llama  # noqa: E402

CONFIG = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2, "num_key_value_heads": 2,
          "intermediate_size": 512, "num_hidden_layers": 1, "vocab_size": 32, "rope_theta": 500000.0,
          "max_position_embeddings": 131072,
          "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                           "original_max_position_embeddings": 8192}}


def _transformers_apply(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    config = transformers.LlamaConfig(**CONFIG)
    rotary = modeling_llama.LlamaRotaryEmbedding(config)
    t = torch.from_numpy(x.astype(np.float32))[None, None]  # (1, 1, seq, d)
    cos, sin = rotary(t, torch.from_numpy(positions.astype(np.int64))[None])
    q, _ = modeling_llama.apply_rotary_pos_emb(t, t, cos, sin)
    return q[0, 0].detach().numpy().astype(np.float64)


@pytest.mark.parametrize("positions", [np.arange(64), np.array([0, 1, 8191, 8192, 65536, 131071])],
                         ids=["short", "long"])
def test_llama31_float32_matches_at_float32_angle_precision(positions):
    rope = from_hf_config(CONFIG)
    x = (np.random.default_rng(0).integers(-8192, 8192, (positions.size, 128)) / 1024.0).astype(np.float32)
    got = _transformers_apply(x, positions)
    expected = rope.apply(x, positions)
    max_angle = float(np.max(np.abs(rope.angles(positions))))
    assert_rope_close(got, expected, dtype="float32", max_angle=max_angle, angle_dtype="float32")


def test_llama31_float32_angles_fail_float64_angle_precision_at_long_positions():
    rope = from_hf_config(CONFIG)
    positions = np.array([65536, 100000, 131071])
    x = (np.random.default_rng(1).integers(-8192, 8192, (positions.size, 128)) / 1024.0).astype(np.float32)
    max_angle = float(np.max(np.abs(rope.angles(positions))))
    with pytest.raises(AssertionError, match="exceed atol"):
        assert_rope_close(_transformers_apply(x, positions), rope.apply(x, positions), dtype="float32",
                          max_angle=max_angle, angle_dtype="float64")

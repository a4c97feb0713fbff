"""The statements of docs/divergences.md, docs/variants.md and docs/conventions.md that are about a
framework's code, checked by running that code (transformers, keras-hub): the page's numbers next to
what the installed framework computes. The numbers that need no framework are checked in
tests/test_docs_divergences_numbers.py, whose page helpers these tests share.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from test_docs_divergences_numbers import _mscale, _page, _states


@pytest.mark.parametrize(("config_name", "mscale"), [("DeepseekV3Config", 1.0), ("DeepseekV2Config", 0.707)])
def test_transformers_multiplies_the_softmax_scale_and_not_cos_sin(config_name, mscale):
    """transformers' DeepSeek attention: softmax scale times m(s, mscale_all_dim)^2, cos/sin times 1."""
    transformers = pytest.importorskip("transformers")
    module = {"DeepseekV3Config": "deepseek_v3", "DeepseekV2Config": "deepseek_v2"}[config_name]
    modeling = __import__(f"transformers.models.{module}.modeling_{module}", fromlist=["_"])
    rope = {"rope_type": "yarn", "factor": 40.0, "original_max_position_embeddings": 4096, "mscale": mscale,
            "mscale_all_dim": mscale, "rope_theta": 10000.0, "beta_fast": 32, "beta_slow": 1}
    config = getattr(transformers, config_name)(
        hidden_size=16, num_attention_heads=2, num_key_value_heads=2, qk_nope_head_dim=4, qk_rope_head_dim=4,
        v_head_dim=4, kv_lora_rank=4, q_lora_rank=None, max_position_embeddings=163840, rope_parameters=rope,
        vocab_size=10, intermediate_size=8, moe_intermediate_size=8, num_hidden_layers=1)
    prefix = "DeepseekV3" if module == "deepseek_v3" else "DeepseekV2"
    attention = getattr(modeling, f"{prefix}Attention")(config, 0)
    rotary = getattr(modeling, f"{prefix}RotaryEmbedding")(config)
    expected = float(_mscale(40, mscale) ** 2)
    assert attention.scaling * math.sqrt(8) == pytest.approx(expected, rel=1e-12)   # qk_head_dim 4 + 4
    assert rotary.attention_scaling == pytest.approx(1.0, rel=1e-12)

def test_keras_hub_dynamic_divides_every_frequency_by_the_same_factor():
    """Run keras-hub's layer: the angle of every pair at position 1 is theta_j / s^(d/(d-2)).
    An NTK-aware rule would keep theta_0 = 1 (ratio 1 for pair 0) and fail here."""
    keras_hub = pytest.importorskip("keras_hub")
    keras = pytest.importorskip("keras")
    d, s = 128, 2.0
    layer = keras_hub.layers.RotaryEmbedding(max_wavelength=10000, scaling_factor=s, rope_type="dynamic")
    x = np.zeros((1, 2, d), dtype="float32")
    x[..., : d // 2] = 1.0                                      # half layout: pair j = (x_j, x_{j + d/2})
    y = keras.ops.convert_to_numpy(layer(x))[0, 1].astype(np.float64)   # position 1
    angles = np.arctan2(y[d // 2:], y[: d // 2])
    theta = np.array([float(mpmath.mpf(10000) ** (-mpmath.mpf(2 * j) / d)) for j in range(d // 2)])
    factor = float(mpmath.mpf(s) ** (mpmath.mpf(d) / (d - 2)))
    # float32 angles and inverse frequencies: a few float32 ulps of relative error.
    np.testing.assert_allclose(angles * factor / theta, 1.0, rtol=2e-6, atol=0)

def test_transformers_dynamic_ntk_keeps_the_largest_base_until_a_call_below_L():
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding

    from rope_ref import RoPE
    from rope_ref.scaling import DynamicNTK

    d, L = 128, 4096
    calls, stated = [16384, 8192, 4096, 4095, 8192], [16384, 16384, 16384, 4096, 8192]
    _states("divergences", f"hf_length({calls}, L) == {stated}")
    config = transformers.LlamaConfig(hidden_size=d, num_attention_heads=1, head_dim=d, max_position_embeddings=L,
                                      rope_parameters={"rope_type": "dynamic", "factor": 2.0, "rope_theta": 1e4})
    rotary = LlamaRotaryEmbedding(config)
    reference = RoPE(d, scaling=DynamicNTK(2.0, L))
    for n, effective in zip(calls, stated, strict=True):
        rotary(torch.zeros(1, 1, d), torch.tensor([[n - 1]]))          # max(position_ids) + 1 = n
        got = rotary.inv_freq.double().numpy()
        # transformers computes the base and inv_freq in float32.
        np.testing.assert_allclose(got, reference.inv_freq(seq_len=effective), rtol=5e-6, atol=0,
                                   err_msg=f"call of length {n}: expected the frequencies of {effective}")

def test_llama4_nope_layers_are_every_fourth():
    transformers = pytest.importorskip("transformers")
    flags = transformers.Llama4TextConfig(num_hidden_layers=48).no_rope_layers
    nope = [i for i, uses_rope in enumerate(flags) if not uses_rope]
    assert nope == list(range(3, 48, 4)) and len(nope) == 12
    _states("variants", "layers 3, 7, 11, ..., counting from 0, so 12 of 48")

def test_llama4_temperature_formula_against_transformers(monkeypatch):
    """Run transformers' Llama 4 attention on a NoPE layer (floor_scale 4, attn_scale 0.5, so that
    20 positions cross several floors) and compare the query it scales with the page's formula."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from transformers.models.llama4 import modeling_llama4

    config = transformers.Llama4TextConfig(hidden_size=8, num_attention_heads=1, num_key_value_heads=1, head_dim=8,
                                           num_hidden_layers=4, floor_scale=4, attn_scale=0.5, intermediate_size=8,
                                           intermediate_size_mlp=8, vocab_size=10)
    config._attn_implementation = "eager"
    attention = modeling_llama4.Llama4TextAttention(config, layer_idx=3)
    assert not attention.use_rope
    captured = {}

    def capture(module, query, key, value, mask, **kwargs):
        captured["query"] = query.detach().double()
        return torch.zeros(query.shape[0], query.shape[2], query.shape[1], query.shape[3]), None

    monkeypatch.setattr(modeling_llama4, "eager_attention_forward", capture)
    with torch.no_grad():
        attention.q_proj.weight.copy_(torch.eye(8))
        attention(torch.ones(1, 20, 8), position_embeddings=None, attention_mask=None)
    got = captured["query"][0, 0, :, 0].numpy()
    expected = [float(1 + mpmath.mpf("0.5") * mpmath.log(1 + mpmath.floor(mpmath.mpf(m + 1) / 4))) for m in range(20)]
    # transformers computes the factor in float32.
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=0)

def test_deepseek_v2_has_no_rope_interleave():
    transformers = pytest.importorskip("transformers")
    import inspect

    from transformers.models.deepseek_v2 import modeling_deepseek_v2

    assert not hasattr(transformers.DeepseekV2Config(), "rope_interleave")
    assert "rope_interleave" not in inspect.getsource(modeling_deepseek_v2)
    assert "view_as_complex" in inspect.getsource(modeling_deepseek_v2.apply_rotary_emb)
    assert transformers.DeepseekV3Config().rope_interleave is True
    page = _page("conventions")
    assert "DeepSeek-V2/V3 (with `rope_interleave`" not in page
    _states("conventions", "its config has no `rope_interleave`")

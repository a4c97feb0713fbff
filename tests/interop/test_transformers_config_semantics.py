"""from_hf_config against transformers' own modules on configs real files have: PhiMoE's short/long mscale,
Llama 4 Scout's layers without RoPE, a scaling block with no type."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from rope_ref import from_hf_config
from rope_ref.hf import ConfigError, ConfigWarning, describe_hf_config

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

DATA = Path(__file__).resolve().parents[1] / "data" / "configs"

#: microsoft/Phi-3.5-MoE-instruct's rope_scaling as EasyDeL's model tests quote it (its first eight factors,
#: the real short_mscale and long_mscale), on a small head of 16 features.
PHIMOE = {"model_type": "phimoe", "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 4,
          "num_hidden_layers": 1, "intermediate_size": 32, "vocab_size": 32, "max_position_embeddings": 131072,
          "rope_theta": 10000.0,
          "rope_scaling": {"long_factor": [1.0199999809265137, 1.0299999713897705, 1.0399999618530273,
                                           1.0499999523162842, 1.0499999523162842, 1.0499999523162842,
                                           1.059999942779541, 1.059999942779541],
                           "long_mscale": 1.243163121016122, "original_max_position_embeddings": 4096,
                           "short_factor": [1.0, 1.0399999618530273, 1.0399999618530273, 1.0399999618530273,
                                            1.0499999523162842, 1.0499999523162842, 1.0499999523162842,
                                            1.0499999523162842],
                           "short_mscale": 1.243163121016122, "type": "longrope"}}


def _phimoe_tables(config: dict, position: int) -> tuple[np.ndarray, np.ndarray]:
    from transformers.models.phimoe import modeling_phimoe

    kwargs = {k: v for k, v in config.items() if k != "model_type"}
    rotary = modeling_phimoe.PhimoeRotaryEmbedding(transformers.PhimoeConfig(**kwargs))
    x = torch.zeros(1, 1, 1, 16)
    cos, sin = rotary(x, torch.tensor([[position]]))
    return cos[0, 0, :8].double().numpy(), sin[0, 0, :8].double().numpy()


@pytest.mark.parametrize("mscales", [(1.243163121016122, 1.243163121016122), (1.1, 1.3)])
@pytest.mark.parametrize("position", [10, 4095, 4096, 100000])
def test_phimoe_multiplies_cos_and_sin_by_its_short_or_long_mscale(position, mscales):
    config = {**PHIMOE, "rope_scaling": {**PHIMOE["rope_scaling"], "short_mscale": mscales[0],
                                         "long_mscale": mscales[1]}}
    cos, sin = _phimoe_tables(config, position)
    rope = from_hf_config(config)
    ours_cos, ours_sin = rope.cos_sin([position], scaled=True)
    # transformers forms the angles in float32: compare at float32's angle precision for this position
    tol = 4e-7 * max(position, 1) + 1e-6
    assert np.allclose(ours_cos[0], cos, rtol=0, atol=tol) and np.allclose(ours_sin[0], sin, rtol=0, atol=tol)
    assert rope.attention_factor_at(position + 1) == (mscales[1] if position + 1 > 4096 else mscales[0])


def test_llama4_scout_has_no_rope_on_every_fourth_layer():
    config = DATA / "llama-4-scout-17b-16e.json"
    info = describe_hf_config(config)
    text = {k: v for k, v in json.loads(config.read_text())["text_config"].items() if k != "model_type"}
    full = transformers.AutoConfig.for_model("llama4_text", **text)
    theirs = tuple(i for i, use in enumerate(full.no_rope_layers) if not use)
    assert info.nope_layers == theirs == tuple(range(3, 48, 4))
    assert any("use no RoPE" in n for n in info.notes)
    with pytest.raises(ConfigError, match="layer 3 of this llama4 config has no RoPE"):
        from_hf_config(config, layer_idx=3)
    assert from_hf_config(config, layer_idx=2) == info.rope


def test_a_scaling_block_with_no_type_is_read_as_transformers_reads_it_with_a_warning():
    config = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2, "rope_scaling": {"factor": 8.0}}
    theirs = transformers.LlamaConfig(**{k: copy.deepcopy(v) for k, v in config.items() if k != "model_type"})
    assert theirs.rope_parameters["rope_type"] == "default"  # transformers: no scaling, factor ignored
    with pytest.warns(ConfigWarning, match="has no 'rope_type'.*ignores 'factor'"):
        rope = from_hf_config(config)
    assert rope.scaling is None
    with pytest.raises(ConfigError, match="refused \\(strict\\)"), warnings.catch_warnings():
        warnings.simplefilter("error")
        from_hf_config(config, strict=True)


def test_qwen2_vl_multi_axis_positions_end_to_end():
    """check with the multi-axis RoPE of a real Qwen2-VL config, on transformers' own code fed (3, batch, seq)
    position ids: passes; and the sections read from the config matter (the other arrangement fails)."""
    from rope_ref import MultiAxisRoPE, check, from_hf_config_multiaxis
    from rope_ref.interop import from_transformers

    config = DATA / "qwen2-vl-7b-instruct.json"
    fn = from_transformers(config, multi_axis=True)
    mrope = from_hf_config_multiaxis(config)
    report = check(fn, rope=mrope, max_position=32768)
    assert report.passed and any(c.name == "mrope_qwen2vl_d128" and c.status == "pass" for c in report.cases)
    other = MultiAxisRoPE.mrope(128, mrope_section=(16, 24, 24), base=1000000.0, interleaved=True)
    wrong = check(fn, rope=other, max_position=32768)
    assert not wrong.passed and wrong.diagnosis.causes == ["mrope_layout"], str(wrong)

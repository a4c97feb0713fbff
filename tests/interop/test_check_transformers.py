"""check() on transformers' own rotary code (float32): ten single-mistake variants are named, and
correct Llama 3.1, Qwen2.5-YaRN and Phi-3-LongRoPE code is judged right (at the default, which
accepts float32 angles; a float64-angle requirement names them as float32_angles)."""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import check

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers.models.gpt_neox import modeling_gpt_neox  # noqa: E402
from transformers.models.llama import modeling_llama  # noqa: E402
from transformers.models.phi3 import modeling_phi3  # noqa: E402
from transformers.models.qwen2 import modeling_qwen2  # noqa: E402

BASE = {"hidden_size": 512, "num_attention_heads": 4, "num_key_value_heads": 4, "intermediate_size": 64,
        "num_hidden_layers": 1, "vocab_size": 32, "max_position_embeddings": 131072}
LLAMA31 = {**BASE, "model_type": "llama", "rope_theta": 500000.0,
           "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                            "original_max_position_embeddings": 8192}}
LLAMA2 = {**BASE, "model_type": "llama", "rope_theta": 10000.0, "max_position_embeddings": 4096}
QWEN25_YARN = {**BASE, "model_type": "qwen2", "rope_theta": 1000000.0,
               "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}}
PHI3_LONGROPE = {**BASE, "model_type": "phi3", "rope_theta": 10000.0, "hidden_size": 384, "num_attention_heads": 4,
                 "original_max_position_embeddings": 4096,
                 "rope_scaling": {"type": "longrope", "short_factor": [1.0 + 0.02 * j for j in range(48)],
                                  "long_factor": [1.0 + 1.0 * j for j in range(48)]}}
NEOX_PARTIAL = {**BASE, "model_type": "gpt_neox", "rotary_pct": 0.25, "rotary_emb_base": 10000,
                "max_position_embeddings": 4096}

MODULES = {"llama": (modeling_llama, transformers.LlamaConfig, "LlamaRotaryEmbedding"),
           "qwen2": (modeling_qwen2, transformers.Qwen2Config, "Qwen2RotaryEmbedding"),
           "phi3": (modeling_phi3, transformers.Phi3Config, "Phi3RotaryEmbedding"),
           "gpt_neox": (modeling_gpt_neox, transformers.GPTNeoXConfig, "GPTNeoXRotaryEmbedding")}


def transformers_rope(config: dict, *, positions=lambda p: p, cache=None, unscale=False):
    """fn(x, positions) running the family's rotary module and apply_rotary_pos_emb in float32, with one
    optional mistake: a change of positions, a cos/sin cache rounded to ``cache``, or the attention
    factor divided back out."""
    module, config_class, rotary_name = MODULES[config["model_type"]]
    kwargs = {k: v for k, v in config.items() if k != "model_type"}
    rotary = getattr(module, rotary_name)(config_class(**kwargs))

    def fn(x, pos):
        t = torch.from_numpy(np.asarray(x, dtype=np.float32))[None, None]  # (1, 1, n, d)
        p = torch.from_numpy(positions(np.asarray(pos, dtype=np.int64)))[None]
        cos, sin = rotary(t, p)
        if cache is not None:
            cos, sin = cos.to(cache).float(), sin.to(cache).float()
        if unscale:
            cos, sin = cos / rotary.attention_scaling, sin / rotary.attention_scaling
        q, _ = module.apply_rotary_pos_emb(t, t, cos, sin)
        return q[0, 0]

    return fn


VARIANTS = [
    ("base_1e4_declared_5e5", transformers_rope(LLAMA2), {"config": {**LLAMA2, "rope_theta": 500000.0}},
     "other_base", 10000.0),
    ("base_5e5_declared_1e4", transformers_rope({**LLAMA2, "rope_theta": 500000.0}), {"config": LLAMA2},
     "other_base", 500000.0),
    ("half_declared_interleaved", transformers_rope(LLAMA2), {"config": LLAMA2, "layout": "interleaved"},
     "other_layout", None),
    ("positions_plus_1", transformers_rope(LLAMA2, positions=lambda p: p + 1), {"config": LLAMA2},
     "position_offset", 1.0),
    ("positions_minus_3", transformers_rope(LLAMA2, positions=lambda p: p - 3), {"config": LLAMA2},
     "position_offset", -3.0),
    ("negated_positions", transformers_rope(LLAMA2, positions=lambda p: -p), {"config": LLAMA2},
     "opposite_direction", None),
    ("bfloat16_cache", transformers_rope(LLAMA2, cache=torch.bfloat16), {"config": LLAMA2},
     "bfloat16_cache", None),
    ("llama31_without_llama3_rule", transformers_rope({k: v for k, v in LLAMA31.items() if k != "rope_scaling"}),
     {"config": LLAMA31}, "missing_scaling", None),
    ("rotary_32_of_128_declared_full", transformers_rope(NEOX_PARTIAL), {"dim": 128}, "smaller_rotary_dim", 32.0),
    ("yarn_without_attention_factor", transformers_rope(QWEN25_YARN, unscale=True), {"config": QWEN25_YARN},
     "missing_attention_factor", None),
]


@pytest.mark.parametrize("name,fn,declared,cause,parameter", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_single_mistakes_in_transformers_code_are_named(name, fn, declared, cause, parameter):
    report = check(fn, dtype="float32", **declared)  # the default accepts float32 angles: one cause
    assert not report.passed
    assert report.diagnosis.causes == [cause], str(report)
    if parameter is not None:
        assert report.diagnosis.parameter == pytest.approx(parameter, rel=1e-6), str(report)
    assert report.measurement is not None and report.measurement.differs
    # required to use float64 angles, float32 code fails at long positions too: named as the second
    # cause, unless the first already covers the precision (a bfloat16 cache implies float32 angles)
    if cause != "bfloat16_cache":
        required = check(fn, dtype="float32", angle_dtype="float64", **declared)
        assert required.diagnosis.causes == [cause, "float32_angles"], str(required)


@pytest.mark.parametrize("config", [LLAMA31, QWEN25_YARN, PHI3_LONGROPE, LLAMA2, NEOX_PARTIAL],
                         ids=["llama31", "qwen25_yarn", "phi3_longrope", "llama2", "neox_partial"])
def test_correct_transformers_code_is_judged_right(config):
    fn = transformers_rope(config)
    report = check(fn, config=config, dtype="float32")
    assert report.passed and report.angle_dtype == "float32" and "like transformers" in report.recipe, str(report)
    required = check(fn, config=config, dtype="float32", angle_dtype="float64")
    assert not required.passed and required.diagnosis.causes == ["float32_angles"], str(required)
    declared = check(fn, config=config, dtype="float32", angle_dtype="float32")
    assert declared.passed, str(declared)

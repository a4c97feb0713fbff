"""The real implementations tests/interop runs through rope_ref.interop, with their expected outcomes.

Each :class:`Impl` builds ``fn(x, positions)`` from an installed framework (importing it only in
``make``), declares the RoPE it should compute (``check``'s arguments) and states the outcome of
every case of that check at the default verdict (which accepts float64 or float32 angles for a
float32, bfloat16 or float16 output) and with float64 angles required: "pass", or "fail" with the
diagnosis the whole report must give (e.g. ``float32_angles``: float32 angle arithmetic is off
at long positions when float64 angles are required). docs/frameworks.py renders the same runs as
the conformance matrix of docs/frameworks.md.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

os.environ.setdefault("KERAS_BACKEND", "jax")  # keras-hub on JAX (before keras is imported)

RANDOM = ("random_positions_below_64", "random_positions_below_4096", "random_positions_below_131072",
          "random_positions_below_1048576")
F32 = ["float32_angles"]


RERUN = "rerun::random_positions_below_64"  # the first random case, run again at the end


def fails(*cases: str, **others: str) -> dict[str, str]:
    """Non-passing outcomes: the cases given fail (with the first random case, its re-run), the
    keywords map a case to another status."""
    if RANDOM[0] in cases:
        cases += (RERUN,)
    return {**dict.fromkeys(cases, "fail"), **others}


def d64(layout: str, *, at_float64: bool = False, config: bool = False) -> dict[str, str]:
    """The d = 64 golden cases of base 1e4: with float32 angles, positions near 2^31 cannot be checked
    (beyond the context of a config, they are skipped); with float64 angles required, every golden
    case beyond positions 0..7 and every random case fails."""
    near = {f"{layout}_d64_near_2p31": "skipped"} if config else {}
    if not at_float64:
        return {f"{layout}_d64_near_2p31": "not_checkable", **near, f"{layout}_d64_fractional": "skipped"}
    batched = ("interleaved_batched_per_sequence",) if layout == "interleaved" else ()
    return fails(f"{layout}_d64_base1e4", f"{layout}_d64_near_2p31", f"{layout}_d64_negative", *batched, *RANDOM,
                 **near, **{f"{layout}_d64_fractional": "skipped"})


@dataclass
class Impl:
    """One real implementation, what it should compute, and the outcome of every case of its check.

    ``outcomes`` lists the cases that do not pass (every other case passes) at the default verdict
    and ``causes`` the diagnosis then; ``angle_dtype`` is the angle precision the implementation
    uses, which the default verdict must report having seen (None: float64); ``float64_outcomes``
    and ``float64_causes`` the same with float64 angles required.
    """

    name: str  # the row of the matrix: a stable id
    framework: str  # the distribution whose version is reported
    module: str  # what must import for this implementation to run
    make: Callable[[], Callable[..., Any]]
    declared: dict[str, Any]
    dtype: str = "float32"
    angle_dtype: str | None = "float32"
    layout: str = "half"
    rules: str = "none"  # the scaling rules covered
    outcomes: dict[str, str] = field(default_factory=dict)
    causes: list[str] = field(default_factory=list)
    float64_outcomes: dict[str, str] = field(default_factory=dict)
    float64_causes: list[str] = field(default_factory=list)


# -- transformers: a family's own rotary module and apply function, from a config ----------------------------

SMALL = {"num_hidden_layers": 1, "vocab_size": 32, "intermediate_size": 64}


def _cfg(model_type: str, head_dim: int, base: float, scaling: dict[str, Any] | None = None,
         **extra: Any) -> dict[str, Any]:
    cfg = {**SMALL, "model_type": model_type, "hidden_size": head_dim * 2, "num_attention_heads": 2,
           "num_key_value_heads": 2, "head_dim": head_dim, "rope_theta": base,
           "max_position_embeddings": 1 << 21, **extra}
    if scaling is not None:
        cfg["rope_scaling"] = scaling
    return cfg


PHI3_SHORT = [1.05 + 0.01 * j for j in range(48)]
PHI3_LONG = [1.0 + 1.5 * j for j in range(48)]
TRANSFORMERS_CONFIGS = {
    "llama": _cfg("llama", 64, 10000.0),
    "llama_linear": _cfg("llama", 64, 10000.0, {"rope_type": "linear", "factor": 4.0}),
    "llama_proportional": _cfg("llama", 64, 1000000.0, {"rope_type": "proportional", "partial_rotary_factor": 0.25}),
    "gemma3_per_layer": _cfg("gemma3_text", 64, 1000000.0, {"rope_type": "linear", "factor": 8.0},
                             rope_local_base_freq=10000.0, sliding_window=512, num_hidden_layers=6),
    "llama_dynamic": _cfg("llama", 128, 10000.0, {"rope_type": "dynamic", "factor": 2.0}, max_position_embeddings=4096),
    "llama31_llama3": _cfg("llama", 128, 500000.0, {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                                    "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}),
    "qwen2_yarn": _cfg("qwen2", 64, 10000.0, {"rope_type": "yarn", "factor": 4.0,
                                              "original_max_position_embeddings": 4096}),
    "phi3_longrope": {**SMALL, "model_type": "phi3", "hidden_size": 192, "num_attention_heads": 2,
                      "num_key_value_heads": 2, "rope_theta": 10000.0, "max_position_embeddings": 131072,
                      "original_max_position_embeddings": 4096,
                      "rope_scaling": {"rope_type": "longrope", "short_factor": PHI3_SHORT, "long_factor": PHI3_LONG}},
    "gpt_neox_partial": {**SMALL, "model_type": "gpt_neox", "hidden_size": 256, "num_attention_heads": 2,
                         "rotary_pct": 0.25, "rotary_emb_base": 10000, "max_position_embeddings": 1 << 21},
    "deepseek_v3_yarn": {**SMALL, "model_type": "deepseek_v3", "hidden_size": 128, "num_attention_heads": 2,
                         "num_key_value_heads": 2, "qk_rope_head_dim": 64, "qk_nope_head_dim": 64, "v_head_dim": 64,
                         "kv_lora_rank": 32, "q_lora_rank": 32, "rope_theta": 10000.0,
                         "max_position_embeddings": 163840, "n_routed_experts": 4, "num_experts_per_tok": 2,
                         "rope_scaling": {"rope_type": "yarn", "factor": 40.0, "mscale": 1.0, "mscale_all_dim": 1.0,
                                          "original_max_position_embeddings": 4096, "beta_fast": 32,
                                          "beta_slow": 1}},
}


def _transformers(key: str, dtype: str = "float32", layer_type: str | None = None) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        from rope_ref.interop import from_transformers
        return from_transformers(TRANSFORMERS_CONFIGS[key], dtype=dtype, layer_type=layer_type)
    return make


# -- other torch implementations -----------------------------------------------------------------------------

def _rotary_embedding_torch() -> Callable[..., Any]:
    from rotary_embedding_torch import RotaryEmbedding, apply_rotary_emb

    from rope_ref.interop import from_torch
    rotary = RotaryEmbedding(dim=64)
    return from_torch(lambda x, p: apply_rotary_emb(rotary(p[0].float()), x), axes="bhsd")


def _x_transformers() -> Callable[..., Any]:
    from x_transformers.x_transformers import RotaryEmbedding, apply_rotary_pos_emb

    from rope_ref.interop import from_torch
    rotary = RotaryEmbedding(64)

    def f(x: Any, p: Any) -> Any:
        freqs, scale = rotary(p)
        return apply_rotary_pos_emb(x, freqs, scale)
    return from_torch(f, axes="bhsd")


# -- ONNX Runtime: the two RotaryEmbedding operators, caches for positions below 4096 --------------------------

def _onnx(op: str, layout: str) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        from rope_ref import RoPE
        from rope_ref.interop import cos_sin_cache, from_onnx, rotary_embedding_model
        return from_onnx(rotary_embedding_model(64, layout=layout, op=op), feeds=cos_sin_cache(RoPE(64), 4096))
    return make


# -- JAX: keras-hub's layer and a plain function ---------------------------------------------------------------

def _keras_hub() -> Callable[..., Any]:
    import keras_hub

    from rope_ref.interop import from_keras_hub
    return from_keras_hub(keras_hub.layers.RotaryEmbedding(max_wavelength=10000))


def _plain_jax() -> Callable[..., Any]:
    import jax.numpy as jnp

    from rope_ref.interop import from_jax

    def rope(x: Any, p: Any) -> Any:  # the textbook half-layout code, angles in float32
        d = x.shape[-1]
        inv = 10000.0 ** (-jnp.arange(0, d, 2, dtype=jnp.float32) / d)
        a = p[:, None].astype(jnp.float32) * inv
        c, s = jnp.cos(a), jnp.sin(a)
        x1, x2 = x[:, : d // 2], x[:, d // 2:]
        return jnp.concatenate([x1 * c - x2 * s, x2 * c + x1 * s], axis=-1)
    return from_jax(rope)


# -- keras-hub's rope_type="dynamic": every inverse frequency divided by s^(d/(d-2)) ----------------------------

KERAS_DYNAMIC = 2.0  # keras-hub's scaling_factor s, at d = 64


def _keras_hub_dynamic() -> Callable[..., Any]:
    import keras_hub

    from rope_ref.interop import from_keras_hub
    return from_keras_hub(keras_hub.layers.RotaryEmbedding(max_wavelength=10000, scaling_factor=KERAS_DYNAMIC,
                                                           rope_type="dynamic"))


def _keras_dynamic_as(rule: str) -> dict[str, Any]:
    from rope_ref.scaling import Linear, NTKAware
    if rule == "linear":  # what keras-hub computes: one factor for every frequency
        return {"dim": 64, "scaling": Linear(KERAS_DYNAMIC ** (64 / 62))}
    return {"dim": 64, "scaling": NTKAware(KERAS_DYNAMIC)}  # what the name suggests: a base change


# -- MLX: mx.fast.rope (the Linux CPU build runs the op's own fallback graph, in float32) ---------------------

def _mlx(**kwargs: Any) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        from rope_ref.interop import from_mlx
        return from_mlx(**kwargs)
    return make


def _mlx_llama3_freqs() -> Callable[..., Any]:
    """mlx-lm's Llama3RoPE: MLX's freqs are 1 / inv_freq of the Llama 3 rule, at base 5e5."""
    from rope_ref import RoPE
    from rope_ref.interop import from_mlx
    from rope_ref.scaling import Llama3
    return from_mlx(dims=128, base=None, freqs=1.0 / RoPE(128, base=500000.0, scaling=Llama3()).inv_freq())


def _llama3_declared() -> dict[str, Any]:
    from rope_ref.scaling import Llama3
    return {"dim": 128, "base": 500000.0, "scaling": Llama3()}



# -- ggml: llama.cpp's own rope op, through ggml-python (built from its sdist) ---------------------------------

def _ggml(**kwargs: Any) -> Callable[[], Callable[..., Any]]:
    def make() -> Callable[..., Any]:
        from rope_ref.interop import from_ggml
        return from_ggml(**kwargs)
    return make


def llama3_rope_freqs(d: int, base: float, factor: float = 8.0, low: float = 1.0, high: float = 4.0,
                      old: int = 8192) -> np.ndarray:
    """The rope_freqs tensor as convert_hf_to_gguf's LlamaModel.generate_extra_tensors writes it (float32):
    1 for short wavelengths, the factor for long ones, the smooth blend's inverse between."""
    freqs = 1.0 / (np.float32(base) ** (np.arange(0, d, 2, dtype=np.float32) / np.float32(d)))
    out = []
    for freq in freqs.astype(np.float32):
        wavelen = 2 * math.pi / float(freq)
        if wavelen < old / high:
            out.append(1.0)
        elif wavelen > old / low:
            out.append(factor)
        else:
            smooth = (old / wavelen - low) / (high - low)
            out.append(1 / ((1 - smooth) / factor + smooth))
    return np.array(out, np.float32)


def _ggml_llama3() -> Callable[..., Any]:
    from rope_ref.interop import from_ggml
    return from_ggml(mode="norm", n_dims=128, freq_base=500000.0, freq_factors=llama3_rope_freqs(128, 500000.0))


def _mrope(dim: int, sections: tuple[int, ...], interleaved: bool = False) -> dict[str, Any]:
    from rope_ref import MultiAxisRoPE
    return {"rope": MultiAxisRoPE.mrope(dim, sections, interleaved=interleaved)}


def _vision() -> dict[str, Any]:
    from rope_ref import MultiAxisRoPE
    return {"rope": MultiAxisRoPE.axial(64, axes=2, base=1e4)}


def _yarn_declared() -> dict[str, Any]:
    from rope_ref.scaling import YaRN
    return {"dim": 64, "scaling": YaRN(4.0, 4096)}


def _llama3_interleaved() -> dict[str, Any]:
    from rope_ref import RoPE
    from rope_ref.scaling import Llama3
    return {"rope": RoPE(128, base=500000.0, layout="interleaved", scaling=Llama3())}


IMPLS = [
    Impl("transformers llama", "transformers", "transformers", _transformers("llama"),
         {"config": TRANSFORMERS_CONFIGS["llama"]}, outcomes=d64("half", config=True),
         float64_outcomes=d64("half", at_float64=True, config=True), float64_causes=F32),
    # bfloat16 rounding dominates: the float64-angle bound already holds, and float32 angles go unseen
    Impl("transformers llama bfloat16", "transformers", "transformers", _transformers("llama", "bfloat16"),
         {"config": TRANSFORMERS_CONFIGS["llama"]}, dtype="bfloat16", angle_dtype=None,
         outcomes=d64("half", config=True), float64_outcomes=d64("half", config=True)),
    Impl("transformers llama linear", "transformers", "transformers", _transformers("llama_linear"),
         {"config": TRANSFORMERS_CONFIGS["llama_linear"]}, rules="linear",
         float64_outcomes=fails("linear_f4_d64", *RANDOM[1:]), float64_causes=F32),
    Impl("transformers llama proportional", "transformers", "transformers", _transformers("llama_proportional"),
         {"config": TRANSFORMERS_CONFIGS["llama_proportional"]}, rules="proportional",
         float64_outcomes=fails("proportional_p025_d64", *RANDOM), float64_causes=F32),
    Impl("transformers gemma3 sliding layers", "transformers", "transformers",
         _transformers("gemma3_per_layer", layer_type="sliding_attention"),
         {"config": TRANSFORMERS_CONFIGS["gemma3_per_layer"], "layer_type": "sliding_attention"},
         rules="none (local base 1e4)", outcomes=d64("half", config=True),
         float64_outcomes=d64("half", at_float64=True, config=True), float64_causes=F32),
    Impl("transformers gemma3 full layers", "transformers", "transformers",
         _transformers("gemma3_per_layer", layer_type="full_attention"),
         {"config": TRANSFORMERS_CONFIGS["gemma3_per_layer"], "layer_type": "full_attention"},
         rules="linear (global base 1e6)", float64_outcomes=fails(*RANDOM[1:]), float64_causes=F32),
    # check cannot pass seq_len to fn(x, positions): golden cases that need another seq_len are skipped; the
    # random cases stay below the rule's extended length, 2 x 4096 (and so does the 16384 golden case).
    Impl("transformers llama dynamic", "transformers", "transformers", _transformers("llama_dynamic"),
         {"config": TRANSFORMERS_CONFIGS["llama_dynamic"]}, rules="dynamic",
         outcomes=dict.fromkeys(("dynamic_f2_d128_seq4096", "dynamic_f2_d128_seq8192", "dynamic_f2_d128_seq16384"),
                                "skipped"),
         float64_outcomes=fails(*RANDOM[:2], "random_positions_below_8192", dynamic_f2_d128_seq4096="skipped",
                                dynamic_f2_d128_seq8192="skipped", dynamic_f2_d128_seq16384="skipped"),
         float64_causes=F32),
    Impl("transformers llama 3.1", "transformers", "transformers", _transformers("llama31_llama3"),
         {"config": TRANSFORMERS_CONFIGS["llama31_llama3"]}, rules="llama3",
         float64_outcomes=fails("llama3_f8_d128", *RANDOM), float64_causes=F32),
    Impl("transformers qwen2 yarn", "transformers", "transformers", _transformers("qwen2_yarn"),
         {"config": TRANSFORMERS_CONFIGS["qwen2_yarn"]}, rules="yarn",
         float64_outcomes=fails("yarn_f4_d64_long", *RANDOM), float64_causes=F32),
    Impl("transformers phi3 longrope", "transformers", "transformers", _transformers("phi3_longrope"),
         {"config": TRANSFORMERS_CONFIGS["phi3_longrope"]}, rules="longrope",
         float64_outcomes=fails("longrope_phi3_short_d96", "longrope_phi3_long_d96", "longrope_phi3_switch_d96",
                                *RANDOM[:3]), float64_causes=F32),
    Impl("transformers gpt_neox partial", "transformers", "transformers", _transformers("gpt_neox_partial"),
         {"config": TRANSFORMERS_CONFIGS["gpt_neox_partial"]}, rules="none (r = 32 of 128)",
         float64_outcomes=fails(*RANDOM), float64_causes=F32),
    Impl("transformers deepseek_v3 yarn", "transformers", "transformers", _transformers("deepseek_v3_yarn"),
         {"config": TRANSFORMERS_CONFIGS["deepseek_v3_yarn"]}, layout="interleaved", rules="yarn (DeepSeek mscale)",
         float64_outcomes=fails("yarn_f40_deepseek_d64", *RANDOM[:3], "random_positions_below_163840"),
         float64_causes=F32),
    Impl("rotary-embedding-torch", "rotary-embedding-torch", "rotary_embedding_torch", _rotary_embedding_torch,
         {"dim": 64, "layout": "interleaved"}, layout="interleaved", outcomes=d64("interleaved"),
         float64_outcomes=d64("interleaved", at_float64=True), float64_causes=F32),
    Impl("x-transformers", "x-transformers", "x_transformers", _x_transformers,
         {"dim": 64, "layout": "interleaved"}, layout="interleaved", outcomes=d64("interleaved"),
         float64_outcomes=d64("interleaved", at_float64=True), float64_causes=F32),
    # The caches come from rope-ref (float64, rounded to float32) for positions 0..4095: the operator's
    # rotation is what is measured; positions outside the cache are beyond the declared max_position.
    Impl("onnxruntime ai.onnx RotaryEmbedding", "onnxruntime", "onnxruntime", _onnx("ai.onnx", "half"),
         {"dim": 64, "max_position": 4096}, angle_dtype=None,
         outcomes=dict.fromkeys(("half_d64_near_2p31", "half_d64_negative", "half_d64_fractional"), "skipped"),
         float64_outcomes=dict.fromkeys(("half_d64_near_2p31", "half_d64_negative", "half_d64_fractional"),
                                        "skipped")),
    Impl("onnxruntime com.microsoft RotaryEmbedding", "onnxruntime", "onnxruntime",
         _onnx("com.microsoft", "interleaved"), {"dim": 64, "layout": "interleaved", "max_position": 4096},
         angle_dtype=None, layout="interleaved",
         outcomes=dict.fromkeys(("interleaved_d64_near_2p31", "interleaved_d64_negative",
                                 "interleaved_d64_fractional"), "skipped"),
         float64_outcomes=dict.fromkeys(("interleaved_d64_near_2p31", "interleaved_d64_negative",
                                         "interleaved_d64_fractional"), "skipped")),
    Impl("keras-hub RotaryEmbedding (JAX)", "keras-hub", "keras_hub", _keras_hub, {"dim": 64}, outcomes=d64("half"),
         float64_outcomes=d64("half", at_float64=True), float64_causes=F32),
    Impl("plain JAX function", "jax", "jax", _plain_jax, {"dim": 64}, outcomes=d64("half"),
         float64_outcomes=d64("half", at_float64=True), float64_causes=F32),
    # keras-hub's rope_type="dynamic" divides every frequency by s^(d/(d-2)) (2^(64/62) here): declared as that
    # linear factor it passes; declared as the NTK-aware base change its name suggests, the measured frequencies
    # are x0.489 (pair 0, which a base change keeps) to x0.978 of the declared, a pattern no single named
    # mistake explains.
    Impl("keras-hub dynamic as linear (JAX)", "keras-hub", "keras_hub", _keras_hub_dynamic,
         _keras_dynamic_as("linear"), rules="linear (s^(d/(d-2)))", float64_outcomes=fails(*RANDOM),
         float64_causes=F32),
    Impl("keras-hub dynamic as NTK-aware (JAX)", "keras-hub", "keras_hub", _keras_hub_dynamic,
         _keras_dynamic_as("ntk_aware"), rules="ntk_aware (declared)", outcomes=fails(*RANDOM),
         causes=["unexplained"], float64_outcomes=fails(*RANDOM), float64_causes=["unexplained"]),
    Impl("mlx fast.rope", "mlx", "mlx.core", _mlx(dims=64), {"dim": 64}, outcomes=d64("half"),
         float64_outcomes=d64("half", at_float64=True), float64_causes=F32),
    Impl("mlx fast.rope traditional", "mlx", "mlx.core", _mlx(dims=64, traditional=True),
         {"dim": 64, "layout": "interleaved"}, layout="interleaved", outcomes=d64("interleaved"),
         float64_outcomes=d64("interleaved", at_float64=True), float64_causes=F32),
    Impl("mlx fast.rope llama3 freqs", "mlx", "mlx.core", _mlx_llama3_freqs, _llama3_declared(), rules="llama3",
         float64_outcomes=fails("llama3_f8_d128", *RANDOM), float64_causes=F32),
    Impl("ggml rope NORM", "ggml-python", "ggml", _ggml(mode="norm", n_dims=64), {"dim": 64, "layout": "interleaved"},
         layout="interleaved", outcomes=d64("interleaved"), float64_outcomes=d64("interleaved", at_float64=True),
         float64_causes=F32),
    Impl("ggml rope NEOX", "ggml-python", "ggml", _ggml(mode="neox", n_dims=64), {"dim": 64}, outcomes=d64("half"),
         float64_outcomes=d64("half", at_float64=True), float64_causes=F32),
    Impl("ggml rope MROPE", "ggml-python", "ggml", _ggml(mode="mrope", n_dims=64, sections=(8, 12, 12)),
         _mrope(64, (8, 12, 12)), float64_outcomes=fails(*RANDOM[2:]), float64_causes=F32),
    Impl("ggml rope IMROPE", "ggml-python", "ggml", _ggml(mode="imrope", n_dims=48, sections=(8, 8, 8)),
         _mrope(48, (8, 8, 8), interleaved=True), float64_outcomes=fails(*RANDOM[1:]), float64_causes=F32),
    # Pairs past 3 * sections[k] take ggml's fourth position row, which llama.cpp fills with 0 for text
    # tokens (ggml_mrope_cache_init: theta = theta_e); transformers' Qwen3-VL gives them the temporal
    # position. With unequal sections such pairs exist, and stay unrotated.
    Impl("ggml rope IMROPE (12,10,10) text", "ggml-python", "ggml",
         _ggml(mode="imrope", n_dims=64, sections=(12, 10, 10)), _mrope(64, (12, 10, 10), interleaved=True),
         outcomes=fails(*RANDOM), causes=["unexplained"], float64_outcomes=fails(*RANDOM),
         float64_causes=["unexplained"]),
    Impl("ggml rope VISION", "ggml-python", "ggml", _ggml(mode="vision", n_dims=32, head_dim=64, sections=(16, 16)),
         _vision(), float64_outcomes=fails(*RANDOM[1:]), float64_causes=F32),
    Impl("ggml rope YaRN", "ggml-python", "ggml",
         _ggml(mode="neox", n_dims=64, freq_scale=0.25, ext_factor=1.0, n_ctx_orig=4096), _yarn_declared(),
         rules="yarn", float64_outcomes=fails("yarn_f4_d64_long", *RANDOM), float64_causes=F32),
    Impl("ggml rope llama3 rope_freqs", "ggml-python", "ggml", _ggml_llama3, _llama3_interleaved(),
         layout="interleaved", rules="llama3", float64_outcomes=fails(*RANDOM), float64_causes=F32),
]

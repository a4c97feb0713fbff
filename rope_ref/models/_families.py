"""The model-family registry: what a model's config.json cannot say about its RoPE.

A config.json gives the base, the head shape and the scaling block; the modelling code of the
family in transformers decides the rest. This module records that rest, one entry per
transformers ``model_type``, each read from the family's ``modeling_*.py``:

- ``layout``: which features form a pair ("half": rotate_half, x[j] with x[j + r/2];
  "interleaved": x[2j] with x[2j+1], e.g. GLM's and Ernie 4.5's ``rotate_half`` over
  ``x[..., 0::2]`` / ``x[..., 1::2]``, GPT-J's ``rotate_every_two``, Llama 4's complex view);
- ``head_dim``: the rule giving the head dimension d (see :data:`HEAD_DIM_RULES`);
- ``rotary_dim``: the rule giving the rotating width r (see :data:`ROTARY_DIM_RULES`);
- ``output_order``: "input" when rotated features stay where they were, "half" when the code
  pairs adjacent features but returns them in half order (DeepSeek-V3 and the other MLA models
  whose ``apply_rotary_pos_emb_interleave`` rotates x[0::2] with x[1::2] and concatenates the
  results): same attention scores, different feature order;
- ``per_layer``: old-style per-layer keys, layer type -> (config key for its base, default base),
  and which layer types the top-level scaling block applies to;
- ``multi_axis``: the language model's M-RoPE, "mrope" (Qwen2-VL sections),
  "mrope_interleaved" (Qwen3-VL) or "ernie_3d" (Ernie 4.5 VL: height and width alternate over
  the first pairs, temporal takes the rest), or None; ``mrope_section``: the sections the code
  uses when the config has none;
- ``vision``: the 2-D RoPE of the family's vision model, "pixtral" (one ladder, rows take the
  even and columns the odd frequencies), "axial" (MLCD: one ladder over head_dim // 2 per axis,
  rows then columns; "axial_wh" with the column block first; "alternating_wh": column and row
  alternate pair by pair), "other" (a 2-D rule rope-ref does not model), or None; with
  ``vision_config`` (where its config sits; empty for a vision-only model), ``vision_layout``
  and ``vision_head_dim``;
- ``text_config``: where the language model's fields sit in a composite config;
- ``refuse``: a degenerate default transformers computes with anyway, refused by rope-ref.

A model type that is not listed falls back to transformers' common rule (half layout,
``head_dim`` or hidden_size // num_attention_heads, ``partial_rotary_factor``), and
:func:`rope_ref.hf.describe_hf_config` says so in its ``source``.

Example:
    >>> from rope_ref.models import family
    >>> family("glm4").layout, family("deepseek_v3").output_order, family("no_such_model") is None
    ('interleaved', 'half', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["FAMILIES", "HEAD_DIM_RULES", "ROTARY_DIM_RULES", "Family", "family"]

HEAD_DIM_RULES: Mapping[str, str] = {
    "common": "head_dim when set, else hidden_size // num_attention_heads (GPT-J: n_embd // n_head)",
    "qk_rope_head_dim": "qk_rope_head_dim (the rotary part of an MLA query/key head), else the common rule",
    "kv_channels": "kv_channels (JetMoE)",
    "attention_head_dim": "attention_head_dim, else hidden_size // num_attention_heads",
    "dbrx": "d_model // n_heads",
    "decoder_heads": "hidden_size // decoder_num_attention_heads (Moonshine's decoder)",
    "num_heads": "head_dim when set, else hidden_size // num_heads (vision configs)",
    "sam_memory": "memory_attention_hidden_size // (memory_attention_downsample_rate * "
                  "memory_attention_num_attention_heads) (SAM 2 video memory attention)",
}
"""The head-dimension rules, by name -> what they read (implemented in rope_ref._hf_keys)."""

ROTARY_DIM_RULES: Mapping[str, str] = {
    "common": "int(d * partial_rotary_factor), the factor from the scaling block or the top level (default 1)",
    "rotary_dim_key": "rotary_dim (GPT-J, CodeGen)",
    "rotary_pct": "int(d * rotary_pct) (GPT-NeoX)",
    "full": "d: the whole head rotates (the 2-D RoPE of vision models)",
}
"""The rotary-width rules, by name -> what they read."""


@dataclass(frozen=True)
class Family:
    """What one model family's modelling code decides beyond its config.json (each field is
    described in this module's docstring; the defaults are transformers' common rule).

    Example:
        >>> from rope_ref.models import Family
        >>> Family().layout, Family(layout="interleaved", output_order="half").output_order
        ('half', 'half')
    """

    layout: str = "half"
    head_dim: str = "common"
    rotary_dim: str = "common"
    output_order: str = "input"
    per_layer: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    per_layer_scaled: tuple[str, ...] = ()
    multi_axis: str | None = None
    mrope_section: tuple[int, ...] | None = None
    text_config: tuple[str, ...] = ()
    vision: str | None = None
    vision_config: tuple[str, ...] = ()
    vision_layout: str = "half"
    vision_head_dim: str = "common"
    refuse: str | None = None
    notes: str = ""
    nope_layers: str | None = None
    defaults: Mapping[str, object] = field(default_factory=dict)
    longrope_mscale: bool = False


_H = Family()
_I = Family(layout="interleaved", notes="rotate_half over x[0::2], x[1::2] (or rotate_every_two): adjacent pairs")
_GEMMA3 = Family(per_layer={"full_attention": ("rope_theta", 1_000_000.0),
                            "sliding_attention": ("rope_local_base_freq", 10_000.0)},
                 per_layer_scaled=("full_attention",),
                 notes="old configs: rope_theta (full layers), rope_local_base_freq (sliding layers); "
                       "rope_scaling applies to full-attention layers only")
_GEMMA3_VLM = Family(per_layer=_GEMMA3.per_layer, per_layer_scaled=_GEMMA3.per_layer_scaled,
                     text_config=("text_config",), notes=_GEMMA3.notes)
_MODERNBERT = Family(per_layer={"full_attention": ("global_rope_theta", 160_000.0),
                                "sliding_attention": ("local_rope_theta", 10_000.0)},
                     per_layer_scaled=("full_attention", "sliding_attention"),
                     notes="old configs: global_rope_theta (full layers), local_rope_theta (sliding layers)")
_MROPE = Family(multi_axis="mrope", mrope_section=(16, 24, 24),
                notes="M-RoPE (sections of the frequencies for temporal, height, width positions)")
_MROPE_T = Family(multi_axis="mrope", mrope_section=(16, 24, 24), text_config=("text_config",), notes=_MROPE.notes)
_MROPE3_T = Family(multi_axis="mrope_interleaved", mrope_section=(24, 20, 20), text_config=("text_config",),
                   notes="interleaved M-RoPE (Qwen3-VL: height and width take every third frequency)")
_MROPE35_T = Family(multi_axis="mrope_interleaved", mrope_section=(11, 11, 10), text_config=("text_config",),
                    notes=_MROPE3_T.notes)
_GLM_VL = Family(layout="interleaved", multi_axis="mrope", mrope_section=(8, 12, 12), text_config=("text_config",),
                 notes="M-RoPE sections over adjacent pairs")
_DEEPSEEK = Family(layout="interleaved", head_dim="qk_rope_head_dim", output_order="half",
                   notes="rope_interleave (default true) pairs adjacent features and returns them in half "
                         "order; rope_interleave false is plain half")
_MLA = Family(head_dim="qk_rope_head_dim", notes="MLA: the rotary part of the query/key head")
_MLA_SWITCH = _DEEPSEEK
_MLCD = Family(vision="axial", notes="2-D: height and width blocks, each with the ladder over head_dim // 2")
_SAM_MEMORY = Family(vision="axial", vision_layout="interleaved", vision_head_dim="sam_memory",
                     notes="the memory attention's 2-D RoPE (height and width blocks of adjacent pairs)")
_MLA_ALWAYS = Family(layout="interleaved", head_dim="qk_rope_head_dim", output_order="half",
                     notes="MLA: apply_rotary_pos_emb_interleave pairs adjacent features, returns them in half order")

FAMILIES: Mapping[str, Family] = {
    "afmoe": _H,
    "apertus": _H,
    "apertus1p5": _H,
    "arcee": _H,
    "aria": _H,
    "axk1": _MLA_SWITCH,
    "axk2": _MLA,
    "bailing_hybrid": _MLA_ALWAYS,
    "bamba": _H,
    "beam": _H,
    "bitnet": _H,
    "blt": Family(layout="interleaved", text_config=("decoder_config",),
        notes="rotate_half over x[0::2], x[1::2]; the local encoder, global transformer and decoder share the RoPE"),
    "chameleon": _H,
    "codegen": Family(layout="interleaved", rotary_dim="rotary_dim_key", notes="rotate_every_two"),
    "cohere": _I,
    "cohere2": _I,
    "cohere2_moe": _I,
    "cohere_compass": _H,
    "cosmos3_edge": _MROPE3_T,
    "csm": _H,
    "cwm": _H,
    "dbrx": Family(head_dim="dbrx", notes="base under attn_config['rope_theta'] in older configs"),
    "deepseek_ocr2": _H,
    "deepseek_v2": Family(layout="interleaved", head_dim="qk_rope_head_dim",
        notes="complex view (apply_rotary_emb with freqs_cis)"),
    "deepseek_v3": _DEEPSEEK,
    "deepseek_v32": _MLA,
    "deepseek_v4": Family(refuse="trailing_rotary", notes="[nope | rope] heads: the last r features rotate, "
                                                           "in adjacent pairs"),
    "dia": Family(text_config=("decoder_config",), notes="the decoder's RoPE; the encoder has its own"),
    "diffllama": _H,
    "diffusion_gemma": _H,
    "doge": _H,
    "dory": _H,
    "dots1": _H,
    "dots3_note": _H,
    "edgetam_video": _SAM_MEMORY,
    "efficientloftr": Family(refuse="partial_over_one", notes="2-D image matcher"),
    "embedding_gemma2": _H,
    "emu3": _H,
    "eomt_dinov3": Family(vision="other", notes="DINOv3 2-D RoPE on normalised patch coordinates"),
    "ergo": _I,
    "ernie4_5": _I,
    "ernie4_5_moe": _I,
    "ernie4_5_vl_moe": Family(layout="interleaved", multi_axis="ernie_3d", mrope_section=(22, 22, 20),
        text_config=("text_config",), notes="3-D RoPE: pairs below mrope_section[0] + mrope_section[1] "
        "alternate height (even) and width (odd), the rest take the temporal position; its inv_freq buffer "
        "keeps the frequencies in that order, the rotation pairs j with theta_j as plain RoPE does"),
    "esm": _H,
    "esmc": _H,
    "esmfold2": _H,
    "eurobert": _H,
    "evolla": _H,
    "exaone4": _H,
    "exaone4_5": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",),
        vision_head_dim="num_heads"),
    "exaone_moe": _H,
    "falcon": _H,
    "falcon_h1": _H,
    "flex_olmo": _H,
    "flint": _H,
    "gemma": _H,
    "gemma2": Family(notes="one RoPE for every layer type"),
    "gemma3": _GEMMA3_VLM,
    "gemma3_text": _GEMMA3,
    "gemma3n": _H,
    "gemma4": _H,
    "gemma4_unified": _H,
    "glm": _I,
    "glm4": _I,
    "glm4_moe": Family(layout="interleaved", refuse="odd_rotary_dim"),
    "glm4_moe_lite": Family(layout="interleaved", head_dim="qk_rope_head_dim", output_order="half",
        notes="rope_interleave (default true): adjacent pairs, returned in half order"),
    "glm4v": _GLM_VL,
    "glm4v_moe": Family(layout="interleaved", multi_axis="mrope", mrope_section=(8, 12, 12),
        text_config=("text_config",), refuse="odd_rotary_dim", notes=_GLM_VL.notes),
    "glm5_next": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",),
        vision_head_dim="num_heads"),
    "glm_image": Family(multi_axis="mrope", mrope_section=(8, 12, 12), text_config=("text_config",),
        notes="M-RoPE sections, tables cat([freq, freq]) with rotate_half: half pairs (transformers 5.25)"),
    "glm_moe_dsa": _MLA_ALWAYS,
    "glm_ocr": _GLM_VL,
    "glmasr": _H,
    "gpt_neox": Family(rotary_dim="rotary_pct"),
    "gpt_neox_japanese": _H,
    "gpt_oss": _H,
    "gptj": Family(layout="interleaved", rotary_dim="rotary_dim_key", notes="rotate_every_two"),
    "gradium_phonon_tts": _H,
    "granite": _H,
    "granite4_vision": _H,
    "granite_docling": _H,
    "granite_swa": _H,
    "granitemoe": _H,
    "granitemoe_swa": _H,
    "granitemoehybrid": _H,
    "granitemoeshared": _H,
    "gte": _H,
    "helium": _I,
    "higgs_audio_v2": _H,
    "hrm_text": _H,
    "hunyuan_v1_dense": _H,
    "hunyuan_v1_moe": _H,
    "hunyuan_vl": _H,
    "hy_v3": _H,
    "hy_v4": _MLA_ALWAYS,
    "hy_v4_vl": Family(layout="interleaved", head_dim="qk_rope_head_dim", output_order="half",
        multi_axis="mrope_interleaved", mrope_section=(24, 20, 20), text_config=("text_config",),
        notes="MLA; interleaved M-RoPE over adjacent pairs, returned in half order (apply_rotary_pos_emb_interleave)"),
    "hyperclovax": _H,
    "idefics": _H,
    "inkling2": Family(text_config=("text_config",), vision="axial_wh", vision_config=("vision_config",),
        vision_layout="interleaved"),
    "jais2": _H,
    "jetmoe": Family(head_dim="kv_channels"),
    "jina_embeddings_v3": _H,
    "kimi_k25": Family(text_config=("text_config",), vision="alternating_wh", vision_config=("vision_config",),
        notes="vision: one ladder over head_dim // 2, pair 2k driven by the column and 2k + 1 by the row"),
    "kolibri1": _H,
    "kolibri1_1": _H,
    "kyutai_speech_to_text": _H,
    "laguna": _H,
    "lara_mini": _H,
    "lasr_ctc": Family(text_config=("encoder_config",)),
    "lasr_encoder": _H,
    "lfm2": _H,
    "lfm2_moe": _H,
    "lfm3": _H,
    "lfm3_vl": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",)),
    "llama": _H,
    "llama4_text": Family(layout="interleaved", nope_layers="no_rope_layers", defaults={"num_hidden_layers": 48},
        notes="complex view; iRoPE: no RoPE on the layers no_rope_layers marks 0 (every fourth by default)"),
    "llama4": Family(layout="interleaved", text_config=("text_config",), nope_layers="no_rope_layers",
        defaults={"num_hidden_layers": 48},
        notes="complex view; iRoPE: no RoPE on the layers no_rope_layers marks 0 (every fourth by default)"),
    "llava_onevision1_5": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",),
        vision_head_dim="num_heads"),
    "longcat_flash": _MLA_ALWAYS,
    "mellum": _H,
    "mimi": _H,
    "mimo_v2_flash": _H,
    "minicpm3": _MLA,
    "minicpm5_moe": _H,
    "minimax": _H,
    "minimax_m2": _H,
    "minimax_m3_vl": _H,
    "ministral": _H,
    "ministral3": _H,
    "mistral": _H,
    "mistral4": Family(layout="interleaved", output_order="half",
        notes="rope_interleave (default true): adjacent pairs, returned in half order; rotary width head_dim * "
        "partial_rotary_factor = qk_rope_head_dim"),
    "mistral_large4": Family(layout="interleaved", head_dim="qk_rope_head_dim", output_order="half",
        text_config=("text_config",), notes="MLA: apply_rotary_pos_emb_interleave"),
    "mixtral": _H,
    "mlcd": _MLCD,
    "mlcd_vision_model": _MLCD,
    "mllama": _H,
    "modernbert": _MODERNBERT,
    "modernbert-decoder": _MODERNBERT,
    "molmo2": _H,
    "moonshine": Family(layout="interleaved", head_dim="decoder_heads",
        notes="encoder and decoder heads: the default configs use the same count"),
    "moonshine_streaming": _I,
    "moshi": _H,
    "muse_glimmer": _H,
    "muse_glimmer_assistant": _H,
    "muse_spark": _H,
    "musicflamingo": _H,
    "nanochat": _H,
    "nemo_speechlm": Family(text_config=("audio_config", "asr_config"), notes="the speech encoder's RoPE "
        "(audio_config.asr_config); the language model (text_config) is a family of its own"),
    "nemotron": _H,
    "nemotron3_5_asr": Family(text_config=("encoder_config",)),
    "nemotron3_5_transcribe_asr_audio": _H,
    "nemotron3_5_transcribe_audio": Family(text_config=("asr_config",)),
    "nemotron3_5_transcribe_word_timestamp": _H,
    "nemotron3_diarization": Family(text_config=("audio_config",), notes="the audio encoder's RoPE"),
    "neomme": _H,
    "neucodec": _H,
    "nomic_bert": _H,
    "olmo": _H,
    "olmo2": _H,
    "olmo3": _H,
    "olmo_hybrid": _H,
    "olmoe": _H,
    "openai_privacy_filter": _I,
    "ovis2_5": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",)),
    "paddleocr_vl": _MROPE_T,
    "pe_audio": Family(layout="interleaved", text_config=("audio_config",)),
    "pe_audio_video": Family(layout="interleaved", text_config=("audio_video_config",)),
    "pe_video": Family(layout="interleaved", text_config=("video_config",)),
    "persimmon": _H,
    "phi": _H,
    "phi3": _H,
    "phi4_multimodal": _H,
    "phimoe": Family(longrope_mscale=True, notes="LongRoPE read as PhiMoE's module computes it: short factors at "
                     "every length, cos/sin times short_mscale up to original_max_position_embeddings, long_mscale "
                     "beyond"),
    "pi05": Family(text_config=("dit_config",), notes="the action expert (dit_config, a Gemma) carries the RoPE"),
    "pixtral": Family(vision="pixtral", notes="2-D: height takes the even, width the odd frequencies of one ladder"),
    "pocket_tts": _H,
    "pocket_tts_audio_tokenizer": _H,
    "qwen2": _H,
    "qwen2_5_omni": Family(multi_axis="mrope", mrope_section=(16, 24, 24),
        text_config=("thinker_config", "text_config"), notes="the thinker's text model; " + _MROPE.notes),
    "qwen2_5_vl": _MROPE_T,
    "qwen2_moe": _H,
    "qwen2_vl": _MROPE_T,
    "qwen3": _H,
    "qwen3_5": _MROPE35_T,
    "qwen3_5_moe": _MROPE35_T,
    "qwen3_moe": _H,
    "qwen3_next": _H,
    "qwen3_omni_moe": Family(multi_axis="mrope_interleaved", mrope_section=(24, 20, 20),
        text_config=("thinker_config", "text_config"), refuse="odd_rotary_dim",
        notes="the thinker's text model; " + _MROPE3_T.notes),
    "qwen3_vl": _MROPE3_T,
    "qwen3_vl_moe": _MROPE3_T,
    "qwen4_exp": _MROPE35_T,
    "recurrent_gemma": _H,
    "sam2_video": _SAM_MEMORY,
    "sam3": Family(vision="axial", vision_config=("vision_config", "backbone_config"), vision_layout="interleaved",
        notes="the ViT backbone's 2-D RoPE"),
    "sam3_tracker_video": _SAM_MEMORY,
    "seed_oss": _H,
    "smollm3": _H,
    "solar_open": _H,
    "stablelm": _H,
    "starcoder2": _H,
    "step3p7": _H,
    "t5gemma": Family(text_config=("decoder",), notes="the decoder's RoPE; the encoder has its own"),
    "t5gemma2": Family(text_config=("encoder", "text_config"), notes="the encoder's text RoPE"),
    "timesfm2_5": _H,
    "ultrabert": _H,
    "unlimited_ocr": _H,
    "vaultgemma": _H,
    "video_llama_3": Family(text_config=("text_config",), vision="axial", vision_config=("vision_config",)),
    "voxtral_realtime": _H,
    "xcodec2": _H,
    "youtu": _MLA_SWITCH,
    "zamba2": Family(head_dim="attention_head_dim",
        notes="attention runs on the concatenated hidden state: head dim attention_head_dim = 2 * hidden_size "
        "// num_attention_heads"),
    "zaya": _H,
}
"""model_type -> Family, one entry per transformers model family with a rotary embedding
(transformers 5.24; docs/models.md is generated from the sweep that checks every entry)."""


def family(model_type: object) -> Family | None:
    """The registry entry for a model type, or None when the type is not listed.

    Example:
        >>> family("gptj").rotary_dim
        'rotary_dim_key'
    """
    if not isinstance(model_type, str):
        return None
    return FAMILIES.get(model_type)

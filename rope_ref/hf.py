"""from_hf_config: a Hugging Face model's config.json -> the RoPE that transformers computes.

A model's RoPE is what its family's modelling code in transformers computes. The config gives
the base, the head shape and the scaling block; the family's entry in the registry
(:mod:`rope_ref.models`, one per ``model_type``) gives the rest: the pairing layout, the
head-dim and rotary-dim rules, where a composite config keeps the language model, old per-layer
keys, the multi-axis rule and the output order. A model type the registry does not list gets
transformers' common rule, and :func:`describe_hf_config` says so in ``source``.

What is read, in transformers' order of precedence:

- base: ``rope_parameters["rope_theta"]``, else ``rope_theta``, else GPT-NeoX's
  ``rotary_emb_base``, else DBRX's ``attn_config["rope_theta"]``, else 10000;
- head dim: by the family's rule (:data:`rope_ref.models.HEAD_DIM_RULES`); the common one is
  ``head_dim`` when present and not null, else ``hidden_size // num_attention_heads`` (GPT-J's
  ``n_embd // n_head``); MLA models (DeepSeek-V2/V3, ...) use ``qk_rope_head_dim``; a
  transformers-5 ``per_layer_config`` (Gemma 4) may set it per layer type;
- partial rotary: ``partial_rotary_factor`` (top level or in the scaling block), else GPT-NeoX's
  ``rotary_pct``; rotary_dim = int(head_dim * factor); GPT-J / CodeGen give ``rotary_dim``
  directly;
- the scaling block: ``rope_parameters`` (newer files) or ``rope_scaling`` (older), its kind
  under ``rope_type`` or ``type``; "default" and Qwen2-VL's "mrope" mean no scaling (the M-RoPE
  sections are read by :func:`from_hf_config_multiaxis`), "su" is the old name of "longrope";
- per layer type: a ``rope_parameters`` with one block per layer type (transformers 5), or a
  family's old keys (Gemma 3's ``rope_local_base_freq``, ModernBERT's ``global_rope_theta`` /
  ``local_rope_theta``), selected by ``layer_type``;
- the pre-training length L0 of "yarn", "llama3" and "longrope": the top-level
  ``original_max_position_embeddings`` if present (Phi-3 keeps it there; transformers gives it
  priority), else the block's, else ``max_position_embeddings``;
- a model whose fields sit in a sub-config (``text_config``, a thinker's ``text_config``, a
  decoder's) is read from there.

The layout is "half" (rotate_half) for most families; the registry marks the ones whose code
pairs adjacent features (GPT-J, Llama 4, Cohere, GLM, Ernie 4.5, DeepSeek-V3 with
``rope_interleave``, ...; docs/models.md lists every family). Pass ``layout=`` to override.
Degenerate values transformers computes with anyway (an odd rotary dim, a rotary fraction
above 1) and RoPEs a single position cannot describe (2-D vision RoPE, a head whose last
features rotate) are refused with a message starting "refused:".

Older transformers releases overrode an explicit YaRN or LongRoPE ``factor`` with
max_position_embeddings / L0 whenever L0 was given; current releases use the explicit factor,
as rope-ref does (the two agree for every model in tests/data/configs).

Example:
    >>> from rope_ref import from_hf_config
    >>> rope = from_hf_config({"hidden_size": 4096, "num_attention_heads": 32, "rope_theta": 500000.0,
    ...                        "max_position_embeddings": 131072,
    ...                        "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
    ...                                         "high_freq_factor": 4.0,
    ...                                         "original_max_position_embeddings": 8192}})
    >>> rope.dim, rope.base, rope.layout, type(rope.scaling).__name__
    (128, 500000.0, 'half', 'Llama3')
"""

from rope_ref.models._config import (
    ConfigError,
    ConfigWarning,
    ModelInfo,
    describe_hf_config,
    from_hf_config,
    from_hf_config_multiaxis,
    read_config,
    rope_layer_types,
)

__all__ = ["ConfigError", "ConfigWarning", "ModelInfo", "describe_hf_config", "from_hf_config",
           "from_hf_config_multiaxis", "read_config", "rope_layer_types"]

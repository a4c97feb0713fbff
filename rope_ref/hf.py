"""from_hf_config: a Hugging Face model's config.json -> the RoPE that transformers computes.

A model's RoPE is what its family's modelling code in transformers computes. The config gives
the base, the head shape and the scaling block; the family's entry in the registry
(:mod:`rope_ref.models`, one per ``model_type``) gives the rest: the pairing layout, the
head-dim and rotary-dim rules, where a composite config keeps the language model, old per-layer
keys, the multi-axis rule and the output order. A model type the registry does not list gets
transformers' common rule, and :func:`describe_hf_config` says so in ``source``.

How a config is read: as transformers reads it. transformers builds the family's config class
from the file; the class fills in what the file leaves out and moves the RoPE keys into the scaling
block its rotary module reads, and the module may then ignore some of them. rope-ref does the same
from tables measured on the installed transformers (:mod:`rope_ref.models._defaults`; docs/models.md
lists them):

- keys the file leaves out get the config class's defaults: Qwen3's ``head_dim`` 128, Mixtral's base
  1e6, DeepSeek-V3's ``qk_rope_head_dim`` 64, Phi's rotary fraction 0.5, Phi-3's
  ``original_max_position_embeddings`` 4096, GPT-OSS's YaRN block, Gemma 3's text defaults inside a
  multimodal file; :func:`describe_hf_config` lists them in ``notes`` and ``sources``;
- the scaling block is ``rope_scaling`` or ``rope_parameters`` (which one wins when both are given
  is the class's: ``rope_scaling`` for most), one block per layer type where the class keeps them
  (Gemma 3, ModernBERT, transformers-5 per-layer blocks: pass ``layer_type`` or ``layer_idx``);
- base: the block's ``rope_theta``, else the top-level key the class moves in (``rope_theta``;
  GPT-NeoX's ``rotary_emb_base``; Gemma 3's ``rope_local_base_freq`` for sliding layers), else the
  class's default;
- head dim: by the family's rule (:data:`rope_ref.models.HEAD_DIM_RULES`): ``head_dim``, else
  ``hidden_size // num_attention_heads``; MLA models use ``qk_rope_head_dim``; a per-layer head
  dim (Gemma 4's ``global_head_dim``) per layer type;
- rotary dim: head_dim x the block's ``partial_rotary_factor`` (GPT-NeoX: ``rotary_pct``; GPT-J,
  CodeGen: ``rotary_dim``), except where the family's default rule rotates the whole head
  whatever the fraction says (Llama, Mistral, Qwen2, Gemma and most others: a note says so);
- the rule: the block's ``rope_type`` (or ``type``); "default" and "mrope" mean none; the
  pre-training length L0 of "yarn", "llama3" and "longrope" is the top-level
  ``original_max_position_embeddings`` where transformers' rules let it replace the block's (most
  families), else the block's, else ``max_position_embeddings``; PhiMoE's ``short_mscale`` /
  ``long_mscale`` multiply cos and sin;
- Llama 4's NoPE layers (``no_rope_layers``) have no RoPE: ``layer_idx`` naming one is refused.

A key the file gives that transformers ignores (both blocks, an untyped block, a top-level length
the block overrides), and a model type the registry does not know (read with transformers' common
rule), give a :class:`ConfigWarning`; ``strict=True`` refuses them instead. What transformers
refuses (a YaRN block without ``factor``, a null ``rope_type``, a string for a bool, a rule the
class refuses) is refused, and so are what a RoPE cannot stand for (2-D vision RoPE, a head whose
last features rotate) and degenerate values transformers computes with anyway (an odd rotary dim,
a fraction above 1): those messages start with "refused:". Errors name the config's own key path
(``config['text_config']['rope_theta']``).

The layout is "half" (rotate_half) for most families; the registry marks the ones whose code
pairs adjacent features (GPT-J, Llama 4, Cohere, GLM, Ernie 4.5, DeepSeek-V3 with
``rope_interleave``, ...). Pass ``layout=`` to override.

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

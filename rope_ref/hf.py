"""from_hf_config: a Hugging Face model's config.json -> the RoPE that transformers computes.

What is read, in transformers' order of precedence:

- base: ``rope_parameters["rope_theta"]``, else ``rope_theta``, else GPT-NeoX's
  ``rotary_emb_base``, else 10000;
- head dim: DeepSeek's ``qk_rope_head_dim`` (its rotary part), else ``head_dim`` when present
  and not null, else ``hidden_size // num_attention_heads`` (GPT-J's ``n_embd // n_head``);
- partial rotary: ``partial_rotary_factor`` (top level or in the scaling block), else GPT-NeoX's
  ``rotary_pct``; rotary_dim = int(head_dim * factor); GPT-J / CodeGen give ``rotary_dim``
  directly;
- the scaling block: ``rope_parameters`` (newer files) or ``rope_scaling`` (older), its kind
  under ``rope_type`` or ``type``; "default" and Qwen2-VL's "mrope" mean no scaling (the M-RoPE
  sections are read by :meth:`rope_ref.multiaxis.MultiAxisRoPE.mrope`), "su" is the old name of
  "longrope";
- the pre-training length L0 of "yarn", "llama3" and "longrope": the top-level
  ``original_max_position_embeddings`` if present (Phi-3 keeps it there; transformers gives it
  priority), else the block's, else ``max_position_embeddings``;
- a model whose fields sit under ``text_config`` (Llama 4, newer multimodal files) is read
  from there.

The layout is "half" (rotate_half), as transformers computes for most models, except where
its modelling code pairs adjacent features: Llama 4 (complex view), GPT-J and CodeGen
(rotate_every_two), Cohere, and DeepSeek-V2/V3 with ``rope_interleave`` (the default). Pass
``layout=`` to override.

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

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rope_ref import _validate
from rope_ref.frequencies import Scaling
from rope_ref.models import HEAD_DIM_RULES, ROTARY_DIM_RULES, Family, family
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.scaling import DynamicNTK, Linear, Llama3, LongRoPE, Proportional, YaRN

__all__ = ["ModelInfo", "describe_hf_config", "from_hf_config", "from_hf_config_multiaxis", "read_config"]

_NO_SCALING = {None, "default", "mrope"}
_KNOWN_TYPES = sorted(["default", "mrope", "linear", "dynamic", "yarn", "llama3", "longrope", "su", "proportional"])


class ConfigError(ValueError):
    """A config.json that does not describe a RoPE: names the key and what is wrong."""


def read_config(source: Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    """A config as a dict: given as a mapping, or read (as JSON, never unpickled) from a path."""
    if isinstance(source, Mapping):
        return dict(source)
    if not isinstance(source, (str, os.PathLike)):
        raise _validate.fail("config", "a dict or the path of a config.json", source, kind=TypeError)
    path = os.fspath(source)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path!r} does not exist.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(f"config file {path!r} is not valid JSON: {err}.") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path!r} must hold a JSON object; got {type(data).__name__}.")
    return data


def _text_config(config: dict[str, Any]) -> dict[str, Any]:
    """The dict holding the language model's fields (text_config when the top level has none)."""
    own = any(k in config for k in ("num_attention_heads", "head_dim", "n_head", "qk_rope_head_dim"))
    text = config.get("text_config")
    if not own and isinstance(text, dict):
        return text
    return config


def _number(block: Mapping[str, Any], key: str, where: str, required: bool = True) -> float | None:
    value = block.get(key)
    if value is None:
        if required:
            raise ConfigError(f"{where}[{key!r}] is required here; the config has no {key!r}.")
        return None
    if not _validate.is_real(value) or not math.isfinite(value):
        raise ConfigError(f"{where}[{key!r}] must be a finite number; got {value!r}.")
    return float(value)


def _scaling(cfg: dict[str, Any], block: dict[str, Any], where: str, rope_type: str | None) -> Scaling | None:
    if rope_type in _NO_SCALING:
        return None
    max_pos = _number(cfg, "max_position_embeddings", "config", required=False)

    def l0() -> float:
        for holder, name in ((cfg, "config"), (block, where)):
            value = _number(holder, "original_max_position_embeddings", name, required=False)
            if value is not None:
                return value
        if max_pos is None:
            raise ConfigError(f"{where}['original_max_position_embeddings'] is required for rope_type "
                              f"{rope_type!r} when config has no 'max_position_embeddings'.")
        return max_pos

    try:
        if rope_type == "linear":
            return Linear(_number(block, "factor", where))
        if rope_type == "dynamic":
            if max_pos is None:
                raise ConfigError("config['max_position_embeddings'] is required for rope_type 'dynamic'.")
            return DynamicNTK(_number(block, "factor", where), max_pos)
        if rope_type == "yarn":
            original = l0()
            factor = _number(block, "factor", where, required=False)
            if factor is None:
                if max_pos is None:
                    raise ConfigError(f"{where}['factor'] is required when config has no 'max_position_embeddings'.")
                factor = max_pos / original
            return YaRN(factor, original, beta_fast=block.get("beta_fast"), beta_slow=block.get("beta_slow"),
                        mscale=block.get("mscale"), mscale_all_dim=block.get("mscale_all_dim"),
                        attention_factor=block.get("attention_factor"), truncate=block.get("truncate", True))
        if rope_type == "llama3":
            return Llama3(_number(block, "factor", where), _number(block, "low_freq_factor", where),
                          _number(block, "high_freq_factor", where), l0())
        if rope_type in ("longrope", "su"):
            for key in ("short_factor", "long_factor"):
                if block.get(key) is None:
                    raise ConfigError(f"{where}[{key!r}] is required for rope_type {rope_type!r}.")
            return LongRoPE(tuple(block["short_factor"]), tuple(block["long_factor"]), l0(),
                            factor=block.get("factor"), max_position_embeddings=max_pos,
                            attention_factor=block.get("attention_factor"))
        if rope_type == "proportional":
            partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", 1.0))
            return Proportional(partial, block.get("factor", 1.0))
    except (TypeError, ValueError) as err:
        if isinstance(err, ConfigError):
            raise
        raise ConfigError(f"{where} (rope_type {rope_type!r}): {err}") from None
    raise ConfigError(f"{where}['rope_type'] must be one of {_KNOWN_TYPES}; got {rope_type!r}.")




@dataclass(frozen=True)
class ModelInfo:
    """Where a RoPE read from a config.json came from: the rules used and what they mean.

    Example:
        >>> from rope_ref import describe_hf_config
        >>> info = describe_hf_config({"model_type": "glm4", "hidden_size": 4096, "num_attention_heads": 32,
        ...                            "partial_rotary_factor": 0.5})
        >>> info.rope.layout, info.rope.rotary_dim, info.source
        ('interleaved', 64, "registry entry 'glm4'")

    Attributes:
        rope: the RoPE (what :func:`from_hf_config` returns).
        model_type: the config's model_type (None when it has none).
        source: "registry entry '<type>'", or a sentence saying that the type is not in the
            registry and transformers' common rule was used.
        layout_rule, head_dim_rule, rotary_dim_rule: the rules applied, in words.
        output_order: "input", or "half" when the modelling code returns interleaved pairs in
            half order (same attention scores, permuted features).
        layer_type: the layer type resolved (None when the RoPE is the same for every layer).
        layer_types: the valid layer types of this config (empty when it has none).
        multi_axis: "mrope", "mrope_interleaved", "axial" or None; when set, ``rope`` covers text
            positions only (use :func:`from_hf_config_multiaxis` for the rest).
        notes: anything else the caller should know, one sentence each.
    """

    rope: RoPE
    model_type: str | None
    source: str
    layout_rule: str
    head_dim_rule: str
    rotary_dim_rule: str
    output_order: str = "input"
    layer_type: str | None = None
    layer_types: tuple[str, ...] = ()
    multi_axis: str | None = None
    notes: tuple[str, ...] = ()


def _int_key(cfg: Mapping[str, Any], key: str) -> int | None:
    value = cfg.get(key)
    if value is None:
        return None
    if not _validate.is_integer(value) or value <= 0:
        raise ConfigError(f"config[{key!r}] must be a positive integer; got {value!r}.")
    return int(value)


def _over(cfg: Mapping[str, Any], hidden: str, heads: str, extra: int = 1) -> int | None:
    h, n = _int_key(cfg, hidden), _int_key(cfg, heads)
    return None if h is None or n is None else h // n // extra


def _head_dim(cfg: Mapping[str, Any], rule: str) -> int:
    value: int | None
    if rule == "qk_rope_head_dim":  # without the key, transformers' common rule
        value = _int_key(cfg, "qk_rope_head_dim") or _head_dim(cfg, "common")
    elif rule == "kv_channels":
        value = _int_key(cfg, "kv_channels")
    elif rule == "dbrx":
        value = _over(cfg, "d_model", "n_heads")
    elif rule == "decoder_heads":
        value = _over(cfg, "hidden_size", "decoder_num_attention_heads")
    elif rule == "attention_head_dim":
        value = _int_key(cfg, "attention_head_dim") or _over(cfg, "hidden_size", "num_attention_heads")
    elif rule == "hidden_over_heads":
        value = _over(cfg, "hidden_size", "num_attention_heads")
    elif rule == "head_dim":
        value = _int_key(cfg, "head_dim")
    else:  # common: transformers' default rule
        value = (_int_key(cfg, "head_dim") or _over(cfg, "hidden_size", "num_attention_heads")
                 or _over(cfg, "n_embd", "n_head"))
    if value is None and rule == "common":
        raise ConfigError("config needs 'head_dim', or 'hidden_size' and 'num_attention_heads', to give the head "
                          "dimension; it has none of them.")
    if value is None:
        raise ConfigError(f"config needs the keys of the head-dimension rule ({HEAD_DIM_RULES[rule]}); "
                          "some are missing.")
    return value


def _rotary_dim(cfg: Mapping[str, Any], block: Mapping[str, Any], head_dim: int, rule: str) -> int:
    if rule == "rotary_dim_key" and cfg.get("rotary_dim") is not None:
        return int(cfg["rotary_dim"])
    if rule in ("full", "qk_rope_head_dim"):
        return head_dim
    if rule == "half_head":
        return head_dim // 2
    partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", cfg.get("rotary_pct", 1.0)))
    if not _validate.is_real(partial) or not 0 < partial <= 1:
        raise ConfigError(f"config['partial_rotary_factor'] must be a number in (0, 1]; got {partial!r}.")
    return int(head_dim * partial)


def _descend(raw: dict[str, Any], fam: Family | None) -> tuple[dict[str, Any], str]:
    """The dict holding the language model's fields, and where it was found."""
    if fam is not None and fam.text_config:
        cfg: Any = raw
        for key in fam.text_config:
            cfg = cfg.get(key) if isinstance(cfg, dict) else None
        if isinstance(cfg, dict):
            return cfg, "config" + "".join(f"[{k!r}]" for k in fam.text_config)
    cfg = _text_config(raw)
    return cfg, "config" if cfg is raw else "config['text_config']"


def _layer_blocks(cfg: dict[str, Any], fam: Family | None
                  ) -> tuple[dict[str, tuple[dict[str, Any], str, float | None]], tuple[str, ...]]:
    """Per-layer RoPE: layer type -> (its scaling block, where, its base), and the config's
    layer types (from a ``layer_types`` list or the per-layer keys); empty when not per-layer."""
    listed = cfg.get("layer_types")
    types = tuple(sorted(set(listed))) if isinstance(listed, list) and listed else ()
    for key in ("rope_parameters", "rope_scaling"):
        block = cfg.get(key)
        if isinstance(block, dict) and block and all(isinstance(v, dict) or v is None for v in block.values()) \
                and any(isinstance(v, dict) for v in block.values()):
            blocks = {lt: (v, f"config[{key!r}][{lt!r}]", None) for lt, v in block.items() if isinstance(v, dict)}
            return blocks, tuple(sorted(blocks))
    if fam is not None and fam.per_layer:
        top, where = _scaling_block(cfg)
        blocks = {}
        for lt, (base_key, default) in fam.per_layer.items():
            base = cfg.get(base_key, default)
            if not _validate.is_real(base):
                raise ConfigError(f"config[{base_key!r}] must be a number; got {base!r}.")
            scaled = lt in fam.per_layer_scaled
            blocks[lt] = (top if scaled else {}, where, float(base))
        return blocks, tuple(sorted(blocks))
    return {}, types


def _layer_head_dim(cfg: Mapping[str, Any], layer_type: str | None) -> int | None:
    """A per-layer head_dim override (transformers-5 ``per_layer_config``, keyed by layer index, or
    Gemma 4's older ``global_head_dim`` for full-attention layers), or None."""
    if layer_type is None:
        return None
    overrides, types = cfg.get("per_layer_config"), cfg.get("layer_types")
    if isinstance(overrides, dict) and isinstance(types, list):
        for key, override in overrides.items():
            index = int(key) if isinstance(key, str) and key.isdigit() else None
            if index is not None and index < len(types) and types[index] == layer_type \
                    and isinstance(override, dict) and override.get("head_dim") is not None:
                return _int_key(override, "head_dim")
        return None
    if layer_type == "full_attention" and cfg.get("global_head_dim") is not None:
        return _int_key(cfg, "global_head_dim")
    return None


def _scaling_block(cfg: dict[str, Any]) -> tuple[dict[str, Any], str]:
    for key in ("rope_parameters", "rope_scaling"):
        block = cfg.get(key)
        if block is None:
            continue
        if not isinstance(block, dict):
            raise ConfigError(f"config[{key!r}] must be an object; got {block!r}.")
        return block, f"config[{key!r}]"
    return {}, "config['rope_scaling']"


def describe_hf_config(config: Mapping[str, Any] | str | os.PathLike[str], *, layout: str | None = None,
                       layer_type: str | None = None) -> ModelInfo:
    """The RoPE transformers computes for a model, with where each part of it came from.

    Reads the config as :func:`from_hf_config` does (see this module's docstring) and applies
    the model family's rules from :mod:`rope_ref.models`; a model type not in the registry gets
    transformers' common rule, and ``source`` says so.

    Example:
        >>> from rope_ref import describe_hf_config
        >>> gemma3 = {"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "head_dim": 256,
        ...           "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0}
        >>> info = describe_hf_config(gemma3, layer_type="sliding_attention")
        >>> info.rope.base, info.layer_types
        (10000.0, ('full_attention', 'sliding_attention'))

    Parameters:
        config: the parsed config.json, or its path (read as JSON, never unpickled).
        layout: override the layout ("half" or "interleaved").
        layer_type: which layer type's RoPE, for a config with one per layer type; for a config
            that lists ``layer_types`` but has one RoPE, any listed type gives that RoPE.

    Returns:
        A :class:`ModelInfo`; its ``rope`` is what :func:`from_hf_config` returns.

    Raises:
        ValueError: a missing or malformed key, an unknown rope_type, a missing or unknown
            layer type (the message lists the valid ones), or a refused degenerate value.
        TypeError: config is neither a mapping nor a path.
    """
    raw = read_config(config)
    model_type = raw.get("model_type") if isinstance(raw.get("model_type"), str) else None
    fam = family(model_type)
    cfg, cfg_where = _descend(raw, fam)
    if fam is None and isinstance(cfg.get("model_type"), str) and family(cfg["model_type"]) is not None:
        model_type, fam = cfg["model_type"], family(cfg["model_type"])
    notes: list[str] = []
    if fam is None:
        source = (f"model type {model_type!r} is not in rope-ref's registry: transformers' common rule was used "
                  "(half layout, head_dim or hidden_size // num_attention_heads, partial_rotary_factor)")
        fam = Family()
    else:
        source = f"registry entry {model_type!r}"
        if fam.notes:
            notes.append(fam.notes)
    if cfg_where != "config":
        notes.append(f"the language model's fields were read from {cfg_where}")
    _refuse(fam, cfg, model_type, _scaling_block(cfg)[1])

    blocks, layer_types = _layer_blocks(cfg, fam)
    base_override: float | None = None
    if blocks:
        if layer_type is None or layer_type not in blocks:
            what = "needs layer_type=" if layer_type is None else f"has no layer type {layer_type!r}; use"
            raise ConfigError(f"this config has one RoPE per layer type; it {what} one of {sorted(blocks)}; "
                              f"got layer_type={layer_type!r}.")
        block, where, base_override = blocks[layer_type]
    else:
        if layer_type is not None and layer_type not in layer_types:
            allowed = f"one of {list(layer_types)}, or None" if layer_types else "None (this config has one RoPE " \
                "for every layer)"
            raise ConfigError(f"layer_type must be {allowed}; got {layer_type!r}.")
        block, where = _scaling_block(cfg)
        if layer_type is not None:
            notes.append(f"every layer type of this config has the same RoPE; layer_type {layer_type!r} is one "
                         "of them")

    head_dim = _layer_head_dim(cfg, layer_type) or _head_dim(cfg, fam.head_dim)
    attn = cfg.get("attn_config") if isinstance(cfg.get("attn_config"), dict) else {}
    base = base_override if base_override is not None else block.get(
        "rope_theta", cfg.get("rope_theta", cfg.get("rotary_emb_base", attn.get("rope_theta", 10000.0))))
    rope_type = block.get("rope_type", block.get("type"))
    if rope_type is not None and not isinstance(rope_type, str):
        raise ConfigError(f"{where}['rope_type'] must be a string; got {rope_type!r}.")
    multi_axis = fam.multi_axis
    if multi_axis is None and block.get("mrope_section") is not None:  # a family the registry does not know
        multi_axis = "mrope_interleaved" if block.get("mrope_interleaved") else "mrope"
    if rope_type == "axial":
        raise ConfigError(f"refused: {where}['rope_type'] is 'axial', a 2-D RoPE over image rows and columns, "
                          "which from_hf_config (one position per token) cannot describe; use "
                          "rope_ref.from_hf_config_multiaxis.")
    if multi_axis is not None:
        notes.append(f"multi-axis ({multi_axis}): this RoPE is the text-position case, where every axis holds "
                     "the token index; rope_ref.from_hf_config_multiaxis gives the whole rule")
    rotary_dim = head_dim if rope_type == "proportional" else _rotary_dim(cfg, block, head_dim, fam.rotary_dim)

    layout_rule = fam.layout
    if layout is None:
        layout = fam.layout
        if fam.output_order == "half" and not cfg.get("rope_interleave", True):
            layout, layout_rule = "half", "half (rope_interleave is false)"
    else:
        layout_rule = f"{layout} (given by the caller)"
    output_order = fam.output_order if layout == "interleaved" else "input"
    scaling = _scaling(cfg, block, where, rope_type)
    try:
        rope = RoPE(head_dim, base=base, layout=layout, rotary_dim=rotary_dim, scaling=scaling)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"config describes no valid RoPE: {err}") from None
    if output_order == "half":
        notes.append("transformers returns the rotated features in half order (pair j at j and j + r/2); "
                     "attention scores are the same")
    return ModelInfo(rope=rope, model_type=model_type, source=source, layout_rule=layout_rule,
                     head_dim_rule=HEAD_DIM_RULES[fam.head_dim], rotary_dim_rule=ROTARY_DIM_RULES[fam.rotary_dim],
                     output_order=output_order, layer_type=layer_type if (blocks or layer_types) else None,
                     layer_types=layer_types, multi_axis=multi_axis, notes=tuple(notes))


def _refuse(fam: Family, cfg: Mapping[str, Any], model_type: str | None, where: str) -> None:
    """Raise for what the family computes that a RoPE cannot, or should not, stand for."""
    block, _ = _scaling_block(cfg)
    if fam.refuse == "vision_2d" or (fam.multi_axis in ("pixtral", "axial") and fam.refuse is None):
        raise ConfigError(f"refused: {model_type} is a 2-D (image row and column) RoPE, which from_hf_config "
                          "(one position per token) cannot describe"
                          + ("; use rope_ref.from_hf_config_multiaxis." if fam.refuse is None else
                             "; rope-ref does not model this family's 2-D layout yet."))
    if fam.refuse == "trailing_rotary":
        raise ConfigError(f"refused: {model_type} rotates the last rotary features of each head ([nope | rope] "
                          "layout, adjacent pairs), which a RoPE rotating the leading features cannot describe; "
                          "split the head and check its rope part with layout='interleaved'.")
    if fam.multi_axis == "ernie_3d":
        raise ConfigError(f"refused: {model_type}'s text RoPE reorders the frequencies (the first "
                          "mrope_section[0] + mrope_section[1] pairs take the even then the odd frequencies), "
                          "which a RoPE with one frequency ladder cannot describe.")
    if fam.refuse == "partial_over_one":
        partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", 1.0))
        if _validate.is_real(partial) and partial > 1:
            head_dim = _head_dim(cfg, fam.head_dim)
            raise ConfigError(f"refused: {where}['partial_rotary_factor'] is {partial!r} (> 1): transformers "
                              f"builds int({head_dim} * {partial}) = {int(head_dim * partial)} // 2 frequencies "
                              f"for a {head_dim}-feature head and slices the cos/sin tables to the features it "
                              "has, which is no RoPE of that head; a rotary fraction must be in (0, 1].")
    if fam.refuse == "odd_rotary_dim":
        head_dim = _head_dim(cfg, fam.head_dim)
        partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", 1.0))
        r = int(head_dim * partial) if _validate.is_real(partial) else head_dim
        if head_dim % 2 or r % 2:
            raise ConfigError(
                f"refused: {model_type} with head dim {head_dim} and rotary dim {r} (partial_rotary_factor "
                f"{partial}) is degenerate: a rotary dim must be even. transformers still builds "
                f"{(r + 1) // 2} frequencies (arange(0, {r}, 2) / {r}) and rotates {2 * ((r + 1) // 2)} "
                "features; the default config is no real model (set head_dim to an even value).")


def from_hf_config(config: Mapping[str, Any] | str | os.PathLike[str], *, layout: str | None = None,
                   layer_type: str | None = None) -> RoPE:
    """The RoPE transformers computes for a model, from its config.json (a dict or a path).

    See the module docstring for every key that is read and the order of precedence; the
    model family's own rules (pairing, head and rotary dims, per-layer keys) come from
    :mod:`rope_ref.models`. :func:`describe_hf_config` gives the same RoPE with where each part
    came from (registry entry or transformers' common rule, multi-axis, output order).

    Example:
        >>> from rope_ref import from_hf_config
        >>> from_hf_config({"hidden_size": 6144, "num_attention_heads": 64, "rotary_pct": 0.25,
        ...                 "rotary_emb_base": 10000, "model_type": "gpt_neox"})
        RoPE(dim=96, base=10000.0, layout='half', rotary_dim=24, scaling=None, precision='float64')

    Parameters:
        config: the parsed config.json, or its path (read as JSON, never unpickled).
        layout: override the layout ("half" or "interleaved").
        layer_type: which layer type's RoPE, for a config with one per layer type (Gemma 3's
            "sliding_attention" / "full_attention", ModernBERT's, transformers-5 per-layer
            ``rope_parameters``).

    Returns:
        A :class:`rope_ref.RoPE` with dim = the head (or rotary-head) dimension.

    Raises:
        ValueError: a missing or malformed key, named in the message, an unknown rope_type, a
            missing or unknown layer type (the message lists the valid ones), or a refused
            degenerate value.
        TypeError: config is neither a mapping nor a path.
    """
    return describe_hf_config(config, layout=layout, layer_type=layer_type).rope


def from_hf_config_multiaxis(config: Mapping[str, Any] | str | os.PathLike[str], *,
                             layout: str | None = None) -> MultiAxisRoPE:
    """The multi-axis RoPE of a vision-language or vision model, from its config.json.

    M-RoPE (Qwen2-VL, Qwen2.5-VL, GLM-4V: ``mrope_section``, or the family's default sections;
    Qwen3-VL and Qwen3.5: interleaved) gives a :meth:`MultiAxisRoPE.mrope` over (temporal,
    height, width) positions, with partial rotary where the family has it; Pixtral's
    ``rope_type: "axial"`` gives :meth:`MultiAxisRoPE.pixtral` and MLCD's
    :meth:`MultiAxisRoPE.axial` over (row, column). The sectioned or interleaved form and the
    default sections come from the family's registry entry (:mod:`rope_ref.models`).

    Example:
        >>> import numpy as np
        >>> from rope_ref import from_hf_config_multiaxis
        >>> m = from_hf_config_multiaxis({"model_type": "qwen2_vl", "hidden_size": 3584, "num_attention_heads": 28,
        ...                               "rope_theta": 1000000.0,
        ...                               "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}})
        >>> m.axes, m.dim
        (3, 128)

    Parameters:
        config: the parsed config.json, or its path.
        layout: override the layout ("half" or "interleaved").

    Returns:
        A :class:`rope_ref.MultiAxisRoPE`.

    Raises:
        ValueError: the config has no multi-axis rule, or a key is missing or malformed.
    """
    raw = read_config(config)
    model_type = raw.get("model_type")
    fam = family(model_type) or Family()
    cfg, _ = _descend(raw, fam)
    block, where = _scaling_block(cfg)
    if isinstance(block, dict) and block and all(isinstance(v, dict) for v in block.values()):
        raise ConfigError(f"{where} holds one block per layer type; multi-axis per layer type is not supported.")
    rope_type = block.get("rope_type", block.get("type"))
    head_dim = _head_dim(cfg, fam.head_dim)
    base = block.get("rope_theta", cfg.get("rope_theta", 10000.0))
    lay = layout if layout is not None else fam.layout
    try:
        if fam.multi_axis == "axial":  # MLCD: height and width blocks, one ladder over head_dim // 2 each
            return MultiAxisRoPE.axial(head_dim, axes=2, base=base, layout=lay)
        if rope_type == "axial" or fam.multi_axis == "pixtral":
            return MultiAxisRoPE.pixtral(head_dim, base=base, layout=lay)
        section = block.get("mrope_section")
        section = fam.mrope_section if section is None else section
        if section is not None:
            interleaved = fam.multi_axis == "mrope_interleaved" or (
                fam.multi_axis is None and bool(block.get("mrope_interleaved")))
            rotary = _rotary_dim(cfg, block, head_dim, fam.rotary_dim)
            section = tuple(section)
            if interleaved and len(section) == 3 and sum(section) != rotary // 2:
                # the interleaved rule reads only the height and width sizes (transformers'
                # apply_interleaved_mrope); temporal takes every other frequency, however many
                section = (rotary // 2 - section[1] - section[2], section[1], section[2])
            multi = MultiAxisRoPE.mrope(rotary, mrope_section=tuple(section), base=base, interleaved=interleaved,
                                        layout=lay)
            if rotary == head_dim:
                return multi
            return MultiAxisRoPE(head_dim, multi.frequencies, lay, rotary, "float64", multi.frequencies_lo)
    except ConfigError:
        raise
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}: {err}") from None
    raise ConfigError(f"config (model type {model_type!r}) describes no multi-axis RoPE: {where} has no "
                      "'mrope_section' and rope_type is not 'axial'; use from_hf_config.")

"""Reading a Hugging Face config.json into the RoPE transformers computes (the API is :mod:`rope_ref.hf`).

Example:
    >>> from rope_ref.hf import from_hf_config
    >>> from_hf_config({"hidden_size": 64, "num_attention_heads": 2}).dim
    32
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rope_ref import _rope_types, _validate
from rope_ref.exact import theta_dd
from rope_ref.models import _standard
from rope_ref.models._families import HEAD_DIM_RULES, ROTARY_DIM_RULES, Family, family
from rope_ref.models._keys import (
    ConfigError,
    ConfigWarning,
    _descend,
    _head_dim,
    _layer_blocks,
    _layer_head_dim,
    _refuse,
    _rotary_dim,
    _scaling,
    _scaling_block,
    read_config,
)
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.scaling import Proportional

__all__ = ["ConfigError", "ConfigWarning", "ModelInfo", "describe_hf_config", "from_hf_config",
           "from_hf_config_multiaxis", "read_config", "rope_layer_types"]


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
        context: the longest context the config describes: ``max_position_embeddings``, or the
            rule's own extended length (its original length times its factor) when longer; None
            when the config says neither.
        nope_layers: the layer indices that use no RoPE at all (Llama 4's iRoPE: every fourth
            layer by default); empty for most models.
        sources: where each part came from, by part ("head_dim", "rotary_dim", "base", "rule",
            "layout"): a config key (``config['text_config']['rope_theta']``), the config class's
            default, the registry entry's rule, or the family's rotary module.
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
    context: float | None = None
    nope_layers: tuple[int, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


def _context(cfg: Mapping[str, Any], scaling: Any) -> float | None:
    """max_position_embeddings, or original length x factor of the rule when that is longer."""
    lengths = []
    mpe = cfg.get("max_position_embeddings")
    if isinstance(mpe, (int, float)) and not isinstance(mpe, bool) and math.isfinite(mpe) and mpe > 0:
        lengths.append(float(mpe))
    factor = getattr(scaling, "factor", None)
    original = getattr(scaling, "original_max_position_embeddings", None) or \
        getattr(scaling, "max_position_embeddings", None)
    if isinstance(factor, (int, float)) and isinstance(original, (int, float)) and factor > 0 and original > 0:
        lengths.append(float(original) * float(factor))
    return max(lengths) if lengths else None


@dataclass
class _Text:
    """The language model's part of a config: its model type and registry family, its fields (with the
    config class's defaults filled in), where they are, and the config class that reads them."""

    model_type: str | None
    fam: Family | None
    cfg: dict[str, Any]
    where: str
    notes: list[str]
    class_type: str | None = None
    top_type: str | None = None
    given: dict[str, Any] = field(default_factory=dict)
    unknown_top: str | None = None
    filled: dict[str, Any] = field(default_factory=dict)


def _text_model(raw: dict[str, Any]) -> _Text:
    """The language model's part of a config (see :class:`_Text`)."""
    model_type = raw.get("model_type") if isinstance(raw.get("model_type"), str) else None
    fam = family(model_type)
    if fam is None and _standard.parent_type(model_type) is not None:  # a sub-config given on its own
        fam = family(_standard.parent_type(model_type))
    cfg, cfg_where, keys = _descend(raw, fam)
    unknown_top = None
    if fam is None and isinstance(cfg.get("model_type"), str) and family(cfg["model_type"]) is not None:
        unknown_top = model_type if model_type is not None and not _standard.known_type(model_type) else None
        model_type, fam = cfg["model_type"], family(cfg["model_type"])
    notes: list[str] = []
    sub_type = cfg.get("model_type") if isinstance(cfg.get("model_type"), str) else None
    class_type = sub_type or (model_type if cfg is raw else _standard.sub_config_type(model_type, keys))
    if fam is not None and fam.vision_config:  # a vision-language model: the text model is its own family
        if fam.vision != "other":
            notes.append(f"the vision encoder's RoPE is 2-D ({fam.vision}); rope_ref.from_hf_config_multiaxis "
                         "builds it")
        text_type = sub_type or (class_type if class_type != model_type else None)
        if text_type is not None and text_type != model_type and family(text_type) is not None:
            notes.append(f"the language model is a {text_type!r} model")
            model_type, fam = text_type, family(text_type)
        elif sub_type is not None and sub_type != model_type:
            notes.append(f"the language model is a {sub_type!r} model")
            model_type, fam = sub_type, family(sub_type)
    top_type = raw.get("model_type") if isinstance(raw.get("model_type"), str) else None
    merged = {k: v for k, v in _standard.composite_keys(top_type, keys).items() if k not in cfg}
    if merged:
        notes.append(f"from the {top_type} config's defaults for {cfg_where} (not in it): "
                     + ", ".join(f"{k} {v!r}" for k, v in sorted(merged.items())))
        cfg = {**merged, **cfg}
    filled_cfg, filled = _standard.fill_defaults(cfg, class_type)
    return _Text(model_type, fam, filled_cfg, cfg_where, notes, class_type=class_type, top_type=top_type, given=cfg,
                 filled=filled, unknown_top=unknown_top)


#: Keys a scaling block may hold without naming a rule (transformers moves them there itself).
_UNTYPED_OK = frozenset({"rope_theta", "partial_rotary_factor", "mrope_section", "mrope_interleaved"})


def _untyped_block(block: Mapping[str, Any], where: str, strict: bool) -> None:
    """A scaling block with rule keys but no rope_type: transformers reads it as "default" (no scaling)
    and only warns that it ignores the keys; so does rope-ref, or refuses under strict."""
    if block.get("rope_type", block.get("type")) is None and "rope_type" not in block:
        ignored = sorted(k for k in block if k not in _UNTYPED_OK and k != "type")
        if ignored:
            _assume(strict, f"{where} has no 'rope_type' (nor 'type'): transformers reads it as 'default', no "
                            f"scaling, and ignores {', '.join(repr(k) for k in ignored)}; name the rule (e.g. "
                            "'rope_type': 'linear') if one is meant, or pass strict=True to refuse")


def _nope_layers(cfg: Mapping[str, Any], fam: Family) -> tuple[int, ...]:
    """The layers with no RoPE at all: Llama 4's ``no_rope_layers`` (1 = RoPE, 0 = none), or, when the
    config leaves it out, every ``no_rope_layer_interval``-th layer (4 by default)."""
    if fam.nope_layers is None:
        return ()
    listed = cfg.get("no_rope_layers")
    if isinstance(listed, list) and listed:
        if not all(v in (0, 1) and not isinstance(v, bool) for v in listed):
            raise ConfigError(f"config['no_rope_layers'] must be a list of 0 and 1 (1: the layer uses RoPE); "
                              f"got {listed[:8]!r}.")
        return tuple(i for i, v in enumerate(listed) if v == 0)
    interval = cfg.get("no_rope_layer_interval", 4)
    if not _validate.is_integer(interval) or interval <= 0:
        raise ConfigError(f"config['no_rope_layer_interval'] must be a positive integer; got {interval!r}.")
    return tuple(i for i in range(_layer_count(cfg, fam)) if (i + 1) % int(interval) == 0)


def _layer_count(cfg: Mapping[str, Any], fam: Family) -> int:
    count = cfg.get("num_hidden_layers", fam.defaults.get("num_hidden_layers") if fam.defaults else None)
    if not _validate.is_integer(count) or count <= 0:
        raise ConfigError(f"config['num_hidden_layers'] must be a positive integer; got {count!r}.")
    return int(count)


def _layer_at(cfg: Mapping[str, Any], fam: Family, layer_idx: Any, layer_type: str | None, nope: tuple[int, ...],
              model_type: str | None) -> str | None:
    """The layer type of layer ``layer_idx`` (checked against a given layer_type); ConfigError for a layer
    without RoPE or out of range."""
    listed = cfg.get("layer_types")
    count = len(listed) if isinstance(listed, list) and listed else cfg.get("num_hidden_layers")
    if not _validate.is_integer(layer_idx) or layer_idx < 0 or (_validate.is_integer(count) and layer_idx >= count):
        allowed = f"an integer in [0, {count - 1}]" if _validate.is_integer(count) else "an integer >= 0"
        raise ConfigError(f"layer_idx must be {allowed}; got {layer_idx!r}.")
    if layer_idx in nope:
        raise ConfigError(f"layer {layer_idx} of this {model_type or 'model'} config has no RoPE (no_rope_layers"
                          f"[{layer_idx}] is 0): transformers skips the rotation there and scales the queries by "
                          "attention-temperature tuning instead.")
    if isinstance(listed, list) and listed:
        at = listed[int(layer_idx)]
        if layer_type is not None and layer_type != at:
            raise ConfigError(f"layer_type {layer_type!r} disagrees with layer_idx {layer_idx}, whose type in "
                              f"config['layer_types'] is {at!r}.")
        return at if _layer_blocks(cfg, fam)[0] else layer_type
    return layer_type


def _index_ranges(values: tuple[int, ...]) -> str:
    if len(values) > 1 and all(b - a == values[1] - values[0] for a, b in itertools.pairwise(values)):
        step = values[1] - values[0]
        return f"{values[0]}, {values[1]}, ..., {values[-1]}" if step > 1 else f"{values[0]}-{values[-1]}"
    return ", ".join(str(v) for v in values)


def _base(cfg: Mapping[str, Any], block: Mapping[str, Any], where: str, attn: Mapping[str, Any],
          override: float | None) -> tuple[Any, str]:
    """The base and the key it came from, in transformers' order of precedence."""
    if override is not None:
        return override, "the layer type's base"
    for holder, key, name in ((block, "rope_theta", f"{where}['rope_theta']"),
                              (cfg, "rope_theta", "config['rope_theta']"),
                              (cfg, "rotary_emb_base", "config['rotary_emb_base']"),
                              (attn, "rope_theta", "config['attn_config']['rope_theta']")):
        if key in holder and holder[key] is not None:
            return holder[key], name
    return 10000.0, "the default base 10000"


#: RoPE's argument names -> the config keys that give them, for errors in the config's own words.
_KEY_OF_ARGUMENT = {"dim": "the head dimension (head_dim, or hidden_size // num_attention_heads)",
                    "rotary_dim": "the rotary dimension (head_dim x partial_rotary_factor)"}


def _in_config_keys(message: str, base_key: str, where: str) -> str:
    """A RoPE argument error reworded with the config key that gave the value."""
    lead = message.split(" ", 1)[0]
    if lead == "base":
        return f"{base_key} {message.split(' ', 1)[1]}"
    if lead in _KEY_OF_ARGUMENT:
        return f"{_KEY_OF_ARGUMENT[lead]}: {message}"
    if lead in ("scaling", "rule"):
        return f"{where}: {message}"
    return f"config describes no valid RoPE: {message}"


def _assume(strict: bool, message: str) -> None:
    """Warn that the reading rests on an assumption (ConfigWarning), or refuse it under ``strict``."""
    if strict:
        raise ConfigError(f"refused (strict): {message.split('; confirm')[0].split(', or pass strict')[0]}.")
    warnings.warn(message + ".", ConfigWarning, stacklevel=4)


def rope_layer_types(config: Mapping[str, Any] | str | os.PathLike[str]) -> tuple[str, ...]:
    """The layer types of a config that have their own RoPE (Gemma 3's sliding and full attention, ...),
    sorted; empty when every layer has the same RoPE.

    Example:
        >>> from rope_ref.hf import rope_layer_types
        >>> rope_layer_types({"model_type": "gemma3_text", "hidden_size": 64, "num_attention_heads": 2,
        ...                   "rope_local_base_freq": 10000.0})
        ('full_attention', 'sliding_attention')
        >>> rope_layer_types({"model_type": "llama", "hidden_size": 64, "num_attention_heads": 2})
        ()
    """
    text = _text_model(read_config(config))
    with warnings.catch_warnings():  # from_hf_config says what it assumes; listing the types needs no warning
        warnings.simplefilter("ignore", ConfigWarning)
        blocks = _blocks_of(text, text.fam if text.fam is not None else Family(), strict=False)[0]
    return tuple(sorted(blocks))


def describe_hf_config(config: Mapping[str, Any] | str | os.PathLike[str], *, layout: str | None = None,
                       layer_type: str | None = None, layer_idx: int | None = None,
                       strict: bool = False) -> ModelInfo:
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
        layer_idx: which layer's RoPE, by index: its type from the config's ``layer_types``, and a
            ConfigError for a layer that has no RoPE at all (Llama 4's NoPE layers).
        strict: refuse (ConfigError) what would otherwise be read on an assumption with a
            :class:`ConfigWarning`: a model type the registry does not know, a scaling block with
            no type.

    Returns:
        A :class:`ModelInfo`; its ``rope`` is what :func:`from_hf_config` returns.

    Raises:
        ValueError: a missing or malformed key, an unknown rope_type, a missing or unknown
            layer type (the message lists the valid ones), or a refused degenerate value.
        TypeError: config is neither a mapping nor a path.
    """
    raw = read_config(config)
    text = _text_model(raw)

    def placed(message: str) -> str:  # name keys by where they are: config['text_config']['rope_theta']
        return message if text.where == "config" else message.replace("config[", text.where + "[")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        try:
            info = _describe(text, layout, layer_type, layer_idx, strict)
        except ConfigError as err:
            raise ConfigError(placed(str(err))) from None
        finally:
            said = [w for w in caught if issubclass(w.category, ConfigWarning)]
    for w in said:  # the warnings again, in the config's own key paths (and as the caller's filters say)
        warnings.warn(placed(str(w.message)), ConfigWarning, stacklevel=3)
    return dataclasses.replace(info, sources={k: placed(v) for k, v in info.sources.items()})


#: The rules transformers cannot build when the config class leaves head_dim None (they read it).
_HEAD_DIM_RULES_READ = ("dynamic", "yarn", "longrope")


def _head_dim_source(text: _Text, fam: Family, layer_type: str | None) -> str:
    """Where the head dimension came from, in words."""
    if _layer_head_dim(text.cfg, layer_type) is not None:
        return f"config['per_layer_config'] (or global_head_dim) for {layer_type} layers"
    keys = {"common": "head_dim", "qk_rope_head_dim": "qk_rope_head_dim", "kv_channels": "kv_channels",
            "attention_head_dim": "attention_head_dim", "num_heads": "head_dim"}
    key = keys.get(fam.head_dim)
    if key in text.given:
        return f"config[{key!r}]"
    if key in text.filled:
        return f"the {text.class_type} config class's default {key}"
    used = [k for k in ("hidden_size", "num_attention_heads") if k in text.filled]
    rule = HEAD_DIM_RULES[fam.head_dim]
    return rule + (f" ({', '.join(used)} from the {text.class_type} config class's defaults)" if used else "")


def _blocks_of(text: _Text, fam: Family, strict: bool
               ) -> tuple[dict[str, tuple[dict[str, Any], str, float | None]], tuple[str, ...],
                          _standard.Standardized | None]:
    """The scaling block of each layer type (as :func:`rope_ref.models._keys._layer_blocks`), read as
    the family's config class standardizes them when its conversion was measured, else by the
    registry's rules; and the standardization (None when it was not measured)."""
    facts = _standard.facts_of(text.class_type)
    if facts is None:
        blocks, layer_types = _layer_blocks(text.cfg, fam)
        return blocks, layer_types, None
    std = _standard.standardize(text.cfg, text.class_type or "", facts,
                                module=_standard.module_facts(text.top_type, text.class_type))
    if std.refusal is not None:
        raise ConfigError(f"refused: {std.refusal} (transformers refuses it too).")
    for sentence in std.ignored:
        _assume(strict, sentence)
    if facts["layers"] == ["*"]:
        listed = text.cfg.get("layer_types")
        layer_types = tuple(sorted(set(listed))) if isinstance(listed, list) and listed else ()
        return {}, layer_types, std
    nested = text.cfg.get("rope_parameters") if isinstance(text.cfg.get("rope_parameters"), dict) else {}
    blocks = {lt: (block, std.where[lt], None) for lt, block in std.blocks.items()
              if not (lt in nested and nested[lt] is None)}
    return blocks, tuple(sorted(std.blocks)), std


def _describe(text: _Text, layout: str | None, layer_type: str | None, layer_idx: int | None,
              strict: bool) -> ModelInfo:
    """describe_hf_config on the language model's fields (see :class:`_Text`)."""
    model_type, fam, cfg, notes = text.model_type, text.fam, text.cfg, list(text.notes)
    if fam is None:
        source = (f"model type {model_type!r} is not in rope-ref's registry: transformers' common rule was used "
                  "(half layout, head_dim or hidden_size // num_attention_heads, partial_rotary_factor)")
        if model_type is not None:
            _assume(strict, f"model type {model_type!r} is not in rope-ref's registry: read with transformers' "
                            "common rule (half pairing, head_dim or hidden_size // num_attention_heads, "
                            "partial_rotary_factor); confirm with `rope-ref check --transformers config.json`, or "
                            "pass strict=True to refuse")
        fam = Family()
    else:
        source = f"registry entry {model_type!r}"
        if fam.notes:
            notes.append(fam.notes)
        if text.unknown_top is not None:
            _assume(strict, f"model type {text.unknown_top!r} is not in rope-ref's registry: its language model "
                            f"({text.where}) was read by the rules of its own type {model_type!r}; confirm with "
                            "`rope-ref check --transformers config.json`, or pass strict=True to refuse")
    if text.where != "config":
        notes.append(f"the language model's fields were read from {text.where}")
    if text.filled:
        shown = ", ".join(f"{k} {v!r}" for k, v in sorted(text.filled.items()))
        notes.append(f"from the {text.class_type} config class's defaults (not in the config): {shown}")
    _refuse(fam, cfg, model_type, _scaling_block(cfg)[1])  # the family as a whole (vision, trailing rotary)

    nope = _nope_layers(cfg, fam)
    if nope:
        notes.append(f"layers {_index_ranges(nope)} use no RoPE ({len(nope)} of {_layer_count(cfg, fam)}: "
                     "transformers skips the rotation there and scales the queries by attention-temperature "
                     "tuning instead); layer_idx= names a layer")
    blocks, layer_types, std = _blocks_of(text, fam, strict)
    if layer_idx is not None:
        layer_type = _layer_at(cfg, fam, layer_idx, layer_type, nope, model_type)
    base_override: float | None = None
    key = "*"
    if blocks:
        nested = cfg.get("rope_parameters") if isinstance(cfg.get("rope_parameters"), dict) else {}
        if layer_type is not None and layer_type in nested and nested[layer_type] is None:
            raise ConfigError(f"config['rope_parameters'][{layer_type!r}] is null: layers of type {layer_type!r} "
                              f"use no RoPE (transformers builds none for them); the layer types with a RoPE are "
                              f"{sorted(blocks)}.")
        if layer_type is None or layer_type not in blocks:
            what = "needs layer_type=" if layer_type is None else f"has no layer type {layer_type!r}; use"
            raise ConfigError(f"this config has one RoPE per layer type; it {what} one of {sorted(blocks)}; "
                              f"got layer_type={layer_type!r}.")
        block, where, base_override = blocks[layer_type]
        key = layer_type
    else:
        if layer_type is not None and layer_type not in layer_types:
            allowed = f"one of {list(layer_types)}, or None" if layer_types else "None (this config has one RoPE " \
                "for every layer)"
            raise ConfigError(f"layer_type must be {allowed}; got {layer_type!r}.")
        if std is not None:
            block, where = std.blocks["*"], std.where["*"]
        else:
            block, where = _scaling_block(cfg)
        if layer_type is not None:
            notes.append(f"every layer type of this config has the same RoPE; layer_type {layer_type!r} is one "
                         "of them")
    if std is not None:
        notes.extend(std.notes)
        if key in std.given:
            _untyped_block(std.given[key], where, strict)
        _refuse(fam, cfg, model_type, where, block)  # its standardized block (the class's defaults included)
    else:
        _untyped_block(block, where, strict)

    head_dim = _layer_head_dim(cfg, layer_type) or _head_dim(cfg, fam.head_dim)
    sources = {"head_dim": _head_dim_source(text, fam, layer_type)}
    if std is not None and _layer_head_dim(cfg, layer_type) is None and cfg.get("per_layer_config") is None:
        per_type = _standard.layer_head_dim(text.class_type, layer_type)
        if per_type is not None:
            notes.append(f"head_dim {per_type} for {layer_type} layers is the {text.class_type} config class's "
                         "default (global_head_dim)")
            head_dim = per_type
            sources["head_dim"] = f"the {text.class_type} config class's default for {layer_type} layers"
    attn = cfg.get("attn_config") if isinstance(cfg.get("attn_config"), dict) else {}
    base, base_key = _base(cfg, block, where, attn, base_override)
    if std is not None and "rope_theta" in std.sources.get(key, {}):
        base_key = std.sources[key]["rope_theta"]
    elif std is None and base_key == "the default base 10000":  # the config class's own default base
        default_block = _standard.class_defaults(text.class_type).get("rope_parameters")
        if isinstance(default_block, dict) and _validate.is_real(default_block.get("rope_theta")):
            base, base_key = default_block["rope_theta"], f"the {text.class_type} config class's default base"
    rope_type = block.get("rope_type", block.get("type"))
    ignores_block = _standard.module_facts(text.top_type, text.class_type).get("scaling") == "ignored"
    if "rope_type" in block and block["rope_type"] is None and not ignores_block:  # transformers keeps the null
        raise ConfigError(f"{where}['rope_type'] is null: give the rule's name, or leave the key out for "
                          f"{'the type ' + repr(block['type']) if 'type' in block else 'no scaling'}.")
    if rope_type is not None and not isinstance(rope_type, str):
        raise ConfigError(f"{where}['rope_type'] must be a string; got {rope_type!r}.")
    if std is not None and rope_type in _HEAD_DIM_RULES_READ and text.given.get("head_dim") is None \
            and (_standard.facts_of(text.class_type) or {}).get("head_dim_none"):
        raise ConfigError(f"refused: transformers cannot build rope_type {rope_type!r} for a {text.class_type} config "
                          "without 'head_dim': its config class leaves head_dim None and the rule multiplies it "
                          "(TypeError); give config['head_dim'].")
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
    module = _standard.module_facts(text.top_type, text.class_type)
    conversion = _standard.facts_of(text.class_type) or {}
    if rope_type not in (None, "default") and (module.get("scaling") == "refused"
                                               or rope_type in conversion.get("refused rules", ())):
        who = "config class refuses it" if rope_type in conversion.get("refused rules", ()) else \
            "rotary module builds only its default rule"
        raise ConfigError(f"refused: {where}['rope_type'] is {rope_type!r}, but the {text.top_type or text.class_type} "
                          f"{who} (transformers refuses the config too).")
    if module.get("scaling") == "ignored" and rope_type not in (None, "default"):
        _scaling(cfg, block, where, rope_type, fam.longrope_mscale)  # the config class still validates the block
        notes.append(f"{where}['rope_type'] {rope_type!r} is ignored: the rotary module of "
                     f"{text.top_type or text.class_type} applies no scaling rule")
        rope_type = None
    # transformers' "proportional" keeps head_dim in the exponent (rope_ref.scaling.Proportional)
    keeps_head_dim = _rope_types.find(rope_type) is Proportional
    # standardized, the block holds the rotary fraction transformers uses (top-level keys were moved in)
    rotary_cfg = cfg if std is None else {k: v for k, v in cfg.items()
                                          if k not in ("partial_rotary_factor", "rotary_pct")}
    rotary_dim = head_dim if keeps_head_dim else _rotary_dim(rotary_cfg, block, head_dim, fam.rotary_dim)
    rotary_source = "the whole head: the proportional rule keeps head_dim" if keeps_head_dim else None
    own_fraction = module.get("partial default")
    if isinstance(own_fraction, dict):  # per layer type
        own_fraction = own_fraction.get(layer_type or "")
    if module.get("partial") == "ignored" and rope_type in (None, "default") and fam.rotary_dim != "rotary_dim_key":
        width = head_dim if module.get("width") == "head_dim" else cfg.get(module.get("width") or "")
        if isinstance(width, int) and width != rotary_dim and 0 < width <= head_dim:
            notes.append(f"partial_rotary_factor {block.get('partial_rotary_factor')!r} is ignored: the rotary "
                         f"module of {text.top_type or text.class_type} rotates {module['width']} = {width} features "
                         "under its default rule")
            rotary_dim = width
            rotary_source = f"{module['width']}: the rotary module of {text.top_type or text.class_type}"
    elif own_fraction is not None and rope_type in (None, "default") \
            and block.get("partial_rotary_factor") is None and fam.rotary_dim != "rotary_dim_key":
        rotary_dim = _rotary_dim({}, {"partial_rotary_factor": own_fraction}, head_dim, fam.rotary_dim)
        notes.append(f"rotary fraction {own_fraction} is the rotary module's own default (the block gives none)")
        rotary_source = f"the rotary module's own fraction {own_fraction}"
    if isinstance(module.get("base"), float):
        if base != module["base"] and base_key.startswith("config"):
            notes.append(f"{base_key} ({base!r}) is ignored: {text.class_type}'s rotary module uses base "
                         f"{module['base']:g} whatever the config says")
        base, base_key = module["base"], f"{text.class_type}'s rotary module"
    elif module.get("base") == "rope_theta":
        top = text.given.get("rope_theta")
        base, base_key = (top, "config['rope_theta']") if top is not None else (10000.0, "the default base 10000")

    layout_rule = fam.layout
    if layout is None:
        layout = fam.layout
        interleave = cfg.get("rope_interleave", True)
        if not isinstance(interleave, bool):  # transformers' config classes refuse a string here
            raise ConfigError(f"config['rope_interleave'] must be true or false; got {interleave!r}.")
        if fam.output_order == "half" and not interleave:
            layout, layout_rule = "half", "half (rope_interleave is false)"
    else:
        layout_rule = f"{layout} (given by the caller)"
    output_order = fam.output_order if layout == "interleaved" else "input"
    rule_cfg = cfg if std is None else {k: v for k, v in cfg.items() if k != "original_max_position_embeddings"}
    scaling = _scaling(rule_cfg, block, where, rope_type, fam.longrope_mscale)
    try:
        rope = RoPE(head_dim, base=base, layout=layout, rotary_dim=rotary_dim, scaling=scaling)
    except (TypeError, ValueError) as err:
        raise ConfigError(_in_config_keys(str(err), base_key, where)) from None
    if output_order == "half":
        notes.append("transformers returns the rotated features in half order (pair j at j and j + r/2); "
                     "attention scores are the same")
    part = (std.sources.get(key, {}) if std is not None else {})
    sources["base"] = base_key
    fraction = block.get("partial_rotary_factor")
    sources["rotary_dim"] = rotary_source or (
        f"head_dim x partial_rotary_factor {fraction!r} ({part['partial_rotary_factor']})"
        if part.get("partial_rotary_factor") and fam.rotary_dim != "rotary_dim_key"
        else "the whole head (no partial_rotary_factor)" if rotary_dim == head_dim and fraction is None
        and fam.rotary_dim == "common" else ROTARY_DIM_RULES[fam.rotary_dim])
    sources["rule"] = (f"{where} (rope_type {rope_type!r})" if scaling is not None else
                       "none: the default rule" if rope_type in (None, "default") else
                       f"none: {where}['rope_type'] {rope_type!r} is ignored")
    sources["layout"] = f"{source if text.fam is not None else 'transformers common rule'}: {layout_rule}"
    return ModelInfo(rope=rope, model_type=model_type, source=source, layout_rule=layout_rule,
                     head_dim_rule=HEAD_DIM_RULES[fam.head_dim], rotary_dim_rule=ROTARY_DIM_RULES[fam.rotary_dim],
                     output_order=output_order, layer_type=layer_type if (blocks or layer_types) else None,
                     layer_types=layer_types, multi_axis=multi_axis, notes=tuple(notes),
                     context=_context(cfg, scaling), nope_layers=nope, sources=sources)


def from_hf_config(config: Mapping[str, Any] | str | os.PathLike[str], *, layout: str | None = None,
                   layer_type: str | None = None, layer_idx: int | None = None, strict: bool = False) -> RoPE:
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
        layer_idx: which layer's RoPE, by index (its type from ``layer_types``; a layer with no
            RoPE, as Llama 4's every fourth, raises a ConfigError saying so).
        strict: refuse a model type the registry does not know, and a scaling block with no
            type, instead of reading them with a :class:`ConfigWarning`.

    Returns:
        A :class:`rope_ref.RoPE` with dim = the head (or rotary-head) dimension.

    Raises:
        ValueError: a missing or malformed key, named in the message, an unknown rope_type, a
            missing or unknown layer type (the message lists the valid ones), or a refused
            degenerate value.
        TypeError: config is neither a mapping nor a path.
    """
    return describe_hf_config(config, layout=layout, layer_type=layer_type, layer_idx=layer_idx, strict=strict).rope


def from_hf_config_multiaxis(config: Mapping[str, Any] | str | os.PathLike[str], *,
                             layout: str | None = None) -> MultiAxisRoPE:
    """The multi-axis RoPE of a vision-language or vision model, from its config.json.

    The language model's M-RoPE when it has one (Qwen2-VL, Qwen2.5-VL, GLM-4V: ``mrope_section``,
    or the family's default sections; Qwen3-VL and Qwen3.5: interleaved) gives a
    :meth:`MultiAxisRoPE.mrope` over (temporal, height, width) positions, with partial rotary
    where the family has it. Otherwise the vision model's 2-D RoPE over (row, column):
    :meth:`MultiAxisRoPE.pixtral` for Pixtral, :meth:`MultiAxisRoPE.axial` for MLCD, SAM 2/3,
    LFM3-VL, VideoLLaMA 3 and the others whose code splits one ladder per axis. The rule, the
    default sections, the pairing and the vision config's place come from the family's registry
    entry (:mod:`rope_ref.models`).

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
    cfg, _, _ = _descend(raw, fam)
    block, where = _scaling_block(cfg)
    per_layer = bool(block) and all(isinstance(v, dict) or v is None for v in block.values())
    if per_layer and fam.vision is None:
        raise ConfigError(f"{where} holds one block per layer type; multi-axis per layer type is not supported.")
    section = None if per_layer else block.get("mrope_section")
    if section is None and fam.multi_axis is not None:
        section = fam.mrope_section
    if section is None and fam.vision is not None:
        return _vision_rope(raw, fam, model_type, layout)
    rope_type = block.get("rope_type", block.get("type"))
    if rope_type == "axial":
        raise ConfigError(f"{where}['rope_type'] is 'axial', whose 2-D rule differs between families; model type "
                          f"{model_type!r} has no 2-D rule in rope-ref's registry.")
    head_dim = _head_dim(cfg, fam.head_dim)
    base = block.get("rope_theta", cfg.get("rope_theta", 10000.0))
    lay = layout if layout is not None else fam.layout
    try:
        if section is not None and fam.multi_axis == "ernie_3d":
            return _ernie_3d(head_dim, _rotary_dim(cfg, block, head_dim, fam.rotary_dim), tuple(section), base, lay)
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


def _vision_rope(raw: dict[str, Any], fam: Family, model_type: object, layout: str | None) -> MultiAxisRoPE:
    """The 2-D RoPE of a family's vision model (Pixtral's split ladder, MLCD-style axial blocks)."""
    vcfg: Any = raw
    for key in fam.vision_config:
        vcfg = vcfg.get(key) if isinstance(vcfg, dict) else None
    where = "config" + "".join(f"[{k!r}]" for k in fam.vision_config)
    if not isinstance(vcfg, dict):
        raise ConfigError(f"{where} is required: {model_type}'s vision model keeps its RoPE there.")
    if fam.vision == "other":
        raise ConfigError(f"refused: {model_type}'s vision RoPE is a 2-D rule rope-ref does not model"
                          f"{f' ({fam.notes})' if fam.notes else ''}.")
    vtype = vcfg.get("model_type") if isinstance(vcfg.get("model_type"), str) else \
        _standard.sub_config_type(model_type if isinstance(model_type, str) else None, tuple(fam.vision_config)) \
        if fam.vision_config else model_type if isinstance(model_type, str) else None
    vcfg, _ = _standard.fill_defaults(vcfg, vtype)
    block, bwhere = _scaling_block(vcfg)
    kind = block.get("rope_type", block.get("type"))
    if ("rope_type" in block and kind is None) or kind not in (None, "default", "axial"):
        raise ConfigError(f"refused: {bwhere}['rope_type'] is {kind!r}: {model_type}'s vision rotary takes only its "
                          "own 2-D rule ('default' or 'axial'; transformers refuses the others too).")
    head_dim = _head_dim(vcfg, fam.vision_head_dim)
    default_block = _standard.class_defaults(vtype).get("rope_parameters")
    default_base = default_block.get("rope_theta") if isinstance(default_block, dict) else None
    base = block.get("rope_theta", vcfg.get("rope_theta", default_base if default_base is not None else 10000.0))
    lay = layout if layout is not None else fam.vision_layout
    try:
        if fam.vision == "pixtral":
            return MultiAxisRoPE.pixtral(head_dim, base=base, layout=lay)
        axial = MultiAxisRoPE.axial(head_dim, axes=2, base=base, layout=lay)
        if fam.vision == "axial":
            return axial
        if fam.vision == "alternating_wh":  # Kimi K2.5: pair 2k takes the column, 2k + 1 the row, both theta_k
            k = np.arange(head_dim // 4)
            freq, low = np.zeros((2, 2, head_dim // 2))
            for axis, offset in ((1, 0), (0, 1)):
                freq[axis, 2 * k + offset] = axial.frequencies[0, k]
                low[axis, 2 * k + offset] = axial.frequencies_lo[0, k]
            return MultiAxisRoPE(head_dim, freq, lay, head_dim, "float64", low)
        # "axial_wh": the column block comes first (Inkling 2)
        return MultiAxisRoPE(head_dim, axial.frequencies[::-1], lay, axial.rotary_dim, "float64",
                             axial.frequencies_lo[::-1])
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}: {err}") from None


def _ernie_3d(head_dim: int, rotary: int, section: tuple[int, ...], base: float, layout: str) -> MultiAxisRoPE:
    """Ernie 4.5 VL's 3-D RoPE: the default ladder theta_j; pairs j < s0 + s1 alternate height (even j)
    and width (odd j), the rest take the temporal position (axes: temporal, height, width)."""
    if len(section) != 3 or section[0] != section[1] or sum(section) != rotary // 2:
        raise ConfigError(f"mrope_section must be three sizes (h, w, t) with h == w adding up to rotary_dim // 2 = "
                          f"{rotary // 2}; got {list(section)}.")
    hi, lo = theta_dd(rotary, base)
    j = np.arange(rotary // 2)
    axis = np.where(j < 2 * section[0], np.where(j % 2 == 0, 1, 2), 0)
    freq, low = np.zeros((2, 3, rotary // 2))
    freq[axis, j], low[axis, j] = hi, lo
    return MultiAxisRoPE(head_dim, freq, layout, rotary, "float64", low)

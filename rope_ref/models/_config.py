"""Reading a Hugging Face config.json into the RoPE transformers computes (the API is :mod:`rope_ref.hf`).

Example:
    >>> from rope_ref.hf import from_hf_config
    >>> from_hf_config({"hidden_size": 64, "num_attention_heads": 2}).dim
    32
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref import _rope_types
from rope_ref.exact import theta_dd
from rope_ref.models._families import HEAD_DIM_RULES, ROTARY_DIM_RULES, Family, family
from rope_ref.models._keys import (
    ConfigError,
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

__all__ = ["ConfigError", "ModelInfo", "describe_hf_config", "from_hf_config", "from_hf_config_multiaxis",
           "read_config", "rope_layer_types"]


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


def _text_model(raw: dict[str, Any]) -> tuple[str | None, Family | None, dict[str, Any], str, list[str]]:
    """(model type, registry family, the fields the language model reads, where they are, notes) of a config."""
    model_type = raw.get("model_type") if isinstance(raw.get("model_type"), str) else None
    fam = family(model_type)
    cfg, cfg_where = _descend(raw, fam)
    if fam is None and isinstance(cfg.get("model_type"), str) and family(cfg["model_type"]) is not None:
        model_type, fam = cfg["model_type"], family(cfg["model_type"])
    notes: list[str] = []
    sub_type = cfg.get("model_type") if isinstance(cfg.get("model_type"), str) else None
    if fam is not None and fam.vision_config:  # a vision-language model: the text model is its own family
        if fam.vision != "other":
            notes.append(f"the vision encoder's RoPE is 2-D ({fam.vision}); rope_ref.from_hf_config_multiaxis "
                         "builds it")
        if sub_type is not None and sub_type != model_type:
            notes.append(f"the language model is a {sub_type!r} model")
            model_type, fam = sub_type, family(sub_type)
    return model_type, fam, cfg, cfg_where, notes


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
    _, fam, cfg, _, _ = _text_model(read_config(config))
    return tuple(sorted(_layer_blocks(cfg, fam if fam is not None else Family())[0]))


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
    model_type, fam, cfg, cfg_where, notes = _text_model(raw)
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
    # transformers' "proportional" keeps head_dim in the exponent (rope_ref.scaling.Proportional)
    keeps_head_dim = _rope_types.find(rope_type) is Proportional
    rotary_dim = head_dim if keeps_head_dim else _rotary_dim(cfg, block, head_dim, fam.rotary_dim)

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
                     layer_types=layer_types, multi_axis=multi_axis, notes=tuple(notes),
                     context=_context(cfg, scaling))


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
    cfg, _ = _descend(raw, fam)
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
    block, _ = _scaling_block(vcfg)
    head_dim = _head_dim(vcfg, fam.vision_head_dim)
    base = block.get("rope_theta", vcfg.get("rope_theta", 10000.0))
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

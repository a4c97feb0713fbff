"""A config.json's RoPE keys standardized as transformers' config classes standardize them.

transformers builds each config class from config.json and moves the RoPE keys into one scaling
block per layer type (``rope_parameters``) before any rotary module reads them. How a class does it
differs between families, and rope-ref reads it from tables measured on the installed transformers
(:mod:`rope_ref.models._defaults`, regenerated with ``python -m rope_ref.models._sweep
--write-defaults``):

- keys the config leaves out get the class's defaults (``DEFAULTS``: Qwen3's head_dim 128,
  Mixtral's base 1e6, Phi's partial_rotary_factor 0.5, GPT-OSS's YaRN block, ...);
- a key given twice is read with the class's precedence (``CONVERSION``): the block's rope_theta
  before the top level's, ``rotary_emb_base`` and ``rotary_pct`` for GPT-NeoX, the block that wins
  when a config gives both ``rope_scaling`` and ``rope_parameters``, a top-level
  ``original_max_position_embeddings`` only where the class declares it;
- what the family's rotary module then ignores is ignored (``MODULES``): most families' default rule
  rotates the whole head whatever ``partial_rotary_factor`` says; GPT-J and CodeGen use base 10000
  and no scaling rule; ESM reads only the top-level ``rope_theta``.

Example:
    >>> from rope_ref.models._standard import class_defaults
    >>> class_defaults("qwen3")["head_dim"]
    128
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rope_ref.models import _defaults

#: Rules whose block transformers gives an original_max_position_embeddings.
_L0_RULES = ("llama3", "yarn", "longrope")
#: Keys of a standardized block that the top level may give instead (and the class moves in).
_TOP_LEVEL = ("rope_theta", "partial_rotary_factor")
#: Old rope_type names a config class renames (Phi-3's "su" and "yarn" configs are LongRoPE).
_TYPE_RENAMES = {"phi3": {"su": "longrope", "yarn": "longrope"},
                 "phi4_multimodal": {"su": "longrope", "yarn": "longrope"}}


def _ratio(cfg: Mapping[str, Any], top: str, bottom: str) -> float | None:
    a, b = cfg.get(top), cfg.get(bottom)
    ok = all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in (a, b))
    return a / b if ok else None  # type: ignore[operator]


def _ints(cfg: Mapping[str, Any], *keys: str) -> list[int] | None:
    values = [cfg.get(k) for k in keys]
    ok = all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values)
    return values if ok else None  # type: ignore[return-value]


def _over(cfg: Mapping[str, Any], scale: int) -> int | None:
    v = _ints(cfg, "hidden_size", "num_attention_heads")
    return scale * (v[0] // v[1]) if v else None


def _plus(cfg: Mapping[str, Any]) -> int | None:
    v = _ints(cfg, "qk_nope_head_dim", "qk_rope_head_dim")
    return v[0] + v[1] if v else None


#: The derived defaults (``DERIVED`` rules) rope-ref computes, by the rule's text; the others it
#: leaves to the registry's rules.
_FORMULAS = {"qk_rope_head_dim / head_dim": lambda cfg: _ratio(cfg, "qk_rope_head_dim", "head_dim"),
             "hidden_size // num_attention_heads": lambda cfg: _over(cfg, 1),
             "2 * (hidden_size // num_attention_heads)": lambda cfg: _over(cfg, 2),
             "qk_nope_head_dim + qk_rope_head_dim": _plus}


def composite_keys(top_type: str | None, keys: tuple[str, ...]) -> dict[str, Any]:
    """The RoPE keys a composite config fills into its sub-config ``keys`` when that leaves them out.

    Example:
        >>> composite_keys("glmasr", ("text_config",))["rope_parameters"]
        {'rope_theta': 10000.0, 'rope_type': 'default'}
    """
    if len(keys) != 1:
        return {}
    return copy.deepcopy(_defaults.COMPOSITE.get(top_type or "", {}).get(keys[0], {}))


def layer_head_dim(model_type: str | None, layer_type: str | None) -> int | None:
    """The head_dim the config class gives layers of ``layer_type`` when it differs from head_dim
    (Gemma 4's full-attention layers: ``global_head_dim``, 512 by default), or None.

    Example:
        >>> layer_head_dim("gemma4_text", "full_attention")
        512
    """
    facts = _defaults.CONVERSION.get(model_type or "", {})
    return facts.get("head_dim by layer type", {}).get(layer_type or "")


def class_defaults(model_type: str | None) -> dict[str, Any]:
    """The RoPE defaults transformers' config class for ``model_type`` fills in ({} when unknown).

    Example:
        >>> class_defaults("mixtral")["rope_parameters"]["rope_theta"]
        1000000.0
    """
    return copy.deepcopy(_defaults.DEFAULTS.get(model_type or "", {}))


def sub_config_type(model_type: str | None, keys: tuple[str, ...]) -> str | None:
    """The model_type of the class that reads the sub-config at ``keys`` of a ``model_type`` config.

    Example:
        >>> sub_config_type("gemma3", ("text_config",))
        'gemma3_text'
    """
    for key in keys:
        model_type = _defaults.SUB_CONFIGS.get(model_type or "", {}).get(key)
    return model_type


def known_type(model_type: str) -> bool:
    """Whether transformers registers ``model_type`` (with or without a rotary embedding).

    Example:
        >>> known_type("llava"), known_type("GLM4")
        (True, False)
    """
    return model_type in _defaults.MODEL_TYPES or model_type in _defaults.PARENT


def parent_type(model_type: str | None) -> str | None:
    """The top-level model_type a sub-config's model_type belongs to (None for a top-level type).

    Example:
        >>> parent_type("blt_local_encoder")
        'blt'
    """
    return _defaults.PARENT.get(model_type or "")


def fill_defaults(cfg: Mapping[str, Any], model_type: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """(``cfg`` with the class's constant defaults for the keys it leaves out, {key: value filled}).

    The scaling block and the base are not filled here (see :func:`standardize`); a key the config
    gives under another name (the class's ``attribute_map``: GPT-J's ``n_embd`` for ``hidden_size``)
    counts as given.

    Example:
        >>> fill_defaults({"hidden_size": 2048, "num_attention_heads": 16}, "qwen3")[1]["head_dim"]
        128
    """
    out = dict(cfg)
    aliases = _defaults.ALIASES.get(model_type or "", {})
    names = {k: {k} for k in out}
    for key, attr in aliases.items():
        names.setdefault(attr, {attr}).add(key)
    filled: dict[str, Any] = {}
    def given(key: str) -> bool:
        same = {key, aliases.get(key, key)} | {k for k, a in aliases.items() if a == key}
        return any(out.get(k) is not None for k in same)

    for key, value in class_defaults(model_type).items():
        if isinstance(value, bool) and key in out and not isinstance(out[key], bool):
            from rope_ref.models._keys import ConfigError
            raise ConfigError(f"refused: config[{key!r}] must be true or false; got {out[key]!r} (transformers' "
                              f"{model_type} config refuses it too).")
        if key in ("rope_parameters", "rope_scaling", "default_theta", "default_rope_type") or given(key):
            continue
        out[key] = value
        filled[key] = value
    for key, rule in _defaults.CONDITIONAL.get(model_type or "", {}).items():
        if not given(key) and all(out.get(k, v) == v for k, v in rule["when"].items()):
            out[key] = filled[key] = rule["value"]
    for key, rule in _defaults.DERIVED.get(model_type or "", {}).items():
        if "." not in key and not given(key) and rule in _FORMULAS:
            value = _FORMULAS[rule](out)
            if value is not None:
                out[key] = filled[key] = value
    return out, filled


def _default_blocks(model_type: str | None) -> dict[str, dict[str, Any]]:
    """layer type ("*" when flat) -> the block the class builds when the config gives no RoPE keys."""
    block = class_defaults(model_type).get("rope_parameters")
    if not isinstance(block, dict):
        return {}
    facts = _defaults.CONVERSION.get(model_type or "", {})
    layers = facts.get("layers", ["*"])
    if layers != ["*"] and all(isinstance(block.get(lt), dict) for lt in layers):
        return {lt: block[lt] for lt in layers}
    return {"*": block}


@dataclass
class Standardized:
    """A config's scaling blocks as the family's config class and rotary module use them.

    Attributes:
        blocks: layer type ("*" for a config with one RoPE) -> the block, with rope_type,
            rope_theta, partial_rotary_factor and original_max_position_embeddings filled in as
            transformers fills them.
        where: layer type -> where the block came from ("config['rope_scaling']", "the class's
            default block", ...).
        sources: layer type -> {block key: where its value came from}.
        ignored: sentences naming keys the config gives that transformers ignores (a warning).
        notes: sentences naming keys the family's rotary module ignores (a note).
        refusal: a sentence when transformers cannot build the rotary module from this config.
    """

    blocks: dict[str, dict[str, Any]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refusal: str | None = None
    given: dict[str, dict[str, Any]] = field(default_factory=dict)


def facts_of(model_type: str | None) -> dict[str, Any] | None:
    """The measured conversion facts of a config class, or None when there are none to go by."""
    facts = _defaults.CONVERSION.get(model_type or "")
    if not facts:
        return None
    if not facts["rope_scaling"] and not facts["rope_parameters"] and not facts.get("nested rope_parameters"):
        return None  # the class refused every probe: nothing measured
    return facts


def _nested(value: Any, layers: list[str]) -> bool:
    return isinstance(value, dict) and any(k in layers for k in value)


def _differs(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return dict(a) != dict(b)


def standardize(cfg: Mapping[str, Any], model_type: str, facts: dict[str, Any], where: str = "config",
                module: Mapping[str, Any] | None = None) -> Standardized:
    """The blocks transformers' config class for ``model_type`` builds from ``cfg`` (``facts`` from
    :func:`facts_of`), as the family's rotary module (``module``: :func:`module_facts`) reads them:
    transformers' shared rules re-read the config when they build the module, so a top-level
    partial_rotary_factor reaches a block without one, and a top-level original_max_position_embeddings
    may beat the block's; ``where`` names ``cfg`` in messages.

    Example:
        >>> out = standardize({"rope_theta": 5e5, "partial_rotary_factor": 0.5}, "llama", facts_of("llama"))
        >>> out.blocks["*"]["rope_theta"], out.sources["*"]["rope_theta"]
        (500000.0, "config['rope_theta']")
    """
    out = Standardized()
    layers = facts["layers"]
    layered = layers != ["*"]
    rs, rp = cfg.get("rope_scaling"), cfg.get("rope_parameters")
    rs = rs if isinstance(rs, dict) else None
    rp = rp if isinstance(rp, dict) else None
    chosen: dict[str, tuple[dict[str, Any], str]] = {}
    k_rs, k_rp = f"{where}['rope_scaling']", f"{where}['rope_parameters']"
    if not layered:
        win = facts["both"].get("*", "rope_scaling")
        if rs and rp and "*" in facts["rope_scaling"] and "*" in facts["rope_parameters"]:
            take, drop = (rs, rp) if win == "rope_scaling" else (rp, rs)
            names = (k_rs, k_rp) if win == "rope_scaling" else (k_rp, k_rs)
            chosen["*"] = (take, names[0])
            if _differs(take, drop):
                out.ignored.append(f"{names[1]} is ignored: the config also gives {names[0]}, which transformers' "
                                   f"{model_type} config reads instead")
        elif rs and "*" in facts["rope_scaling"]:
            chosen["*"] = (rs, k_rs)
        elif rp is not None and "*" in facts["rope_parameters"] and (rp or not rs):
            chosen["*"] = (rp, k_rp)
        if rs and "*" not in facts["rope_scaling"]:
            out.ignored.append(f"{k_rs} is ignored: transformers' {model_type} config reads only 'rope_parameters'")
    else:
        for lt in layers:
            got = []
            if _nested(rs, layers) and lt in facts.get("nested rope_scaling", []) and isinstance(rs.get(lt), dict):
                got.append(("rope_scaling", rs[lt], f"{k_rs}[{lt!r}]"))
            if _nested(rp, layers) and lt in facts.get("nested rope_parameters", []) and isinstance(rp.get(lt), dict):
                got.append(("rope_parameters", rp[lt], f"{k_rp}[{lt!r}]"))
            if len(got) == 2:
                win = facts.get("nested both", {}).get(lt, "rope_scaling")
                take = got[0] if win == "rope_scaling" else got[1]
                drop = got[1] if take is got[0] else got[0]
                if _differs(take[1], drop[1]):
                    out.ignored.append(f"{drop[2]} is ignored: the config also gives {take[2]}, which transformers' "
                                       f"{model_type} config reads instead")
                got = [take]
            if got:
                chosen[lt] = (got[0][1], got[0][2])
        for value, key, name in ((rs, "rope_scaling", k_rs), (rp, "rope_parameters", k_rp)):
            if not value or _nested(value, layers):
                continue
            reach = facts[key]
            if reach == ["*"]:
                out.refusal = (f"{name} is one block, but transformers' {model_type} config needs one per layer type "
                               f"({', '.join(layers)}) and its rotary module fails on a single block")
            elif not reach:
                out.ignored.append(f"{name} is ignored: transformers' {model_type} config keeps one block per layer "
                                   f"type ({', '.join(layers)}) and drops a single block given there")
            else:
                for lt in reach:  # merged into that layer type's block (Gemma 3: the full-attention layers')
                    base_block, base_where = chosen.get(lt, ({}, "the class's default block"))
                    chosen[lt] = ({**base_block, **value}, name if not base_block else f"{base_where} and {name}")

    defaults = _default_blocks(model_type)
    class_consts = class_defaults(model_type)
    for lt in layers:
        block, source = chosen.get(lt, (None, ""))
        sources: dict[str, str] = {}
        precedence = {"rope_theta": facts["base"], "partial_rotary_factor": facts["partial"]}
        if block is None:  # the class's own block: the top level overrides only what the class lets it
            default = defaults.get(lt) or defaults.get("*") or {}
            precedence = {"rope_theta": facts.get("base without a block", {}),
                          "partial_rotary_factor": facts.get("partial without a block", {})}
            block = {k: v for k, v in default.items()
                     if k not in _TOP_LEVEL or not any(cfg.get(t) is not None for t in
                                                       precedence[k].get(lt, precedence[k].get("*", [])))}
            source = f"transformers' {model_type} defaults" if default else "none (no scaling)"
            for k in block:
                sources[k] = f"the {model_type} config class's default {k}"
        else:
            out.given[lt] = block
            block = dict(block)
            sources = {k: f"{source}[{k!r}]" for k in block}
        renamed = _TYPE_RENAMES.get(model_type, {}).get(block.get("rope_type", block.get("type")))
        if renamed is not None:
            out.notes.append(f"rope_type {block.get('rope_type', block.get('type'))!r} is read as {renamed!r}, as "
                             f"transformers' {model_type} config renames it")
            block["rope_type"] = renamed
            sources["rope_type"] = f"{source} (renamed by the {model_type} config class)"
        if "rope_type" not in block:
            block["rope_type"] = block.get("type", "default")
            sources["rope_type"] = f"{source}['type']" if "type" in block else "transformers' default ('default')"
        if block["rope_type"] == "default" and class_consts.get("default_rope_type"):
            block["rope_type"] = class_consts["default_rope_type"]
            sources["rope_type"] = f"the {model_type} config class's default_rope_type"
        for key, candidates in precedence.items():
            if key in block and block[key] is not None:
                continue
            for top in candidates.get(lt, candidates.get("*", [])):
                if cfg.get(top) is not None:
                    block[key] = cfg[top]
                    sources[key] = f"{where}[{top!r}]"
                    break
            else:  # what the class gives a block without it (its default_theta; Phi's 0.5), or its own block's
                held = facts.get("given block", {})
                default = (held.get(lt) or held.get("*") or {}).get(key) if lt in out.given \
                    else (defaults.get(lt) or defaults.get("*") or {}).get(key)
                if default is not None:
                    block[key] = default
                    sources[key] = f"the {model_type} config class's default {key}"
        if block.get("partial_rotary_factor") is None:  # a fraction the class derives (Mistral 4: rope / head)
            derived = _defaults.DERIVED.get(model_type, {})
            rule = derived.get(f"rope_parameters.{lt}.partial_rotary_factor" if layered else
                               "rope_parameters.partial_rotary_factor")
            value = _FORMULAS[rule](cfg) if rule in _FORMULAS else None
            if value is not None:
                block["partial_rotary_factor"] = value
                sources["partial_rotary_factor"] = f"the {model_type} config class ({rule})"
        top_partial = cfg.get("partial_rotary_factor")
        if block.get("partial_rotary_factor") is None and top_partial is not None \
                and block.get("rope_type") not in ("default", None):  # the shared rule re-reads the config
            block["partial_rotary_factor"] = top_partial
            sources["partial_rotary_factor"] = (f"{where}['partial_rotary_factor'] (transformers' "
                                                f"{block['rope_type']!r} rule reads it as it builds the module)")
        if block.get("rope_type") in _L0_RULES:
            rule = facts["l0"].get(lt, facts["l0"].get("*"))
            if not layered and (module or {}).get("l0") in ("top", "block"):
                rule = module["l0"]  # type: ignore[index]
            top = cfg.get("original_max_position_embeddings")
            own = block.get("original_max_position_embeddings")
            if rule == "top" and top is not None:
                if own not in (None, top):
                    out.ignored.append(f"{source}['original_max_position_embeddings'] ({own!r}) is ignored: "
                                       f"transformers' {model_type} config takes {where}"
                                       f"['original_max_position_embeddings'] ({top!r}) instead")
                block["original_max_position_embeddings"] = top
                sources["original_max_position_embeddings"] = f"{where}['original_max_position_embeddings']"
            else:
                if own is None and cfg.get("max_position_embeddings") is not None:
                    block["original_max_position_embeddings"] = cfg["max_position_embeddings"]
                    sources["original_max_position_embeddings"] = f"{where}['max_position_embeddings']"
                if top is not None and top != block.get("original_max_position_embeddings"):
                    used = "its own" if own is not None else "max_position_embeddings"
                    kept = block.get("original_max_position_embeddings")
                    out.ignored.append(f"{where}['original_max_position_embeddings'] ({top!r}) is ignored: "
                                       f"transformers' {model_type} config does not read it, and the block keeps "
                                       f"{used} ({kept!r})")
        out.blocks[lt] = block
        out.where[lt] = source or "the class's default block"
        out.sources[lt] = sources
    if layered and cfg.get("partial_rotary_factor") is not None:
        generic = [lt for lt, b in out.blocks.items() if b.get("rope_type") not in ("default", None)]
        plain = [lt for lt, b in out.blocks.items() if lt not in generic and b.get("partial_rotary_factor") is None]
        if generic and plain:
            out.ignored.append(f"{where}['partial_rotary_factor'] is read for the {', '.join(plain)} layers only "
                               f"if transformers builds them after the {', '.join(generic)} layers, whose rule "
                               "copies it into every block (an order set iteration decides); rope-ref does not "
                               "apply it there; put it in each block to say which is meant")
    return out


def module_facts(*model_types: str | None) -> dict[str, Any]:
    """What a family's language-model rotary module reads of its blocks ({} when unmeasured; see
    ``module_facts`` in :mod:`rope_ref.models._sweep`), found by the first of ``model_types`` (the
    config's own type first) that names a family, or whose parent does.

    Example:
        >>> module_facts("gptj")["base"]
        10000.0
        >>> module_facts("gemma3_text")["partial"]
        'ignored'
    """
    for model_type in model_types:
        for name in (model_type, parent_type(model_type)):
            if name and name in _defaults.MODULES:
                return dict(_defaults.MODULES[name])
    return {}

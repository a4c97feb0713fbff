"""How a config.json's keys become a RoPE's parts: the rules behind :mod:`rope_ref.hf`.

Each function reads one part (head dim, rotary dim, the scaling block, per-layer blocks, a
refusal) by the rule a model family's registry entry (:mod:`rope_ref.models`) names, and raises
:class:`ConfigError` naming the key when the config does not say it. Which rule a rope_type
names is the rope-type registry's to say (:mod:`rope_ref._rope_types`); this module keeps how
each rule's config keys become its fields (:data:`_READERS`, :data:`_FIELD_OF_KEY`).

Example:
    >>> from rope_ref.models._keys import _head_dim
    >>> _head_dim({"hidden_size": 4096, "num_attention_heads": 32}, "common")
    128
    >>> _head_dim({"hidden_size": 2048, "num_attention_heads": 16, "kv_channels": 96}, "kv_channels")
    96
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rope_ref import _rope_types, _validate
from rope_ref._io import MAX_DEPTH, FileReadError, loads_strict, read_regular
from rope_ref.frequencies import Scaling
from rope_ref.models._families import HEAD_DIM_RULES, Family
from rope_ref.scaling import DeepSeekYaRN, DynamicNTK, Linear, Llama3, LongRoPE, LongRoPEMscale, Proportional, YaRN


class ConfigError(ValueError):
    """A config.json that does not describe a RoPE: names the key and what is wrong."""


class ConfigWarning(UserWarning):
    """A config.json read on an assumption (a model type the registry does not know, a scaling block
    with no type): the message says what was assumed and how to confirm it; ``strict=True`` refuses."""


def read_config(source: Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    """A config as a dict: given as a mapping, or read (as JSON, never unpickled) from a path."""
    if isinstance(source, Mapping):
        _check_numbers(source)
        return dict(source)
    if not isinstance(source, (str, os.PathLike)):
        raise _validate.fail("config", "a dict or the path of a config.json", source, kind=TypeError)
    path = os.fspath(source)
    try:  # a regular file only (a directory, FIFO or device is refused without blocking), strict JSON
        data = loads_strict(read_regular(path, limit=1 << 26), f"config file {path!r}")
    except FileReadError as err:
        text = str(err)
        raise ConfigError(text if text.startswith("config file") else f"config file {text}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path!r} must hold a JSON object; got {type(data).__name__}.")
    return data


def _check_numbers(config: Mapping[str, Any]) -> None:
    """Refuse integers float64 cannot hold and nesting deeper than a JSON file may have, naming the key."""
    stack: list[tuple[str, Any, int]] = [("config", config, 0)]
    while stack:
        where, value, depth = stack.pop()
        if isinstance(value, (Mapping, list, tuple)):
            if depth > MAX_DEPTH:
                raise ConfigError(f"{where} is nested deeper than {MAX_DEPTH} levels.")
            items = value.items() if isinstance(value, Mapping) else enumerate(value)
            stack.extend((f"{where}[{key!r}]", item, depth + 1) for key, item in items)
        elif _validate.is_integer(value) and abs(value) > 2**1024:
            bits = int(value).bit_length()
            raise ConfigError(f"{where} must be a number float64 can hold; got an integer of {bits} bits.")


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


#: Config key -> rule field, where the two names differ; every other key of a scaling block is the
#: field's own name. transformers' ``attention_factor`` replaces YaRN's and LongRoPE's derived
#: factor (their ``attention_factor_override``; DeepSeekYaRN, which has no override, refuses it);
#: vLLM's DeepSeek multiplier is ``attn_factor`` in both.
_FIELD_OF_KEY: dict[type[Scaling], dict[str, str]] = {
    YaRN: {"attention_factor": "attention_factor_override"},
    DeepSeekYaRN: {"attention_factor": "attention_factor_override"},
    LongRoPE: {"attention_factor": "attention_factor_override"},
    LongRoPEMscale: {"attention_factor": "attention_factor_override"},
}


def _rule_from_block(block: Mapping[str, Any], **fields: Any) -> Scaling | None:
    """The rule a scaling block in config vocabulary names: ``rope_type`` (any name of the registry,
    :mod:`rope_ref._rope_types`) and the rule's keys, plus ``fields`` given by field name. JSON
    lists become tuples. ValueError/TypeError for an unknown rope_type or a bad value."""
    rule = _rope_types.rule_class(block.get("rope_type"))
    if rule is None:
        return None
    renamed = _FIELD_OF_KEY.get(rule, {})
    kwargs = {renamed.get(k, k): tuple(v) if isinstance(v, list) else v for k, v in block.items() if k != "rope_type"}
    return rule(**kwargs, **fields)


def _block_of_rule(rule: Scaling) -> dict[str, Any]:
    """A built-in rule as a scaling block in config vocabulary (what :func:`_rule_from_block`
    reads back into an equal rule): its rope_type and every field under its config key."""
    keys = {field: key for key, field in _FIELD_OF_KEY.get(type(rule), {}).items()}
    block: dict[str, Any] = {"rope_type": rule.rope_type}  # type: ignore[attr-defined]
    for f in dataclasses.fields(rule):  # type: ignore[arg-type]
        if f.init:
            value = getattr(rule, f.name)
            block[keys.get(f.name, f.name)] = list(value) if isinstance(value, tuple) else value
    return block


@dataclass(frozen=True)
class _Block:
    """A config's scaling block with what its readers need: the config, where the block is, its
    rope_type and the config's max_position_embeddings."""

    cfg: Mapping[str, Any]
    block: Mapping[str, Any]
    where: str
    rope_type: str
    max_pos: float | None
    longrope_mscale: bool = False  # the family reads short_mscale / long_mscale (PhiMoE)

    def number(self, key: str, required: bool = True) -> float | None:
        return _number(self.block, key, self.where, required)

    def fields(self, rule: type[Scaling], *keys: str) -> dict[str, Any]:
        """The block's values of ``keys`` (config names) as keyword arguments of ``rule``."""
        renamed = _FIELD_OF_KEY.get(rule, {})
        return {renamed.get(key, key): self.block.get(key) for key in keys}

    def l0(self) -> float:
        """The pre-training length: the top-level original_max_position_embeddings, else the block's,
        else max_position_embeddings."""
        for holder, name in ((self.cfg, "config"), (self.block, self.where)):
            value = _number(holder, "original_max_position_embeddings", name, required=False)
            if value is not None:
                return value
        if self.max_pos is None:
            raise ConfigError(f"{self.where}['original_max_position_embeddings'] is required for rope_type "
                              f"{self.rope_type!r} when config has no 'max_position_embeddings'.")
        return self.max_pos


def _linear(b: _Block) -> Scaling:
    return Linear(b.number("factor"))


def _dynamic(b: _Block) -> Scaling:
    if b.max_pos is None:
        raise ConfigError("config['max_position_embeddings'] is required for rope_type 'dynamic'.")
    return DynamicNTK(b.number("factor"), b.max_pos)


def _yarn(b: _Block) -> Scaling:
    original = b.l0()
    factor = b.number("factor", required=False)
    if factor is None:  # transformers refuses a yarn block without it (a misspelled key included)
        raise ConfigError(f"{b.where}['factor'] is required for rope_type {b.rope_type!r} (transformers refuses "
                          f"the block without it); the block has {sorted(b.block)}.")
    truncate = b.block.get("truncate", True)
    if not isinstance(truncate, bool):
        raise ConfigError(f"refused: {b.where}['truncate'] must be true or false; got {truncate!r} (transformers "
                          "would read any non-empty string, 'false' included, as true).")
    return YaRN(factor, original, truncate=truncate,
                **b.fields(YaRN, "beta_fast", "beta_slow", "mscale", "mscale_all_dim", "attention_factor"))


def _llama3(b: _Block) -> Scaling:
    return Llama3(b.number("factor"), b.number("low_freq_factor"), b.number("high_freq_factor"), b.l0())


def _longrope(b: _Block) -> Scaling:
    for key in ("short_factor", "long_factor"):
        value = b.block.get(key)
        if value is None:
            raise ConfigError(f"{b.where}[{key!r}] is required for rope_type {b.rope_type!r}.")
        if not isinstance(value, (list, tuple)) or not all(_validate.is_real(v) and not isinstance(v, bool)
                                                           for v in value):
            shown = repr(value) if not isinstance(value, (list, tuple)) else f"a list holding {value[:4]!r}..."
            raise ConfigError(f"{b.where}[{key!r}] must be a list of numbers, one per rotated pair; got {shown}.")
    if b.longrope_mscale and b.rope_type != "default":
        for key in ("short_mscale", "long_mscale"):
            if not _validate.is_real(b.block.get(key)) or isinstance(b.block.get(key), bool):
                raise ConfigError(f"{b.where}[{key!r}] must be a number (PhiMoE multiplies cos and sin by it); "
                                  f"got {b.block.get(key)!r}.")
        return LongRoPEMscale(tuple(b.block["short_factor"]), tuple(b.block["long_factor"]), b.l0(),
                              max_position_embeddings=b.max_pos, short_mscale=b.block["short_mscale"],
                              long_mscale=b.block["long_mscale"])
    return LongRoPE(tuple(b.block["short_factor"]), tuple(b.block["long_factor"]), b.l0(),
                    max_position_embeddings=b.max_pos, **b.fields(LongRoPE, "factor", "attention_factor"))


def _proportional(b: _Block) -> Scaling:
    partial = b.block.get("partial_rotary_factor", b.cfg.get("partial_rotary_factor", 1.0))
    return Proportional(partial, b.block.get("factor", 1.0))


#: How each rule transformers defines is read from a config (one reader per rule of
#: :data:`rope_ref._rope_types.TRANSFORMERS_TYPES`; a test holds the two together).
_READERS: dict[type[Scaling], Callable[[_Block], Scaling]] = {
    Linear: _linear, DynamicNTK: _dynamic, YaRN: _yarn, Llama3: _llama3, LongRoPE: _longrope,
    Proportional: _proportional}


def _scaling(cfg: dict[str, Any], block: dict[str, Any], where: str, rope_type: str | None,
             longrope_mscale: bool = False) -> Scaling | None:
    try:
        rule = _rope_types.rule_class(rope_type, transformers=True)
    except ValueError:
        raise ConfigError(f"{where}['rope_type'] must be one of {_rope_types.allowed(transformers=True)}; got "
                          f"{rope_type!r}.") from None
    if rule is None:
        return None
    reading = _Block(cfg, block, where, rope_type, _number(cfg, "max_position_embeddings", "config", required=False),
                     longrope_mscale)
    try:
        return _READERS[rule](reading)
    except (TypeError, ValueError) as err:
        if isinstance(err, ConfigError):
            raise
        raise ConfigError(f"{where} (rope_type {rope_type!r}): {err}") from None


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
    elif rule == "num_heads":
        value = _int_key(cfg, "head_dim") or _over(cfg, "hidden_size", "num_heads")
    elif rule == "sam_memory":
        width = _int_key(cfg, "memory_attention_hidden_size")
        heads = _int_key(cfg, "memory_attention_num_attention_heads")
        rate = _int_key(cfg, "memory_attention_downsample_rate")
        value = None if None in (width, heads, rate) else width // (rate * heads)
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
    if rule == "full":
        return head_dim
    partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", cfg.get("rotary_pct", 1.0)))
    if not _validate.is_real(partial) or not 0 < partial <= 1:
        raise ConfigError(f"config['partial_rotary_factor'] must be a number in (0, 1]; got {partial!r}.")
    return int(head_dim * partial)


def _descend(raw: dict[str, Any], fam: Family | None) -> tuple[dict[str, Any], str, tuple[str, ...]]:
    """The dict holding the language model's fields, where it was found, and the keys that lead there."""
    if fam is not None and fam.text_config:
        cfg: Any = raw
        for key in fam.text_config:
            cfg = cfg.get(key) if isinstance(cfg, dict) else None
        if isinstance(cfg, dict):
            return cfg, "config" + "".join(f"[{k!r}]" for k in fam.text_config), tuple(fam.text_config)
    cfg = _text_config(raw)
    return (cfg, "config", ()) if cfg is raw else (cfg, "config['text_config']", ("text_config",))


def _layer_blocks(cfg: dict[str, Any], fam: Family | None
                  ) -> tuple[dict[str, tuple[dict[str, Any], str, float | None]], tuple[str, ...]]:
    """Per-layer RoPE: layer type -> (its scaling block, where, its base), and the config's
    layer types (from a ``layer_types`` list or the per-layer keys); empty when not per-layer."""
    listed = cfg.get("layer_types")
    types = tuple(sorted(set(listed))) if isinstance(listed, list) and listed else ()
    for key in ("rope_scaling", "rope_parameters"):  # transformers: rope_scaling or rope_parameters
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
    """The scaling block transformers reads: ``rope_scaling`` when it is a non-empty object, else
    ``rope_parameters`` (transformers: ``rope_scaling or rope_parameters``), else none."""
    for key in ("rope_scaling", "rope_parameters"):
        block = cfg.get(key)
        if block is not None and not isinstance(block, dict):
            raise ConfigError(f"config[{key!r}] must be an object; got {block!r}.")
    for key in ("rope_scaling", "rope_parameters"):
        block = cfg.get(key)
        if block:
            return block, f"config[{key!r}]"
    if isinstance(cfg.get("rope_parameters"), dict):
        return cfg["rope_parameters"], "config['rope_parameters']"
    return {}, "config['rope_scaling']"


def _refuse(fam: Family, cfg: Mapping[str, Any], model_type: str | None, where: str,
            block: Mapping[str, Any] | None = None) -> None:
    """Raise for what the family computes that a RoPE cannot, or should not, stand for (``block``: the
    scaling block as transformers standardizes it, when known)."""
    if block is None:
        block, _ = _scaling_block(cfg)
    if fam.vision is not None and not fam.vision_config:  # a vision model: its RoPE is 2-D
        advice = ("use rope_ref.from_hf_config_multiaxis." if fam.vision != "other" else
                  "rope-ref does not model this family's 2-D rule.")
        raise ConfigError(f"refused: {model_type} is a vision model whose RoPE is 2-D (image rows and "
                          f"columns), which from_hf_config (one position per token) cannot describe; {advice}")
    if fam.refuse == "trailing_rotary":
        raise ConfigError(f"refused: {model_type} rotates the last rotary features of each head ([nope | rope] "
                          "layout, adjacent pairs), which a RoPE rotating the leading features cannot describe; "
                          "split the head and check its rope part with layout='interleaved'.")
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

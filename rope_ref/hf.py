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

import math
import os
from collections.abc import Mapping
from typing import Any

from rope_ref import _validate
from rope_ref._io import MAX_DEPTH, FileReadError, loads_strict, read_regular
from rope_ref.frequencies import Scaling
from rope_ref.rope import RoPE
from rope_ref.scaling import DynamicNTK, Linear, Llama3, LongRoPE, Proportional, YaRN

__all__ = ["from_hf_config", "read_config"]

_INTERLEAVED_MODEL_TYPES = {"llama4", "llama4_text", "gptj", "codegen", "cohere", "cohere2"}
_ROPE_INTERLEAVE_MODEL_TYPES = {"deepseek_v2", "deepseek_v3"}  # rope_interleave, default True
_NO_SCALING = {None, "default", "mrope"}
_KNOWN_TYPES = sorted(["default", "mrope", "linear", "dynamic", "yarn", "llama3", "longrope", "su", "proportional"])


class ConfigError(ValueError):
    """A config.json that does not describe a RoPE: names the key and what is wrong."""


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


def _head_dim(cfg: dict[str, Any]) -> int:
    for key in ("qk_rope_head_dim", "head_dim"):
        if cfg.get(key) is not None:
            value = cfg[key]
            if not _validate.is_integer(value):
                raise ConfigError(f"config[{key!r}] must be an integer; got {value!r}.")
            return int(value)
    for hidden, heads in (("hidden_size", "num_attention_heads"), ("n_embd", "n_head")):
        if cfg.get(hidden) is not None and cfg.get(heads) is not None:
            h, n = cfg[hidden], cfg[heads]
            if not (_validate.is_integer(h) and _validate.is_integer(n) and n > 0):
                raise ConfigError(f"config[{hidden!r}] and config[{heads!r}] must be positive integers; "
                                  f"got {h!r} and {n!r}.")
            return int(h) // int(n)
    raise ConfigError("config needs 'head_dim', or 'hidden_size' and 'num_attention_heads', to give the head "
                      "dimension; it has none of them.")


def _scaling_block(cfg: dict[str, Any], layer_type: str | None) -> tuple[dict[str, Any], str]:
    for key in ("rope_parameters", "rope_scaling"):
        block = cfg.get(key)
        if block is None:
            continue
        if not isinstance(block, dict):
            raise ConfigError(f"config[{key!r}] must be an object; got {block!r}.")
        nested = block and all(isinstance(v, dict) for v in block.values())
        if nested:  # one block per layer type (e.g. full_attention / sliding_attention)
            if layer_type is None or layer_type not in block:
                raise ConfigError(f"config[{key!r}] holds one block per layer type {sorted(block)}; pass "
                                  f"layer_type= one of them; got {layer_type!r}.")
            return block[layer_type], f"config[{key!r}][{layer_type!r}]"
        return block, f"config[{key!r}]"
    return {}, "config['rope_scaling']"


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


def from_hf_config(config: Mapping[str, Any] | str | os.PathLike[str], *, layout: str | None = None,
                   layer_type: str | None = None) -> RoPE:
    """The RoPE transformers computes for a model, from its config.json (a dict or a path).

    See the module docstring for every key that is read and the order of precedence.

    Example:
        >>> from rope_ref import from_hf_config
        >>> from_hf_config({"hidden_size": 6144, "num_attention_heads": 64, "rotary_pct": 0.25,
        ...                 "rotary_emb_base": 10000, "model_type": "gpt_neox"})
        RoPE(dim=96, base=10000.0, layout='half', rotary_dim=24, scaling=None, precision='float64')

    Parameters:
        config: the parsed config.json, or its path (read as JSON, never unpickled).
        layout: override the layout ("half" or "interleaved").
        layer_type: which block to use when the scaling block has one per layer type.

    Returns:
        A :class:`rope_ref.RoPE` with dim = the head (or rotary-head) dimension.

    Raises:
        ValueError: a missing or malformed key, named in the message, or an unknown rope_type.
        TypeError: config is neither a mapping nor a path.
    """
    cfg = _text_config(read_config(config))
    block, where = _scaling_block(cfg, layer_type)
    head_dim = _head_dim(cfg)
    base = block.get("rope_theta", cfg.get("rope_theta", cfg.get("rotary_emb_base", 10000.0)))
    rope_type = block.get("rope_type", block.get("type"))
    if rope_type is not None and not isinstance(rope_type, str):
        raise ConfigError(f"{where}['rope_type'] must be a string; got {rope_type!r}.")

    if cfg.get("rotary_dim") is not None and cfg.get("model_type") in ("gptj", "codegen"):
        rotary_dim = cfg["rotary_dim"]
    elif rope_type == "proportional":
        rotary_dim = head_dim  # the partial factor acts inside the rule
    else:
        partial = block.get("partial_rotary_factor", cfg.get("partial_rotary_factor", cfg.get("rotary_pct", 1.0)))
        if not _validate.is_real(partial) or not 0 < partial <= 1:
            raise ConfigError(f"config['partial_rotary_factor'] must be a number in (0, 1]; got {partial!r}.")
        rotary_dim = int(head_dim * partial)

    if layout is None:
        model_type = cfg.get("model_type", "")
        interleaved = model_type in _INTERLEAVED_MODEL_TYPES or (
            model_type in _ROPE_INTERLEAVE_MODEL_TYPES and cfg.get("rope_interleave", True))
        layout = "interleaved" if interleaved else "half"
    scaling = _scaling(cfg, block, where, rope_type)
    try:
        return RoPE(head_dim, base=base, layout=layout, rotary_dim=rotary_dim, scaling=scaling)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"config describes no valid RoPE: {err}") from None

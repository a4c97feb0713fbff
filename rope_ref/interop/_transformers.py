"""transformers: a model family's own rotary module and apply function, built from a config.json."""

from __future__ import annotations

import importlib
import inspect
import json
import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.interop._torch import from_torch


def _read_config(config: Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    if isinstance(config, (str, os.PathLike)):
        with open(config, encoding="utf-8") as f:
            data = json.load(f)
    else:
        data = dict(config)
    if not isinstance(data, dict) or not isinstance(data.get("model_type"), str):
        raise _validate.fail("config", "a config.json object with a 'model_type'", _validate.Shown(str(data)[:80]))
    return data


def _output_order(model_type: str) -> str:
    """The registry's output order ("input", or "half" for DeepSeek's interleaved pairs returned in
    half order); "input" for families the registry does not list."""
    from rope_ref.models import family

    entry = family(model_type)
    return "input" if entry is None else entry.output_order


def _rotary_class(module: Any, text_config: Any) -> Any:
    names = [n for n in dir(module) if n.endswith("RotaryEmbedding") and "Vision" not in n]
    for name in sorted(names, key=len):
        params = inspect.signature(getattr(module, name).__init__).parameters
        ann = params["config"].annotation if "config" in params else None
        if ann is type(text_config) or getattr(ann, "__name__", None) == type(text_config).__name__:
            return getattr(module, name)
    if not names:
        raise ValueError(f"{module.__name__} has no rotary embedding class.")
    return getattr(module, min(names, key=len))


def transformers_rotary(config: Mapping[str, Any] | str | os.PathLike[str], *, layer_type: str | None = None
                        ) -> Callable[[Any, Any], Any]:
    """``f(x, position_ids)`` on torch tensors (x (batch, heads, seq, d)): the family's rotary
    module gives cos and sin, its ``apply_rotary_pos_emb`` rotates x, and an output in half order
    (the registry's ``output_order``, DeepSeek) is put back in input order.

    Parameters:
        config: a Hugging Face config (dict or path to config.json) with its ``model_type``.
        layer_type: for families with a RoPE per layer type (Gemma 3, ModernBERT): the layer type.

    Raises:
        ValueError: the config has no model_type, or transformers has no such family.
    """
    import torch
    import transformers

    data = _read_config(config)
    model_type = data["model_type"]
    try:
        full = transformers.AutoConfig.for_model(model_type, **{k: v for k, v in data.items() if k != "model_type"})
        module = importlib.import_module(type(full).__module__.replace(".configuration_", ".modeling_"))
    except (ValueError, KeyError, ImportError) as err:
        raise ValueError(f"config model_type {model_type!r} is not a transformers family here: {err}") from None
    text = full.get_text_config() if hasattr(full, "get_text_config") else full
    rotary = _rotary_class(module, text)(text)
    takes_layer = "layer_type" in inspect.signature(rotary.forward).parameters
    if layer_type is not None and not takes_layer:
        raise _validate.fail("layer_type", f"None: {type(rotary).__name__} has one RoPE for every layer", layer_type)
    interleave = getattr(module, "apply_rotary_pos_emb_interleave", None)
    apply = interleave if interleave is not None and getattr(text, "rope_interleave", False) else \
        module.apply_rotary_pos_emb
    # the registry's output order is the family's; DeepSeek-V3 with rope_interleave=False keeps input order
    half_order = _output_order(model_type) == "half" and (interleave is None or apply is interleave)

    def f(x: Any, position_ids: Any) -> Any:
        kwargs = {"layer_type": layer_type or "full_attention"} if takes_layer else {}
        with torch.no_grad():
            cos, sin = rotary(x, position_ids.to(torch.int64), **kwargs)
        r = cos.shape[-1]
        rot, rest = (x, None) if r == x.shape[-1] else (x[..., :r], x[..., r:])
        try:
            y, _ = apply(x, x, cos, sin)
        except RuntimeError:  # the family splits off the pass-through part before apply (Phi)
            y, _ = apply(rot, rot, cos, sin)
            y = torch.cat([y, rest], dim=-1)
        if half_order:  # rotated features come back as (even..., odd...): put pair j back at 2j, 2j+1
            y_rot = y[..., :r]
            y_rot = torch.stack([y_rot[..., : r // 2], y_rot[..., r // 2:]], dim=-1).flatten(-2)
            y = torch.cat([y_rot, y[..., r:]], dim=-1)
        return y

    return f


def from_transformers(config: Mapping[str, Any] | str | os.PathLike[str], *, dtype: str = "float32",
                      layer_type: str | None = None, device: str = "cpu") -> Callable[[Any, Any], Any]:
    """What transformers computes for a model's RoPE, as ``fn(x, positions)`` for ``check``.

    Example (needs torch and transformers; run in tests/interop and by
    ``rope-ref check --transformers config.json``):

    >>> from rope_ref import check
    >>> from rope_ref.interop import from_transformers
    >>> config = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 2,
    ...           "rope_theta": 500000.0, "max_position_embeddings": 8192}
    >>> check(from_transformers(config), config=config, angle_dtype="float32").passed
    True

    Parameters:
        config: a Hugging Face config (dict or path) with ``model_type``.
        dtype: x's dtype (transformers computes cos/sin in float32 and casts them to x's dtype).
        layer_type: the layer type, for per-layer RoPE. device: the torch device.

    Returns:
        ``fn(x, positions)`` returning a torch tensor in x's shape. transformers computes a
        seq_len-dependent rule (dynamic NTK, LongRoPE) from max(positions) + 1, as check does.
    """
    return from_torch(transformers_rotary(config, layer_type=layer_type), axes="bhsd", dtype=dtype,
                      device=device)


def as_numpy(y: Any) -> np.ndarray:
    """A torch output as float64 NumPy (for callers outside check)."""
    return y.detach().to("cpu").double().numpy()

"""transformers: a model family's own rotary module and apply function, built from a config.json."""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.hf import read_config
from rope_ref.interop._axes import check_dtype, integer_positions
from rope_ref.interop._torch import from_torch


def _read_config(config: Mapping[str, Any] | str | os.PathLike[str]) -> dict[str, Any]:
    """The config as a dict; a path is read as rope-ref reads every config.json: a regular file only
    (a FIFO or a device is refused without blocking), at most 64 MiB, strict JSON; ValueError naming
    the path otherwise."""
    data = read_config(config) if isinstance(config, (str, os.PathLike)) else dict(config)
    if not isinstance(data, dict) or not isinstance(data.get("model_type"), str):
        raise _validate.fail("config", "a config.json object with a 'model_type'", _validate.Shown(str(data)[:80]))
    return data


# the apply functions of transformers' modelling files, in the order they are looked for; a config with
# ``rope_interleave`` set (DeepSeek-V3 and the other MLA models) puts the interleave variant first, as its
# attention does
_APPLY_NAMES = ("apply_rotary_pos_emb", "apply_rotary_emb", "apply_rotary_pos_emb_interleave")
_MULTI_AXIS = ("mrope", "mrope_interleaved", "ernie_3d")


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text[:160]}{'...' if len(text) > 160 else ''}"


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


def _plain_function(fn: Any) -> Any:
    """The function itself when transformers wrapped it for hub kernels (with the ``kernels`` package
    installed, ``@use_kernel_forward_from_hub`` turns an apply function into an nn.Module whose
    ``forward(*args, **kwargs)`` calls it: its signature no longer names q and k)."""
    forward = getattr(type(fn), "forward", None)
    for cell in getattr(forward, "__closure__", None) or ():
        inner = cell.cell_contents
        if inspect.isfunction(inner) and inner.__name__ == getattr(fn, "__name__", inner.__name__):
            return inner
    for cell in getattr(forward, "__closure__", None) or ():
        if inspect.isfunction(cell.cell_contents):
            return cell.cell_contents
    return fn


def _apply_function(module: Any, text_config: Any) -> tuple[str, Callable[..., Any]]:
    """(name, function): the family's apply function, found by name (see _APPLY_NAMES)."""
    names = list(_APPLY_NAMES)
    if getattr(text_config, "rope_interleave", False):
        names.insert(0, names.pop(names.index("apply_rotary_pos_emb_interleave")))
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return name, _plain_function(fn)
    raise ValueError(f"{module.__name__} has none of the apply functions rope-ref runs ({', '.join(_APPLY_NAMES)}): "
                     "this family's RoPE cannot be run here.")


def _multi_axis(model_types: list[str], rotary: Any, text_config: Any) -> bool:
    """Whether the language model feeds its rotary module (3, batch, seq) position ids (M-RoPE): the
    registry says so for the family, or the module or its config carries an ``mrope_section``."""
    from rope_ref.models import family

    entries = [family(t) for t in model_types]
    params = getattr(text_config, "rope_parameters", None)
    return any(e is not None and e.multi_axis in _MULTI_AXIS for e in entries) or \
        getattr(rotary, "mrope_section", None) is not None or \
        (isinstance(params, Mapping) and params.get("mrope_section") is not None)


def _tables_width(tables: Any) -> int:
    return int((tables[0] if isinstance(tables, (tuple, list)) else tables).shape[-1])


def transformers_rotary(config: Mapping[str, Any] | str | os.PathLike[str], *, layer_type: str | None = None
                        ) -> Callable[[Any, Any], Any]:
    """``f(x, position_ids)`` on torch tensors (x (batch, heads, seq, d)): the family's rotary
    module gives its tables (cos and sin, or Llama 4's complex ``freqs_cis``), its apply function
    rotates x, and an output in half order (``apply_rotary_pos_emb_interleave``: DeepSeek-V3 and
    the other MLA models) is put back in input order.

    The apply function is the family's ``apply_rotary_pos_emb``, ``apply_rotary_emb`` (a complex
    view: Llama 4, DeepSeek-V2) or ``apply_rotary_pos_emb_interleave`` (first when the config sets
    ``rope_interleave``). One trial call when f is built settles what the family's code expects:
    x as (batch, heads, seq, d) or (batch, seq, heads, d) (Llama 4 rotates before the transpose),
    position ids as (batch, seq) or as (3, batch, seq) with every row equal (M-RoPE families get
    the three rows their language model passes), and the rotating width (the tables' width, or
    twice it for a complex or a GPT-J table). A family whose code needs the rotating part split
    off x first (Phi, GPT-NeoX) gets it split; the rest passes through.

    Parameters:
        config: a Hugging Face config (dict or path to config.json) with its ``model_type``.
        layer_type: for families with a RoPE per layer type (Gemma 3, ModernBERT): the layer type.

    Raises:
        ValueError: a config path that is not a regular file of strict JSON (a FIFO or a device is
            refused without blocking; the message names the path), the config has no model_type,
            transformers has no such family, or the family's rotary module or apply function
            cannot be built or run (one line saying why).
    """
    data = _read_config(config)  # first: a config that cannot be read is refused before torch is imported
    import torch
    import transformers

    model_type = data["model_type"]
    try:
        full = transformers.AutoConfig.for_model(model_type, **{k: v for k, v in data.items() if k != "model_type"})
        module = importlib.import_module(type(full).__module__.replace(".configuration_", ".modeling_"))
    except (ValueError, KeyError, ImportError) as err:
        raise ValueError(f"config model_type {model_type!r} is not a transformers family here: {err}") from None
    text = full.get_text_config() if hasattr(full, "get_text_config") else full
    cls = _rotary_class(module, text)
    try:
        rotary = cls(text)
    except Exception as err:  # a config the family's own code cannot build its RoPE from
        raise ValueError(f"{cls.__name__} cannot be built from this config: {_one_line(err)}") from None
    takes_layer = "layer_type" in inspect.signature(rotary.forward).parameters
    if layer_type is not None and not takes_layer:
        raise _validate.fail("layer_type", f"None: {type(rotary).__name__} has one RoPE for every layer", layer_type)
    if takes_layer:  # the layer types with a RoPE: those with their own inv_freq buffer (Gemma 3, ModernBERT)
        types_with_rope = sorted(n[: -len("_inv_freq")] for n, _ in rotary.named_buffers()
                                 if n.endswith("_inv_freq") and not n.endswith("_original_inv_freq"))
        if layer_type is None and types_with_rope and "full_attention" not in types_with_rope:
            raise ValueError(f"{type(rotary).__name__} has one RoPE per layer type: give layer_type, one of "
                             f"{types_with_rope}.")
        if layer_type is not None and types_with_rope and layer_type not in types_with_rope:
            raise ValueError(f"{type(rotary).__name__} has no RoPE for layer type {layer_type!r}: the layer types "
                             f"with one are {types_with_rope}.")
    kwargs = {"layer_type": layer_type or "full_attention"} if takes_layer else {}
    apply_name, apply = _apply_function(module, text)
    params = list(inspect.signature(apply).parameters)
    pair = len(params) > 1 and params[1] in ("k", "key", "xk")  # f(q, k, *tables) -> (q, k); else f(x, *tables)
    # apply_rotary_pos_emb_interleave pairs x[0::2] with x[1::2] and returns them as (even..., odd...)
    half_order = apply_name == "apply_rotary_pos_emb_interleave"
    types = [model_type] + ([text.model_type] if isinstance(getattr(text, "model_type", None), str) else [])

    def ids_form(position_ids: Any, rows: int) -> Any:
        ids = position_ids.to(torch.int64)
        return ids if rows == 0 else ids[None].expand(rows, *ids.shape)

    def rotate(x: Any, tables: Any, seq_first: bool) -> Any:
        x_in = x.transpose(1, 2) if seq_first else x
        args = tables if isinstance(tables, (tuple, list)) else (tables,)
        y = apply(x_in, x_in, *args)[0] if pair else apply(x_in, *args)
        return y.transpose(1, 2) if seq_first else y

    def trial(rows: int, errors: list[str]) -> tuple[int, int, bool] | None:
        """(rows, width factor, seq_first) when the family's code runs on position ids of this form:
        x is (1, 2 heads, 3 positions, width), so that a wrong axis order cannot broadcast."""
        try:
            with torch.no_grad():
                tables = rotary(torch.zeros(1, 2, 3, 8), ids_form(torch.arange(3)[None], rows), **kwargs)
        except Exception as err:  # the family's forward refuses this form of position ids
            errors.append(f"position ids {f'({rows}, batch, seq)' if rows else '(batch, seq)'}: {_one_line(err)}")
            return None
        for factor in (1, 2):
            for seq_first in (False, True):
                x = torch.randn(1, 2, 3, factor * _tables_width(tables))
                try:
                    y = rotate(x, tables, seq_first)
                except Exception as err:
                    errors.append(_one_line(err))
                    continue
                if getattr(y, "shape", None) == x.shape:
                    return rows, factor, seq_first
        return None

    sections = getattr(rotary, "mrope_section", None)
    axes_rows = len(sections) if isinstance(sections, (list, tuple)) and sections else 3
    errors: list[str] = []
    form = None
    for rows in ([axes_rows, 0] if _multi_axis(types, rotary, text) else [0, axes_rows]):
        form = form or trial(rows, errors)
    if form is None:
        raise ValueError(f"{type(rotary).__name__} and {module.__name__}.{apply_name} do not run on this config in "
                         f"any form rope-ref knows ({errors[0] if errors else 'no output in the input shape'})")
    rows, factor, seq_first = form

    def f(x: Any, position_ids: Any) -> Any:
        ids = position_ids.to(torch.int64) if position_ids.ndim == 3 else ids_form(position_ids, rows)
        with torch.no_grad():
            tables = rotary(x, ids, **kwargs)
        r = factor * _tables_width(tables)
        try:
            y = rotate(x, tables, seq_first)
        except RuntimeError:  # the family splits off the pass-through part before apply (Phi, GPT-NeoX)
            if r >= x.shape[-1]:
                raise
            y = torch.cat([rotate(x[..., :r], tables, seq_first), x[..., r:]], dim=-1)
        if half_order:  # rotated features come back as (even..., odd...): put pair j back at 2j, 2j+1
            y_rot = y[..., :r]
            y_rot = torch.stack([y_rot[..., : r // 2], y_rot[..., r // 2:]], dim=-1).flatten(-2)
            y = torch.cat([y_rot, y[..., r:]], dim=-1)
        return y

    return f


def from_transformers(config: Mapping[str, Any] | str | os.PathLike[str], *, dtype: str = "float32",
                      layer_type: str | None = None, device: str = "cpu",
                      multi_axis: bool = False) -> Callable[[Any, Any], Any]:
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
        multi_axis: take positions of shape (n, axes), one row of coordinates per token, and hand
            them to the family's rotary module as its (axes, batch, seq) position ids: M-RoPE's
            (temporal, height, width), for ``check(fn, rope=from_hf_config_multiaxis(config))``.

    Returns:
        ``fn(x, positions)`` returning a torch tensor in x's shape. transformers computes a
        seq_len-dependent rule (dynamic NTK, LongRoPE) from max(positions) + 1, as check does.
        The family's own apply function runs in the form its attention uses (see
        :func:`transformers_rotary`: Llama 4's complex view, M-RoPE's three rows of position ids).

    Raises:
        ValueError: in one line, when a config path is not a regular file of strict JSON (naming
            the path; a FIFO or a device is refused without blocking), the config names no
            transformers family, or the family's rotary module or apply function cannot be built
            or run from it.
    """
    rotary = transformers_rotary(config, layer_type=layer_type)
    if not multi_axis:
        return from_torch(rotary, axes="bhsd", dtype=dtype, device=device)
    import torch

    check_dtype(dtype)
    torch_dtype = getattr(torch, dtype)

    def fn(x: Any, positions: Any) -> Any:
        pos = np.asarray(positions)
        if pos.ndim != 2:
            raise ValueError(f"multi_axis=True takes positions of shape (n, axes); got shape {pos.shape}.")
        ids = torch.from_numpy(integer_positions(pos, "multi_axis=True").T.copy())[:, None, :].to(device)
        t = torch.tensor(np.asarray(x, dtype=np.float64), dtype=torch_dtype, device=device)[None, None]
        return rotary(t, ids)[0, 0]

    return fn


def as_numpy(y: Any) -> np.ndarray:
    """A torch output as float64 NumPy (for callers outside check)."""
    return y.detach().to("cpu").double().numpy()

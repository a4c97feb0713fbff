"""MLX's fused rotary kernel, ``mx.fast.rope``, as ``fn(x, offset)`` or ``fn(x, positions)``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.interop._axes import integer_positions

_DTYPES = ("float32", "float16", "bfloat16")
_INT32 = 2**31


def from_mlx(*, dims: int, traditional: bool = False, base: float | None = 10000.0, scale: float = 1.0,
             freqs: Any = None, dtype: str = "float32") -> Callable[[Any, Any], np.ndarray]:
    """Wrap ``mx.fast.rope(x, dims, traditional=..., base=..., scale=..., offset=..., freqs=...)``.

    MLX rotates the first ``dims`` features of x (B, *, T, D) by the angle
    (offset + t) * scale * inv_freq_j, t = 0 … T-1 along the sequence axis, with
    inv_freq_j = base^(-2j/dims), or 1 / freqs_j when ``freqs`` is given. ``traditional=True``
    pairs adjacent features (rope-ref's "interleaved"), False pairs j with j + dims/2 ("half").

    The returned ``fn(x, where)`` takes x of shape (..., D) and either

    - an integer offset: x's rows form one sequence, row i at position offset + i (check's
      ``interface="offset"``, one ``mx.fast.rope`` call with a scalar offset); or
    - positions broadcasting against x.shape[:-1] (check's default interface): each row becomes its
      own batch entry of sequence length 1 and ``offset`` the int32 vector of their positions
      (MLX takes one offset per batch entry).

    Example (needs ``mlx``; run in tests/interop):

    >>> from rope_ref import check
    >>> from rope_ref.interop import from_mlx
    >>> check(from_mlx(dims=64), dim=64).passed
    True
    >>> check(from_mlx(dims=64, traditional=True), dim=64, layout="interleaved", interface="offset").passed
    True

    Parameters:
        dims: the rotated features r (even; the rest pass through): rope-ref's ``rotary_dim``.
        traditional: True for adjacent pairs ("interleaved"), False for "half".
        base: the base of inv_freq_j = base^(-2j/dims); None when ``freqs`` is given.
        scale: multiplies every position (linear scaling by a factor 1 / scale).
        freqs: MLX's ``freqs``, dims // 2 positive numbers: the reciprocals of the inverse
            frequencies, freqs_j = 1 / inv_freq_j (mlx-lm passes base^(2j/d) times its rule's
            factors). For a rope-ref ``RoPE``, ``1 / rope.inv_freq()``.
        dtype: the dtype x runs in: "float32", "float16" or "bfloat16".

    Returns:
        ``fn(x, offset_or_positions)`` returning a NumPy array of x's shape: float32, or float16
        for ``dtype="float16"``; bfloat16 results come back as float32 (exact; declare
        ``dtype="bfloat16"`` to check).

    Raises:
        TypeError, ValueError: for a bad ``dims``, ``base``, ``scale``, ``freqs`` or ``dtype``
            (naming it); when called, for positions outside int32, fractional positions, or a
            last axis of x shorter than ``dims``.
    """
    import mlx.core as mx

    if isinstance(dims, bool) or not isinstance(dims, (int, np.integer)):
        raise _validate.fail("dims", "an even integer >= 2", dims, kind=TypeError)
    if dims < 2 or dims % 2:
        raise _validate.fail("dims", "an even integer >= 2", dims)
    dims = int(dims)
    _validate.choice(dtype, "dtype", _DTYPES)
    if not isinstance(traditional, (bool, np.bool_)):
        raise _validate.fail("traditional", "True or False", traditional, kind=TypeError)
    if not isinstance(scale, (int, float, np.integer, np.floating)) or isinstance(scale, bool):
        raise _validate.fail("scale", "a positive real number", scale, kind=TypeError)
    if not (math.isfinite(scale) and scale > 0):
        raise _validate.fail("scale", "a positive finite number", scale)
    mx_freqs = None
    if freqs is not None:
        if base is not None:
            raise _validate.fail("base", "None when freqs is given (MLX takes exactly one of them)", base)
        arr = _validate.as_array(freqs, "freqs", f"{dims // 2} positive numbers")
        if arr.shape != (dims // 2,) or arr.dtype.kind not in "iuf":
            raise _validate.fail("freqs", f"a vector of dims // 2 = {dims // 2} positive numbers",
                                 _validate.Shown(f"shape {arr.shape}, dtype {arr.dtype}"))
        if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise _validate.fail("freqs", "positive finite numbers", _validate.Shown("a non-positive or "
                                                                                      "non-finite entry"))
        mx_freqs = mx.array(arr.astype(np.float32))
    elif base is None:
        raise _validate.fail("base", "a number > 0 and != 1 when freqs is not given", base)
    else:
        if not isinstance(base, (int, float, np.integer, np.floating)) or isinstance(base, bool):
            raise _validate.fail("base", "a real number > 0 and != 1", base, kind=TypeError)
        if not (math.isfinite(base) and base > 0 and base != 1):
            raise _validate.fail("base", "a finite number > 0 and != 1", base)
    mx_dtype = getattr(mx, dtype)
    kwargs = {"traditional": bool(traditional), "base": None if base is None else float(base),
              "scale": float(scale), "freqs": mx_freqs}

    def fn(x: Any, where: Any) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim < 1 or x.shape[-1] < dims:
            raise _validate.fail("x", f"an array of shape (..., D) with D >= dims = {dims}",
                                 _validate.Shown(f"shape {x.shape}"))
        rows = np.asarray(x, dtype=np.float32).reshape(-1, x.shape[-1])
        if np.ndim(where) == 0 and np.asarray(where).dtype.kind in "iu":
            offset = int(where)
            if not -_INT32 <= offset < _INT32:
                raise ValueError(f"offset {offset} does not fit MLX's int32 offset.")
            seq, off = rows[None], mx.array(offset, dtype=mx.int32)
        else:
            pos = integer_positions(np.asarray(where), "from_mlx")
            try:
                pos = np.broadcast_to(pos, x.shape[:-1]).reshape(-1)
            except ValueError:
                raise _validate.fail("positions", f"an array broadcasting against x.shape[:-1] = {x.shape[:-1]}",
                                     _validate.Shown(f"shape {pos.shape}")) from None
            if pos.size and (pos.min() < -_INT32 or pos.max() >= _INT32):
                raise ValueError("positions outside [-2^31, 2^31) do not fit MLX's int32 offset.")
            seq, off = rows[:, None, :], mx.array(pos.astype(np.int32))  # one batch entry per row
        y = mx.fast.rope(mx.array(seq).astype(mx_dtype), dims, offset=off, **kwargs)
        out = np.array(y.astype(mx.float32) if dtype == "bfloat16" else y)
        return out.reshape(x.shape)

    return fn

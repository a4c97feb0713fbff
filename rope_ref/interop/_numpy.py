"""A NumPy implementation ``f(x, positions)`` in its own axes and dtype."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref.interop._axes import as_check_fn, check_axes, check_dtype, from_sequence, to_sequence


def from_numpy(f: Callable[..., Any], *, axes: str = "sd", dtype: str = "float32",
               seq_len: bool = False) -> Callable[..., Any]:
    """Wrap a NumPy ``f(x, positions[, seq_len])`` that works in ``axes`` at ``dtype``.

    Example:
        >>> from rope_ref import RoPE, check
        >>> fn = from_numpy(lambda x, p: RoPE(8).apply(x, p[0][:, None]), axes="bshd", dtype="float32")
        >>> check(fn, dim=8).passed
        True

    Parameters:
        f: the implementation; x arrives as (1, 1, n, d) for "bhsd", (1, n, 1, d) for "bshd",
            (1, n, d) for "bsd" or (n, d) for "sd"; positions as int64 (1, n) ((n,) for "sd").
        axes: the axes f expects. dtype: x's dtype for f ("bfloat16" needs ml_dtypes).
        seq_len: pass check's seq_len on to f as a third argument.

    Returns:
        ``fn(x, positions)`` (or ``fn(x, positions, seq_len)``) returning f's output in x's shape.
    """
    check_axes(axes)
    check_dtype(dtype)
    if dtype == "bfloat16":
        import ml_dtypes
        np_dtype: Any = ml_dtypes.bfloat16
    else:
        np_dtype = np.dtype(dtype)

    def call(x: Any, positions: Any, length: float | None = None) -> Any:
        seq, pos, shape = to_sequence(x, positions, axes)
        if np.all(pos == np.round(pos)):
            pos = pos.astype(np.int64)
        args = (seq.astype(np_dtype), pos[0] if axes == "sd" else pos) + ((length,) if seq_len else ())
        return from_sequence(np.asarray(f(*args)), axes, shape)

    return as_check_fn(call, seq_len)

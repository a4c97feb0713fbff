"""Reshaping between check's (..., dim) rows and the axes an implementation expects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from rope_ref import _validate

AXES = ("bhsd", "bshd", "bsd", "sd")
DTYPES = ("float64", "float32", "float16", "bfloat16")


def check_axes(axes: str) -> str:
    return _validate.choice(axes, "axes", AXES)


def check_dtype(dtype: str) -> str:
    return _validate.choice(dtype, "dtype", DTYPES)


def to_sequence(x: Any, positions: Any, axes: str) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """x as one sequence in ``axes`` (batch 1, heads 1) and positions as (1, seq), with x's shape.

    x (..., dim) is read as a sequence of prod(x.shape[:-1]) rows; positions broadcast against
    x.shape[:-1] and are flattened alike.
    """
    x = np.asarray(x)
    if x.ndim < 1:
        raise _validate.fail("x", "an array of shape (..., dim)", _validate.Shown(f"shape {x.shape}"))
    pos = np.asarray(positions)
    try:
        pos = np.broadcast_to(pos, x.shape[:-1]).reshape(-1)
    except ValueError:
        raise _validate.fail("positions", f"an array broadcasting against x.shape[:-1] = {x.shape[:-1]}",
                             _validate.Shown(f"shape {pos.shape}")) from None
    rows = x.reshape(-1, x.shape[-1])
    seq = {"bhsd": rows[None, None], "bshd": rows[None, :, None], "bsd": rows[None], "sd": rows}[axes]
    return seq, pos[None], x.shape


def from_sequence(y: Any, axes: str, shape: tuple[int, ...]) -> Any:
    """The inverse of :func:`to_sequence` on the implementation's output (any array type)."""
    if axes == "bhsd":
        y = y[0, 0]
    elif axes == "bshd":
        y = y[0, :, 0]
    elif axes == "bsd":
        y = y[0]
    return y.reshape(shape)


def integer_positions(pos: np.ndarray, what: str) -> np.ndarray:
    """Positions as int64, refusing fractional ones (an implementation indexing a table needs integers)."""
    pos = np.asarray(pos)
    if pos.dtype.kind == "f":
        if not np.all(np.isfinite(pos)) or np.any(pos != np.round(pos)):
            raise ValueError(f"{what} takes integer positions; got fractional ones.")
    return pos.astype(np.int64)


def as_check_fn(call: Callable[..., Any], seq_len: bool) -> Callable[..., Any]:
    """``call`` as check wants it: ``fn(x, positions, seq_len=None)`` when the implementation takes a
    sequence length, else ``fn(x, positions)`` (check reads the signature to decide)."""
    if seq_len:
        def fn(x: Any, positions: Any, seq_len: float | None = None) -> Any:
            return call(x, positions, seq_len)
        return fn

    def fn2(x: Any, positions: Any) -> Any:
        return call(x, positions)
    return fn2

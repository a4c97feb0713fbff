"""Calling someone else's RoPE for ``check``: whatever it does, the checker gets a result or a reason.

:class:`Caller` decides once how ``fn`` is called (``fn(x, positions)``, ``fn(x, positions,
seq_len)`` or, for decode-style APIs, ``fn(x, offset)``), hands it fresh writable arrays, runs it
with a time limit, converts what it returns to float64 without importing any framework, and
keeps the time spent inside ``fn`` apart from the checker's own.

Example:
    >>> import numpy as np
    >>> takes_seq_len(lambda x, positions, seq_len: x), takes_seq_len(lambda x, positions, scale=1.0: x)
    ('positional', None)
    >>> Caller(lambda x, p: x * np.nan, np.float32)(np.ones((1, 2)), np.zeros(1, np.int64))
    Traceback (most recent call last):
    ...
    rope_ref._check_call.CallFailed: fn returned 2 non-finite values (NaN or inf) of 2
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

INTERFACES = ("positions", "offset")


class CallFailed(Exception):
    """fn could not give a usable output for one call; the message says why (a failed case)."""


def takes_seq_len(fn: Callable[..., Any]) -> str | None:
    """How fn takes seq_len: "keyword" (a keyword-only ``seq_len``), "positional" (a parameter named
    ``seq_len``, or a third required positional one), or None.

    An optional third parameter of another name (``fn(x, positions, scale=1.0)``) is left alone.
    """
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # builtins and some C extensions have no signature
        return None
    named = sig.parameters.get("seq_len")
    if named is not None:
        return "keyword" if named.kind == named.KEYWORD_ONLY else "positional"
    positional = [p for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    return "positional" if len(positional) >= 3 else None


def to_float64(value: Any) -> np.ndarray:
    """fn's output as a float64 array: NumPy of any float dtype (ml_dtypes' bfloat16 included), or
    an object with ``.detach()/.float()/.cpu()/.numpy()`` (torch, any dtype, grad, device) or
    ``__array__`` (JAX). Raises CallFailed naming what was returned otherwise."""
    obj = value
    if not isinstance(obj, np.ndarray):
        try:
            if callable(getattr(obj, "detach", None)):
                obj = obj.detach()
            if callable(getattr(obj, "cpu", None)):
                obj = obj.cpu()
            if "bfloat16" in str(getattr(obj, "dtype", "")) and callable(getattr(obj, "float", None)):
                obj = obj.float()  # torch cannot hand bfloat16 to NumPy
            if callable(getattr(obj, "numpy", None)):
                obj = obj.numpy()
        except Exception as err:
            raise CallFailed(f"fn returned a {type(value).__name__} that could not be converted to NumPy "
                             f"({type(err).__name__}: {err})") from None
        if not isinstance(obj, np.ndarray):
            if not hasattr(obj, "__array__"):
                raise CallFailed(f"fn returned a {type(value).__name__}; return an array (NumPy, or an object "
                                 "with .numpy() or __array__)")
            try:
                obj = np.asarray(obj)
            except Exception as err:
                raise CallFailed(f"fn returned a {type(value).__name__} that np.asarray cannot read "
                                 f"({type(err).__name__}: {err})") from None
    kind = obj.dtype.kind
    if kind == "f" or (kind == "V" and obj.dtype.names is None and obj.dtype.itemsize in (1, 2)):
        try:
            return obj.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise CallFailed(f"fn returned dtype {obj.dtype}, which does not convert to float64 ({err})") from None
    raise CallFailed(f"fn returned dtype {obj.dtype}; a RoPE output is real floating point")


@dataclass
class Caller:
    """Calls fn with a time limit and converts its output; records the time fn took."""

    fn: Callable[..., Any]
    input_dtype: type
    interface: str = "positions"
    timeout: float | None = 60.0
    with_seq_len: str | None = None  # "positional", "keyword" or None (see takes_seq_len)
    fn_seconds: float = 0.0
    timed_out: bool = field(default=False)
    notes: list[str] = field(default_factory=list)

    def __call__(self, x: np.ndarray, positions: np.ndarray, seq_len: float | None = None) -> np.ndarray:
        """fn's output for x at positions, float64 of x's shape; CallFailed with the reason otherwise."""
        x_in = np.array(x, dtype=self.input_dtype, copy=True)
        value = self.raw(x_in, positions, seq_len)
        y = to_float64(value)
        if y.shape != np.shape(x):
            raise CallFailed(f"fn returned shape {y.shape} for x of shape {np.shape(x)}")
        bad = ~np.isfinite(y)
        if bad.any():
            raise CallFailed(f"fn returned {int(bad.sum())} non-finite values (NaN or inf) of {y.size}")
        if not np.array_equal(x_in, np.asarray(x, dtype=self.input_dtype)) and "modifies x in place" not in self.notes:
            self.notes.append("modifies x in place")
        return y

    def raw(self, x: np.ndarray, positions: np.ndarray, seq_len: float | None = None) -> Any:
        """What fn returns for x (passed as given) at fresh copies of the positions, unconverted."""
        if self.timed_out:
            raise CallFailed("not run: fn did not return in time on an earlier call")
        pos_in = np.array(positions, copy=True)
        if self.interface == "offset":
            args: tuple[Any, ...] = (x, int(pos_in.reshape(-1)[0]))
        elif self.with_seq_len:
            length = None if seq_len is None else int(seq_len) if float(seq_len).is_integer() else float(seq_len)
            if self.with_seq_len == "keyword":
                return self._run((x, pos_in), {"seq_len": length})
            args = (x, pos_in, length)
        else:
            args = (x, pos_in)
        return self._run(args)

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> Any:
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = self.fn(*args, **(kwargs or {}))
            except BaseException as err:  # the implementation's own failure is a result
                box["error"] = err

        start = time.perf_counter()
        if self.timeout is None:
            target()
        else:
            worker = threading.Thread(target=target, name="rope-ref-check-fn", daemon=True)
            worker.start()
            worker.join(self.timeout)
            if worker.is_alive():
                self.fn_seconds += time.perf_counter() - start
                self.timed_out = True
                raise CallFailed(f"fn did not return within the timeout of {self.timeout:g} s")
        self.fn_seconds += time.perf_counter() - start
        if "error" in box:
            err = box["error"]
            if isinstance(err, (KeyboardInterrupt, SystemExit)):
                raise err
            raise CallFailed(f"fn raised {type(err).__name__}: {err}")
        return box.get("value")

"""Calling someone else's RoPE for ``check``: whatever it does, the checker gets a result or a reason.

:class:`Caller` decides once how ``fn`` is called and then takes *rows*: ``x`` of shape
(n, dim) with one position per row. It arranges them as the interface wants, hands fn fresh
writable arrays, runs it with a time limit, reads what it returns (or, for a function that
returns None, the x it rotated in place) as float64 without importing any framework, and keeps
the time spent inside fn apart from the checker's own. The interfaces:

- ``"positions"``: ``fn(x, positions)``, x (n, dim), positions int64 (n,) ((n, axes) for
  multi-axis RoPE); ``fn(x, positions, seq_len)`` when the signature has ``seq_len`` or a third
  required parameter;
- ``"offset"``: ``fn(x, offset)``, row i at position offset + i (decode-style APIs);
- ``"batched"``: ``fn(x, positions)`` with x (batch, seq, dim) and positions (batch, seq), one
  row of positions per sequence (left padding, packed sequences);
- ``"qk"``: ``fn(q, k, positions)`` returning ``(q, k)``, q (n, heads_q, dim) and k
  (n, heads_k, dim) with different head counts (grouped-query attention); every head of a token
  carries the token's features, so every head must come back rotated the same way.

A function that returns None and rotates its input in place is read from that input.

Example:
    >>> import numpy as np
    >>> takes_seq_len(lambda x, positions, seq_len: x), takes_seq_len(lambda x, positions, scale=1.0: x)
    ('positional', None)
    >>> Caller(lambda x, p: x * np.nan, np.float32)(np.ones((1, 2)), np.zeros(1, np.int64))
    Traceback (most recent call last):
    ...
    rope_ref._check.call.CallFailed: fn returned 2 non-finite values (NaN or inf) of 2
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

INTERFACES = ("positions", "offset", "batched", "qk")
"""How check can call an implementation: ``fn(x, positions)`` (or with ``seq_len``), ``fn(x, offset)``,
``fn(x, positions)`` with batched positions (batch, seq), and ``fn(q, k, positions)`` returning both."""
#: Head counts (queries, keys) of the "qk" interface: grouped-query attention, two query heads per key head.
QK_HEADS = (2, 1)

_TORCH_HINT = ("fn looks like a torch function given NumPy arrays: wrap it with rope_ref.interop.from_torch(fn) "
               "(on the command line: --torch)")
_TORCH_SIGNS = ("'numpy.ndarray' object has no attribute", "must be Tensor", "expected Tensor", "not numpy.ndarray",
                "Tensor, not", "argument 'input' (position 1) must be Tensor")


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


def interface_of(fn: Callable[..., Any]) -> str:
    """The interface a signature implies: "qk" when the first two parameters are named like a query
    and a key (q/k, query/key, xq/xk), else "positions"."""
    try:
        names = [p.name.lower() for p in inspect.signature(fn).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return "positions"
    if len(names) >= 3 and names[0] in ("q", "query", "xq", "queries") and names[1] in ("k", "key", "xk", "keys"):
        return "qk"
    return "positions"


def host_view(obj: Any) -> Any:
    """A tensor as NumPy where it can be: detached from autograd (a view, no copy), moved to the CPU,
    bfloat16 widened to float32 (torch cannot hand bfloat16 to NumPy), then ``.numpy()``; an object
    without these methods comes back as it is. ``check`` and ``assert_rope_close`` read tensors this way.
    """
    if callable(getattr(obj, "detach", None)):
        obj = obj.detach()
    if callable(getattr(obj, "cpu", None)):
        obj = obj.cpu()
    if "bfloat16" in str(getattr(obj, "dtype", "")) and callable(getattr(obj, "float", None)):
        obj = obj.float()
    if callable(getattr(obj, "numpy", None)):
        obj = obj.numpy()
    return obj


def to_float64(value: Any, shape: tuple[int, ...] | None = None, name: str = "x") -> np.ndarray:
    """fn's output as a float64 array: NumPy of any float dtype (ml_dtypes' bfloat16 included), or
    an object with ``.detach()/.float()/.cpu()/.numpy()`` (torch, any dtype, grad, device) or
    ``__array__`` (JAX). Raises CallFailed naming what was returned otherwise.

    With ``shape`` (that of the input ``name``), the output's shape is checked first, from its
    ``shape`` attribute, before anything is copied or converted: a huge output of the wrong shape
    is a failed call, not a MemoryError."""
    _check_shape(getattr(value, "shape", None), shape, name)
    obj = value
    if not isinstance(obj, np.ndarray):
        try:
            obj = host_view(obj)
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
    _check_shape(obj.shape, shape, name)
    kind = obj.dtype.kind
    if kind == "f" or (kind == "V" and obj.dtype.names is None and obj.dtype.itemsize in (1, 2)):
        try:
            return obj.astype(np.float64)
        except (TypeError, ValueError) as err:
            raise CallFailed(f"fn returned dtype {obj.dtype}, which does not convert to float64 ({err})") from None
        except MemoryError:
            raise CallFailed(f"fn's output of shape {obj.shape} and dtype {obj.dtype} does not fit in memory "
                             "as float64") from None
    raise CallFailed(f"fn returned dtype {obj.dtype}; a RoPE output is real floating point")


def _check_shape(got: Any, shape: tuple[int, ...] | None, name: str) -> None:
    """CallFailed when fn's output has a shape other than its input's (None: not known yet, or not asked)."""
    if shape is None or got is None:
        return
    try:
        seen = tuple(int(n) for n in got)
    except (TypeError, ValueError):
        return  # not a shape we can read: np.asarray's result is checked next
    if seen != tuple(shape):
        raise CallFailed(f"fn returned shape {seen} for {name} of shape {tuple(shape)}")


def dtype_name(value: Any) -> str:
    """The dtype name of what fn returned ("" when it has none)."""
    return str(getattr(value, "dtype", ""))


def _given(a: np.ndarray) -> np.ndarray:
    """What an input array held before fn ran (every head of a token holds the token's features)."""
    return np.repeat(a[:, :1, :], a.shape[1], axis=1)


@dataclass
class Caller:
    """Calls fn with a time limit through its interface and converts its output; records the time fn took."""

    fn: Callable[..., Any]
    input_dtype: type
    interface: str = "positions"
    timeout: float | None = 60.0
    with_seq_len: str | None = None  # "positional", "keyword" or None (see takes_seq_len)
    fn_seconds: float = 0.0
    calls: int = 0
    timed_out: bool = field(default=False)
    notes: list[str] = field(default_factory=list)

    def __call__(self, x: np.ndarray, positions: np.ndarray, seq_len: float | None = None, *,
                 batch: int = 1) -> np.ndarray:
        """fn's output for rows x (n, dim) at positions (one per row), float64: (n, dim), or
        (n, heads, dim) for the "qk" interface (queries first). CallFailed with the reason otherwise.

        ``batch`` splits the rows into that many sequences for the "batched" interface."""
        n, dim = np.shape(x)
        pos = np.asarray(positions)
        if self.interface == "batched":
            if n % batch:
                raise CallFailed(f"internal: {n} rows do not split into {batch} sequences")
            x_given = np.array(np.reshape(x, (batch, n // batch, dim)), dtype=self.input_dtype)
            x_in = x_given.copy()
            value = self._call(x_in, pos.reshape((batch, n // batch) + pos.shape[1:]), seq_len)
            return self._read(value, x_in, x_given, pos).reshape(n, dim)
        if self.interface == "qk":
            hq, hk = QK_HEADS
            q_in = np.array(np.repeat(np.asarray(x)[:, None, :], hq, axis=1), dtype=self.input_dtype)
            k_in = np.array(np.repeat(np.asarray(x)[:, None, :], hk, axis=1), dtype=self.input_dtype)
            value = self._run((q_in, k_in, np.array(pos, copy=True)))
            return self._read_qk(value, q_in, k_in, pos)
        x_given = np.array(x, dtype=self.input_dtype)
        x_in = x_given.copy()
        value = self._call(x_in, pos, seq_len)
        return self._read(value, x_in, x_given, pos)

    def _read(self, value: Any, x_in: np.ndarray, x_given: np.ndarray, positions: np.ndarray) -> np.ndarray:
        if value is None:
            if np.array_equal(x_in, x_given) and np.any(positions != 0):
                self._note("returned None and left x unchanged: read as an in-place rotation that did not happen "
                           "(return the rotated x, or rotate x in place)")
            else:
                self._note("rotates x in place and returns None: read from x")
            value = x_in
        elif not np.array_equal(x_in, x_given):
            self._note("modifies x in place")
        y = to_float64(value, x_in.shape)
        bad = ~np.isfinite(y)
        if bad.any():
            raise CallFailed(f"fn returned {int(bad.sum())} non-finite values (NaN or inf) of {y.size}")
        return y

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _read_qk(self, value: Any, q_in: np.ndarray, k_in: np.ndarray, positions: np.ndarray) -> np.ndarray:
        q_given, k_given = _given(q_in), _given(k_in)
        if value is None:
            if np.array_equal(q_in, q_given) and np.array_equal(k_in, k_given) and np.any(positions != 0):
                self._note("returned None and left q and k unchanged: read as an in-place rotation that did not "
                           "happen (return (q, k), or rotate them in place)")
            else:
                self._note("rotates q and k in place and returns None: read from q and k")
            out: Sequence[Any] = (q_in, k_in)
        elif isinstance(value, (tuple, list)) and len(value) == 2:
            out = value
        else:
            raise CallFailed(f"fn(q, k, positions) returned a {type(value).__name__}; return the pair (q, k)")
        parts = []
        for name, got, given in (("q", out[0], q_in), ("k", out[1], k_in)):
            y = to_float64(got, given.shape, name)
            parts.append(y)
        y = np.concatenate(parts, axis=1)
        bad = ~np.isfinite(y)
        if bad.any():
            raise CallFailed(f"fn returned {int(bad.sum())} non-finite values (NaN or inf) of {y.size}")
        return y

    def raw(self, x: np.ndarray, positions: np.ndarray, seq_len: float | None = None) -> Any:
        """What fn returns for x (passed as given, in the interface's shape) at fresh copies of the
        positions, unconverted (the first call, which tells fn's dtype)."""
        if self.interface == "qk":
            hq, hk = QK_HEADS
            q = np.repeat(np.asarray(x)[:, None, :], hq, axis=1)
            k = np.repeat(np.asarray(x)[:, None, :], hk, axis=1)
            value = self._run((q, k, np.array(positions, copy=True)))
            if value is None:
                return q
            return value[0] if isinstance(value, (tuple, list)) and value else value
        if self.interface == "batched":
            x = np.asarray(x)[None]
            positions = np.asarray(positions)[None]
        value = self._call(x, positions, seq_len)
        return x if value is None else value

    def _call(self, x: np.ndarray, positions: np.ndarray, seq_len: float | None) -> Any:
        if self.timed_out:
            raise CallFailed("not run: fn did not return in time on an earlier call")
        pos_in = np.array(positions, copy=True)
        if self.interface == "offset":
            return self._run((x, int(pos_in.reshape(-1)[0])))
        if self.with_seq_len:
            length = None if seq_len is None else int(seq_len) if float(seq_len).is_integer() else float(seq_len)
            if self.with_seq_len == "keyword":
                return self._run((x, pos_in), {"seq_len": length})
            return self._run((x, pos_in, length))
        return self._run((x, pos_in))

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any] | None = None) -> Any:
        if self.timed_out:
            raise CallFailed("not run: fn did not return in time on an earlier call")
        box: dict[str, Any] = {}

        def target() -> None:
            try:
                box["value"] = self.fn(*args, **(kwargs or {}))
            except BaseException as err:  # the implementation's own failure is a result
                box["error"] = err

        start = time.perf_counter()
        self.calls += 1
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
            if isinstance(err, KeyboardInterrupt) and self.timeout is None:  # Ctrl-C reaches this thread
                raise err
            # In the worker thread a KeyboardInterrupt can only be fn's own raise (signals reach the
            # main thread): like any exception of fn, a failed call.
            if isinstance(err, SystemExit):  # fn's way of giving up: a failed call, not the end of the process
                raise CallFailed(f"fn called sys.exit({err.code!r}) during the call; it must return its output")
            message = f"fn raised {type(err).__name__}: {err}"
            if isinstance(err, (AttributeError, TypeError)) and any(s in str(err) for s in _TORCH_SIGNS):
                message += f" ({_TORCH_HINT})"
            raise CallFailed(message)
        return box.get("value")

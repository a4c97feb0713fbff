"""Reading files without blocking, and strict JSON in and out.

- :func:`read_regular` reads a regular file and refuses anything else (a FIFO, a device, a
  directory, a symlink when asked) before reading: it checks with ``lstat``/``stat``, opens with
  ``O_NONBLOCK`` (so even a FIFO swapped in between the check and the open cannot block), and
  checks the opened descriptor again with ``fstat``.
- :func:`loads_strict` parses JSON as RFC 8259 defines it: no NaN or Infinity, no duplicate
  keys, no numbers float64 cannot hold, no nesting deeper than a limit.
- :func:`dumps_strict` writes JSON every strict parser accepts: a float that is inf or NaN is
  written as the string "Infinity", "-Infinity" or "NaN" (the JavaScript names).
"""

from __future__ import annotations

import json
import math
import os
import stat
from typing import Any

__all__ = ["FileReadError", "dump_strict", "dumps_strict", "loads_strict", "read_regular", "strict_value"]

MAX_DEPTH = 64  # deeper JSON is refused (a manifest or config.json nests 5 levels)


class FileReadError(ValueError):
    """A path that is not a readable regular file, or text that is not strict JSON.

    ``detail`` says what is wrong without naming the file (callers that word their own
    messages use it); ``missing`` is true when the file does not exist.
    """

    def __init__(self, message: str, detail: str = "", missing: bool = False) -> None:
        super().__init__(message)
        self.detail = detail or message
        self.missing = missing


def read_regular(path: str | os.PathLike[str], *, follow_symlinks: bool = True, limit: int = 1 << 31) -> bytes:
    """The bytes of a regular file; FileReadError naming the path for anything else.

    Example:
        >>> read_regular("/dev/null")
        Traceback (most recent call last):
        ...
        rope_ref._io.FileReadError: '/dev/null' is not a regular file (a character device); refusing to read it.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name) if follow_symlinks else os.lstat(name)
    except FileNotFoundError:
        raise FileReadError(f"{name!r} does not exist.", "file not found", missing=True) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL byte in the name
        raise _error(name, f"cannot be examined ({_reason(err)})") from None
    _require_regular(name, info.st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except OSError as err:
        raise _error(name, f"cannot be opened ({_reason(err)})") from None
    try:
        info = os.fstat(fd)
        _require_regular(name, info.st_mode)  # replaced between the check and the open
        if info.st_size > limit:
            raise _error(name, f"is {info.st_size} bytes; more than the {limit} allowed")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise _error(name, f"grew past the {limit} bytes allowed while being read")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as err:
        raise _error(name, f"cannot be read ({_reason(err)})") from None
    finally:
        os.close(fd)


def _error(name: str, detail: str) -> FileReadError:
    return FileReadError(f"{name!r} {detail}.", detail)


def _reason(err: Exception) -> str:
    return getattr(err, "strerror", None) or str(err) or type(err).__name__


def _require_regular(name: str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    kind = next((text for test, text in kinds if test(mode)), "not a file")
    raise _error(name, f"is not a regular file ({kind}); refusing to read it")


def _no_constant(text: str) -> Any:
    raise FileReadError(f"{text} is not a JSON number (strict JSON has no NaN or Infinity).")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise FileReadError(f"the number {text[:40]} is too large for float64.")
    return value


def _int(text: str) -> int:
    value = int(text)
    if abs(value) > 2**1024:
        raise FileReadError(f"the integer {text[:40]}... is too large for float64.")
    return value


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise FileReadError(f"the key {key!r} appears twice in one object.")
        out[key] = value
    return out


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings (checked before parsing, so no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads_strict(data: bytes | str, what: str) -> Any:
    """Parse strict JSON (UTF-8); FileReadError naming ``what`` for anything else.

    Example:
        >>> loads_strict('{"a": [1, 2.5]}', "example")
        {'a': [1, 2.5]}
    """
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as err:
        raise _json_error(what, f"not UTF-8 text ({err})") from None
    if _depth(text) > MAX_DEPTH:
        raise _json_error(what, f"not valid JSON (nested deeper than {MAX_DEPTH} levels)")
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_float, parse_int=_int,
                          object_pairs_hook=_pairs)
    except FileReadError as err:
        raise _json_error(what, f"not valid JSON (not strict: {str(err).rstrip('.')})") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as err:
        raise _json_error(what, f"not valid JSON ({err})") from None


def _json_error(what: str, detail: str) -> FileReadError:
    return FileReadError(f"{what} is {detail}.", detail)


def strict_value(value: Any) -> Any:
    """A copy of value with every non-finite float replaced by "Infinity", "-Infinity" or "NaN"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: strict_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict_value(v) for v in value]
    return value


def dumps_strict(value: Any, **kwargs: Any) -> str:
    """json.dumps that never writes NaN or Infinity (see :func:`strict_value`).

    Example:
        >>> dumps_strict({"max": float("inf")})
        '{"max": "Infinity"}'
    """
    return json.dumps(strict_value(value), allow_nan=False, **kwargs)


def dump_strict(value: Any, out: Any, **kwargs: Any) -> None:
    """Write :func:`dumps_strict` of value to the text stream ``out`` (no final newline)."""
    out.write(dumps_strict(value, **kwargs))

"""Reading files without blocking, and strict JSON in and out.

- :func:`read_regular` reads a regular file and refuses anything else (a FIFO, a device, a
  directory, a symlink when asked) before reading: it checks with ``lstat``/``stat``, opens with
  ``O_NONBLOCK`` (so even a FIFO swapped in between the check and the open cannot block), and
  checks the opened descriptor again with ``fstat``.
- :func:`loads_strict` parses JSON as RFC 8259 defines it: no NaN or Infinity, no duplicate
  keys, no numbers float64 cannot hold, no nesting deeper than a limit.
- :func:`dumps_strict` writes JSON every strict parser accepts: a float that is inf or NaN is
  written as the string "Infinity", "-Infinity" or "NaN" (the JavaScript names).
- :func:`write_atomic` writes a file through a temporary name beside it and one rename, and
  replaces only a regular file (never a FIFO, device, directory or symlink);
  :func:`hidden_stem` names such temporary files so that they fit NAME_MAX.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import secrets
import stat
from typing import Any

__all__ = ["FileReadError", "check_replaceable", "dump_strict", "dumps_strict", "hidden_stem", "loads_strict",
           "read_regular", "strict_value", "write_atomic"]

MAX_DEPTH = 64  # deeper JSON is refused (a manifest or config.json nests 5 levels)
NAME_MAX = 255  # bytes in one file name (Linux, macOS, the BSDs; Windows allows 255 characters)


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


def _kind(mode: int) -> str:
    kinds = [(stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a FIFO"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")]
    return next((text for test, text in kinds if test(mode)), "not a file")


def _require_regular(name: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise _error(name, f"is not a regular file ({_kind(mode)}); refusing to read it")


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


def hidden_stem(name: str, reserve: int) -> str:
    """``"." + name``, the start of a hidden file name beside ``name`` to which a suffix of up to
    ``reserve`` bytes is added; when that would not fit NAME_MAX (255 bytes), the start of the name,
    ``~`` and 16 hex digits of its SHA-256 (two long names that share a start still differ).

    Example:
        >>> hidden_stem("v1", 32)
        '.v1'
        >>> stem = hidden_stem("s" * 250, 32)
        >>> stem[:4], stem[-17], len(os.fsencode(stem)) + 32 <= 255
        ('.sss', '~', True)
    """
    stem = f".{name}"
    if len(os.fsencode(stem)) + reserve <= NAME_MAX:
        return stem
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    room = NAME_MAX - reserve - len(digest) - 2  # the dot and the tilde
    if room < 0:
        raise ValueError(f"reserve must leave room for a name within {NAME_MAX} bytes; got {reserve}.")
    head = name
    while len(os.fsencode(head)) > room:
        head = head[:-1]
    return f".{head}~{digest}"


def check_replaceable(path: str | os.PathLike[str]) -> None:
    """Nothing, when ``path`` is a regular file or does not exist; else ValueError naming it (a
    FIFO, a device, a directory or a symlink, even to a regular file, is never replaced).

    Example:
        >>> check_replaceable("/dev/null")
        Traceback (most recent call last):
        ...
        ValueError: '/dev/null' is not a regular file (a character device); refusing to replace it: ...
    """
    name = os.fspath(path)
    try:
        mode = os.lstat(name).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ValueError(f"{name!r} is not a regular file ({_kind(mode)}); refusing to replace it: only a regular "
                         "file is ever replaced.")


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and one rename, so a reader
    sees the old file or the new one, never a part.

    Only a regular file or nothing is replaced: :func:`check_replaceable` runs before writing and
    again just before the rename. The temporary name (``.NAME.<16 hex>.tmp``, shortened as
    :func:`hidden_stem` does) fits NAME_MAX. The file is created with mode 0666 less the
    process's umask (as ``open`` creates files), its data written with ``os.write`` and synced.

    Example:
        >>> import os, tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     write_atomic(os.path.join(folder, "out.bin"), b"abc")
        ...     read_regular(os.path.join(folder, "out.bin")), os.listdir(folder)
        (b'abc', ['out.bin'])

    Raises:
        ValueError: ``path`` is a FIFO, device, directory or symlink.
        OSError: the folder cannot be written (full, read-only, no permission).
    """
    name = os.fspath(path)
    check_replaceable(name)
    folder, base = os.path.split(name)
    stem = hidden_stem(base, 22)  # ".<16 hex>.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f"{stem}.{secrets.token_hex(8)}.tmp")
        try:
            handle = os.open(tmp, flags, 0o666)  # the kernel applies the umask (and any default ACL)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 64 random bits
        raise FileExistsError(f"{folder or os.curdir}: no free temporary name for {base}.")
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            os.fsync(handle)
        finally:
            os.close(handle)
        check_replaceable(name)  # a node put there while this was written
        os.replace(tmp, name)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:  # already gone, or the folder went read-only: the first error is the one to report
            pass
        raise

"""Safe reading and atomic writing of the golden files: .npy arrays and the JSON manifest.

Reading never unpickles (``allow_pickle=False``), checks the SHA-256 before parsing, refuses
file names that leave the folder, and names the file and the problem in every error.
Writing goes to a temporary name in the same folder and is renamed into place, so a reader
never sees a half-written file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["GoldenFileError", "canonical_json", "npy_bytes", "read_json", "read_npy", "safe_path", "sha256",
           "write_atomic"]


class GoldenFileError(ValueError):
    """A golden file that is missing, malformed, or does not match its manifest entry."""


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def npy_bytes(array: np.ndarray) -> bytes:
    """The .npy encoding of a (non-object) array: format 1.0, C order, deterministic bytes.

    Example:
        >>> import numpy as np
        >>> npy_bytes(np.zeros(2, np.float32))[:6]
        b'\\x93NUMPY'
    """
    if array.dtype.hasobject:
        raise GoldenFileError(f"refusing to write an object array (dtype {array.dtype}).")
    buffer = io.BytesIO()
    data = np.array(array, order="C", copy=True)  # (ascontiguousarray would turn a 0-d array into 1-d)
    np.lib.format.write_array(buffer, data, version=(1, 0), allow_pickle=False)
    return buffer.getvalue()


def canonical_json(data: Any) -> bytes:
    """Sorted keys, two-space indent, final newline, UTF-8: the same bytes for the same data."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n").encode()


def safe_path(root: Path, name: object, what: str) -> Path:
    """root / name, refusing names that are not plain relative paths inside root."""
    if not isinstance(name, str) or not name:
        raise GoldenFileError(f"{what}: file name must be a non-empty string; got {name!r}.")
    pure = Path(name)
    if pure.is_absolute() or name.startswith(("/", "\\")) or ":" in name or ".." in pure.parts or "\\" in name:
        raise GoldenFileError(f"{what}: file name {name!r} escapes the golden folder; only relative names "
                              "inside it are allowed.")
    path = (root / pure).resolve()
    if root.resolve() not in path.parents:
        raise GoldenFileError(f"{what}: file name {name!r} escapes the golden folder {str(root)!r}.")
    return path


def read_json(path: Path) -> Any:
    """A JSON document, with the file named in any error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldenFileError(f"{path}: file not found.") from None
    except UnicodeDecodeError as err:
        raise GoldenFileError(f"{path}: not UTF-8 text ({err}).") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise GoldenFileError(f"{path}: not valid JSON ({err}).") from None


def read_npy(path: Path, *, expected_sha256: str, dtype: str, shape: list[int] | tuple[int, ...]) -> np.ndarray:
    """An array from a .npy file, after checking its hash, then its dtype and shape."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GoldenFileError(f"{path}: file not found.") from None
    digest = sha256(data)
    if digest != expected_sha256:
        raise GoldenFileError(f"{path}: SHA-256 mismatch: the manifest says {expected_sha256}, the file has "
                              f"{digest}.")
    try:
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except ValueError as err:  # object arrays, truncated data, bad headers
        raise GoldenFileError(f"{path}: not a valid .npy array ({err}).") from None
    except Exception as err:  # np.load raises several exception types on corrupt input
        raise GoldenFileError(f"{path}: not a valid .npy array ({type(err).__name__}: {err}).") from None
    if not isinstance(array, np.ndarray):
        raise GoldenFileError(f"{path}: expected one .npy array; got {type(array).__name__}.")
    if array.dtype.hasobject or array.dtype.str.lstrip("<>|=") != np.dtype(dtype).str.lstrip("<>|=") \
            or array.dtype != np.dtype(dtype):
        raise GoldenFileError(f"{path}: dtype {array.dtype} does not match the manifest's {dtype}.")
    if list(array.shape) != list(shape):
        raise GoldenFileError(f"{path}: shape {list(array.shape)} does not match the manifest's {list(shape)}.")
    return array


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

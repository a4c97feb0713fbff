"""Safe reading and atomic writing of the golden files: .npy arrays and the JSON manifest.

Reading never unpickles (``allow_pickle=False``), reads only regular files (a FIFO, device,
directory or symlink is refused before it is opened, and opened with O_NONBLOCK), checks the
SHA-256 before parsing, refuses file names that leave the folder, and names the file and the
problem in every error. Writing goes to a temporary name in the same folder and is renamed
into place, so a reader never sees a half-written file, and replaces only a regular file;
replacing a whole folder is in :mod:`rope_ref.golden._swap`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref import _io
from rope_ref._io import FileReadError, dumps_strict, loads_strict, read_regular

__all__ = ["CASE_ID", "GoldenFileError", "canonical_json", "check_descriptor", "npy_bytes", "parse_json", "read_bytes",
           "read_json", "read_npy", "safe_path", "sha256", "write_atomic"]

CASE_ID = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
"""What a case id is (golden/schema.json's pattern for ``id``): lowercase letters and digits in words
joined by single underscores, so an id is always one plain folder name."""

DTYPES = ("float32", "float64", "int64")  # the dtypes a golden array may have
_MAX_MANIFEST = 1 << 26  # 64 MiB: far above any real manifest, far below a memory problem
_MAX_ARRAY = 1 << 30


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
    """Sorted keys, two-space indent, final newline, UTF-8, strict: the same bytes for the same data."""
    return (dumps_strict(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def safe_path(root: Path, name: object, what: str) -> Path:
    """root / name, refusing names that are not plain relative paths inside root.

    Every folder between root and the file must be a real folder (not a symlink), so the file
    is where its name says; the file itself is checked when it is read.
    """
    if not isinstance(name, str) or not name:
        raise GoldenFileError(f"{what}: file name must be a non-empty string; got {name!r:.80}.")
    if "\x00" in name or len(name) > 1024:
        raise GoldenFileError(f"{what}: file name {name[:80]!r} is not a usable file name (a NUL byte, or over "
                              "1024 characters).")
    pure = Path(name)
    if pure.is_absolute() or name.startswith(("/", "\\")) or ":" in name or ".." in pure.parts or "\\" in name:
        raise GoldenFileError(f"{what}: file name {name!r} escapes the golden folder; only relative names "
                              "inside it are allowed.")
    folder = root
    for part in pure.parts[:-1]:
        folder = folder / part
        try:
            mode = os.lstat(folder).st_mode
        except FileNotFoundError:
            break  # reading then finds no file; writing creates the folder
        except OSError as err:
            raise GoldenFileError(f"{what}: {folder}: {err.strerror or type(err).__name__}.") from None
        if not stat.S_ISDIR(mode):
            raise GoldenFileError(f"{what}: {folder} is not a real folder (a symlink or a file); refusing it.")
    return root / pure


def _read(path: Path, limit: int) -> bytes:
    """A regular file's bytes (no symlink, FIFO or device), errors as GoldenFileError naming it."""
    try:
        return read_regular(path, follow_symlinks=False, limit=limit)
    except FileReadError as err:
        raise GoldenFileError(f"{path}: {err.detail}.") from None


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most 64 MiB (manifest.json, model.json): never a
    symlink, FIFO or device, never a blocking open; GoldenFileError naming the file otherwise."""
    return _read(path, _MAX_MANIFEST)


def parse_json(data: bytes, path: Path) -> Any:
    """A strict JSON document from bytes read from ``path``, with the file named in any error."""
    try:
        return loads_strict(data, str(path))
    except FileReadError as err:
        raise GoldenFileError(f"{path}: {err.detail}.") from None


def read_json(path: Path) -> Any:
    """A strict JSON document from a regular file, with the file named in any error."""
    return parse_json(read_bytes(path), path)


def check_descriptor(desc: Any, what: str) -> tuple[str, str, list[int], str]:
    """A manifest file entry's (file, dtype, shape, sha256), each checked for its form."""
    if not isinstance(desc, dict) or not {"file", "dtype", "shape", "sha256"} <= set(desc):
        raise GoldenFileError(f"{what}: the file entry needs file, dtype, shape and sha256; got {desc!r:.120}.")
    file, dtype, shape, digest = desc["file"], desc["dtype"], desc["shape"], desc["sha256"]
    if not isinstance(dtype, str) or dtype not in DTYPES:
        raise GoldenFileError(f"{what}: dtype must be one of {', '.join(DTYPES)}; got {dtype!r:.80}.")
    if not isinstance(shape, list) or len(shape) > 32 or not all(
            isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**40 for n in shape):
        raise GoldenFileError(f"{what}: shape must be a list of at most 32 integers in [0, 2**40); got "
                              f"{shape!r:.80}.")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise GoldenFileError(f"{what}: sha256 must be 64 lowercase hex digits; got {digest!r:.80}.")
    return file, dtype, shape, digest


def read_npy(path: Path, *, expected_sha256: str, dtype: str, shape: list[int] | tuple[int, ...]) -> np.ndarray:
    """An array from a .npy file, after checking its hash, then its header's dtype and shape."""
    data = _read(path, _MAX_ARRAY)
    digest = sha256(data)
    if digest != expected_sha256:
        raise GoldenFileError(f"{path}: SHA-256 mismatch: the manifest says {expected_sha256}, the file has "
                              f"{digest}.")
    try:
        want = np.dtype(dtype)
    except TypeError:
        raise GoldenFileError(f"{path}: the manifest's dtype {dtype!r:.80} is not a NumPy dtype.") from None
    stream = io.BytesIO(data)
    try:  # the header first: nothing is allocated for an array the file cannot hold
        version = np.lib.format.read_magic(stream)
        if version != (1, 0):
            raise ValueError(f"format version {version}, not 1.0")
        header_shape, fortran, header_dtype = np.lib.format.read_array_header_1_0(stream)
    except Exception as err:  # numpy raises several exception types on a corrupt header
        raise GoldenFileError(f"{path}: not a valid .npy array ({type(err).__name__}: {err}).") from None
    if header_dtype.hasobject:
        raise GoldenFileError(f"{path}: not a valid .npy array (dtype {header_dtype} holds Python objects, which "
                              "only allow_pickle=True could load; golden files are never unpickled).")
    if header_dtype != want:
        raise GoldenFileError(f"{path}: dtype {header_dtype} does not match the manifest's {dtype}.")
    if list(header_shape) != list(shape):
        raise GoldenFileError(f"{path}: shape {list(header_shape)} does not match the manifest's {list(shape)}.")
    if fortran or len(data) - stream.tell() != int(np.prod(shape, dtype=object)) * want.itemsize:
        raise GoldenFileError(f"{path}: the array data does not fill the declared shape {list(shape)} in C order.")
    try:
        array = np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as err:  # np.load raises several exception types on corrupt input
        raise GoldenFileError(f"{path}: not a valid .npy array ({type(err).__name__}: {err}).") from None
    if not isinstance(array, np.ndarray) or array.dtype != want or list(array.shape) != list(shape):
        raise GoldenFileError(f"{path}: expected one {dtype} array of shape {list(shape)}.")
    return array


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to path via a temporary file in the same folder and an atomic rename
    (:func:`rope_ref._io.write_atomic`), creating the folder first.

    Only a regular file or nothing is replaced (a FIFO, device, directory or symlink at ``path``
    is a ValueError naming it). The temporary file is created with mode 0666 less the process's
    umask (as ``open`` would create it: 0644 under umask 022), not tempfile's 0600, so the file
    renamed into place has the permissions any other new file would.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _io.write_atomic(path, data)

"""``rope-ref golden export --npz FILE``: the whole golden set as one ``.npz`` file.

Each array of each case is stored under ``<case id>/<name>`` (its name in the manifest, e.g.
``half_basic_d8/x``), the manifest itself, as UTF-8 bytes, under ``manifest.json`` (a uint8
array), and for a model's set :data:`~rope_ref.golden.model_set.MODEL_FILE` the same way under
``model.json``: any NumPy reader (``np.load(path, allow_pickle=False)``) or zip + .npy reader
gets all of it.

The set is read as one snapshot: under the lock ``generate`` holds (shared with other readers),
from the manifest read once, every file hash-checked against it. Only regular files are read
(a FIFO, device or symlink is refused, never opened for a blocking read), case ids and array
names must be plain names (golden/schema.json's pattern), and ``out`` is replaced only when it
is a regular file.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref._io import check_replaceable
from rope_ref.golden import _swap
from rope_ref.golden._files import CASE_ID, GoldenFileError, npy_bytes, parse_json, read_bytes, write_atomic

_ARRAY_NAME = re.compile(r"[a-z0-9_]+")  # the name part of golden/schema.json's file pattern


def export_npz(out: str | os.PathLike[str], root: str | os.PathLike[str] | None = None, *,
               force: bool = False) -> int:
    """Write the golden set at ``root`` (default: :func:`rope_ref.golden.default_root`) to ``out``.

    Example:
        >>> import os, tempfile, numpy as np
        >>> path = os.path.join(tempfile.mkdtemp(), "golden.npz")
        >>> count = export_npz(path)
        >>> with np.load(path, allow_pickle=False) as data:
        ...     data["half_basic_d8/x"].shape, count > 40
        ((1, 2, 8, 8), True)

    Returns:
        The number of cases written.

    Raises:
        FileExistsError: ``out`` exists and force is not given.
        ValueError: ``out`` is a FIFO, device, directory or symlink (only a regular file is
            replaced, with force).
        GoldenFileError: a file of the set is missing, not a regular file, malformed or fails its
            hash, or a case id or array name is not a plain name (``../../evil``).
        TimeoutError: a generate of the set held its lock for more than 600 s.
        OSError: ``out`` cannot be written.
    """
    from rope_ref import golden
    from rope_ref.golden._load import _check_manifest, _load_entry
    from rope_ref.golden.model_set import MODEL_FILE

    base = Path(root) if root is not None else golden.default_root()
    target = Path(out)
    if os.path.lexists(target):
        if not force:
            raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it.")
        check_replaceable(target)  # before the work; write_atomic checks again before its rename
    buffer = io.BytesIO()
    with _swap.locked(Path(os.path.realpath(base)), shared=True, optional=True):
        path = base / "manifest.json"
        manifest_bytes = read_bytes(path)
        entries = _check_manifest(parse_json(manifest_bytes, path), path)
        _check_names(entries, path)
        model = base / MODEL_FILE
        model_bytes = read_bytes(model) if os.path.lexists(model) else None
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json.npy", npy_bytes(np.frombuffer(manifest_bytes, dtype=np.uint8)))
            if model_bytes is not None:
                archive.writestr("model.json.npy", npy_bytes(np.frombuffer(model_bytes, dtype=np.uint8)))
            for entry in entries:
                case = _load_entry(base, entry)  # every file checked against this manifest's hash
                for name, array in {**case.inputs, **case.outputs}.items():
                    archive.writestr(f"{case.id}/{name}.npy", npy_bytes(array))
    write_atomic(target, buffer.getvalue())
    return len(entries)


def _check_names(entries: list[Any], path: Path) -> None:
    """Refuse what would not be one plain zip member ``<case id>/<name>.npy``: an id like
    ``../../evil`` or ``a/b``, a repeated id, an array name that is not a plain name."""
    seen: set[str] = set()
    for entry in entries:
        case_id = entry["id"]
        if not isinstance(case_id, str) or len(case_id) > 200 or not CASE_ID.fullmatch(case_id):
            raise GoldenFileError(f"{path}: case id {case_id!r:.80} is not a golden case id (lowercase letters and "
                                  "digits joined by single underscores, at most 200 characters); refusing to "
                                  "export it.")
        if case_id in seen:
            raise GoldenFileError(f"{path}: case id {case_id!r} appears twice; refusing to export it.")
        seen.add(case_id)
        files = entry["files"]
        for name in files if isinstance(files, dict) else ():
            if not _ARRAY_NAME.fullmatch(name) or len(name) > 200:
                raise GoldenFileError(f"{path}: case {case_id!r}: array name {name!r:.80} is not a plain name "
                                      "(lowercase letters, digits and underscores); refusing to export it.")

"""``rope-ref golden export --npz FILE``: the whole golden set as one ``.npz`` file.

Each array of each case is stored under ``<case id>/<name>`` (its name in the manifest, e.g.
``half_basic_d8/x``), and the manifest itself, as UTF-8 bytes, under ``manifest.json`` (a uint8
array): any NumPy reader (``np.load(path, allow_pickle=False)``) or zip + .npy reader gets all of
it. Every file is hash-checked while it is read.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import numpy as np

from rope_ref.golden._files import npy_bytes, read_json, write_atomic


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
        GoldenFileError: a file of the set is missing, malformed or fails its hash.
    """
    from rope_ref import golden

    base = Path(root) if root is not None else golden.default_root()
    target = Path(out)
    if os.path.lexists(target) and not force:
        raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it.")
    manifest_bytes = (base / "manifest.json").read_bytes()
    entries = read_json(base / "manifest.json")["cases"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json.npy", npy_bytes(np.frombuffer(manifest_bytes, dtype=np.uint8)))
        for entry in entries:
            case = golden.load(entry["id"], base)
            for name, array in {**case.inputs, **case.outputs}.items():
                archive.writestr(f"{case.id}/{name}.npy", npy_bytes(array))
    write_atomic(target, buffer.getvalue())
    return len(entries)

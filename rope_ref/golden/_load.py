"""Reading the golden folder: where it is, the catalogue's cases, and one case's arrays, hash-checked.

Re-exported by :mod:`rope_ref.golden`, where these are documented API.

Example:
    >>> from rope_ref.golden import load
    >>> case = load("half_basic_d8")
    >>> case.params["head_dim"], case.inputs["x"].dtype.name, sorted(case.outputs)
    (8, 'float32', ['expected'])
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref._policy import Tolerance, angle_dtype_for, angle_dtypes_for, verdict
from rope_ref.golden._files import (
    GoldenFileError,
    check_descriptor,
    read_bytes,
    read_json,
    read_npy,
    safe_path,
    sha256,
)
from rope_ref.golden.catalogue import CASES, CaseSpec

__all__ = ["CORRECTLY_ROUNDED", "CURRENT", "FORMAT", "FORMAT_VERSION", "PACKAGED", "READABLE_VERSIONS",
           "ROUNDING_POLICY", "GoldenCase", "case", "cases", "correctly_rounded", "default_root", "load"]

FORMAT = "rope-ref-golden"
"""The manifest's ``format`` field."""
FORMAT_VERSION = 2
"""The manifest format version :func:`generate` writes. golden/v2 added two optional fields to format 2
(a case's ``reference.rounding``, the ``policy.rounding`` sentence), which golden/v1's manifest may
leave out: both sets are format 2 and satisfy the same golden/schema.json."""
READABLE_VERSIONS = (1, 2)
"""Manifest format versions :func:`load` reads (format 1: one tolerance object per dtype, float32-rounded
angles assumed at every dtype; read into format 2's list form)."""
CURRENT = "v2"
"""The folder name of the current golden set: golden/v2 of the repository, data/v2 in the package.
golden/v1 stays in the repository, loadable and verifiable (golden/CHANGELOG.md says how it differs)."""
CORRECTLY_ROUNDED = "correctly rounded"
"""A case's ``reference.rounding`` when its expected arrays are correctly rounded (every set from v2 on)."""
ROUNDING_POLICY = ("Every expected float64 value is correctly rounded: the float64 nearest the exact real value "
                   "of the case's output (the RoPE, its cos/sin tables or its scores) of the stored inputs and "
                   "parameters, ties to even, so any correct oracle (MPFR, mpmath) reproduces it bit for bit. "
                   "Cases whose reference.rounding is \"correctly rounded\" are made so.")
"""The manifest's ``policy.rounding``: what the expected arrays of a correctly rounded set are."""
_SCHEMA = "golden/schema.json"
_CASE_FIELDS = ("id", "comment", "kind", "flags", "result", "params", "reference", "files", "inputs", "outputs",
                "tolerances")


PACKAGED = Path(__file__).resolve().parent / "data" / CURRENT
"""Where the build installs a copy of the repository's current set, golden/v2 (with golden/schema.json
and golden/CHANGELOG.md beside it, setup.py); :func:`default_root` falls back to it outside a checkout."""


def default_root() -> Path:
    """The golden folder: $ROPE_REF_GOLDEN if set, else golden/v2 (:data:`CURRENT`) under the current
    directory when it exists (a checkout), else the copy installed with the package (or, for an
    editable install, the golden/v2 of the checkout it runs from).

    The installed copy is checked on first use: its manifest must be the one the build recorded
    (``manifest.sha256`` beside it), and every file ``load`` or ``verify`` reads is checked against
    the manifest's SHA-256.

    Raises:
        GoldenFileError: the installed copy's manifest is not the one the build recorded.
    """
    if "ROPE_REF_GOLDEN" in os.environ:
        return Path(os.environ["ROPE_REF_GOLDEN"])
    here = Path("golden", CURRENT)
    if here.is_dir():
        return here
    if (PACKAGED / "manifest.json").is_file():
        _check_packaged(PACKAGED)
        return PACKAGED
    source = Path(__file__).resolve().parents[2] / "golden" / CURRENT  # an editable install of a checkout
    return source if (source / "manifest.json").is_file() else here


def _check_packaged(root: Path) -> None:
    recorded = read_bytes(root / "manifest.sha256").decode("ascii", errors="replace").split()[:1]
    if [sha256(read_bytes(root / "manifest.json"))] != recorded:
        raise GoldenFileError(f"{root / 'manifest.json'}: the installed golden manifest differs from the one the "
                              "build recorded (manifest.sha256); reinstall rope-ref.")


def correctly_rounded(document: Any) -> bool:
    """Whether a manifest, or one case entry of it, says its expected arrays are correctly rounded:
    the manifest by its ``policy.rounding`` sentence, a case by ``reference.rounding``. golden/v1,
    made before rope-ref's exact mode rounded correctly, says neither.

    Example:
        >>> correctly_rounded({"reference": {"precision": "exact", "rounding": "correctly rounded"}})
        True
        >>> correctly_rounded({"reference": {"precision": "exact", "version": "0.1.0"}})   # golden/v1's
        False
    """
    if not isinstance(document, dict):
        return False
    if "cases" in document:
        policy = document.get("policy")
        return isinstance(policy, dict) and isinstance(policy.get("rounding"), str) and bool(policy["rounding"])
    reference = document.get("reference")
    return isinstance(reference, dict) and reference.get("rounding") == CORRECTLY_ROUNDED


def cases() -> tuple[CaseSpec, ...]:
    """Every case of the catalogue, in manifest order (no files are read).

    Each is a copy: changing its ``params`` changes nothing in the catalogue.
    """
    return tuple(copy.deepcopy(spec) for spec in CASES)


def case(case_id: str) -> CaseSpec:
    """One case of the catalogue by id (ValueError naming the id if there is none); a copy."""
    for spec in CASES:
        if spec.id == case_id:
            return copy.deepcopy(spec)
    raise ValueError(f"case_id must be the id of a golden case (see `rope-ref golden list`); got {case_id!r}.")


@dataclass(frozen=True)
class GoldenCase:
    """A loaded case: its manifest entry and its arrays (hash-checked)."""

    id: str
    entry: dict[str, Any]
    inputs: dict[str, np.ndarray]
    outputs: dict[str, np.ndarray]

    @property
    def params(self) -> dict[str, Any]:
        return self.entry["params"]

    @property
    def correctly_rounded(self) -> bool:
        """Whether the case's expected arrays are correctly rounded (``reference.rounding``; every case
        of golden/v2, none of golden/v1).

        Example:
            >>> from rope_ref import golden
            >>> golden.load("half_basic_d8").correctly_rounded
            True
        """
        return correctly_rounded(self.entry)

    @property
    def tolerances(self) -> list[dict[str, Any]]:
        """The manifest's tolerance entries (format 1 manifests are read into the same form)."""
        return self.entry["tolerances"]

    def tolerance(self, dtype: str, angle_dtype: str | None = None) -> dict[str, Any]:
        """The entry for ``dtype`` at the declared angle precision (when None, the loosest the
        policy accepts by default: float32 angles for a float32, bfloat16 or float16 output).

        Example:
            >>> from rope_ref import golden
            >>> t = golden.load("half_d64_near_2p31").tolerance("float32", "float64")
            >>> t["angle_dtype"], t["checkable"]
            ('float64', True)
        """
        angle = angle_dtype_for(dtype, angle_dtype)
        for entry in self.tolerances:
            if entry["dtype"] == dtype and entry["angle_dtype"] == angle:
                return entry
        raise ValueError(f"case {self.id!r} has no tolerance for dtype {dtype!r} with {angle} angles.")

    def judge(self, max_abs_error: float, dtype: str, angle_dtype: str | None = None) -> tuple[str, dict[str, Any]]:
        """(status, entry): the verdict on an output whose largest error is ``max_abs_error``, with the
        manifest's entries for ``dtype`` at the declared angle precision, or at every default one
        (float64, then float32 angles for a float32, bfloat16 or float16 output) when None: "pass"
        (the entry is the one that accepted it), "fail" or "not_checkable" (the entry is the
        loosest one tried). The same rule :func:`rope_ref.check` applies.

        Example:
            >>> from rope_ref import golden
            >>> case = golden.load("half_d128_sparse_2p20")
            >>> status, entry = case.judge(0.1, "float32")        # float32 angles are off by this much there
            >>> status, entry["angle_dtype"]
            ('pass', 'float32')
            >>> case.judge(0.1, "float32", "float64")[0]
            'fail'
        """
        entries = [self.tolerance(dtype, a) for a in angle_dtypes_for(dtype, angle_dtype)]
        tols = [Tolerance(e["dtype"], e["angle_dtype"], e["atol"], e["checkable"]) for e in entries]
        status, accepted = verdict(max_abs_error, tols)
        if accepted is not None:
            return status, next(e for e in entries if e["angle_dtype"] == accepted.angle_dtype)
        return status, entries[-1]


def _check_manifest(data: Any, path: Path, entries_too: bool = True) -> list[Any]:
    if not isinstance(data, dict):
        raise GoldenFileError(f"{path}: the manifest must be a JSON object; got {type(data).__name__}.")
    for key in ("format", "format_version", "case_count", "cases"):
        if key not in data:
            raise GoldenFileError(f"{path}: the manifest misses the field {key!r}.")
    if data["format"] != FORMAT or data["format_version"] not in READABLE_VERSIONS:
        raise GoldenFileError(f"{path}: format {data['format']!r} version {data['format_version']!r} is not "
                              f"{FORMAT!r} version {' or '.join(map(str, READABLE_VERSIONS))}.")
    entries = data["cases"]
    if not isinstance(entries, list) or len(entries) != data["case_count"]:
        raise GoldenFileError(f"{path}: 'cases' must be a list of case_count = {data['case_count']!r:.40} entries.")
    if not entries_too:
        return entries
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise GoldenFileError(f"{path}: cases[{i}] must be an object.")
        for key in _CASE_FIELDS:
            if key not in entry:
                raise GoldenFileError(f"{path}: case {entry.get('id', i)!r} misses the field {key!r}.")
        if data["format_version"] == 1 and isinstance(entry["tolerances"], dict):
            entry["tolerances"] = _v1_tolerances(entry["tolerances"])
    return entries


def _v1_tolerances(old: dict[str, Any]) -> list[dict[str, Any]]:
    """Format 1's {dtype: {atol, rtol}} as format 2 entries: those tolerances assumed angles in the
    target dtype itself, and were not judged for checkability (so none is marked checkable)."""
    return [{"dtype": dtype, "angle_dtype": dtype, "default": True, "checkable": False, "atol": t.get("atol"),
             "rtol": t.get("rtol", 0.0), "reason": "format 1 tolerance, not judged for checkability"}
            for dtype, t in old.items() if isinstance(t, dict)]


def _read_manifest(root: Path) -> list[dict[str, Any]]:
    path = root / "manifest.json"
    return _check_manifest(read_json(path), path)


def _load_entry(root: Path, entry: dict[str, Any]) -> GoldenCase:
    where = f"{root / 'manifest.json'}: case {entry.get('id')!r:.80}"
    files, names = entry.get("files"), {}
    if not isinstance(files, dict):
        raise GoldenFileError(f"{where}: 'files' must be an object of file entries; got {files!r:.80}.")
    for role in ("inputs", "outputs"):
        listed = entry.get(role)
        if not isinstance(listed, list) or not all(isinstance(n, str) and n in files for n in listed):
            raise GoldenFileError(f"{where}: {role!r} must list names of 'files'; got {listed!r:.80}.")
        names[role] = listed
    arrays: dict[str, np.ndarray] = {}
    for name, desc in files.items():
        what = f"case {entry.get('id')!r:.80}, array {name!r:.80}"
        file, dtype, shape, digest = check_descriptor(desc, what)
        path = safe_path(root, file, what)
        arrays[name] = read_npy(path, expected_sha256=digest, dtype=dtype, shape=shape)
    return GoldenCase(entry["id"], entry, {k: arrays[k] for k in names["inputs"]},
                      {k: arrays[k] for k in names["outputs"]})


def load(case_id: str, root: str | os.PathLike[str] | None = None) -> GoldenCase:
    """One case from the golden folder: parameters, tolerances, inputs and expected outputs.

    Every file's SHA-256 is checked against the manifest before it is parsed; nothing is
    unpickled.
    """
    base = Path(root) if root is not None else default_root()
    for entry in _read_manifest(base):
        if entry["id"] == case_id and isinstance(case_id, str):
            return _load_entry(base, entry)
    raise ValueError(f"case_id must be a case of {base / 'manifest.json'}; got {case_id!r}.")

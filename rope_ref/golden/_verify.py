"""Verifying a golden folder: the schema, every hash, then every case recomputed to the byte.

Re-exported by :mod:`rope_ref.golden`, where :func:`verify` and :class:`VerifyReport` are documented API.

Example:
    >>> from rope_ref.golden import VerifyReport
    >>> VerifyReport("golden/v1", 0, {}).passed
    True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rope_ref.golden import _schema, _swap
from rope_ref.golden._build import _build_case, manifest
from rope_ref.golden._files import GoldenFileError, read_json
from rope_ref.golden._load import _CASE_FIELDS, _check_manifest, _load_entry, default_root
from rope_ref.golden.catalogue import CASES, CaseSpec, build_rope

__all__ = ["MANIFEST_KEY", "VerifyReport", "verify"]


MANIFEST_KEY = "(manifest)"
"""The report key of problems of the manifest as a whole (its schema, its notes, missing cases)."""


@dataclass
class VerifyReport:
    """What ``verify`` found: a list of problems per case (empty when everything matches).

    Problems of the manifest as a whole are under :data:`MANIFEST_KEY`, apart from the cases':
    ``verified`` counts the manifest's entries with no problem.

    Example:
        >>> report = VerifyReport("set", 3, {"(manifest)": ["schema: ..."]})
        >>> report.passed, report.verified, report.summary()
        (False, 3, 'manifest: 1 problem; 3 of 3 cases verified.')
    """

    root: str
    checked: int
    problems: dict[str, list[str]]

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def manifest_problems(self) -> list[str]:
        """The problems of the manifest as a whole (not of one case)."""
        return list(self.problems.get(MANIFEST_KEY, []))

    @property
    def failed(self) -> int:
        """How many of the manifest's entries have a problem."""
        return sum(1 for key in self.problems if key != MANIFEST_KEY)

    @property
    def verified(self) -> int:
        """How many of the manifest's entries were verified without a problem."""
        return self.checked - self.failed

    def summary(self) -> str:
        """One line: the manifest's problems apart from the cases' ("manifest: 1 problem; 3 of 3 cases verified.")."""
        parts = []
        if self.manifest_problems:
            count = len(self.manifest_problems)
            parts.append(f"manifest: {count} problem{'s' if count != 1 else ''}")
        cases = f"{self.verified} of {self.checked} cases verified"
        parts.append(cases + (f", {self.failed} failed" if self.failed else ""))
        return "; ".join(parts) + "."

    def as_dict(self) -> dict[str, Any]:
        return {"root": self.root, "checked": self.checked, "passed": self.passed, "verified": self.verified,
                "failed": self.failed, "manifest_problems": len(self.manifest_problems), "problems": self.problems}


def verify(root: str | os.PathLike[str] | None = None,
           progress: Callable[[int, int, str], None] | None = None) -> VerifyReport:
    """Check the manifest against golden/schema.json (the copy installed with the package), every
    hash, then recompute every case and compare the bytes of every file. A model's set (a folder
    with model.json, see :mod:`rope_ref.golden.model_set`) is recomputed from the config it holds.

    Every problem becomes a failed entry of the report: under the case id, under ``cases[i]``
    for an entry without a usable id, under ``(manifest)`` for the document as a whole. Only
    files that are regular files are read (a FIFO, device or symlink is a failure, never a hang).

    The set is read as one snapshot: under the lock ``generate`` holds (shared with other
    readers), so a generate --force cannot swap the set, or pair its manifest with another
    model.json, while it is read.

    Raises:
        GoldenFileError: only when the manifest itself cannot be read or is not a manifest.
        TimeoutError: a generate of the set held its lock for more than 600 s.
    """
    base = Path(root) if root is not None else default_root()
    with _swap.locked(Path(os.path.realpath(base)), shared=True, optional=True):
        return _verify(base, progress)


def _verify(base: Path, progress: Callable[[int, int, str], None] | None) -> VerifyReport:
    path = base / "manifest.json"
    data = read_json(path)
    entries = _check_manifest(data, path, entries_too=False)  # format, version, case count
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    keys = _entry_keys(entries, add)
    for place, message in _schema_problems(data, base):
        index = place[1] if len(place) > 1 and place[0] == "cases" and isinstance(place[1], int) else None
        key = keys[index] if index is not None and index < len(keys) else MANIFEST_KEY
        add(key, f"schema: {_schema_place(place)}: {message}")
    from rope_ref.golden import model_set  # a model set (model.json) is recomputed from its own config
    model_specs = model_set.cases_of(base)
    notes = None if model_specs is None else model_set.NOTES
    for field, value in manifest([], notes).items():  # the document's own fields (notes, unit roundoffs, ...)
        if field not in ("cases", "case_count", "generator") and data.get(field) != value:
            add(MANIFEST_KEY, f"manifest field {field!r} differs from this rope-ref's")
    specs = {s.id: s for s in (CASES if model_specs is None else model_specs)}
    known = set(specs)
    for i, entry in enumerate(entries):
        try:
            for problem in _verify_entry(base, entry, specs):
                add(keys[i], problem)
        except Exception as err:  # a malformed entry must fail its own check, never the whole run
            add(keys[i], f"could not be checked ({type(err).__name__}: {err})")
        if progress:
            progress(i + 1, len(entries), keys[i])
    listed = {entry.get("id") for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
    missing = sorted(known - listed)
    if missing:
        add(MANIFEST_KEY, f"cases of the catalogue missing from the manifest: {', '.join(missing)}")
    return VerifyReport(str(base), len(entries), problems)


def _entry_keys(entries: list[dict[str, Any]], add: Callable[[str, str], None]) -> list[str]:
    """The report key of each entry: its id, or cases[i] when the id is not a string or repeats."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        case_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(entry, dict):
            keys.append(f"cases[{i}]")
            add(keys[-1], f"must be an object; got {type(entry).__name__}")
        elif not isinstance(case_id, str) or not case_id or len(case_id) > 200:
            keys.append(f"cases[{i}]")
            add(keys[-1], f"id must be a non-empty string of at most 200 characters; got {case_id!r:.80}")
        elif case_id in seen:
            keys.append(f"cases[{i}]")
            add(keys[-1], f"id {case_id!r} repeats the id of cases[{seen[case_id]}]")
        else:
            seen[case_id] = i
            keys.append(case_id)
    return keys


def _schema_problems(data: Any, base: Path) -> list[tuple[list[Any], str]]:
    """(place, message) for every rule of golden/schema.json the manifest breaks."""
    schema_path = _schema.find_schema(base)
    if schema_path is None:
        return [([], "golden/schema.json not found, so the manifest could not be checked against it")]
    try:
        schema = read_json(schema_path)
        return _schema.validate_paths(data, schema)
    except (GoldenFileError, _schema.SchemaError) as err:
        return [([], f"{schema_path}: {err}")]


def _schema_place(place: list[Any]) -> str:
    return _schema.place(place)


_COMPARED = ("comment", "kind", "params", "result", "flags", "inputs", "outputs", "tolerances")


def _verify_entry(base: Path, entry: Any, specs: dict[str, CaseSpec]) -> list[str]:
    """The problems of one manifest entry (hashes, dtypes, shapes, then recomputation)."""
    if not isinstance(entry, dict):
        return []  # reported with its key
    absent = [key for key in _CASE_FIELDS if key not in entry]
    if absent:
        return [f"misses the field{'s' if len(absent) > 1 else ''} {', '.join(repr(k) for k in absent)}"]
    found: list[str] = []
    case_id = entry["id"]
    try:
        _load_entry(base, entry)  # hashes, dtypes, shapes
    except GoldenFileError as err:
        found.append(str(err))
    if not isinstance(case_id, str) or case_id not in specs:
        found.append("not in this rope-ref's catalogue (a newer golden set?)")
        return found
    if entry["result"] == "invalid":
        try:
            build_rope(entry["params"])
            found.append("rope-ref accepted parameters the case marks invalid")
        except (TypeError, ValueError):
            pass
    if found:
        return found
    fresh, _ = _build_case(specs[case_id])
    for key in _COMPARED:
        if fresh[key] != entry[key]:
            found.append(f"manifest field {key!r} differs from the catalogue's")
    reference = entry["reference"]
    if not isinstance(reference, dict) or {k: v for k, v in reference.items() if k != "version"} != {
            k: v for k, v in fresh["reference"].items() if k != "version"}:
        found.append("manifest field 'reference' differs from the catalogue's")
    for name, desc in fresh["files"].items():
        old = entry["files"].get(name)
        if not isinstance(old, dict) or old.get("sha256") != desc["sha256"] or old.get("file") != desc["file"]:
            found.append(f"{desc['file']}: recomputed bytes differ from the committed file")
    for name in set(entry["files"]) - set(fresh["files"]):
        found.append(f"file entry {name!r:.80} is not one the catalogue makes")
    return found

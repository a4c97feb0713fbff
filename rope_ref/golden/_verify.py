"""Verifying a golden folder: the schema, every hash, then every case recomputed to the byte.

A set whose cases say their arrays are correctly rounded (golden/v2 on) must recompute to the byte.
An older set (golden/v1, made before rope-ref's exact mode rounded correctly) may differ from the
recomputation exactly as golden/CHANGELOG.md records for it, and in no other way: each differing
array is reported with how many elements differ and by how many ulps at most.

Re-exported by :mod:`rope_ref.golden`, where :func:`verify` and :class:`VerifyReport` are documented API.

Example:
    >>> from rope_ref.golden import VerifyReport
    >>> VerifyReport("golden/v2", 0, {}).passed
    True
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref.golden import _changelog, _schema, _swap
from rope_ref.golden._build import _build_case, manifest
from rope_ref.golden._files import GoldenFileError, parse_json, read_bytes, read_json, sha256
from rope_ref.golden._load import _CASE_FIELDS, _check_manifest, _load_entry, correctly_rounded, default_root
from rope_ref.golden.catalogue import CASES, CaseSpec, build_rope

__all__ = ["MANIFEST_KEY", "VerifyReport", "verify"]


MANIFEST_KEY = "(manifest)"
"""The report key of problems of the manifest as a whole (its schema, its notes, missing cases)."""


@dataclass
class VerifyReport:
    """What ``verify`` found: a list of problems per case (empty when everything matches).

    Problems of the manifest as a whole are under :data:`MANIFEST_KEY`, apart from the cases':
    ``verified`` counts the manifest's entries with no problem. ``differences`` lists, per case of
    a set made before correct rounding (golden/v1), the differences from the recomputation that
    golden/CHANGELOG.md records, so they are no problem.

    Example:
        >>> report = VerifyReport("set", 3, {"(manifest)": ["schema: ..."]})
        >>> report.passed, report.verified, report.summary()
        (False, 3, 'manifest: 1 problem; 3 of 3 cases verified.')
    """

    root: str
    checked: int
    problems: dict[str, list[str]]
    differences: dict[str, list[str]] = field(default_factory=dict)

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
                "failed": self.failed, "manifest_problems": len(self.manifest_problems), "problems": self.problems,
                "differences": self.differences}


def verify(root: str | os.PathLike[str] | None = None,
           progress: Callable[[int, int, str], None] | None = None) -> VerifyReport:
    """Check the manifest against golden/schema.json (the copy installed with the package), every
    hash, then recompute every case and compare the bytes of every file. A model's set (a folder
    with model.json, see :mod:`rope_ref.golden.model_set`) is recomputed from the config it holds.

    A case whose ``reference.rounding`` is "correctly rounded" (every case from golden/v2 on) must
    recompute to the byte. A case without it (golden/v1, made before rope-ref's exact mode rounded
    correctly) passes when its arrays, cases and entry fields differ from the recomputation exactly
    as golden/CHANGELOG.md records for the set with its manifest (found by the manifest's
    SHA-256); each recorded difference is listed in the report's ``differences`` (elements
    changed, largest distance in ulps), any other difference is a problem naming the same.

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
    raw = read_bytes(path)
    data = parse_json(raw, path)
    entries = _check_manifest(data, path, entries_too=False)  # format, version, case count
    problems: dict[str, list[str]] = {}
    differences: dict[str, list[str]] = {}

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
    expected = manifest([], notes)
    if not correctly_rounded(data):  # a set made before correct rounding has no policy.rounding
        expected["policy"] = {k: v for k, v in expected["policy"].items() if k != "rounding"}
    for name, value in expected.items():  # the document's own fields (notes, unit roundoffs, ...)
        if name not in ("cases", "case_count", "generator") and data.get(name) != value:
            add(MANIFEST_KEY, f"manifest field {name!r} differs from this rope-ref's")
    specs = {s.id: s for s in (CASES if model_specs is None else model_specs)}
    known = set(specs)
    history = _History(base, sha256(raw))
    for i, entry in enumerate(entries):
        try:
            found, notes_of_case = _verify_entry(base, entry, specs, history)
            for problem in found:
                add(keys[i], problem)
            if notes_of_case:
                differences.setdefault(keys[i], []).extend(notes_of_case)
        except Exception as err:  # a malformed entry must fail its own check, never the whole run
            add(keys[i], f"could not be checked ({type(err).__name__}: {err})")
        if progress:
            progress(i + 1, len(entries), keys[i])
    listed = {entry.get("id") for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
    missing = sorted(known - listed)
    recorded = sorted(set(missing) & history.added_cases())
    if recorded:
        differences.setdefault(MANIFEST_KEY, []).append(
            f"cases added since this set, as {history.where} records: {', '.join(recorded)}")
    missing = [case_id for case_id in missing if case_id not in recorded]
    if missing:
        add(MANIFEST_KEY, f"cases of the catalogue missing from the manifest: {', '.join(missing)}")
    return VerifyReport(str(base), len(entries), problems, differences)


class _History:
    """golden/CHANGELOG.md's records for the set being verified, read when first needed: the step
    that starts from a set with this manifest (golden/v1's, for v1), else none."""

    def __init__(self, base: Path, manifest_sha256: str) -> None:
        self.base, self.digest = base, manifest_sha256
        self._step: _changelog.Changes | None = None
        self._read = False
        self.where = "golden/CHANGELOG.md"

    def step(self) -> _changelog.Changes | None:
        if not self._read:
            self._read = True
            self._step, where = _changelog.records_for(self.digest, self.base)
            self.where = f"{where} (## {self._step.new})" if self._step is not None else where
        return self._step

    def added_cases(self) -> set[str]:
        step = self.step()
        return set() if step is None else set(step.added_cases)

    def of_case(self, case_id: str) -> dict[str, Any]:
        step = self.step()
        if step is None:
            return {"changed": {}, "added": set(), "removed": set(), "fields": set(), "case_removed": False}
        return {**step.of_case(case_id), "case_removed": case_id in step.removed_cases}


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


def _verify_entry(base: Path, entry: Any, specs: dict[str, CaseSpec],
                  history: _History) -> tuple[list[str], list[str]]:
    """The problems of one manifest entry (hashes, dtypes, shapes, then recomputation), and the
    differences golden/CHANGELOG.md records for it (a case of a set made before correct rounding)."""
    if not isinstance(entry, dict):
        return [], []  # reported with its key
    absent = [key for key in _CASE_FIELDS if key not in entry]
    if absent:
        return [f"misses the field{'s' if len(absent) > 1 else ''} {', '.join(repr(k) for k in absent)}"], []
    found: list[str] = []
    case_id = entry["id"]
    loaded = None
    try:
        loaded = _load_entry(base, entry)  # hashes, dtypes, shapes
    except GoldenFileError as err:
        found.append(str(err))
    legacy = not correctly_rounded(entry)
    if not isinstance(case_id, str) or case_id not in specs:
        if legacy and not found and isinstance(case_id, str) and history.of_case(case_id)["case_removed"]:
            return [], [f"removed from the catalogue since this set, as {history.where} records"]
        found.append("not in this rope-ref's catalogue (a newer golden set?)")
        return found, []
    if entry["result"] == "invalid":
        try:
            build_rope(entry["params"])
            found.append("rope-ref accepted parameters the case marks invalid")
        except (TypeError, ValueError):
            pass
    if found or loaded is None:
        return found, []
    fresh, contents = _build_case(specs[case_id])
    ignored = {"version"} | ({"rounding"} if legacy else set())  # v1's reference predates the rounding field
    reference = entry["reference"]
    if not isinstance(reference, dict) or {k: v for k, v in reference.items() if k not in ignored} != {
            k: v for k, v in fresh["reference"].items() if k not in ignored}:
        found.append("manifest field 'reference' differs from the catalogue's")
    if legacy:
        return _verify_legacy(entry, fresh, contents, loaded, history, found)
    for key in _COMPARED:
        if fresh[key] != entry[key]:
            found.append(f"manifest field {key!r} differs from the catalogue's")
    committed = {**loaded.inputs, **loaded.outputs}
    for name, desc in fresh["files"].items():
        old = entry["files"].get(name)
        if not isinstance(old, dict) or old.get("sha256") != desc["sha256"] or old.get("file") != desc["file"]:
            detail = _how_far(committed.get(name), contents[desc["file"]])
            found.append(f"{desc['file']}: recomputed bytes differ from the committed file{detail}")
    for name in set(entry["files"]) - set(fresh["files"]):
        found.append(f"file entry {name!r:.80} is not one the catalogue makes")
    return found, []


def _array(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(data), allow_pickle=False)


def _how_far(committed: np.ndarray | None, data: bytes) -> str:
    """" (3 of 4096 elements, at most 1 ulp)" for a committed array of the recomputation's dtype and
    shape, else nothing."""
    fresh = _array(data)
    if committed is None or committed.dtype != fresh.dtype or committed.shape != fresh.shape:
        return ""
    count, largest = _changelog.difference(committed, fresh)
    return f" ({_elements(count, fresh.size, largest)})"


def _elements(count: int, size: int, largest: Any) -> str:
    ulps = _changelog.format_ulps(largest)
    return f"{count} of {size} elements, at most {ulps} ulp{'' if ulps == '1' else 's'}"


def _verify_legacy(entry: dict[str, Any], fresh: dict[str, Any], contents: dict[str, bytes], loaded: Any,
                   history: _History, found: list[str]) -> tuple[list[str], list[str]]:
    """A case made before correct rounding: every difference from the recomputation must be one
    golden/CHANGELOG.md records for this set, and every recorded one must be there."""
    case_id = entry["id"]
    committed = {**loaded.inputs, **loaded.outputs}
    recomputed = {name: _array(contents[desc["file"]]) for name, desc in fresh["files"].items()}
    seen = _changelog.observe(committed, recomputed)
    fields = {key for key in _COMPARED if fresh[key] != entry[key]}
    for name in sorted(set(entry["files"]) & set(fresh["files"])):  # same bytes in another file is a difference
        if entry["files"][name].get("file") != fresh["files"][name]["file"]:
            found.append(f"file entry {name!r:.80}: file {entry['files'][name].get('file')!r:.80} is not the "
                         f"catalogue's {fresh['files'][name]['file']!r}")
    records = history.of_case(case_id)
    where = history.where
    notes: list[str] = []
    for name in sorted(set(seen["changed"]) | set(records["changed"])):
        file = f"{case_id}/{name}.npy"
        have, want = seen["changed"].get(name), records["changed"].get(name)
        if have is not None and have == want:
            notes.append(f"{file}: {_elements(*have)} differ from the recomputation, as {where} records")
        elif have is None:
            found.append(f"{file}: {where} records {_elements(*want)} changed, but it recomputes to identical "
                         "bytes")
        elif want is None:
            found.append(f"{file}: recomputed bytes differ from the committed file ({_elements(*have)}); this set "
                         f"predates correct rounding, and {where} records no change of this array")
        else:
            found.append(f"{file}: recomputed bytes differ from the committed file ({_elements(*have)}); {where} "
                         f"records {_elements(*want)}")
    for kind in ("added", "removed"):
        for name in sorted(seen[kind] ^ records[kind]):
            state = "is" if name in seen[kind] else "is not"
            where_said = "records" if name in records[kind] else "does not record"
            found.append(f"array {name!r:.80} {state} {kind} in the recomputation; {where} {where_said} that")
        for name in sorted(seen[kind] & records[kind]):
            notes.append(f"array {name!r:.80} {kind} since this set, as {where} records")
    for key in sorted(fields ^ records["fields"]):
        if key in fields:
            found.append(f"manifest field {key!r} differs from the catalogue's; {where} records no such change")
        else:
            found.append(f"{where} records a change of manifest field {key!r}, but it is the catalogue's")
    if fields & records["fields"]:
        notes.append(f"manifest fields {', '.join(sorted(fields & records['fields']))} differ, as {where} records")
    return found, notes

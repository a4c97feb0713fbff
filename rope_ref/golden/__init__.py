"""Golden RoPE test vectors: a versioned, byte-reproducible catalogue other implementations load.

The committed set lives in ``golden/v1/`` of the repository: a ``manifest.json`` describing
every case and one folder of ``.npy`` arrays per case; the build installs a copy with the package
(see :func:`default_root`). This module makes, reads and verifies it.

Example:
    >>> from rope_ref import golden
    >>> len(golden.cases()) >= 40
    True
    >>> spec = golden.case("half_basic_d8")
    >>> spec.kind, spec.params["head_dim"], spec.params["layout"]
    ('apply', 8, 'half')
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref._policy import ANGLE_TERMS, CHECKABLE_FRACTION, DEFAULT_ANGLE_DTYPE, UNIT_ROUNDOFF, angle_dtype_for
from rope_ref._version import __version__
from rope_ref.golden import _schema, _swap
from rope_ref.golden._files import (
    GoldenFileError,
    canonical_json,
    check_descriptor,
    npy_bytes,
    read_json,
    read_npy,
    safe_path,
    sha256,
    write_atomic,
)
from rope_ref.golden._tolerances import seq_len_of, tolerance_entries
from rope_ref.golden.catalogue import (
    CASES,
    FLAGS,
    REFERENCE_PRECISION,
    CaseSpec,
    build_rope,
    compute_outputs,
    make_inputs,
)

__all__ = ["FORMAT", "GoldenCase", "GoldenFileError", "case", "cases", "default_root", "generate", "load",
           "manifest", "verify"]

FORMAT = "rope-ref-golden"
FORMAT_VERSION = 2
#: Manifest format versions ``load`` reads (format 1: one tolerance object per dtype, float32-rounded
#: angles assumed at every dtype; read into format 2's list form).
READABLE_VERSIONS = (1, 2)
SCHEMA = "golden/schema.json"
_CASE_FIELDS = ("id", "comment", "kind", "flags", "result", "params", "reference", "files", "inputs", "outputs",
                "tolerances")


#: Where the build puts a copy of the repository's golden/v1 and golden/schema.json (setup.py).
PACKAGED = Path(__file__).resolve().parent / "data" / "v1"


def default_root() -> Path:
    """The golden folder: $ROPE_REF_GOLDEN if set, else golden/v1 under the current directory when
    it exists (a checkout), else the copy installed with the package (or, for an editable install,
    the golden/v1 of the checkout it runs from).

    The installed copy is checked on first use: its manifest must be the one the build recorded
    (``manifest.sha256`` beside it), and every file ``load`` or ``verify`` reads is checked against
    the manifest's SHA-256.

    Raises:
        GoldenFileError: the installed copy's manifest is not the one the build recorded.
    """
    if "ROPE_REF_GOLDEN" in os.environ:
        return Path(os.environ["ROPE_REF_GOLDEN"])
    here = Path("golden", "v1")
    if here.is_dir():
        return here
    if (PACKAGED / "manifest.json").is_file():
        _check_packaged(PACKAGED)
        return PACKAGED
    source = Path(__file__).resolve().parents[2] / "golden" / "v1"  # an editable install of a checkout
    return source if (source / "manifest.json").is_file() else here


def _check_packaged(root: Path) -> None:
    recorded = (root / "manifest.sha256").read_text(encoding="ascii").split()[0]
    if sha256((root / "manifest.json").read_bytes()) != recorded:
        raise GoldenFileError(f"{root / 'manifest.json'}: the installed golden manifest differs from the one the "
                              "build recorded (manifest.sha256); reinstall rope-ref.")


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


# -- computing a case ------------------------------------------------------------------------------

def _onnx_inputs(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The ONNX RotaryEmbedding form: (batch, heads, seq, head) x, int64 position_ids (batch, seq),
    half-width cos/sin caches (max_position + 1, rotary_dim / 2) times the attention factor."""
    x, pos = inputs["x"], inputs["positions"]
    rope = build_rope(spec.params)
    cos, sin = rope.cos_sin(np.arange(int(pos.max()) + 1), seq_len_of(spec, inputs), scaled=True)
    return {"onnx_position_ids": np.broadcast_to(pos, (x.shape[0], pos.shape[-1])).astype(np.int64),
            "onnx_cos_cache": cos.astype(np.float32), "onnx_sin_cache": sin.astype(np.float32)}


def tolerances(spec: CaseSpec, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """The case's tolerances per target dtype and angle precision, from the verification policy
    (derivation in docs/golden.md): a list of {dtype, angle_dtype, default, checkable, atol, rtol}."""
    return tolerance_entries(spec, inputs, outputs)


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
    def tolerances(self) -> list[dict[str, Any]]:
        """The manifest's tolerance entries (format 1 manifests are read into the same form)."""
        return self.entry["tolerances"]

    def tolerance(self, dtype: str, angle_dtype: str | None = None) -> dict[str, Any]:
        """The entry for ``dtype`` at the declared angle precision (the policy's default when None).

        Example:
            >>> from rope_ref import golden
            >>> t = golden.load("half_d64_near_2p31").tolerance("float32")
            >>> t["angle_dtype"], t["checkable"]
            ('float64', True)
        """
        angle = angle_dtype_for(dtype, angle_dtype)
        for entry in self.tolerances:
            if entry["dtype"] == dtype and entry["angle_dtype"] == angle:
                return entry
        raise ValueError(f"case {self.id!r} has no tolerance for dtype {dtype!r} with {angle} angles.")


def build_case(spec: CaseSpec) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A case's manifest entry and file contents, computed from its generator and the oracle."""
    inputs = make_inputs(spec)
    outputs = compute_outputs(spec, inputs)
    if "ONNXForm" in spec.flags:
        inputs = {**inputs, **_onnx_inputs(spec, inputs)}
    files: dict[str, bytes] = {}
    described: dict[str, Any] = {}
    for name, array in {**inputs, **outputs}.items():
        data = npy_bytes(np.asarray(array))
        rel = f"{spec.id}/{name}.npy"
        files[rel] = data
        described[name] = {"file": rel, "dtype": str(np.asarray(array).dtype), "shape": list(np.shape(array)),
                           "sha256": sha256(data)}
    entry = {
        "id": spec.id, "comment": spec.comment, "kind": spec.kind, "flags": sorted(spec.flags), "result": spec.result,
        "params": spec.params, "reference": {"method": "rope-ref", "precision": REFERENCE_PRECISION,
                                             "version": __version__},
        "files": described, "inputs": sorted(inputs), "outputs": sorted(outputs),
        "tolerances": tolerances(spec, inputs, outputs) if outputs else [],
    }
    return entry, files


def manifest(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest document around the case entries."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": SCHEMA,
            "generator": {"name": "rope-ref", "version": __version__, "reference_precision": REFERENCE_PRECISION},
            "case_count": len(entries), "notes": dict(sorted(FLAGS.items())),
            "policy": {"unit_roundoff": UNIT_ROUNDOFF, "default_angle_dtype": DEFAULT_ANGLE_DTYPE,
                       "angle_terms": ANGLE_TERMS, "checkable_fraction": CHECKABLE_FRACTION},
            "cases": entries}


def generate(out: str | os.PathLike[str] | None = None, *, force: bool = False,
             progress: Callable[[int, int, str], None] | None = None,
             cases: Sequence[CaseSpec] | None = None) -> Path:
    """Write the whole catalogue to ``out`` (default golden/v1), atomically.

    Files are written into a staging folder beside ``out`` and swapped in at the end (an
    exchange rename where the OS has one, else a kept backup restored by the next run), so a
    run killed at any instant leaves either the old set or the new one. Runs on the same
    ``out`` take turns (a lock file beside it); each cleans what killed runs left behind.
    An existing ``out`` is replaced (as a whole) only with force.

    Raises:
        FileExistsError: ``out`` exists and force is not given.
        ValueError: ``out`` is the current folder or contains it, or is a file or a symlink.

    ``cases`` (default: the catalogue) is what :mod:`rope_ref.golden.model_set` passes for one model.
    """
    specs = CASES if cases is None else tuple(cases)
    target = _check_target(out, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _swap.locked(target):
        _swap.recover(target)
        if os.path.lexists(target) and not force:  # another run made it while this one waited
            raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it.")
        staging = _swap.staging_path(target)
        staging.mkdir()
        try:
            entries = []
            for i, spec in enumerate(specs):
                entry, files = build_case(spec)
                for rel, data in files.items():
                    write_atomic(safe_path(staging, rel, spec.id), data)
                entries.append(entry)
                if progress:
                    progress(i + 1, len(specs), spec.id)
            write_atomic(staging / "manifest.json", canonical_json(manifest(entries)))
            _swap.replace_folder(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return target


def _check_target(out: str | os.PathLike[str] | None, force: bool) -> Path:
    """The folder generate may write: absolute, not the current folder or above it, and (when it
    exists) a real folder."""
    given = Path(out) if out is not None else Path(os.environ.get("ROPE_REF_GOLDEN", os.path.join("golden", "v1")))
    target = Path(os.path.abspath(given))
    where = f"out = {os.fspath(given)!r}"
    if target == Path(os.path.abspath(os.curdir)) or target in Path(os.path.abspath(os.curdir)).parents \
            or target.parent == target:
        raise ValueError(f"{where} must be a folder of its own, not the current folder or one containing it "
                         "(generate replaces the whole folder).")
    if os.path.lexists(target):
        if not force:
            raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it.")
        if target.is_symlink() or not target.is_dir():
            raise ValueError(f"{where} must be a folder (or not exist yet); {target} is a file or a symlink.")
    return target


# -- reading ---------------------------------------------------------------------------------------

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


# -- verifying -------------------------------------------------------------------------------------

@dataclass
class VerifyReport:
    """What ``verify`` found: a list of problems per case (empty when everything matches)."""

    root: str
    checked: int
    problems: dict[str, list[str]]

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"root": self.root, "checked": self.checked, "passed": self.passed, "problems": self.problems}


def verify(root: str | os.PathLike[str] | None = None,
           progress: Callable[[int, int, str], None] | None = None) -> VerifyReport:
    """Check the manifest against golden/schema.json, every hash, then recompute every case and
    compare the bytes of every file.

    Every problem becomes a failed entry of the report: under the case id, under ``cases[i]``
    for an entry without a usable id, under ``(manifest)`` for the document as a whole. Only
    files that are regular files are read (a FIFO, device or symlink is a failure, never a hang).

    Raises:
        GoldenFileError: only when the manifest itself cannot be read or is not a manifest.
    """
    base = Path(root) if root is not None else default_root()
    path = base / "manifest.json"
    data = read_json(path)
    entries = _check_manifest(data, path, entries_too=False)  # format, version, case count
    problems: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        problems.setdefault(key, []).append(message)

    keys = _entry_keys(entries, add)
    for place, message in _schema_problems(data, base):
        index = place[1] if len(place) > 1 and place[0] == "cases" and isinstance(place[1], int) else None
        key = keys[index] if index is not None and index < len(keys) else "(manifest)"
        add(key, f"schema: {_schema_place(place)}: {message}")
    for field, value in manifest([]).items():  # the document's own fields (notes, unit roundoffs, ...)
        if field not in ("cases", "case_count", "generator") and data.get(field) != value:
            add("(manifest)", f"manifest field {field!r} differs from this rope-ref's")
    from rope_ref.golden import model_set  # a model set (model.json) is recomputed from its own config
    specs = {s.id: s for s in (model_set.cases_of(base) or CASES)}
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
        add("(manifest)", f"cases of the catalogue missing from the manifest: {', '.join(missing)}")
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
    fresh, _ = build_case(specs[case_id])
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

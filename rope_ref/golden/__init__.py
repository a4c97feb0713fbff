"""Golden RoPE test vectors: a versioned, byte-reproducible catalogue other implementations load.

The committed set lives in ``golden/v1/`` of the repository (not in the wheel): a
``manifest.json`` describing every case and one folder of ``.npy`` arrays per case. This module
makes, reads and verifies it.

Example:
    >>> from rope_ref import golden
    >>> len(golden.cases()) >= 40
    True
    >>> spec = golden.case("half_basic_d8")
    >>> spec.kind, spec.params["head_dim"], spec.params["layout"]
    ('apply', 8, 'half')
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref._tolerance import UNIT_ROUNDOFF, rotated_bound
from rope_ref._version import __version__
from rope_ref.golden._files import (
    GoldenFileError,
    canonical_json,
    npy_bytes,
    read_json,
    read_npy,
    safe_path,
    sha256,
    write_atomic,
)
from rope_ref.golden.catalogue import (
    CASES,
    FLAGS,
    REFERENCE_PRECISION,
    CaseSpec,
    build_multiaxis,
    build_rope,
    compute_outputs,
    make_inputs,
)

__all__ = ["FORMAT", "GoldenCase", "GoldenFileError", "case", "cases", "default_root", "generate", "load",
           "manifest", "verify"]

FORMAT = "rope-ref-golden"
FORMAT_VERSION = 1
SCHEMA = "golden/schema.json"
_CASE_FIELDS = ("id", "comment", "kind", "flags", "result", "params", "reference", "files", "inputs", "outputs",
                "tolerances")


def default_root() -> Path:
    """The golden folder: $ROPE_REF_GOLDEN if set, else golden/v1 under the current directory."""
    return Path(os.environ.get("ROPE_REF_GOLDEN", os.path.join("golden", "v1")))


def cases() -> tuple[CaseSpec, ...]:
    """Every case of the catalogue, in manifest order (no files are read)."""
    return CASES


def case(case_id: str) -> CaseSpec:
    """One case of the catalogue by id (ValueError naming the id if there is none)."""
    for spec in CASES:
        if spec.id == case_id:
            return spec
    raise ValueError(f"case_id must be the id of a golden case (see `rope-ref golden list`); got {case_id!r}.")


# -- computing a case ------------------------------------------------------------------------------

def _onnx_inputs(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The ONNX RotaryEmbedding form: (batch, heads, seq, head) x, int64 position_ids (batch, seq),
    half-width cos/sin caches (max_position + 1, rotary_dim / 2) times the attention factor."""
    x, pos = inputs["x"], inputs["positions"]
    rope = build_rope(spec.params)
    cos, sin = rope.cos_sin(np.arange(int(pos.max()) + 1), spec.params.get("seq_len"), scaled=True)
    return {"onnx_position_ids": np.broadcast_to(pos, (x.shape[0], pos.shape[-1])).astype(np.int64),
            "onnx_cos_cache": cos.astype(np.float32), "onnx_sin_cache": sin.astype(np.float32)}


def _max_angle(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> float:
    """Largest |angle| of the case, from the float64 oracle (tolerances need only its size)."""
    if spec.kind == "multiaxis":
        return float(np.max(np.abs(build_multiaxis(spec.params, "float64").angles(inputs["positions"]))))
    rope = build_rope(spec.params, "float64")
    seq_len = spec.params.get("seq_len")
    angles = [np.abs(rope.angles(v, seq_len)).max() for k, v in inputs.items() if k.startswith("positions")]
    return float(max(angles))


def _pair_norm(x: np.ndarray) -> float:
    """Largest |z_j| bound: sqrt(2) * max |x| (valid for either layout)."""
    return math.sqrt(2.0) * float(np.max(np.abs(x))) if x.size else 0.0


def _max_row_norm(a: np.ndarray) -> float:
    """max over rows of |row|, summed with math.fsum so the value is the same on every machine."""
    return max(math.sqrt(math.fsum(float(v) ** 2 for v in row)) for row in a.reshape(-1, a.shape[-1]))


def tolerances(spec: CaseSpec, inputs: dict[str, np.ndarray], outputs: dict[str, np.ndarray]) -> dict[str, Any]:
    """Recommended absolute tolerances per target dtype (derivation in docs/golden.md).

    An implementation computing in a dtype with unit roundoff u rounds theta_j and m theta_j
    (angle error <= 2u |m theta|), evaluates cos/sin (u), multiplies (2u |z|) and stores its
    output (u |y|): |error| <= u (a |z| (2 max|m theta| + 8) + max|y|) for rotated features;
    u (2 max|m theta| + 4) for cos/sin tables; u a^2 max|q| max|k| (2 max|m theta| + 2 max|n theta|
    + 2d + 16) for scores.
    """
    angle = _max_angle(spec, inputs)
    a = 1.0 if spec.kind == "multiaxis" else build_rope(spec.params, "float64").attention_factor
    out: dict[str, Any] = {}
    for dtype, u in UNIT_ROUNDOFF.items():
        if spec.kind == "cos_sin":
            atol = u * (2 * angle + 4)
        elif spec.kind == "scores":
            q, k = _max_row_norm(inputs["q"]), _max_row_norm(inputs["k"])
            atol = u * a * a * float(q * k) * (4 * angle + 2 * spec.params["head_dim"] + 16)
        else:
            y = outputs["expected"]
            pair, factor = (_pair_norm(y), 1.0) if spec.kind == "xpos" else (_pair_norm(inputs["x"]), a)
            atol = float(rotated_bound(u, pair, angle, factor, float(np.max(np.abs(y)))))
        out[dtype] = {"atol": float(f"{atol:.3e}"), "rtol": 0.0}
    return out


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
    def tolerances(self) -> dict[str, Any]:
        return self.entry["tolerances"]


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
        "tolerances": tolerances(spec, inputs, outputs) if outputs else {},
    }
    return entry, files


def manifest(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The manifest document around the case entries."""
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": SCHEMA,
            "generator": {"name": "rope-ref", "version": __version__, "reference_precision": REFERENCE_PRECISION},
            "case_count": len(entries), "notes": dict(sorted(FLAGS.items())),
            "tolerance_unit_roundoff": UNIT_ROUNDOFF, "cases": entries}


def generate(out: str | os.PathLike[str] | None = None, *, force: bool = False,
             progress: Callable[[int, int, str], None] | None = None,
             cases: Sequence[CaseSpec] | None = None) -> Path:
    """Write the whole catalogue to ``out`` (default golden/v1), atomically.

    Files are written into a temporary folder beside ``out`` and swapped in at the end, so an
    interrupted run leaves the old set intact. An existing ``out`` is replaced only with force.
    ``cases`` (default: the catalogue) is what :mod:`rope_ref.golden.model_set` passes for one model.
    """
    specs = CASES if cases is None else tuple(cases)
    target = Path(out) if out is not None else default_root()
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; pass force=True (--force) to replace it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
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
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
            os.replace(staging, target)
            shutil.rmtree(old)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


# -- reading ---------------------------------------------------------------------------------------

def _check_manifest(data: Any, path: Path) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        raise GoldenFileError(f"{path}: the manifest must be a JSON object; got {type(data).__name__}.")
    for key in ("format", "format_version", "case_count", "cases"):
        if key not in data:
            raise GoldenFileError(f"{path}: the manifest misses the field {key!r}.")
    if data["format"] != FORMAT or data["format_version"] != FORMAT_VERSION:
        raise GoldenFileError(f"{path}: format {data['format']!r} version {data['format_version']!r} is not "
                              f"{FORMAT!r} version {FORMAT_VERSION}.")
    entries = data["cases"]
    if not isinstance(entries, list) or len(entries) != data["case_count"]:
        raise GoldenFileError(f"{path}: 'cases' must be a list of case_count = {data['case_count']} entries.")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise GoldenFileError(f"{path}: cases[{i}] must be an object.")
        for key in _CASE_FIELDS:
            if key not in entry:
                raise GoldenFileError(f"{path}: case {entry.get('id', i)!r} misses the field {key!r}.")
    return entries


def _read_manifest(root: Path) -> list[dict[str, Any]]:
    path = root / "manifest.json"
    return _check_manifest(read_json(path), path)


def _load_entry(root: Path, entry: dict[str, Any]) -> GoldenCase:
    arrays: dict[str, np.ndarray] = {}
    for name, desc in entry["files"].items():
        what = f"case {entry['id']!r}, array {name!r}"
        if not isinstance(desc, dict) or not {"file", "dtype", "shape", "sha256"} <= set(desc):
            raise GoldenFileError(f"{root / 'manifest.json'}: {what} needs file, dtype, shape and sha256.")
        path = safe_path(root, desc["file"], what)
        arrays[name] = read_npy(path, expected_sha256=desc["sha256"], dtype=desc["dtype"], shape=desc["shape"])
    return GoldenCase(entry["id"], entry, {k: arrays[k] for k in entry["inputs"]},
                      {k: arrays[k] for k in entry["outputs"]})


def load(case_id: str, root: str | os.PathLike[str] | None = None) -> GoldenCase:
    """One case from the golden folder: parameters, tolerances, inputs and expected outputs.

    Every file's SHA-256 is checked against the manifest before it is parsed; nothing is
    unpickled.
    """
    base = Path(root) if root is not None else default_root()
    for entry in _read_manifest(base):
        if entry["id"] == case_id:
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
    """Check every hash, then recompute every case and compare the bytes of every file.

    Returns a report; raises GoldenFileError only when the manifest itself cannot be read.
    """
    base = Path(root) if root is not None else default_root()
    entries = _read_manifest(base)
    problems: dict[str, list[str]] = {}
    from rope_ref.golden import model_set  # a model set (model.json) is recomputed from its own config
    specs = {s.id: s for s in (model_set.cases_of(base) or CASES)}
    known = set(specs)
    listed = set()
    for i, entry in enumerate(entries):
        case_id = entry["id"]
        listed.add(case_id)
        found: list[str] = []
        try:
            _load_entry(base, entry)  # hashes, dtypes, shapes
        except GoldenFileError as err:
            found.append(str(err))
        if case_id not in known:
            found.append("not in this rope-ref's catalogue (a newer golden set?)")
        elif entry["result"] == "invalid":
            try:
                build_rope(entry["params"])
                found.append("rope-ref accepted parameters the case marks invalid")
            except (TypeError, ValueError):
                pass
        if case_id in known and not found:
            fresh, _ = build_case(specs[case_id])
            for key in ("kind", "params", "result", "flags", "inputs", "outputs", "tolerances"):
                if fresh[key] != entry[key]:
                    found.append(f"manifest field {key!r} differs from the catalogue's")
            for name, desc in fresh["files"].items():
                old = entry["files"].get(name)
                if old is None or old["sha256"] != desc["sha256"]:
                    found.append(f"{desc['file']}: recomputed bytes differ from the committed file")
        if found:
            problems[case_id] = found
        if progress:
            progress(i + 1, len(entries), case_id)
    missing = sorted(known - listed)
    if missing:
        problems["(manifest)"] = [f"cases of the catalogue missing from the manifest: {', '.join(missing)}"]
    return VerifyReport(str(base), len(entries), problems)

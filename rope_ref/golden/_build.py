"""Making the golden folder: each case's manifest entry and files from the oracle, written atomically.

Re-exported by :mod:`rope_ref.golden`, where :func:`generate` and :func:`manifest` are documented API.

Example:
    >>> from rope_ref.golden import manifest
    >>> doc = manifest([])
    >>> doc["format"], doc["format_version"], doc["case_count"]
    ('rope-ref-golden', 2, 0)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref._policy import ANGLE_TERMS, CHECKABLE_FRACTION, DEFAULT_ANGLE_DTYPE, DEFAULT_ANGLE_DTYPES, UNIT_ROUNDOFF
from rope_ref._version import __version__
from rope_ref.golden import _swap
from rope_ref.golden._files import canonical_json, npy_bytes, safe_path, sha256, write_atomic
from rope_ref.golden._load import _SCHEMA, CORRECTLY_ROUNDED, CURRENT, FORMAT, FORMAT_VERSION, ROUNDING_POLICY
from rope_ref.golden._tolerances import seq_len_of, tolerance_entries
from rope_ref.golden.catalogue import (
    CASES,
    FLAGS,
    REFERENCE_PRECISION,
    CaseSpec,
    compute_outputs,
    make_inputs,
    rope_of,
)

__all__ = ["generate", "manifest"]


def _onnx_inputs(spec: CaseSpec, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The ONNX RotaryEmbedding form: (batch, heads, seq, head) x, int64 position_ids (batch, seq),
    half-width cos/sin caches (max_position + 1, rotary_dim / 2) times the attention factor."""
    x, pos = inputs["x"], inputs["positions"]
    rope = rope_of(spec)
    cos, sin = rope.cos_sin(np.arange(int(pos.max()) + 1), seq_len_of(spec, inputs), scaled=True)
    return {"onnx_position_ids": np.broadcast_to(pos, (x.shape[0], pos.shape[-1])).astype(np.int64),
            "onnx_cos_cache": cos.astype(np.float32), "onnx_sin_cache": sin.astype(np.float32)}


def _build_case(spec: CaseSpec) -> tuple[dict[str, Any], dict[str, bytes]]:
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
        "params": spec.params, "reference": _reference(),
        "files": described, "inputs": sorted(inputs), "outputs": sorted(outputs),
        "tolerances": tolerance_entries(spec, inputs, outputs) if outputs else [],
    }
    return entry, files


def _reference() -> dict[str, str]:
    """A case's ``reference``: rope-ref's exact mode, whose every float64 is correctly rounded."""
    reference = {"method": "rope-ref", "precision": REFERENCE_PRECISION}
    if REFERENCE_PRECISION == "exact":
        reference["rounding"] = CORRECTLY_ROUNDED
    return {**reference, "version": __version__}


def manifest(entries: list[dict[str, Any]], notes: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The manifest document around the case entries; ``notes`` is its table of flags (default
    the committed set's, :data:`rope_ref.golden.catalogue.FLAGS`). Its ``policy.rounding`` says
    what the expected arrays are (:data:`rope_ref.golden.ROUNDING_POLICY`).

    Example:
        >>> manifest([])["policy"]["rounding"].startswith("Every expected float64 value is correctly rounded")
        True
    """
    policy: dict[str, Any] = {"unit_roundoff": UNIT_ROUNDOFF, "default_angle_dtype": DEFAULT_ANGLE_DTYPE,
                              "default_angle_dtypes": {k: list(v) for k, v in DEFAULT_ANGLE_DTYPES.items()},
                              "angle_terms": ANGLE_TERMS, "checkable_fraction": CHECKABLE_FRACTION}
    if REFERENCE_PRECISION == "exact":
        policy["rounding"] = ROUNDING_POLICY
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": _SCHEMA,
            "generator": {"name": "rope-ref", "version": __version__, "reference_precision": REFERENCE_PRECISION},
            "case_count": len(entries), "notes": dict(sorted((FLAGS if notes is None else notes).items())),
            "policy": policy, "cases": entries}


def generate(out: str | os.PathLike[str] | None = None, *, force: bool = False,
             progress: Callable[[int, int, str], None] | None = None,
             cases: Sequence[CaseSpec] | None = None, notes: Mapping[str, str] | None = None,
             extra_files: Mapping[str, bytes] | None = None) -> Path:
    """Write the whole catalogue to ``out`` (default $ROPE_REF_GOLDEN, else golden/v2), atomically.

    Files are written into a staging folder beside ``out`` and swapped in at the end (an
    exchange rename where the OS has one, else a kept backup restored by the next run), so a
    run killed at any instant leaves either the old set or the new one. Runs on the same
    ``out`` take turns, and readers of the set (export, verify, list, show) wait for a run to
    end: they share the lock file beside it (:func:`rope_ref.golden._swap.locked`). Each run
    cleans what killed runs left behind. An existing ``out`` is replaced (as a whole) only with
    force.

    Raises:
        FileExistsError: ``out`` exists and force is not given.
        ValueError: ``out`` is the current folder or contains it, or is a file or a symlink; the
            lock file is not a regular file.
        TimeoutError: another run, or a reader, held the lock for more than 600 s.
        OSError: the folder cannot be written (a full or read-only file system, no permission).

    ``cases`` (default: the catalogue), ``notes`` (the manifest's table of flags) and
    ``extra_files`` (name -> bytes, written beside manifest.json and swapped in with it) are what
    :mod:`rope_ref.golden.model_set` passes for one model. Files are created with the process's
    umask (0644 under umask 022).
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
                entry, files = _build_case(spec)
                for rel, data in files.items():
                    write_atomic(safe_path(staging, rel, spec.id), data)
                entries.append(entry)
                if progress:
                    progress(i + 1, len(specs), spec.id)
            for name, data in (extra_files or {}).items():
                write_atomic(safe_path(staging, name, "extra file"), data)
            write_atomic(staging / "manifest.json", canonical_json(manifest(entries, notes)))
            _swap.replace_folder(staging, target)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return target


def _check_target(out: str | os.PathLike[str] | None, force: bool) -> Path:
    """The folder generate may write: absolute, not the current folder or above it, and (when it
    exists) a real folder."""
    given = Path(out) if out is not None else Path(os.environ.get("ROPE_REF_GOLDEN", os.path.join("golden", CURRENT)))
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

"""The cases ``check`` runs: golden, random from short to long positions, explicit, and the schedule
that exposes state (a case run again at the end, prefill then decode steps for offset APIs).

A case is a set of *rows*: x (n, dim) float values with one position per row (a row of axes
for multi-axis RoPE). ``segments`` are the row ranges fn is called on one after the other (one
call per segment; a decode step is a segment of one row), ``batch`` the number of sequences the
rows form for the "batched" interface.

Example:
    >>> from rope_ref import RoPE
    >>> [c.name for c in random_cases(RoPE(8), 0, 4096.0, "positions", False)]
    ['random_positions_below_64', 'random_positions_below_4096']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref._backend import default_seq_len
from rope_ref._policy import Tolerance
from rope_ref.golden._tolerances import case_tolerances, seq_len_of
from rope_ref.golden.catalogue import CASES, CaseSpec, build_multiaxis, build_rope, compute_outputs, make_inputs
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.xpos import XPos

RANDOM_POSITION_SCALES = (64, 4096, 2**17, 2**20)
Model = RoPE | MultiAxisRoPE | XPos


@dataclass
class Case:
    """One case: its rows, how fn is called on them, and (once run) what the oracle expects."""

    name: str
    source: str  # "golden", "random", "explicit", "schedule" (re-runs, prefill/decode)
    x: np.ndarray  # (n, dim) float32 values (float64 for float64 targets)
    positions: np.ndarray  # (n,) or (n, axes)
    seq_len: float | None
    expected: np.ndarray | None = None
    tolerances: dict[str, Tolerance] = field(default_factory=dict)  # golden cases: the manifest's, per angle dtype
    skip: str | None = None
    segments: list[tuple[int, int]] | None = None  # None: one call on every row
    batch: int = 1
    rerun_of: str | None = None  # the case this one repeats


def dim_of(model: Model) -> int:
    return model.rope.dim if isinstance(model, XPos) else model.dim


def axes_of(model: Model) -> int:
    return model.axes if isinstance(model, MultiAxisRoPE) else 0


def rope_of(model: Model) -> RoPE | None:
    return model.rope if isinstance(model, XPos) else model if isinstance(model, RoPE) else None


def _values(rng: np.random.Generator, rows: int, dim: int) -> np.ndarray:
    """float32-exact values in [-8, 8): every framework reads them losslessly."""
    return (rng.integers(-8192, 8192, size=(rows, dim)) / 1024.0).astype(np.float32)


def golden_cases(model64: Model, role: str) -> list[tuple[CaseSpec, dict[str, np.ndarray]]]:
    """Golden cases whose parameters are exactly the declared ones."""
    fits = []
    for spec in CASES:
        if spec.result != "valid":
            continue
        try:
            if spec.kind == "apply" and isinstance(model64, RoPE):
                ok = build_rope(spec.params, "float64") == model64
            elif spec.kind == "multiaxis" and isinstance(model64, MultiAxisRoPE):
                cand = build_multiaxis(spec.params, "float64")
                ok = (cand.layout == model64.layout and cand.frequencies.shape == model64.frequencies.shape
                      and np.array_equal(cand.frequencies, model64.frequencies))
            elif spec.kind == "xpos" and isinstance(model64, XPos):
                ok = (spec.params["role"] == role and build_rope(spec.params, "float64") == model64.rope
                      and spec.params["scale_base"] == model64.scale_base and spec.params["centre"] == model64.centre)
            else:
                ok = False
        except (TypeError, ValueError, KeyError):
            ok = False
        if ok:
            fits.append((spec, make_inputs(spec)))
    return fits


def golden_case(spec: CaseSpec, inputs: dict[str, np.ndarray], dtype: str, angle_dtypes: tuple[str, ...]) -> Case:
    outputs = compute_outputs(spec, inputs)
    tols = {t.angle_dtype: t for t in case_tolerances(spec, inputs, outputs)
            if t.dtype == dtype and t.angle_dtype in angle_dtypes}
    x = inputs["x"]
    axes = x.shape[:-1]
    pos = inputs["positions"]
    if spec.kind == "multiaxis":
        flat_pos = np.broadcast_to(pos, axes + pos.shape[-1:]).reshape(-1, pos.shape[-1])
    else:
        flat_pos = np.broadcast_to(pos, axes).reshape(-1)
    return Case(spec.id, "golden", x.reshape(-1, x.shape[-1]), flat_pos, seq_len_of(spec, inputs),
                outputs["expected"].reshape(-1, x.shape[-1]), tols)


def random_cases(model: Model, seed: int, max_position: float | None, interface: str,
                 fractional: bool) -> list[Case]:
    """Seeded random cases at positions below 64, 4096, 2^17 and 2^20 (below max_position)."""
    rng = np.random.default_rng(seed)
    dim, axes = dim_of(model), axes_of(model)
    limit = math.inf if max_position is None else max_position
    scales = sorted({max(int(min(s, limit)), 1) for s in RANDOM_POSITION_SCALES})  # below 1: position 0
    cases = []
    for scale in scales:
        n = 16
        if interface == "offset":
            start = int(rng.integers(0, max(scale - n, 0) + 1))
            pos = np.arange(start, start + n, dtype=np.int64)
        elif axes:
            pos = rng.integers(0, max(round(scale ** (1 / axes)), 2), size=(n, axes)).astype(np.int64)
        elif interface == "batched":  # two sequences, each its own sorted positions
            pos = np.concatenate([np.sort(rng.choice(scale, size=min(n // 2, scale), replace=False))
                                  for _ in range(2)]).astype(np.int64)
        else:
            pos = np.sort(rng.choice(scale, size=min(n, scale), replace=False)).astype(np.int64)
        cases.append(Case(f"random_positions_below_{scale}", "random", _values(rng, pos.shape[0], dim), pos, None,
                          batch=2 if interface == "batched" else 1))
    if interface == "batched" and not axes and limit > 8:
        # transformers' left padding (pad tokens at position 1, real tokens from 0) and packed sequences
        # whose positions restart; the two sequences of a batch differ
        left = np.array([1, 1, 1, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6, 7], dtype=np.int64)
        packed = np.array([0, 1, 2, 0, 1, 2, 3, 4, 0, 1, 0, 1, 2, 3, 4, 5], dtype=np.int64)
        for name, pos in (("left_padding", left), ("packed_sequences", packed)):
            cases.append(Case(name, "random", _values(rng, 16, dim), pos, None, batch=2))
    if fractional and not axes and interface == "positions":
        pos = (rng.integers(-8 * 64, 8 * 4096, size=16) / 8.0).astype(np.float64)
        cases.append(Case("random_fractional_positions", "random", _values(rng, 16, dim), pos, None))
    return cases


def schedule_cases(model: Model, seed: int, max_position: float | None, interface: str) -> list[Case]:
    """Offset APIs: a prefill of 12 rows at offset 0, then 4 decode steps of one row each."""
    if interface != "offset" or (max_position is not None and max_position <= 16):
        return []
    rng = np.random.default_rng(seed + 1)
    pos = np.arange(16, dtype=np.int64)
    segments = [(0, 12)] + [(i, i + 1) for i in range(12, 16)]
    return [Case("prefill_then_decode", "schedule", _values(rng, 16, dim_of(model)), pos, None, segments=segments)]


def rerun_case(case: Case) -> Case:
    """The same case run again at the end (after the long ones): its output must not change."""
    return Case(f"rerun::{case.name}", "schedule", case.x, case.positions, case.seq_len, case.expected,
                dict(case.tolerances), None, case.segments, case.batch, rerun_of=case.name)


def explicit_case(model: Model, positions: Any, seed: int, interface: str) -> Case:
    dim, axes = dim_of(model), axes_of(model)
    pos = _validate.positions(positions, "positions")
    if pos.ndim == 0:
        pos = pos.reshape(1)
    if interface == "batched" and not axes and pos.ndim == 2:
        batch = pos.shape[0]
        pos = pos.reshape(-1)
    else:
        batch = 1
        if (axes and (pos.ndim != 2 or pos.shape[1] != axes)) or (not axes and pos.ndim != 1):
            raise _validate.fail("positions", "a 1-D array of positions" if not axes else
                                 f"an array of shape (n, {axes})", _validate.Shown(f"shape {pos.shape}"))
    if np.all(pos == np.round(pos)):
        pos = pos.astype(np.int64)
    rng = np.random.default_rng(seed)
    return Case("explicit_positions", "explicit", _values(rng, pos.shape[0], dim), pos, None, batch=batch)


def fit_interface(case: Case, model: Model, with_seq_len: str | None, declared_seq_len: float | None,
                  max_position: float | None, fractional: bool, interface: str) -> None:
    """Decide the seq_len a case runs with, or why it is skipped."""
    pos = np.asarray(case.positions, dtype=np.float64)
    rope = rope_of(model)
    depends = rope is not None and rope.scaling is not None and rope.scaling.depends_on_seq_len
    if max_position is not None and pos.size and float(np.max(np.abs(pos))) >= max_position:
        case.skip = f"positions reach {float(np.max(np.abs(pos))):g}, beyond the declared max_position {max_position:g}"
        return
    if not fractional and case.source == "golden" and np.any(pos != np.round(pos)):
        case.skip = "fractional positions (pass fractional=True to include them)"
        return
    if interface == "offset":
        for start, stop in case.segments or [(0, pos.shape[0])]:
            run = pos[start:stop]
            if run.ndim != 1 or run.size == 0 or not np.array_equal(run, run[0] + np.arange(run.size)):
                case.skip = "positions are not one contiguous run (the offset interface takes x and a start position)"
                return
    if interface == "qk" and isinstance(model, XPos):
        case.skip = "xPos scales queries and keys differently; check each role with interface 'positions'"
        return
    if not depends:
        case.seq_len = None
        return
    default = default_seq_len(pos)
    wanted = case.seq_len if case.seq_len is not None else declared_seq_len if declared_seq_len is not None \
        else default
    if with_seq_len:
        case.seq_len = wanted
        return
    inherent = declared_seq_len if declared_seq_len is not None else default  # what fn computes with
    if wanted != inherent:
        case.skip = (f"the case needs seq_len {wanted:g}, and fn takes no seq_len argument (it computes with "
                     f"{'the declared' if declared_seq_len is not None else 'max(positions) + 1 ='} {inherent:g})")
        return
    case.seq_len = inherent


def growth(positions: np.ndarray, err: np.ndarray) -> list[list[float]]:
    """[|position|, max error] at up to 8 positions spread over the case: how the error grows."""
    mags = np.abs(positions).sum(axis=-1) if positions.ndim == 2 else np.abs(positions)
    seen: dict[float, float] = {}
    for m, e in zip(mags.tolist(), err.tolist(), strict=True):
        seen[m] = max(seen.get(m, 0.0), e)
    picks = sorted(seen)
    if len(picks) > 8:
        picks = [picks[i] for i in np.linspace(0, len(picks) - 1, 8).round().astype(int)]
    return [[m, seen[m]] for m in picks]

"""Check any RoPE implementation against the oracle, and say what is wrong with it.

``check(fn, ...)`` calls ``fn(x, positions) -> y`` (NumPy in, anything array-like out; objects
with a ``.numpy()`` method are converted through it; no framework is imported) on the golden
cases that fit the declared parameters and on seeded random cases up to long positions. Each
case is compared with the oracle within a tolerance derived from the target dtype; when one
fails, the checker probes the implementation with unit vectors to measure its rotation per
pair, then tests hypotheses (the other layout, another base, a linear factor, an offset, the
opposite direction, a smaller rotary_dim, a missing or extra attention factor, cos and sin
swapped, float32 angles, low-precision cos/sin caches, a declared scaling rule left out) and
reports the one that explains the output within tolerance, or "unexplained".

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE, check
    >>> def neox(x, positions):                       # a correct rotate_half implementation
    ...     return RoPE(64, layout="half").apply(x, positions)
    >>> check(neox, dim=64, layout="half").passed
    True
    >>> def gptj(x, positions):                       # pairs adjacent features instead
    ...     return RoPE(64, layout="interleaved").apply(x, positions)
    >>> report = check(gptj, dim=64, layout="half")
    >>> report.passed, report.diagnosis.cause
    (False, 'other_layout')
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref._tolerance import DTYPES, UNIT_ROUNDOFF, rotated_bound
from rope_ref.frequencies import Scaling
from rope_ref.golden.catalogue import CASES, build_rope, make_inputs
from rope_ref.hf import from_hf_config
from rope_ref.precision import to_bfloat16, to_float16
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices
from rope_ref.scaling import Linear

__all__ = ["CaseResult", "CheckReport", "Diagnosis", "check", "tolerance"]

COMMON_BASES = (10000.0, 500000.0, 1000000.0, 100000.0, 50000.0, 1000.0, 100.0, 10.0, 5000000.0, 10000000.0)
#: Angles up to this many radians may carry the target dtype's own rounding (a float32 angle
#: pipeline is fine for short contexts); beyond it, angles must be better than the target dtype.
ANGLE_BUDGET = 2048.0
RANDOM_POSITION_SCALES = (64, 4096, 2**17, 2**20)


def tolerance(dtype: str, pair_norm: np.ndarray, max_angle: np.ndarray, attention_factor: float = 1.0,
              output_scale: np.ndarray | float = 0.0, angle_budget: float = ANGLE_BUDGET) -> np.ndarray:
    """Allowed |error| of a rotated feature for an implementation in ``dtype``.

    The bound of rope_ref._tolerance with the angle carrying the target dtype's rounding up to
    ``angle_budget`` radians and float64 rounding beyond: a float32 angle pipeline passes for short
    contexts and fails, diagnosed, at long ones.
    """
    u = UNIT_ROUNDOFF[dtype]
    angle = np.abs(np.asarray(max_angle, dtype=np.float64))
    short = np.minimum(angle, angle_budget)
    return (rotated_bound(u, pair_norm, short, attention_factor, output_scale)
            + rotated_bound(0.0, pair_norm, angle - short, attention_factor, 0.0, UNIT_ROUNDOFF["float64"]))


@dataclass
class CaseResult:
    """One case: where it came from, its worst error and whether it is within tolerance."""

    name: str
    source: str  # "golden" or "random"
    max_abs_error: float
    ulps: float  # max |error| / (u_dtype * max |expected|)
    tolerance: float  # the largest per-row tolerance of the case
    passed: bool
    growth: list[list[float]] = field(default_factory=list)  # [|position|, max error] per position
    error: str | None = None  # the exception text when fn raised

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Diagnosis:
    """The hypothesis that explains a failure (cause "unexplained" when none does)."""

    cause: str
    explanation: str
    parameter: float | None = None
    tried: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


CAUSES = {
    "other_layout": "pairs features in the other layout",
    "missing_scaling": "ignores the declared context-extension rule (default frequencies, no attention factor)",
    "other_base": "uses another frequency base",
    "linear_factor": "divides the frequencies by a constant factor (linear scaling / position interpolation)",
    "position_offset": "adds a constant to the positions",
    "opposite_direction": "rotates in the opposite direction (m -> -m, or sin with the wrong sign)",
    "smaller_rotary_dim": "rotates fewer features than declared",
    "attention_factor": "multiplies the output by a constant (a missing or extra attention factor)",
    "cos_sin_swapped": "swaps cos and sin",
    "float32_angles": "computes angles in float32 (error grows like m theta 2^-24)",
    "bfloat16_cache": "stores cos/sin in bfloat16",
    "float16_cache": "stores cos/sin in float16",
    "unexplained": "no single known mistake explains the output",
}


@dataclass
class CheckReport:
    """The result of :func:`check`: per-case results, a verdict and, on failure, a diagnosis."""

    rope: RoPE
    dtype: str
    cases: list[CaseResult]
    diagnosis: Diagnosis | None

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.cases)

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON report (documented in docs/verify.md)."""
        r = self.rope
        return {"format": "rope-ref-check", "format_version": 1, "passed": self.passed, "dtype": self.dtype,
                "declared": {"dim": r.dim, "base": r.base, "layout": r.layout, "rotary_dim": r.rotary_dim,
                             "scaling": None if r.scaling is None else repr(r.scaling),
                             "attention_factor": r.attention_factor},
                "cases": [c.as_dict() for c in self.cases],
                "diagnosis": None if self.diagnosis is None else self.diagnosis.as_dict()}

    def __str__(self) -> str:
        r = self.rope
        lines = [f"rope-ref check: {'PASS' if self.passed else 'FAIL'} ({self.dtype} tolerance) against "
                 f"RoPE(dim={r.dim}, base={r.base:g}, layout={r.layout!r}, rotary_dim={r.rotary_dim}"
                 + (f", scaling={r.scaling!r}" if r.scaling is not None else "") + ")"]
        width = max(len(c.name) for c in self.cases)
        for c in self.cases:
            mark = "ok  " if c.passed else "FAIL"
            detail = c.error or (f"max |error| {c.max_abs_error:.3g} ({c.ulps:.3g} ulp of {self.dtype}), "
                                 f"tolerance {c.tolerance:.3g}")
            lines.append(f"  {mark} {c.name:<{width}}  {detail}")
        failed = [c for c in self.cases if not c.passed and c.growth]
        if failed:
            worst = max(failed, key=lambda c: c.max_abs_error)
            growth = ", ".join(f"m={m:g}: {e:.2g}" for m, e in worst.growth[:8])
            lines.append(f"  error against position ({worst.name}): {growth}")
        if self.diagnosis is not None:
            d = self.diagnosis
            lines.append(f"diagnosis: {d.cause}: {d.explanation}")
            lines.append(f"  hypotheses tried: {', '.join(d.tried)}")
        return "\n".join(lines)


# -- running the implementation ------------------------------------------------------------------

def _to_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "numpy") and callable(value.numpy) and not isinstance(value, np.ndarray):
        value = value.numpy()
    arr = np.asarray(value)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"fn must return a real array; got dtype {arr.dtype}.")
    return arr.astype(np.float64)


def _input_dtype(dtype: str) -> type:
    return {"float64": np.float64, "float32": np.float32, "float16": np.float16, "bfloat16": np.float32}[dtype]


def _call(fn: Callable[..., Any], x: np.ndarray, positions: np.ndarray, dtype: str) -> np.ndarray:
    y = _to_numpy(fn(x.astype(_input_dtype(dtype)), positions))
    if y.shape != x.shape:
        raise ValueError(f"fn returned shape {y.shape} for x of shape {x.shape}.")
    return y


def _row_tolerance(rope: RoPE, x: np.ndarray, positions: np.ndarray, expected: np.ndarray, dtype: str,
                   seq_len: float | None) -> np.ndarray:
    """Per-row tolerance (broadcast against x.shape[:-1])."""
    freq = float(np.max(np.abs(rope.inv_freq(seq_len if seq_len is not None else _seq_len(rope, positions)))))
    angle = np.broadcast_to(np.abs(positions) * freq, x.shape[:-1])
    pair = math.sqrt(2.0) * np.max(np.abs(x), axis=-1)
    out = np.max(np.abs(expected), axis=-1)
    return tolerance(dtype, pair, angle, rope.attention_factor, out)


def _seq_len(rope: RoPE, positions: np.ndarray) -> float | None:
    if rope.scaling is None or not rope.scaling.depends_on_seq_len:
        return None
    return float(np.max(positions)) + 1.0


def _run_case(fn: Callable[..., Any], rope: RoPE, name: str, source: str, x: np.ndarray, positions: np.ndarray,
              dtype: str, seq_len: float | None = None) -> tuple[CaseResult, np.ndarray | None]:
    expected = rope.apply(x, positions, seq_len)
    tol = _row_tolerance(rope, x, positions, expected, dtype, seq_len)
    try:
        y = _call(fn, x, positions, dtype)
    except Exception as err:  # the implementation's own failure is a result, not a crash of the checker
        return CaseResult(name, source, math.inf, math.inf, float(np.max(tol)), False,
                          error=f"fn raised {type(err).__name__}: {err}"), None
    err = np.max(np.abs(y - expected), axis=-1)
    scale = UNIT_ROUNDOFF[dtype] * max(float(np.max(np.abs(expected))), np.finfo(float).tiny)
    pos = np.broadcast_to(positions, x.shape[:-1]).ravel()
    growth: dict[float, float] = {}
    for m, e in zip(np.abs(pos).tolist(), err.ravel().tolist(), strict=True):
        growth[m] = max(growth.get(m, 0.0), e)
    picks = sorted(growth)
    if len(picks) > 8:
        picks = [picks[i] for i in np.linspace(0, len(picks) - 1, 8).round().astype(int)]
    passed = bool(np.all(err <= tol))
    return CaseResult(name, source, float(np.max(err)), float(np.max(err)) / scale, float(np.max(tol)), passed,
                      [[m, growth[m]] for m in picks]), y


def _golden_fits(rope: RoPE) -> list[Any]:
    """Golden apply cases whose parameters are exactly the declared ones."""
    fits = []
    for spec in CASES:
        if spec.kind != "apply" or spec.result != "valid":
            continue
        try:
            candidate = build_rope(spec.params, "float64")
        except (TypeError, ValueError):
            continue
        if dataclasses.replace(candidate, precision=rope.precision) == rope:
            fits.append(spec)
    return fits


def _random_cases(rope: RoPE, seed: int) -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    cases = []
    for scale in RANDOM_POSITION_SCALES:
        positions = np.sort(rng.choice(scale, size=16, replace=False)).astype(np.int64)
        x = (rng.integers(-8192, 8192, size=(16, rope.dim)) / 1024.0).astype(np.float32)
        cases.append((f"random_positions_below_{scale}", x, positions))
    return cases


# -- diagnosis -----------------------------------------------------------------------------------

def _probe(fn: Callable[..., Any], dim: int, positions: list[float], dtype: str) -> dict[float, np.ndarray] | None:
    """The implementation's matrix at each position: row k of M(m) = fn(e_k at m)."""
    eye = np.eye(dim)
    out = {}
    try:
        for m in positions:
            out[m] = _call(fn, eye, np.full(dim, m, dtype=np.int64 if float(m).is_integer() else np.float64), dtype)
    except Exception:  # a probe the implementation cannot take: fall back to simulation only
        return None
    return out


def _explains(candidate: np.ndarray, y: np.ndarray, tol: np.ndarray) -> bool:
    return bool(np.all(np.max(np.abs(candidate - y), axis=-1) <= tol))


def _wrap(angle: np.ndarray) -> np.ndarray:
    return (angle + np.pi) % (2 * np.pi) - np.pi


def _snap(value: float, step: float = 1.0) -> float:
    """value rounded to a multiple of ``step`` when it is within 1e-6 (relative) of one: fitted
    parameters carry measurement noise that would otherwise show up at long positions."""
    near = round(value / step) * step
    return near if near != 0 and abs(value - near) <= 1e-6 * max(abs(value), step) else value


def _fit_offset(probes: dict[float, np.ndarray] | None, rope: RoPE) -> float | None:
    """c with angle_j(0) = c theta_j: coarse from the slowest pair, refined pair by pair (unwrapping)."""
    if probes is None or 0 not in probes:
        return None
    re, im = pair_indices(rope.rotary_dim or rope.dim, rope.layout)
    m0 = probes[0]
    phi = np.arctan2(m0[re, im], m0[re, re])
    theta = rope.inv_freq()
    if np.max(np.abs(phi)) < 1e-9:
        return None
    c = None
    for j in range(theta.size - 1, -1, -1):  # slowest pair first: no wrap-around for |c theta_j| < pi
        if theta[j] <= 0:
            continue
        if c is None:
            c = phi[j] / theta[j]
        else:
            turns = np.round((c * theta[j] - phi[j]) / (2 * np.pi))
            c = (phi[j] + 2 * np.pi * turns) / theta[j]
    return None if c is None else _snap(float(c))


def _fit_frequencies(probes: dict[float, np.ndarray] | None, rope: RoPE) -> np.ndarray | None:
    """The implementation's theta_j measured at m = 1 (valid for |theta_j| < pi) in the declared layout."""
    if probes is None or 1 not in probes:
        return None
    re, im = pair_indices(rope.rotary_dim or rope.dim, rope.layout)
    m1 = probes[1]
    phi0 = np.arctan2(probes[0][re, im], probes[0][re, re]) if 0 in probes else 0.0
    return _wrap(np.arctan2(m1[re, im], m1[re, re]) - phi0)


def _fit_base(measured: np.ndarray, rotary_dim: int) -> float | None:
    """base with measured_j = base^(-2j/r), fitted by least squares on log theta (j >= 1)."""
    j = np.arange(1, measured.size)
    ok = measured[1:] > 0
    if ok.sum() < 2:
        return None
    slope = np.sum(j[ok] * np.log(measured[1:][ok])) / np.sum(j[ok] ** 2)  # log theta = -2j/r * log base
    base = math.exp(-slope * rotary_dim / 2)
    return _snap(float(base)) if np.isfinite(base) and base > 0 and base != 1.0 else None


Failing = list[tuple[np.ndarray, np.ndarray, np.ndarray, Any]]  # (x, positions, y, seq_len) per failed case
Hypothesis = tuple[str, str, "float | None", Callable[[RoPE, Failing, str], bool]]


def _simulated(simulate: Callable[[np.ndarray, np.ndarray, Any], np.ndarray]) -> Callable[[RoPE, Failing, str], bool]:
    """Explains the failures if the simulated output is within tolerance of fn's on every failing case."""
    def explains(rope: RoPE, failing: Failing, dtype: str) -> bool:
        for x, positions, y, seq_len in failing:
            candidate = simulate(x.astype(np.float64), positions, seq_len)
            if not _explains(candidate, y, _row_tolerance(rope, x, positions, candidate, dtype, seq_len)):
                return False
        return True
    return explains


def _float32_angles(rope: RoPE, failing: Failing, dtype: str) -> bool:
    """Explains the failures if |y - exact| <= tolerance + 4 u32 |z| |m theta| everywhere (angles carrying
    float32 rounding at any position) and the error relative to |z| grows with position. Two float32
    pipelines need not agree bit for bit, so this is a bound, not a simulation."""
    u32 = UNIT_ROUNDOFF["float32"]
    small, large = 0.0, 0.0
    for x, positions, y, seq_len in failing:
        exact = rope.apply(x, positions, seq_len)
        tol = _row_tolerance(rope, x, positions, exact, dtype, seq_len)
        freq = float(np.max(rope.inv_freq(seq_len if seq_len is not None else _seq_len(rope, positions))))
        angle = np.broadcast_to(np.abs(positions) * freq, x.shape[:-1])
        pair = math.sqrt(2.0) * np.max(np.abs(x), axis=-1) * rope.attention_factor
        err = np.max(np.abs(y - exact), axis=-1)
        if not np.all(err <= tol + 4 * u32 * pair * angle):
            return False
        rel = err / np.maximum(pair, np.finfo(float).tiny)
        small = max(small, float(np.max(rel[angle <= 64], initial=0.0)))
        large = max(large, float(np.max(rel[angle > 4096], initial=0.0)))
    return large > 16 * small


def _hypotheses(rope: RoPE, probes: dict[float, np.ndarray] | None) -> list[Hypothesis]:
    """Every hypothesis, with parameters fitted from the probes where that helps."""
    r = rope.rotary_dim or rope.dim
    other = "interleaved" if rope.layout == "half" else "half"
    hyps: list[Hypothesis] = []

    def variant(**changes: Any) -> Callable[[RoPE, Failing, str], bool]:
        alt = dataclasses.replace(rope, **changes)
        return _simulated(lambda x, p, s: alt.apply(x, p, s))

    hyps.append(("other_layout", f"pairs features as {other!r}, not {rope.layout!r}", None, variant(layout=other)))
    if rope.scaling is not None:
        hyps.append(("missing_scaling", f"rotates with plain RoPE instead of {rope.scaling!r}", None,
                     variant(scaling=None)))
    hyps.append(("opposite_direction", "rotates by -m theta_j", None,
                 _simulated(lambda x, p, s: rope.apply(x, -np.asarray(p, dtype=np.float64), s))))
    offsets = [1.0, -1.0, 2.0, -2.0]
    fitted = _fit_offset(probes, rope)
    if fitted is not None:
        offsets.insert(0, fitted)
    for c in dict.fromkeys(offsets):
        hyps.append(("position_offset", f"rotates position m as m + {c:g}", c,
                     _simulated(lambda x, p, s, c=c: rope.apply(x, np.asarray(p, dtype=np.float64) + c, s))))
    measured = _fit_frequencies(probes, rope)
    bases = list(COMMON_BASES)
    if measured is not None:
        fit = _fit_base(np.abs(measured), r)
        if fit is not None:
            bases.insert(0, fit)
    for b in dict.fromkeys(bases):
        if b != rope.base:
            hyps.append(("other_base", f"uses base {b:.6g} instead of {rope.base:g}", b, variant(base=b)))
    if rope.scaling is None:
        factors = [2.0, 4.0, 8.0, 0.5]
        if measured is not None and abs(measured[0]) > 1e-12:
            factors.insert(0, _snap(float(rope.inv_freq()[0] / abs(measured[0])), 1 / 1024))
        for s in dict.fromkeys(factors):
            if s > 0 and abs(s - 1) > 1e-9:
                hyps.append(("linear_factor", f"divides every frequency by {s:.6g}", s, variant(scaling=Linear(s))))
    for smaller in range(r - 2, 0, -2):
        hyps.append(("smaller_rotary_dim", f"rotates only the first {smaller} features", float(smaller),
                     variant(rotary_dim=smaller)))
    gains = [1.0 / rope.attention_factor] if rope.attention_factor != 1.0 else []
    if probes is not None and 0 in probes:
        re, im = pair_indices(r, rope.layout)
        g = float(np.median(np.hypot(probes[0][re, re], probes[0][re, im]))) / rope.attention_factor
        if np.isfinite(g) and g > 0:
            gains.insert(0, g)
    for g in dict.fromkeys(gains):
        if abs(g - 1) > 1e-12:
            hyps.append(("attention_factor", f"multiplies the rotated features by {g:.6g} times the declared "
                         f"attention factor {rope.attention_factor:g}", g,
                         _simulated(lambda x, p, s, g=g: _scale_rotated(rope, rope.apply(x, p, s), g))))
    hyps.append(("cos_sin_swapped", "uses sin where cos belongs and cos where sin belongs", None,
                 _simulated(lambda x, p, s: _swapped(rope, x, p, s))))
    hyps.append(("float32_angles", "computes inv_freq and m theta in float32, so each angle is off by up to "
                 "about 2 |m theta| 2^-24 and the error grows with position", None, _float32_angles))
    for name, rounding in (("float16_cache", to_float16), ("bfloat16_cache", to_bfloat16)):
        hyps.append((name, f"rounds its cos/sin cache to {name.split('_')[0]}", None,
                     _simulated(lambda x, p, s, rounding=rounding: _rounded_cache(rope, x, p, s, rounding))))
    return hyps


def _rounded_cache(rope: RoPE, x: np.ndarray, positions: np.ndarray, seq_len: Any,
                   rounding: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    from rope_ref.rotation import rotate_cos_sin

    cos, sin = rope.cos_sin(positions, seq_len)
    cos, sin = (np.asarray(rounding(t), dtype=np.float64) for t in (cos, sin))
    return rotate_cos_sin(x, cos, sin, rope.layout, rope.rotary_dim, rope.attention_factor)


def _scale_rotated(rope: RoPE, y: np.ndarray, gain: float) -> np.ndarray:
    out = y.copy()
    r = rope.rotary_dim or rope.dim
    out[..., :r] *= gain
    return out


def _swapped(rope: RoPE, x: np.ndarray, positions: np.ndarray, seq_len: Any) -> np.ndarray:
    from rope_ref.rotation import rotate_cos_sin

    cos, sin = rope.cos_sin(positions, seq_len)
    return rotate_cos_sin(x, sin, cos, rope.layout, rope.rotary_dim, rope.attention_factor)


def _diagnose(fn: Callable[..., Any], rope: RoPE, failing: Failing, dtype: str) -> Diagnosis:
    """The first hypothesis that explains every failing case, or "unexplained"."""
    probes = _probe(fn, rope.dim, [0, 1, 2], dtype)
    tried: list[str] = []
    for cause, explanation, parameter, explains in _hypotheses(rope, probes):
        if cause not in tried:
            tried.append(cause)
        if explains(rope, failing, dtype):
            return Diagnosis(cause, f"{CAUSES[cause]}: {explanation}.", parameter, tried)
    return Diagnosis("unexplained", CAUSES["unexplained"] + "; compare the failing cases by hand "
                     "(rope-ref table prints the expected angles, cos and sin).", None, tried)


# -- the entry point -------------------------------------------------------------------------------

def check(fn: Callable[..., Any], *, dim: int | None = None, layout: str | None = None, base: float | None = None,
          rotary_dim: int | None = None, scaling: Scaling | None = None,
          config: Mapping[str, Any] | str | os.PathLike[str] | None = None, dtype: str | None = None,
          seed: int = 0, golden: bool = True) -> CheckReport:
    """Run ``fn(x, positions) -> y`` against the oracle and diagnose any failure.

    Example:
        >>> import numpy as np
        >>> from rope_ref import check
        >>> def shifted(x, positions):                     # an off-by-one in position handling
        ...     return RoPE(32).apply(x, np.asarray(positions) + 1)
        >>> report = check(shifted, dim=32)
        >>> report.diagnosis.cause, report.diagnosis.parameter
        ('position_offset', 1.0)

    Parameters:
        fn: the implementation; x is float (n, dim) (float32 for float32/bfloat16 targets),
            positions int64 (n,); must return x's shape.
        dim, layout, base, rotary_dim, scaling: the declared RoPE (layout "half" and base 10000
            when not given), or ``config``: a Hugging Face config.json (dict or path) instead.
        dtype: the implementation's working precision: "float64", "float32", "float16" or
            "bfloat16"; None infers it from fn's output on a first call (float64 for integers).
        seed: for the random cases.
        golden: also run the golden cases whose parameters are exactly the declared ones.

    Returns:
        A :class:`CheckReport` (``.passed``, ``str()`` for people, ``.as_dict()`` for JSON).

    Raises:
        TypeError, ValueError: for bad declared parameters (naming them), or a non-callable fn.
    """
    if not callable(fn):
        raise _validate.fail("fn", "a callable fn(x, positions) -> y", fn, kind=TypeError)
    if config is not None:
        if any(v is not None for v in (dim, base, rotary_dim, scaling)):
            raise ValueError("config gives the RoPE; do not also pass dim, base, rotary_dim or scaling.")
        rope = from_hf_config(config, layout=layout)
    else:
        if dim is None:
            raise _validate.fail("dim", "given (or pass config=)", None)
        rope = RoPE(dim, base=10000.0 if base is None else base, layout=layout or "half", rotary_dim=rotary_dim,
                    scaling=scaling)
    if dtype is None:
        first = fn(np.zeros((1, rope.dim), np.float32), np.zeros(1, np.int64))
        if hasattr(first, "numpy") and not isinstance(first, np.ndarray):
            first = first.numpy()
        kind = np.asarray(first).dtype
        dtype = kind.name if kind.name in UNIT_ROUNDOFF else "float64"
    _validate.choice(dtype, "dtype", DTYPES)

    results: list[CaseResult] = []
    failing = []
    runs: list[tuple[str, str, np.ndarray, np.ndarray, Any]] = []
    if golden:
        for spec in _golden_fits(rope):
            inputs = make_inputs(spec)
            x = inputs["x"].reshape(-1, rope.dim)
            pos = np.broadcast_to(inputs["positions"], inputs["x"].shape[:-1]).reshape(-1)
            runs.append((spec.id, "golden", x, pos, spec.params.get("seq_len")))
    runs += [(name, "random", x, pos, None) for name, x, pos in _random_cases(rope, seed)]
    for name, source, x, pos, seq_len in runs:
        result, y = _run_case(fn, rope, name, source, x, pos, dtype, seq_len)
        results.append(result)
        if not result.passed and y is not None:
            failing.append((x, pos, y, seq_len))
    diagnosis = _diagnose(fn, rope, failing, dtype) if failing else None
    if diagnosis is None and not all(r.passed for r in results):
        diagnosis = Diagnosis("unexplained", "fn raised on some cases; see the case errors.", None, [])
    return CheckReport(rope, dtype, results, diagnosis)

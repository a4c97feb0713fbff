"""Diagnosis for ``check``: which known mistake (or two) explains an implementation's outputs.

A hypothesis is a *structure* (another layout, base, offset, direction, scaling factor, rotary
width, attention factor, output order, ...) at a *precision* (the declared one, float32 angles,
a bfloat16 or float16 cos/sin cache). It explains the outputs when, on every case that is
checkable at that precision, the implementation's output lies within the policy's tolerance of
what the hypothesis computes, and at least one failing case is among them. Short-position
cases, where every precision keeps errors small, settle the structure; long ones then show
whether the angles carry float32 rounding. The search tries a precision alone, then a structure
alone, then a structure at each lower precision (two causes), and every hypothesis is built and
simulated so that it cannot raise: one that cannot be built or run simply explains nothing.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> rope, x, m = RoPE(8), np.ones((3, 8)), np.array([0, 5, 9])
    >>> seen = [Observation(x, m, None, RoPE(8, layout="interleaved").apply(x, m), True)]
    >>> diagnose(rope, seen, "float64", "float64").causes[0][0]
    'other_layout'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref._policy import UNIT_ROUNDOFF, angle_rate, case_tolerance
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices, rotate_cos_sin
from rope_ref.scaling import Linear, LongRoPE
from rope_ref.xpos import XPos

COMMON_BASES = (10000.0, 500000.0, 1000000.0, 100000.0, 50000.0, 1000.0, 100.0, 10.0, 5000000.0, 10000000.0)
COMMON_FACTORS = (2.0, 4.0, 8.0, 16.0, 32.0, 40.0, 64.0)

CAUSES = {
    "other_layout": "pairs features in the other layout",
    "output_order": "pairs features in one layout but returns them in the other order (as DeepSeek code in "
                    "transformers does)",
    "missing_scaling": "ignores the declared context-extension rule (default frequencies, no attention factor)",
    "scaling_factor": "applies the declared context-extension rule with another factor",
    "other_base": "uses another frequency base",
    "linear_factor": "divides the frequencies by a constant factor (linear scaling / position interpolation)",
    "position_offset": "adds a constant to the positions",
    "opposite_direction": "rotates in the opposite direction (m -> -m, or sin with the wrong sign)",
    "smaller_rotary_dim": "rotates fewer features than declared",
    "frequencies_from_dim": "computes the frequencies of the rotated features from dim instead of rotary_dim",
    "missing_attention_factor": "leaves out the declared rule's attention factor",
    "attention_factor": "multiplies the output by a constant (a wrong or extra attention factor)",
    "cos_sin_swapped": "swaps cos and sin",
    "axes_swapped": "reads the position axes in another order",
    "other_role": "applies the xPos scale of the other role (query / key)",
    "missing_xpos_scale": "rotates without the xPos scale",
    "float32_angles": "computes inv_freq and the angles m theta_j in float32, so the error grows with position "
                      "(about |m theta| 2^-24 per angle)",
    "bfloat16_cache": "stores cos/sin in bfloat16",
    "float16_cache": "stores cos/sin in float16",
    "fn_failed": "fn raised or returned an unusable output",
    "unexplained": "no known mistake, nor two of them, explains the output",
}
"""Every cause a diagnosis may name, and what it means (docs/verify.md lists them)."""


@dataclass(frozen=True)
class Observation:
    """One case as run: inputs, the seq_len in force (never re-derived), fn's output, failed or not."""

    x: np.ndarray
    positions: np.ndarray
    seq_len: float | None
    y: np.ndarray
    failed: bool


@dataclass(frozen=True)
class Hypothesis:
    cause: str
    explanation: str
    parameter: float | None
    simulate: Callable[[Observation], np.ndarray]
    model: Any  # the RoPE / MultiAxisRoPE / XPos whose frequencies and attention factor the tolerance uses


@dataclass(frozen=True)
class Precision:
    cause: str | None  # None for the declared precision
    angle_dtype: str
    table_dtype: str | None = None


@dataclass
class Finding:
    """The causes found, in order (structure first), with explanation and fitted parameter."""

    causes: list[tuple[str, str, float | None]]
    tried: list[str]


# -- the tolerance a hypothesis is judged with ---------------------------------------------------

def _rate_and_factor(model: Any, obs: Observation) -> tuple[float, float, float]:
    """(angle rate A, attention factor a, max |m|) of a model at an observation's positions."""
    pos = np.asarray(obs.positions, dtype=np.float64)
    if isinstance(model, MultiAxisRoPE):
        return angle_rate(model.frequencies), 1.0, float(np.max(np.abs(pos).sum(axis=-1), initial=0.0))
    rope = model.rope if isinstance(model, XPos) else model
    return (angle_rate(rope.inv_freq_for(pos, obs.seq_len)), rope.attention_factor,
            float(np.max(np.abs(pos), initial=0.0)))


def observation_tolerance(model: Any, obs: Observation, expected: np.ndarray, dtype: str, angle_dtype: str,
                          table_dtype: str | None = None) -> Any:
    """The policy's tolerance for one observation under a model (the same rule check uses)."""
    rate, a, m = _rate_and_factor(model, obs)
    top = float(np.max(np.abs(expected), initial=0.0))
    pair = math.sqrt(2.0) * float(np.max(np.abs(obs.x), initial=0.0))
    if isinstance(model, XPos):  # the scale multiplies the pair; bound it by the output
        pair = max(pair, math.sqrt(2.0) * top)
    return case_tolerance(dtype=dtype, angle_dtype=angle_dtype, table_dtype=table_dtype, pair_norm=pair,
                          max_position=m, angle_rate=rate, attention_factor=a, max_expected=top)


def _explains(hyp: Hypothesis, prec: Precision, observed: Sequence[Observation], dtype: str) -> bool:
    informative = 0
    for obs in observed:
        try:
            alt = hyp.simulate(obs)
            if alt.shape != obs.y.shape or not np.all(np.isfinite(alt)):
                return False
            tol = observation_tolerance(hyp.model, obs, alt, dtype, prec.angle_dtype, prec.table_dtype)
        except (ArithmeticError, TypeError, ValueError, IndexError):
            return False
        if not tol.checkable:
            continue
        if float(np.max(np.abs(obs.y - alt), initial=0.0)) > tol.atol:
            return False
        informative += obs.failed
    return informative > 0


# -- hypotheses ------------------------------------------------------------------------------------

def _safe(build: Callable[[], Any]) -> Any:
    try:
        return build()
    except (ArithmeticError, TypeError, ValueError, IndexError):
        return None


def _apply(model: Any) -> Callable[[Observation], np.ndarray]:
    if isinstance(model, RoPE):
        return lambda o: model.apply(o.x, o.positions, o.seq_len)
    if isinstance(model, XPos):
        raise TypeError("use _xpos_apply")
    return lambda o: model.apply(o.x, o.positions)


def _structural_rope(rope: RoPE, probes: dict[float, np.ndarray] | None) -> list[Hypothesis]:
    r, other = rope.rotary_dim, ("interleaved" if rope.layout == "half" else "half")
    hyps: list[Hypothesis] = []

    def add(cause: str, explanation: str, parameter: float | None, build: Callable[[], RoPE]) -> None:
        alt = _safe(build)
        if alt is not None and alt != rope:
            hyps.append(Hypothesis(cause, explanation, parameter, _apply(alt), alt))

    def replace(**changes: Any) -> Callable[[], RoPE]:
        return lambda: dataclasses.replace(rope, precision="float64", **changes)

    add("other_layout", f"pairs features as {other!r}, not {rope.layout!r}", None, replace(layout=other))
    for pairing in (rope.layout, other):
        alt = _safe(replace(layout=pairing))
        if alt is None:
            continue
        for order, perm in (("half", _to_half_order(r)), ("interleaved", np.argsort(_to_half_order(r)))):
            if order == pairing:
                continue
            hyps.append(Hypothesis("output_order", f"pairs features as {pairing!r} and returns them in {order!r} "
                                   "order", None, _permuted(alt, perm), alt))
    if rope.scaling is not None:
        add("missing_scaling", f"rotates with plain RoPE instead of {rope.scaling!r}", None, replace(scaling=None))
        if rope.attention_factor != 1.0:
            hyps.append(Hypothesis("missing_attention_factor", f"leaves out the attention factor "
                                   f"a = {rope.attention_factor:.6g} of {type(rope.scaling).__name__}",
                                   rope.attention_factor, _gain(rope, 1.0 / rope.attention_factor), rope))
        declared = getattr(rope.scaling, "factor", None)
        if isinstance(declared, (int, float)):
            for f in dict.fromkeys((*COMMON_FACTORS, 2.0 * declared, declared / 2.0)):
                if f != declared and f > 0:
                    add("scaling_factor", f"uses factor {f:g} instead of {declared:g}", f,
                        lambda f=f: dataclasses.replace(rope, precision="float64",
                                                        scaling=dataclasses.replace(rope.scaling, factor=f)))
    hyps.append(Hypothesis("opposite_direction", "rotates by -m theta_j", None,
                           lambda o: rope.apply(o.x, -np.asarray(o.positions, dtype=np.float64), o.seq_len), rope))
    offsets = [1.0, -1.0, 2.0, -2.0]
    fitted = _fit_offset(probes, rope)
    if fitted is not None:
        offsets.insert(0, fitted)
    for c in dict.fromkeys(offsets):
        hyps.append(Hypothesis("position_offset", f"rotates position m as m {'+' if c >= 0 else '-'} {abs(c):g}", c,
                               lambda o, c=c: rope.apply(o.x, np.asarray(o.positions, dtype=np.float64) + c,
                                                         o.seq_len), rope))
    measured = _fit_frequencies(probes, rope)
    bases = list(COMMON_BASES)
    fit = None if measured is None else _fit_base(np.abs(measured), r)
    if fit is not None:
        bases.insert(0, fit)
    for b in dict.fromkeys(bases):
        if b != rope.base:
            add("other_base", f"uses base {b:.6g} instead of {rope.base:g}", b, replace(base=b))
    if rope.scaling is None:
        factors = [2.0, 4.0, 8.0, 0.5]
        if measured is not None and abs(measured[0]) > 1e-12:
            factors.insert(0, _snap(float(rope.inv_freq()[0] / abs(measured[0])), 1 / 1024))
        for s in dict.fromkeys(factors):
            if s > 0 and abs(s - 1) > 1e-9:
                add("linear_factor", f"divides every frequency by {s:.6g}", s, replace(scaling=Linear(s)))
    if r < rope.dim:
        add("frequencies_from_dim", f"uses theta_j = base^(-2j/{rope.dim}) (dim) instead of base^(-2j/{r})", None,
            replace(base=rope.base ** (r / rope.dim)))
    for smaller in range(r - 2, 0, -2):
        add("smaller_rotary_dim", f"rotates only the first {smaller} features", float(smaller),
            lambda smaller=smaller: _narrower(rope, smaller))
    gains = []
    if probes is not None and 0 in probes:
        re, im = pair_indices(r, rope.layout)
        g = float(np.median(np.hypot(probes[0][re, re], probes[0][re, im]))) / rope.attention_factor
        if np.isfinite(g) and g > 0:
            gains.append(_snap(g, 1 / 4096))
    for g in dict.fromkeys(gains):
        if abs(g - 1) > 1e-6 and abs(g * rope.attention_factor - 1) > 1e-6:
            hyps.append(Hypothesis("attention_factor", f"multiplies the rotated features by {g:.6g} times the "
                                   f"declared attention factor {rope.attention_factor:g}", g, _gain(rope, g), rope))
    hyps.append(Hypothesis("cos_sin_swapped", "uses sin where cos belongs and cos where sin belongs", None,
                           lambda o: _swapped(rope, o), rope))
    return hyps


def _narrower(rope: RoPE, rotary_dim: int) -> RoPE:
    scaling = rope.scaling
    if isinstance(scaling, LongRoPE):  # per-pair factor lists follow the rotated width
        half = rotary_dim // 2
        scaling = dataclasses.replace(scaling, short_factor=scaling.short_factor[:half],
                                      long_factor=scaling.long_factor[:half])
    return dataclasses.replace(rope, precision="float64", rotary_dim=rotary_dim, scaling=scaling)


def _to_half_order(r: int) -> np.ndarray:
    """Feature permutation that gathers the even, then the odd features of the rotated part."""
    return np.concatenate([np.arange(0, r, 2), np.arange(1, r, 2)])


def _permuted(rope: RoPE, perm: np.ndarray) -> Callable[[Observation], np.ndarray]:
    def run(o: Observation) -> np.ndarray:
        y = rope.apply(o.x, o.positions, o.seq_len)
        out = y.copy()
        out[..., : perm.size] = y[..., perm]
        return out
    return run


def _gain(rope: RoPE, gain: float) -> Callable[[Observation], np.ndarray]:
    def run(o: Observation) -> np.ndarray:
        out = rope.apply(o.x, o.positions, o.seq_len)
        out[..., : rope.rotary_dim] *= gain
        return out
    return run


def _swapped(rope: RoPE, o: Observation) -> np.ndarray:
    cos, sin = rope.cos_sin(o.positions, o.seq_len)
    return rotate_cos_sin(o.x, sin, cos, rope.layout, rope.rotary_dim, rope.attention_factor)


def _structural_multiaxis(model: MultiAxisRoPE) -> list[Hypothesis]:
    other = "interleaved" if model.layout == "half" else "half"
    hyps = []
    alt = _safe(lambda: dataclasses.replace(model, layout=other, precision="float64"))
    if alt is not None:
        hyps.append(Hypothesis("other_layout", f"pairs features as {other!r}, not {model.layout!r}", None,
                               _apply(alt), alt))
    hyps.append(Hypothesis("opposite_direction", "rotates by -angle_j", None,
                           lambda o: model.apply(o.x, -np.asarray(o.positions, dtype=np.float64)), model))
    if model.axes > 1:
        hyps.append(Hypothesis("axes_swapped", "reads the position axes in reverse order", None,
                               lambda o: model.apply(o.x, np.asarray(o.positions)[..., ::-1]), model))
    return hyps


def _structural_xpos(model: XPos, role: str) -> list[Hypothesis]:
    other_role = "key" if role == "query" else "query"
    rope = model.rope
    other = "interleaved" if rope.layout == "half" else "half"
    hyps = []
    alt = _safe(lambda: dataclasses.replace(model, rope=dataclasses.replace(rope, layout=other)))
    if alt is not None:
        hyps.append(Hypothesis("other_layout", f"pairs features as {other!r}, not {rope.layout!r}", None,
                               lambda o: alt.apply(o.x, o.positions, role, o.seq_len), alt))
    hyps.append(Hypothesis("other_role", f"scales as a {other_role}, not a {role}", None,
                           lambda o: model.apply(o.x, o.positions, other_role, o.seq_len), model))
    hyps.append(Hypothesis("missing_xpos_scale", "rotates as plain RoPE, without the xPos scale", None,
                           lambda o: rope.apply(o.x, o.positions, o.seq_len), rope))
    hyps.append(Hypothesis("opposite_direction", "rotates by -m theta_j", None,
                           lambda o: model.apply(o.x, -np.asarray(o.positions, dtype=np.float64), role, o.seq_len),
                           model))
    return hyps


# -- fitting parameters from unit-vector probes ---------------------------------------------------

def _wrap(angle: np.ndarray) -> np.ndarray:
    return (angle + np.pi) % (2 * np.pi) - np.pi


def _snap(value: float, step: float = 1.0) -> float:
    """value rounded to a multiple of ``step`` when within 1e-6 (relative) of one: fitted parameters
    carry measurement noise that would otherwise show at long positions."""
    near = round(value / step) * step
    return near if near != 0 and abs(value - near) <= 1e-6 * max(abs(value), step) else value


def _fit_offset(probes: dict[float, np.ndarray] | None, rope: RoPE) -> float | None:
    """c with angle_j(0) = c theta_j: coarse from the slowest pair, refined pair by pair (unwrapping)."""
    if probes is None or 0 not in probes:
        return None
    re, im = pair_indices(rope.rotary_dim, rope.layout)
    phi = np.arctan2(probes[0][re, im], probes[0][re, re])
    theta = rope.inv_freq_for(np.zeros(1), None if not _seq_dependent(rope) else 1.0)
    if np.max(np.abs(phi)) < 1e-6:
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
    return None if c is None or not math.isfinite(c) else _snap(float(c))


def _seq_dependent(rope: RoPE) -> bool:
    return rope.scaling is not None and rope.scaling.depends_on_seq_len


def _fit_frequencies(probes: dict[float, np.ndarray] | None, rope: RoPE) -> np.ndarray | None:
    """theta_j measured at m = 1 (valid for |theta_j| < pi) in the declared layout."""
    if probes is None or 1 not in probes:
        return None
    re, im = pair_indices(rope.rotary_dim, rope.layout)
    phi0 = np.arctan2(probes[0][re, im], probes[0][re, re]) if 0 in probes else 0.0
    return _wrap(np.arctan2(probes[1][re, im], probes[1][re, re]) - phi0)


def _fit_base(measured: np.ndarray, rotary_dim: int) -> float | None:
    """base with measured_j = base^(-2j/r), fitted by least squares on log theta (j >= 1)."""
    j = np.arange(1, measured.size)
    ok = measured[1:] > 0
    if ok.sum() < 2:
        return None
    slope = np.sum(j[ok] * np.log(measured[1:][ok])) / np.sum(j[ok] ** 2)
    with np.errstate(over="ignore"):
        base = math.exp(min(-slope * rotary_dim / 2, 700.0))
    return _snap(float(base)) if np.isfinite(base) and base > 1 else None


# -- the search ------------------------------------------------------------------------------------

def precisions(dtype: str, angle_dtype: str) -> list[Precision]:
    """The lower precisions a failure may come from, for an implementation declared at these."""
    out = []
    if UNIT_ROUNDOFF[angle_dtype] < UNIT_ROUNDOFF["float32"]:
        out.append(Precision("float32_angles", "float32"))
    for cache in ("float16", "bfloat16"):  # tightest first: a bfloat16 tolerance covers float16 errors
        if UNIT_ROUNDOFF[cache] > UNIT_ROUNDOFF[dtype]:
            out.append(Precision(f"{cache}_cache", "float32", cache))
    return out


def diagnose(model: Any, observed: Sequence[Observation], dtype: str, angle_dtype: str,
             probes: dict[float, np.ndarray] | None = None, role: str = "query") -> Finding:
    """The simplest explanation of the observations: a precision, a structure, or one of each."""
    if isinstance(model, RoPE):
        structural = _structural_rope(model, probes)
        null_sim = _apply(model)
    elif isinstance(model, XPos):
        structural = _structural_xpos(model, role)
        null_sim = lambda o: model.apply(o.x, o.positions, role, o.seq_len)  # noqa: E731
    else:
        structural = _structural_multiaxis(model)
        null_sim = _apply(model)
    declared = Precision(None, angle_dtype)
    lower = precisions(dtype, angle_dtype)
    ordered = sorted(observed, key=lambda o: not o.failed)  # failing cases first: most hypotheses die there
    tried = [p.cause for p in lower if p.cause] + list(dict.fromkeys(h.cause for h in structural))
    null = Hypothesis("", "", None, null_sim, model)
    for prec in lower:
        if _explains(null, prec, ordered, dtype):
            return Finding([(prec.cause or "", CAUSES[prec.cause or "unexplained"], None)], tried)
    for hyp in structural:
        if _explains(hyp, declared, ordered, dtype):
            return Finding([(hyp.cause, hyp.explanation, hyp.parameter)], tried)
    for hyp in structural:
        for prec in lower:
            if _explains(hyp, prec, ordered, dtype):
                return Finding([(hyp.cause, hyp.explanation, hyp.parameter),
                                (prec.cause or "", CAUSES[prec.cause or "unexplained"], None)], tried)
    return Finding([], tried)

"""Diagnosis for ``check``: which known mistake (or two) explains an implementation's outputs.

A hypothesis is a *structure* (another layout, base, offset, direction, scaling parameter,
rotary width, pairing, attention factor, output order, position handling, ...) at a
*precision* (the recipes the verdict accepts, or a lower one: float32 angles where float64 was
required, a bfloat16 or float16 cos/sin cache, angles or frequencies formed in bfloat16 or
float16). It explains the outputs when, on every case that is checkable at that precision, the
implementation's output lies within the policy's tolerance of what the hypothesis computes
(:func:`rope_ref._policy.verdict`), and at least one failing case is among them.

The measurement (:mod:`rope_ref._check.identify`) comes first: fn not linear in x, or an output
that changed when a case was run again, are named from it directly; its fitted base, factor,
offset, gain, rotary width, fixed position, clamp, rule parameter and sequence length seed the
hypotheses. The search then tries a precision alone, a structure alone, a structure at a lower
precision, and two structures of different kinds together; when nothing explains the outputs,
a measured departure from a rotation or a modified pass-through feature is named, and
otherwise "unexplained" with the measured differences. Every hypothesis is built and simulated
so that it cannot raise: one that cannot be built or run explains nothing.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> rope, x, m = RoPE(8), np.ones((3, 8)), np.array([0, 5, 9])
    >>> seen = [Observation(x, m, None, RoPE(8, layout="interleaved").apply(x, m), True)]
    >>> diagnose(rope, seen, "float64", ("float64",)).causes[0][0]
    'other_layout'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref._check.hypotheses import (
    Hypothesis,
    Observation,
    arange_positions,
    combine,
    from_spec,
    simulate,
    snap,
    yarn_variant,
)
from rope_ref._check.identify import Measurement
from rope_ref._policy import UNIT_ROUNDOFF, angle_rate, case_tolerance, verdict
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.precision import Recipe, round_to
from rope_ref.rope import RoPE
from rope_ref.scaling import DynamicNTK, Linear, LongRoPE, YaRN
from rope_ref.xpos import XPos

__all__ = ["CAUSES", "Finding", "Observation", "diagnose", "observation_tolerance"]

COMMON_BASES = (10000.0, 500000.0, 1000000.0, 100000.0, 50000.0, 1000.0, 100.0, 10.0, 5000000.0, 10000000.0)
COMMON_FACTORS = (2.0, 4.0, 8.0, 16.0, 32.0, 40.0, 64.0)

CAUSES = {
    "other_layout": "pairs features in the other layout",
    "output_order": "pairs features in one layout but returns them in the other order (as DeepSeek code in "
                    "transformers does)",
    "mixed_layout": "lays its cos/sin tables out for one pairing and rotates the other pairing",
    "partial_pairing": "pairs the rotated features across the whole head (j, j + d/2) instead of inside the "
                       "rotated block (j, j + r/2)",
    "missing_scaling": "ignores the declared context-extension rule (default frequencies, no attention factor)",
    "scaling_factor": "applies the declared context-extension rule with another factor",
    "scaling_parameter": "applies the declared context-extension rule with another value of one of its parameters",
    "yarn_ramp": "computes YaRN's correction range another way (truncation, clamping, or beta_fast and beta_slow "
                 "swapped)",
    "seq_len_ignored": "evaluates a rule that depends on the sequence length at one fixed length",
    "other_base": "uses another frequency base",
    "linear_factor": "divides the frequencies by a constant factor (linear scaling / position interpolation)",
    "position_offset": "adds a constant to the positions",
    "positions_ignored": "ignores the positions it is given: rotates row i by i (arange), or every row by one "
                         "fixed position",
    "offset_ignored": "ignores the offset it is given: rotates row i by i whatever the offset",
    "positions_clamped": "stops rotating past a position (a cos/sin cache too short, or indices clamped)",
    "opposite_direction": "rotates in the opposite direction (m -> -m, or sin with the wrong sign)",
    "no_rotation": "does not rotate: returns x (or x times a constant)",
    "smaller_rotary_dim": "rotates fewer features than declared",
    "frequencies_from_dim": "computes the frequencies of the rotated features from dim instead of rotary_dim",
    "pass_through_modified": "changes the features that should pass through unrotated",
    "missing_attention_factor": "leaves out the declared rule's attention factor",
    "attention_factor": "multiplies the output by a constant (a wrong or extra attention factor)",
    "cos_sin_swapped": "swaps cos and sin",
    "axes_swapped": "reads the position axes in another order",
    "mrope_layout": "assigns M-RoPE's frequencies to the position rows in the other arrangement (sectioned "
                    "where interleaved was declared, or the reverse)",
    "other_role": "applies the xPos scale of the other role (query / key)",
    "missing_xpos_scale": "rotates without the xPos scale",
    "not_a_rotation": "does not rotate its pairs: pair norms or the shape of the 2x2 block change",
    "not_linear": "is not linear in x, as every RoPE is",
    "stateful": "gives another output for the same input depending on earlier calls (a cache or a kept state)",
    "float32_angles": "computes inv_freq and the angles m theta_j in float32, so the error grows with position "
                      "(about |m theta| 2^-24 per angle)",
    "bfloat16_cache": "stores cos/sin in bfloat16",
    "float16_cache": "stores cos/sin in float16",
    "bfloat16_angles": "forms the angles in bfloat16 (inv_freq, positions and their product, as under autocast)",
    "float16_angles": "forms the angles in float16 (inv_freq, positions and their product, as under autocast)",
    "bfloat16_inv_freq": "holds inv_freq in bfloat16 (the buffer cast with the model)",
    "float16_inv_freq": "holds inv_freq in float16 (the buffer cast with the model)",
    "bfloat16_positions": "holds the positions in bfloat16 (integers above 256 are rounded)",
    "float16_positions": "holds the positions in float16 (integers above 2048 are rounded)",
    "fn_failed": "fn raised or returned an unusable output",
    "unexplained": "no known mistake, nor two of them, explains the output",
}
"""Every cause a diagnosis may name, and what it means (docs/verify.md lists them)."""

#: Sim-based precisions: cause -> (precision recipe, the low dtype).
_RECIPE_CAUSES: list[tuple[str, Any, str]] = [
    ("bfloat16_angles", "bf16_angles", "bfloat16"),  # autocast: inv_freq, positions and product in bfloat16
    ("bfloat16_angles", Recipe("bf16_angle_cast", "float32 angles cast to bfloat16 before cos/sin",
                               compute="bfloat16", cache="bfloat16"), "bfloat16"),
    ("bfloat16_inv_freq", "bf16_inv_freq", "bfloat16"), ("bfloat16_inv_freq", "power:bfloat16", "bfloat16"),
    ("bfloat16_positions", "bf16_positions", "bfloat16"),
    ("float16_angles", "fp16_angles", "float16"),
    ("float16_angles", Recipe("fp16_angle_cast", "float32 angles cast to float16 before cos/sin",
                              compute="float16", cache="float16"), "float16"),
    ("float16_inv_freq", "fp16_inv_freq", "float16"), ("float16_inv_freq", "power:float16", "float16"),
    ("float16_positions", "fp16_positions", "float16")]
"""Sim-based precisions: (cause, how the angles are formed, the low dtype). A recipe (its name or a
:class:`rope_ref.precision.Recipe`), or "power:<fmt>": inv_freq = 1 / base ** (2j/r) with the exponent, the
power (inf past the format's range) and the reciprocal each rounded to the format, as under a default dtype
of float16 or bfloat16."""


@dataclass(frozen=True)
class Precision:
    """A precision a hypothesis is judged at: tolerances at these (angle dtype, table dtype) pairs,
    and, for a recipe, the angles simulated as that recipe forms them."""

    cause: str | None  # None for what the verdict accepts
    contexts: tuple[tuple[str, str | None], ...]
    recipe: Any = None


@dataclass
class Finding:
    """The causes found, in order (structure first), with explanation and fitted parameter."""

    causes: list[tuple[str, str, float | None]]
    tried: list[str]


# -- judging a hypothesis ---------------------------------------------------------------------------

def _rate_and_factor(model: Any, obs: Observation) -> tuple[float, float, float]:
    """(angle rate A, attention factor a, max |m|) of a model at an observation's positions."""
    pos = np.asarray(obs.positions, dtype=np.float64)
    if isinstance(model, MultiAxisRoPE):
        return angle_rate(model.frequencies), 1.0, float(np.max(np.abs(pos).sum(axis=-1), initial=0.0))
    rope = model.rope if isinstance(model, XPos) else model
    depends = rope.scaling is not None and rope.scaling.depends_on_seq_len
    length = rope._resolve_length(pos, obs.seq_len)[1] if depends else None  # the length apply uses
    return (angle_rate(rope.inv_freq_for(pos, obs.seq_len)), rope.attention_factor_at(length),
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


def error_of(y: np.ndarray, alt: np.ndarray) -> np.ndarray:
    """|y - alt| with alt (n, d) broadcast over the heads of a "qk" output (n, heads, d)."""
    if y.ndim == alt.ndim + 1:
        alt = alt[:, None, :]
    return np.abs(y - alt)


def _status(hyp: Hypothesis, prec: Precision, obs: Observation, dtype: str) -> str:
    try:
        alt = hyp.simulate(obs)
        if alt.shape not in (obs.x.shape, obs.y.shape) or not np.all(np.isfinite(alt)):
            return "fail"
        tols = [observation_tolerance(hyp.model, obs, alt, dtype, a, t) for a, t in prec.contexts]
    except (ArithmeticError, TypeError, ValueError, IndexError):
        return "fail"
    return verdict(float(np.max(error_of(obs.y, alt), initial=0.0)), tols)[0]


def _explains(hyp: Hypothesis, prec: Precision, observed: Sequence[Observation], dtype: str) -> bool:
    informative = 0
    for obs in observed:
        status = _status(hyp, prec, obs, dtype)
        if status == "fail":
            return False
        informative += status == "pass" and obs.failed
    return informative > 0


def _score(hyp: Hypothesis, prec: Precision, observed: Sequence[Observation], dtype: str) -> float:
    """The fraction of output elements of the failing cases the hypothesis gets within tolerance."""
    inside, total = 0, 0
    for obs in observed:
        if not obs.failed:
            continue
        try:
            alt = hyp.simulate(obs)
            tol = max((observation_tolerance(hyp.model, obs, alt, dtype, a, t).atol or 0.0) for a, t in prec.contexts)
            err = error_of(obs.y, alt)
        except (ArithmeticError, TypeError, ValueError, IndexError):
            return 0.0
        inside += int(np.sum(err <= tol))
        total += err.size
    return inside / total if total else 0.0


def _with_recipe(hyp: Hypothesis, recipe: Any) -> Hypothesis | None:
    spec = hyp.spec
    if spec is None or spec.freq is not None or spec.tables is not None:
        return None
    if isinstance(recipe, str) and recipe.startswith("power:"):
        if spec.rope.scaling is not None:
            return None
        theta = _low_power_inv_freq(spec.rope, recipe.split(":", 1)[1])
        alt = dataclasses.replace(spec, freq=lambda p, s, t=theta: t)
    else:
        alt = dataclasses.replace(spec, recipe=recipe)
    return dataclasses.replace(hyp, simulate=lambda o, s=alt: simulate(s, o), spec=alt)


def _low_power_inv_freq(rope: RoPE, fmt: str) -> np.ndarray:
    """1 / base ** (2j / r) with the exponent, the power and the reciprocal rounded to fmt (the power becomes inf
    past the format's range, and its reciprocal 0: those pairs never rotate)."""
    r = rope.rotary_dim
    exponent = round_to(np.arange(0, r, 2, dtype=np.float64) / r, fmt)
    with np.errstate(over="ignore"):
        power = round_to(np.power(float(rope.base), exponent), fmt)
        return round_to(1.0 / power, fmt)


# -- hypotheses for RoPE ---------------------------------------------------------------------------------

def _readings(meas: Measurement | None) -> list[Any]:
    if meas is None or not meas.pairing_as_declared:
        return []
    return [p for p in meas.pairs if p.axis is None]


def _fit_offset(meas: Measurement | None, theta: np.ndarray) -> float | None:
    """c with phase_j = c theta_j: coarse from the slowest pair, refined pair by pair (unwrapping)."""
    reads = _readings(meas)
    if not reads or not meas or 0 not in meas.positions:
        return None
    phi = np.array([p.phase for p in reads])
    if np.max(np.abs(phi)) < 1e-6:
        return None
    c = None
    for j in range(len(reads) - 1, -1, -1):  # slowest pair first: no wrap-around for |c theta_j| < pi
        if theta[j] <= 0:
            continue
        if c is None:
            c = phi[j] / theta[j]
        else:
            turns = np.round((c * theta[j] - phi[j]) / (2 * np.pi))
            c = (phi[j] + 2 * np.pi * turns) / theta[j]
    return None if c is None or not math.isfinite(c) else snap(float(c))


def _measured_frequencies(meas: Measurement | None) -> np.ndarray | None:
    reads = _readings(meas)
    if not reads:
        return None
    return np.array([p.frequency for p in reads])


def _fit_base(measured: np.ndarray, rotary_dim: int) -> float | None:
    """base with measured_j = base^(-2j/r), fitted by least squares on log theta (j >= 1)."""
    j = np.arange(1, measured.size)
    ok = measured[1:] > 0
    if ok.sum() < 2:
        return None
    slope = np.sum(j[ok] * np.log(measured[1:][ok])) / np.sum(j[ok] ** 2)
    with np.errstate(over="ignore"):
        base = math.exp(min(-slope * rotary_dim / 2, 700.0))
    return snap(float(base)) if np.isfinite(base) and base > 1 else None


def _fit_1d(evaluate: Callable[[float], np.ndarray | None], measured: np.ndarray, start: float,
            low: float, high: float, integer: bool = False) -> float | None:
    """The value t in [low, high] whose frequencies evaluate(t) match the measured ones best (least
    squares on log frequency): a log-spaced scan, then golden-section refinement."""
    ok = measured > 0

    def cost(t: float) -> float:
        try:
            f = evaluate(t)
        except (ArithmeticError, TypeError, ValueError):
            return math.inf
        if f is None or f.shape != measured.shape or not np.all(f[ok] > 0):
            return math.inf
        return float(np.sum((np.log(f[ok]) - np.log(measured[ok])) ** 2))

    if ok.sum() < 2 or not (0 < low < high):
        return None
    grid = np.geomspace(low, high, 49)
    costs = [cost(float(t)) for t in grid]
    i = int(np.argmin(costs))
    if not math.isfinite(costs[i]):
        return None
    a, b = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, grid.size - 1)])
    g = (math.sqrt(5) - 1) / 2
    for _ in range(40):
        c, d = b - g * (b - a), a + g * (b - a)
        if cost(c) < cost(d):
            b = d
        else:
            a = c
    t = (a + b) / 2
    if integer:
        t = float(min((math.floor(t), math.ceil(t)), key=cost))
    return snap(t) if abs(t - start) > 1e-9 * abs(start) else None


def _rule_fields(rule: Any) -> list[str]:
    """The numeric parameters of a rule that a mistake could change (not the factor, not the lists)."""
    skip = {"factor", "attention_factor_override", "short_factor", "long_factor", "truncate"}
    return [f.name for f in dataclasses.fields(rule) if f.init and f.name not in skip
            and isinstance(getattr(rule, f.name), (int, float)) and not isinstance(getattr(rule, f.name), bool)]


def rope_hypotheses(rope: RoPE, meas: Measurement | None, interface: str, context: float | None,
                    history: Sequence[Observation] = ()) -> list[Hypothesis]:
    """Single structural mistakes for a declared RoPE, seeded by the measurement (``history``: the
    observations in the order the calls were made, for mistakes that depend on earlier calls)."""
    r, d = rope.rotary_dim, rope.dim
    other = "interleaved" if rope.layout == "half" else "half"
    hyps: list[Hypothesis] = []

    def add(hyp: Hypothesis | None) -> None:
        if hyp is not None:
            hyps.append(hyp)

    def variant(**changes: Any) -> RoPE | None:
        try:
            return dataclasses.replace(rope, precision="float64", **changes)
        except (TypeError, ValueError, ArithmeticError):
            return None

    def rope_change(cause: str, explanation: str, parameter: float | None, family: str, **changes: Any) -> None:
        alt = variant(**changes)
        if alt is not None and alt != rope:
            add(from_spec(cause, explanation, parameter, rope, family, rope=alt))

    # pairing
    rope_change("other_layout", f"pairs features as {other!r}, not {rope.layout!r}", None, "pairing", layout=other)
    half_order = np.concatenate([np.arange(0, r, 2), np.arange(1, r, 2)])
    for pairing in (rope.layout, other):
        alt = variant(layout=pairing)
        if alt is None:
            continue
        for order, perm in (("half", half_order), ("interleaved", np.argsort(half_order))):
            if order != pairing:
                changes: dict[str, Any] = {"output": _permute(perm)}
                if pairing != rope.layout:
                    changes["rope"] = alt
                add(from_spec("output_order", f"pairs features as {pairing!r} and returns them in {order!r} order",
                              None, rope, "order", **changes))
    alt = variant(layout=other)
    if alt is not None:
        add(from_spec("mixed_layout", f"rotates {rope.layout!r} pairs with cos/sin tables laid out for {other!r}",
                      None, rope, "pairing", tables=other))
        add(from_spec("mixed_layout", f"rotates {other!r} pairs with cos/sin tables laid out for {rope.layout!r}",
                      None, rope, "pairing", rope=alt, tables=rope.layout))
    theta_all = rope.inv_freq_for(np.zeros(1), 1.0 if _seq_dependent(rope) else None)
    live = int(np.count_nonzero(theta_all))
    if rope.layout == "half" and 0 < live < theta_all.size and np.all(theta_all[live:] == 0):
        j = tuple(range(live))  # declared across the head with zero frequencies (proportional): paired in a block
        kept = theta_all[:live].copy()
        add(from_spec("partial_pairing", f"pairs feature j with j + {live} inside a block of {2 * live} features "
                      f"instead of j + {r // 2} across the head", None, rope, "pairing",
                      pairs=(j, tuple(k + live for k in j)), freq=lambda p, s, t=kept: t))
    if r < d and rope.layout == "half" and r // 2 <= d // 2:
        j = tuple(range(r // 2))
        add(from_spec("partial_pairing", f"pairs feature j with j + {d // 2} (half the head) instead of j + {r // 2}",
                      None, rope, "pairing", pairs=(j, tuple(k + d // 2 for k in j))))
    # the rule
    if rope.scaling is not None:
        rope_change("missing_scaling", f"rotates with plain RoPE instead of {rope.scaling!r}", None, "frequency",
                    scaling=None)
        if rope.attention_factor != 1.0:
            add(from_spec("missing_attention_factor", f"leaves out the attention factor a = "
                          f"{rope.attention_factor:.6g} of {type(rope.scaling).__name__}", rope.attention_factor,
                          rope, "gain", gain=1.0))
        declared = getattr(rope.scaling, "factor", None)
        if isinstance(declared, (int, float)) and not isinstance(declared, bool):
            factors = [*COMMON_FACTORS, 2.0 * declared, declared / 2.0]
            measured_now = _measured_frequencies(meas)
            if measured_now is not None and declared > 0:
                fitted_factor = _fit_1d(lambda t: _rule_frequencies(rope, "factor", t, meas), measured_now,
                                        float(declared), max(declared / 64, 1.0 + 1e-6), declared * 64)
                if fitted_factor is not None:
                    factors.insert(0, snap(fitted_factor, 1 / 1024))
            for f in dict.fromkeys(factors):
                if f != declared and f > 0:
                    rule = _safe(lambda f=f: dataclasses.replace(rope.scaling, factor=f))
                    if rule is not None:
                        rope_change("scaling_factor", f"uses factor {f:g} instead of {declared:g}", f, "frequency",
                                    scaling=rule)
        _rule_parameter_hypotheses(rope, meas, add, rope_change)
        if isinstance(rope.scaling, YaRN):
            _yarn_hypotheses(rope, add)
        if rope.scaling.depends_on_seq_len:
            _seq_len_hypotheses(rope, meas, context, add)
    # positions
    add(from_spec("opposite_direction", "rotates by -m theta_j", None, rope, "position",
                  positions=lambda p, o: -p))
    offsets = [1.0, -1.0, 2.0, -2.0]
    fitted = _fit_offset(meas, rope.inv_freq_for(np.zeros(1), 1.0 if _seq_dependent(rope) else None))
    if fitted is not None:
        offsets.insert(0, fitted)
    for c in dict.fromkeys(offsets):
        add(from_spec("position_offset", f"rotates position m as m {'+' if c >= 0 else '-'} {abs(c):g}", c, rope,
                      "position", positions=lambda p, o, c=c: p + c))
    ignored = "offset_ignored" if interface == "offset" else "positions_ignored"
    add(from_spec(ignored, "rotates row i of each call by i, whatever the " +
                  ("offset" if interface == "offset" else "positions"), None, rope, "position",
                  positions=arange_positions))
    if interface == "offset":
        add(from_spec("positions_ignored", "rotates every row of a call at the call's offset, not at offset + i", None,
                      rope, "position", positions=_call_start))
    if interface == "qk":
        add(Hypothesis("positions_ignored", "rotates head h of every token by position h (the rotation runs along "
                       "the head axis)", None, lambda o: _along_heads(rope, o), rope))
    if history:
        cached = _cache_by_length(history)
        add(from_spec("stateful", "reuses the rotation of the first call with the same number of rows (a cache "
                      "keyed by length, without the offset or positions)", None, rope, "position",
                      positions=lambda p, o, c=cached: c.get(o.name, p)))
    if interface != "offset":
        fixed = _fixed_position(meas, rope)
        for c in dict.fromkeys([c for c in (fixed, 0.0) if c is not None]):
            if c != 0.0:
                add(from_spec("positions_ignored", f"rotates every row by position {c:g}, whatever the positions",
                              c, rope, "position", positions=lambda p, o, c=c: np.full_like(p, c)))
    for c in _clamps(meas, context, rope):
        add(from_spec("positions_clamped", f"rotates positions beyond {c:g} as {c:g}", c, rope, "position",
                      positions=lambda p, o, c=c: np.minimum(p, c)))
    # frequencies
    measured = _measured_frequencies(meas)
    bases = list(COMMON_BASES)
    fit = None if measured is None else _fit_base(np.abs(measured), r)
    if fit is not None:
        bases.insert(0, fit)
    for b in dict.fromkeys(bases):
        if b != rope.base:
            rope_change("other_base", f"uses base {b:.6g} instead of {rope.base:g}", b, "frequency", base=b)
    if measured is not None and measured.size > 1 and np.all(np.abs(measured - measured[0]) <= 1e-6 * abs(measured[0])):
        theta0 = float(measured[0])  # every pair at one frequency: base^0 (an exponent -2j/d rounded to an integer)
        add(from_spec("other_base", f"rotates every pair at frequency {theta0:.6g}, as base 1 (or an exponent "
                      "-2j/d rounded to 0) gives", 1.0, rope, "frequency",
                      freq=lambda p, s, n=r // 2, t=theta0: np.full(n, t)))
    if rope.scaling is None:
        factors = [2.0, 4.0, 8.0, 0.5]
        if measured is not None and abs(measured[0]) > 1e-12:
            factors.insert(0, snap(float(rope.inv_freq()[0] / abs(measured[0])), 1 / 1024))
        for s in dict.fromkeys(factors):
            if s > 0 and abs(s - 1) > 1e-9:
                rope_change("linear_factor", f"divides every frequency by {s:.6g}", s, "frequency",
                            scaling=_safe(lambda s=s: Linear(s)))
    if r < d:
        rope_change("frequencies_from_dim", f"uses theta_j = base^(-2j/{d}) (dim) instead of base^(-2j/{r})", None,
                    "frequency", base=rope.base ** (r / d))
        rope_change("pass_through_modified", f"rotates every feature (rotary_dim {d} instead of {r})", float(d),
                    "width", rotary_dim=d, scaling=_narrower_scaling(rope.scaling, d) if rope.scaling else None)
        add(from_spec("pass_through_modified", f"zeroes the {d - r} pass-through features", None, rope,
                      "passthrough", pass_through="zero"))
        if rope.attention_factor != 1.0:
            add(from_spec("pass_through_modified", "multiplies the pass-through features by the attention factor "
                          f"{rope.attention_factor:.6g}", rope.attention_factor, rope, "passthrough",
                          pass_through="gain"))
    for smaller in _narrower_widths(meas, r):
        alt = _safe(lambda smaller=smaller: _narrower(rope, smaller))
        if alt is not None:
            add(from_spec("smaller_rotary_dim", f"rotates only the first {smaller} features", float(smaller), rope,
                          "width", rope=alt))
    # gains
    gains = []
    reads = _readings(meas)
    if reads:
        g = float(np.median([(p.gain[0] + p.gain[1]) / 2 for p in reads]))
        if np.isfinite(g) and g > 0:
            gains.append(snap(g, 1 / 4096))
    for g in dict.fromkeys(gains):
        if abs(g - 1) > 1e-6:
            add(from_spec("attention_factor", f"multiplies the rotated features by {g:.6g} times the declared "
                          f"attention factor {rope.attention_factor:g}", g, rope, "gain",
                          gain=g * rope.attention_factor))
    add(from_spec("no_rotation", "returns x unchanged", None, rope, "position", positions=lambda p, o: 0 * p,
                  gain=1.0))
    if rope.attention_factor != 1.0:
        add(from_spec("no_rotation", f"returns x times the attention factor {rope.attention_factor:.6g}, unrotated",
                      rope.attention_factor, rope, "position", positions=lambda p, o: 0 * p))
    add(from_spec("cos_sin_swapped", "uses sin where cos belongs and cos where sin belongs", None, rope, "swap",
                  swap=True))
    return hyps


def _call_start(positions: np.ndarray, o: Observation) -> np.ndarray:
    """Every row of a call at the call's first position (its offset)."""
    out = positions.copy()
    for start, stop in o.segments or ((0, positions.shape[0]),):
        out[start:stop] = positions[start]
    return out


def _along_heads(rope: RoPE, o: Observation) -> np.ndarray:
    """(n, heads, d): every head h of every token rotated at position h (query heads, then key heads)."""
    heads = o.y.shape[1] if o.y.ndim == 3 else 1
    from rope_ref._check.call import QK_HEADS

    order = list(range(QK_HEADS[0])) + list(range(QK_HEADS[1])) if heads == sum(QK_HEADS) else list(range(heads))
    parts = [rope.apply(o.x, np.full(o.x.shape[0], h, dtype=np.float64), o.seq_len) for h in order]
    return np.stack(parts, axis=1)


def _cache_by_length(history: Sequence[Observation]) -> dict[str, np.ndarray]:
    """The positions a cache keyed by a call's number of rows rotates each observation with: those of the
    first call of that length, in the order the calls were made."""
    first: dict[int, np.ndarray] = {}
    out = {}
    for o in history:
        pos = np.asarray(o.positions, dtype=np.float64).copy()
        for start, stop in o.segments or ((0, pos.shape[0]),):
            seen = first.setdefault(stop - start, pos[start:stop].copy())
            pos[start:stop] = seen
        out[o.name] = pos
    return out


def _safe(build: Callable[[], Any]) -> Any:
    try:
        return build()
    except (ArithmeticError, TypeError, ValueError, IndexError):
        return None


def _seq_dependent(rope: RoPE) -> bool:
    return rope.scaling is not None and rope.scaling.depends_on_seq_len


def _permute(perm: np.ndarray) -> Callable[[np.ndarray, Observation], np.ndarray]:
    def run(y: np.ndarray, o: Observation) -> np.ndarray:
        out = y.copy()
        out[..., : perm.size] = y[..., perm]
        return out
    return run


def _narrower_scaling(scaling: Any, rotary_dim: int) -> Any:
    if isinstance(scaling, LongRoPE):  # per-pair factor lists follow the rotated width
        half = rotary_dim // 2
        if len(scaling.short_factor) < half:
            return None
        return dataclasses.replace(scaling, short_factor=scaling.short_factor[:half],
                                   long_factor=scaling.long_factor[:half])
    return scaling


def _narrower(rope: RoPE, rotary_dim: int) -> RoPE:
    return dataclasses.replace(rope, precision="float64", rotary_dim=rotary_dim,
                               scaling=_narrower_scaling(rope.scaling, rotary_dim))


def _narrower_widths(meas: Measurement | None, r: int) -> list[int]:
    """Rotary widths to try: the one the measurement shows (the pairs that still rotate), then all."""
    widths = list(range(r - 2, 0, -2))
    reads = _readings(meas)
    if reads:
        still = [p.index for p in reads if not (p.frequency_off and abs(p.ratio) < 1e-3)]
        if still and len(still) < len(reads):
            guess = 2 * (max(still) + 1)
            if guess in widths:
                widths.remove(guess)
                widths.insert(0, guess)
    return widths


def _fixed_position(meas: Measurement | None, rope: RoPE) -> float | None:
    """The one position every row is rotated by, when the measured frequencies are all 0."""
    reads = _readings(meas)
    if not reads or not all(p.frequency_off and abs(p.ratio) < 1e-3 for p in reads):
        return None
    return _fit_offset(meas, rope.inv_freq_for(np.zeros(1), 1.0 if _seq_dependent(rope) else None))


def _clamps(meas: Measurement | None, context: float | None, rope: RoPE) -> list[float]:
    """Clamp positions to try when the measured angles stop following the position."""
    reads = _readings(meas)
    breaks = [p.breaks_at for p in reads if p.breaks_at is not None]
    if not breaks or meas is None:
        return []
    start = min(breaks)
    after = [m for m in meas.positions if m > start]
    stop = min(after) if after else math.inf
    candidates = {float(2**k - 1) for k in range(1, 21)} | {float(2**k) for k in range(1, 21)}
    for value in (context, getattr(rope.scaling, "original_max_position_embeddings", None),
                  getattr(rope.scaling, "max_position_embeddings", None)):
        if value:
            candidates |= {float(value) - 1, float(value)}
    return sorted(c for c in candidates if start <= c < stop)


def _rule_parameter_hypotheses(rope: RoPE, meas: Measurement | None, add: Callable[[Hypothesis | None], None],
                               rope_change: Callable[..., None]) -> None:
    """Another value of one rule parameter: common multiples, and the value fitted to the measured
    frequencies."""
    rule = rope.scaling
    measured = _measured_frequencies(meas)
    for name in _rule_fields(rule):
        value = float(getattr(rule, name))
        integer = isinstance(getattr(rule, name), int)
        candidates = [value * k for k in (0.5, 2.0, 0.25, 4.0)] + [1.0, 2.0, 4.0]
        if measured is not None and value > 0:
            fitted = _fit_1d(lambda t, name=name: _rule_frequencies(rope, name, t, meas), measured, value,
                             value / 64, value * 64, integer)
            if fitted is not None:
                candidates.insert(0, fitted)
        for t in dict.fromkeys(candidates):
            if t == value or t <= 0:
                continue
            new = _safe(lambda t=t, name=name, integer=integer: dataclasses.replace(
                rule, **{name: int(t) if integer else t}))
            if new is not None:
                rope_change("scaling_parameter", f"uses {name} {t:g} instead of {value:g}", t, "frequency",
                            scaling=new)


def _rule_frequencies(rope: RoPE, name: str, value: float, meas: Measurement | None) -> np.ndarray | None:
    integer = isinstance(getattr(rope.scaling, name), int)
    rule = dataclasses.replace(rope.scaling, **{name: round(value) if integer else value})
    alt = dataclasses.replace(rope, precision="float64", scaling=rule)
    return alt.inv_freq(meas.seq_len if meas is not None else None)


def _yarn_hypotheses(rope: RoPE, add: Callable[[Hypothesis | None], None]) -> None:
    rule = rope.scaling
    assert isinstance(rule, YaRN)
    r, base = rope.rotary_dim, rope.base
    variants = []
    for truncate in (rule.truncate, not rule.truncate):
        for swap in (False, True):
            for clamp in ("full", "none", "half"):
                words = [w for w, on in ((f"truncate={truncate}", truncate != rule.truncate),
                                         ("beta_fast and beta_slow swapped", swap),
                                         ("no clamping of the range", clamp == "none"),
                                         ("the range clamped to [0, r/2 - 1]", clamp == "half")) if on]
                if words:
                    variants.append((" and ".join(words), dict(truncate=truncate, swap=swap, clamp=clamp)))
    declared = yarn_variant(rule, r, base, truncate=rule.truncate, swap=False, clamp="full")
    for words, kw in variants:
        try:
            freq = yarn_variant(rule, r, base, **kw)
        except (ArithmeticError, ValueError):
            continue
        if np.array_equal(freq, declared):
            continue
        add(from_spec("yarn_ramp", f"computes YaRN's correction range with {words}", None, rope, "frequency",
                      freq=lambda p, s, f=freq: f))


def _seq_len_hypotheses(rope: RoPE, meas: Measurement | None, context: float | None,
                        add: Callable[[Hypothesis | None], None]) -> None:
    rule = rope.scaling
    lengths: list[float] = []
    measured = _measured_frequencies(meas)
    if isinstance(rule, LongRoPE):
        l0 = float(rule.original_max_position_embeddings)
        lengths += [l0 + 1.0, 1.0]
    if isinstance(rule, DynamicNTK):
        big = float(rule.max_position_embeddings)
        lengths += [big, big * float(rule.factor)]
        if measured is not None:
            fitted = _fit_1d(lambda t: rope.inv_freq(t), measured, -1.0, big, big * 1024)
            if fitted is not None:
                lengths.insert(0, float(round(fitted)))
    if context:
        lengths.append(float(context))
    for length in dict.fromkeys(lengths):
        add(from_spec("seq_len_ignored", f"computes the frequencies for sequence length {length:g} whatever the "
                      "positions", length, rope, "frequency", seq_len=lambda o, t=length: t))


# -- hypotheses for multi-axis RoPE and xPos ---------------------------------------------------------------

def _model_hypothesis(cause: str, explanation: str, parameter: float | None, sim: Callable[[Observation], np.ndarray],
                      model: Any) -> Hypothesis:
    return Hypothesis(cause, explanation, parameter, sim, model)


def _apply(model: Any) -> Callable[[Observation], np.ndarray]:
    return lambda o: model.apply(o.x, o.positions)


def _multiaxis_hypotheses(model: MultiAxisRoPE) -> list[Hypothesis]:
    other = "interleaved" if model.layout == "half" else "half"
    hyps = []
    alt = _safe(lambda: dataclasses.replace(model, layout=other, precision="float64"))
    if alt is not None:
        hyps.append(_model_hypothesis("other_layout", f"pairs features as {other!r}, not {model.layout!r}", None,
                                      _apply(alt), alt))
    hyps.append(_model_hypothesis("opposite_direction", "rotates by -angle_j", None,
                                  lambda o: model.apply(o.x, -np.asarray(o.positions, dtype=np.float64)), model))
    if model.axes > 1:
        hyps.append(_model_hypothesis("axes_swapped", "reads the position axes in reverse order", None,
                                      lambda o: model.apply(o.x, np.asarray(o.positions)[..., ::-1]), model))
    other_mrope = _other_mrope(model)
    if other_mrope is not None:
        words, alt_model = other_mrope
        hyps.append(_model_hypothesis("mrope_layout", f"assigns the frequencies to position rows {words}", None,
                                      _apply(alt_model), alt_model))
    return hyps


def _other_mrope(model: MultiAxisRoPE) -> tuple[str, MultiAxisRoPE] | None:
    """The same M-RoPE sections in the other arrangement (sectioned <-> interleaved), if it is M-RoPE."""
    freq = np.asarray(model.frequencies)
    if model.axes != 3 or not np.all((freq != 0).sum(axis=0) <= 1):
        return None
    row = np.argmax(freq != 0, axis=0)
    sections = model.mrope_section if model.mrope_section is not None and len(model.mrope_section) == 3 else \
        tuple(int(np.sum(row == a)) for a in range(3))
    theta = freq.sum(axis=0)
    half = freq.shape[1]
    j = np.arange(half)
    sectioned = np.repeat(np.arange(3), sections)
    interleaved = np.zeros(half, dtype=int)
    interleaved[(j % 3 == 1) & (j < 3 * sections[1])] = 1
    interleaved[(j % 3 == 2) & (j < 3 * sections[2])] = 2
    if np.array_equal(row, sectioned) and not np.array_equal(row, interleaved):
        target, words = interleaved, "interleaved (Qwen3-VL) where sections (Qwen2-VL) were declared"
    elif np.array_equal(row, interleaved) and not np.array_equal(row, sectioned):
        target, words = sectioned, "in sections (Qwen2-VL) where interleaved (Qwen3-VL) was declared"
    else:
        return None
    new = np.zeros_like(freq)
    new[target, j] = theta
    alt = _safe(lambda: MultiAxisRoPE(model.dim, new, model.layout, model.rotary_dim, "float64"))
    return None if alt is None else (words, alt)


def _xpos_hypotheses(model: XPos, role: str) -> list[Hypothesis]:
    other_role = "key" if role == "query" else "query"
    rope = model.rope
    other = "interleaved" if rope.layout == "half" else "half"
    hyps = []
    alt = _safe(lambda: dataclasses.replace(model, rope=dataclasses.replace(rope, layout=other)))
    if alt is not None:
        hyps.append(_model_hypothesis("other_layout", f"pairs features as {other!r}, not {rope.layout!r}", None,
                                      lambda o: alt.apply(o.x, o.positions, role, o.seq_len), alt))
    hyps.append(_model_hypothesis("other_role", f"scales as a {other_role}, not a {role}", None,
                                  lambda o: model.apply(o.x, o.positions, other_role, o.seq_len), model))
    hyps.append(_model_hypothesis("missing_xpos_scale", "rotates as plain RoPE, without the xPos scale", None,
                                  lambda o: rope.apply(o.x, o.positions, o.seq_len), rope))
    hyps.append(_model_hypothesis("opposite_direction", "rotates by -m theta_j", None,
                                  lambda o: model.apply(o.x, -np.asarray(o.positions, dtype=np.float64), role,
                                                        o.seq_len), model))
    return hyps


# -- the search ------------------------------------------------------------------------------------------

def precisions(dtype: str, angle_dtypes: Sequence[str], model: Any) -> list[Precision]:
    """The lower precisions a failure may come from, for an implementation judged at these."""
    out = []
    loosest = max(angle_dtypes, key=lambda a: UNIT_ROUNDOFF[a])
    if UNIT_ROUNDOFF[loosest] < UNIT_ROUNDOFF["float32"]:
        out.append(Precision("float32_angles", (("float32", None),)))
    for cache in ("float16", "bfloat16"):  # tightest first: a bfloat16 tolerance covers float16 errors
        if UNIT_ROUNDOFF[cache] > UNIT_ROUNDOFF[dtype]:
            out.append(Precision(f"{cache}_cache", (("float32", cache),)))
    if isinstance(model, RoPE) and dtype != "float64":
        for cause, recipe, low in _RECIPE_CAUSES:
            out.append(Precision(cause, (("float32", low),), recipe))
    return out


def _null(model: Any, role: str) -> Hypothesis:
    if isinstance(model, RoPE):
        return from_spec("", "", None, model, "") or Hypothesis("", "", None, _apply(model), model)
    if isinstance(model, XPos):
        return Hypothesis("", "", None, lambda o: model.apply(o.x, o.positions, role, o.seq_len), model)
    return Hypothesis("", "", None, _apply(model), model)


def _at(hyp: Hypothesis, prec: Precision) -> Hypothesis | None:
    return hyp if prec.recipe is None else _with_recipe(hyp, prec.recipe)


def _cause(hyp: Hypothesis) -> tuple[str, str, float | None]:
    return hyp.cause, hyp.explanation, hyp.parameter


def _precision_cause(prec: Precision) -> tuple[str, str, float | None]:
    cause = prec.cause or "unexplained"
    return cause, CAUSES[cause], None


def diagnose(model: Any, observed: Sequence[Observation], dtype: str, angle_dtypes: Sequence[str],
             meas: Measurement | None = None, role: str = "query", interface: str = "positions",
             context: float | None = None) -> Finding:
    """The simplest explanation of the observations: a precision, a structure, one of each, or two
    structures; then what the measurement shows; else nothing (the caller says "unexplained")."""
    if meas is not None and "linear" in meas.behaviour:
        return Finding([("not_linear", meas.behaviour["linear"], None)], ["not_linear"])
    if isinstance(model, RoPE):
        structural = rope_hypotheses(model, meas, interface, context, observed)
    elif isinstance(model, XPos):
        structural = _xpos_hypotheses(model, role)
    else:
        structural = _multiaxis_hypotheses(model)
    declared = Precision(None, tuple((a, None) for a in angle_dtypes))
    lower = precisions(dtype, angle_dtypes, model)
    ordered = sorted(observed, key=lambda o: not o.failed)  # failing cases first: most hypotheses die there
    tried = list(dict.fromkeys([p.cause for p in lower if p.cause] + [h.cause for h in structural]))
    null = _null(model, role)
    for prec in lower:
        hyp = _at(null, prec)
        if hyp is not None and _explains(hyp, prec, ordered, dtype):
            return Finding([_precision_cause(prec)], tried)
    for hyp in structural:
        if _explains(hyp, declared, ordered, dtype):
            return Finding([_cause(hyp)], tried)
    for hyp in structural:
        for prec in lower:
            at = _at(hyp, prec)
            if at is not None and _explains(at, prec, ordered, dtype):
                return Finding([_cause(hyp), _precision_cause(prec)], tried)
    if isinstance(model, RoPE):
        found = _two_structures(model, structural, declared, lower, ordered, dtype, meas)
        if found is not None:
            return Finding(found, tried + ["two structures"])
    return Finding(_measured_causes(meas), tried)


def _agrees(hyp: Hypothesis, meas: Measurement | None) -> tuple[bool, bool]:
    """(pairs as measured, frequencies as measured): whether a hypothesis gets the measured pairing (where it
    differs from the declared one) or the measured frequencies (pair by pair, in order of the first feature)."""
    if meas is None or hyp.spec is None or meas.pairing_as_declared or not meas.measured_pairs:
        return False, False
    try:
        re, im = hyp.spec.pair_indices()
        pairs = sorted((min(a, b), max(a, b)) for a, b in zip(re.tolist(), im.tolist(), strict=True))
        zero = np.zeros(1)
        theta = (hyp.spec.freq(zero, meas.seq_len) if hyp.spec.freq is not None
                 else hyp.spec.rope.inv_freq_for(zero, meas.seq_len))
    except (TypeError, ValueError, ArithmeticError):
        return False, False
    measured = [p.frequency for p in sorted(meas.pairs, key=lambda p: p.features[0]) if math.isfinite(p.frequency)]
    order = np.argsort(np.asarray(re))
    mine = np.abs(np.asarray(theta, dtype=np.float64))[order][:len(measured)]
    freq_ok = len(measured) > 1 and mine.size == len(measured) and bool(
        np.all(np.abs(mine - np.abs(measured)) <= 1e-3 * np.maximum(np.abs(measured), 1e-12)))
    return pairs == sorted(meas.measured_pairs), freq_ok


def _two_structures(rope: RoPE, structural: list[Hypothesis], declared: Precision, lower: list[Precision],
                    observed: Sequence[Observation], dtype: str,
                    meas: Measurement | None = None) -> list[tuple[str, str, float | None]] | None:
    """Two mistakes of different kinds at once: first one that pairs features as measured with one that has the
    measured frequencies, then among the singles that explain most of the output."""
    agree = [(h, *_agrees(h, meas)) for h in structural]
    pairing = [h for h, p, f in agree if p and not f]
    frequency = [h for h, p, f in agree if f and not p]
    for first in pairing:
        for second in frequency:
            both = combine(first, second, rope)
            if both is not None and _explains(both, declared, observed, dtype):
                return [_cause(first), _cause(second)]
    best: dict[str, tuple[Hypothesis, float]] = {}  # the best-scoring variant of each cause: kinds, not values
    for h in structural:
        if h.spec is None:
            continue
        score = _score(h, declared, observed, dtype)
        if score > 0 and score > best.get(h.cause, (h, -1.0))[1]:
            best[h.cause] = (h, score)
    top = [h for h, _ in sorted(best.values(), key=lambda hs: -hs[1])[:10]]
    for i, first in enumerate(top):
        for second in top[i + 1:]:
            both = combine(first, second, rope)
            if both is None:
                continue
            if _explains(both, declared, observed, dtype):
                return [_cause(first), _cause(second)]
            for prec in lower:
                at = _at(both, prec)
                if at is not None and _explains(at, prec, observed, dtype):
                    return [_cause(first), _cause(second), _precision_cause(prec)]
    return None


def _measured_causes(meas: Measurement | None) -> list[tuple[str, str, float | None]]:
    """Causes read off the measurement when no simulated mistake explains the outputs."""
    if meas is None:
        return []
    heads = meas.behaviour.get("heads")
    if heads:
        cause = "no_rotation" if "unrotated" in heads and "zeros" not in heads else "not_a_rotation"
        return [(cause, heads, None)]
    bad = [p for p in meas.pairs if p.not_rotation or p.gain_off]
    if bad:
        pairs = sorted({p.index for p in bad})
        worst_gain = max(max(abs(math.log(max(p.gain[0], 1e-300))), abs(math.log(max(p.gain[1], 1e-300))))
                         for p in bad)
        residual = max(p.residual for p in bad)
        lo = min(p.gain[0] for p in bad)
        hi = max(p.gain[1] for p in bad)
        what = (f"pairs {pairs[0]}-{pairs[-1]}" if len(pairs) > 1 else f"pair {pairs[0]}")
        if any(p.not_rotation for p in bad) or hi / max(lo, 1e-300) > 1 + 1e-3:
            return [("not_a_rotation", f"{what} are not rotated: gain x{lo:.4g} to x{hi:.4g} of the declared "
                     f"across the probed positions, 2x2 block off a rotation by up to {residual:.3g} of its gain",
                     math.exp(worst_gain))]
    if meas.pass_through:
        feats = [k for k, _ in meas.pass_through]
        return [("pass_through_modified", f"features {feats[0]}-{feats[-1]}, declared to pass through, "
                 f"change: {meas.pass_through[0][1]}", None)]
    return []

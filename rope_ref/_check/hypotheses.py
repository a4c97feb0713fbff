"""The known mistakes, each as a small departure from the declared RoPE that can be simulated.

A :class:`Spec` is an implementation written as departures from the declared one: another
pairing, frequencies, position map, gain, cos/sin tables laid out for the other pairing,
pass-through treatment, output order, or angles formed in a low precision (a recipe of
:mod:`rope_ref.precision`). :func:`simulate` runs it in float64. A :class:`Hypothesis` names a
Spec with its cause, its explanation and its fitted parameter, and says which *family* of
departure it is (pairing, frequency, position, gain, ...), so that two hypotheses of different
families can be combined into one Spec ("frequencies from dim, and paired across the head").

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> rope = RoPE(8)
    >>> o = Observation(np.eye(8), np.full(8, 3), None, np.zeros((8, 8)), False)
    >>> np.allclose(simulate(Spec(rope), o), rope.apply(np.eye(8), np.full(8, 3)))
    True
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rope_ref.precision import recipe_cos_sin
from rope_ref.rope import RoPE
from rope_ref.rotation import pair_indices
from rope_ref.scaling import YaRN

PositionMap = Callable[[np.ndarray, "Observation"], np.ndarray]
OutputMap = Callable[[np.ndarray, "Observation"], np.ndarray]


@dataclass(frozen=True)
class Observation:
    """One case as run: inputs, the seq_len in force (never re-derived), fn's output, failed or not;
    the calls it was made of (segments) and the sequences its rows form (batch)."""

    x: np.ndarray
    positions: np.ndarray
    seq_len: float | None
    y: np.ndarray
    failed: bool
    segments: tuple[tuple[int, int], ...] | None = None
    batch: int = 1
    name: str = ""


@dataclass(frozen=True)
class Spec:
    """An implementation as departures from a RoPE (``rope`` gives base, rotary_dim, scaling and
    the layout that pairs features, unless ``pairs`` says otherwise)."""

    rope: RoPE
    pairs: tuple[tuple[int, ...], tuple[int, ...]] | None = None  # (re, im) feature indices
    freq: Callable[[np.ndarray, float | None], np.ndarray] | None = None  # (positions, seq_len) -> theta
    tables: str | None = None  # the layout cos/sin tables are laid out for, when not the pairing's
    swap: bool = False
    gain: float | None = None  # multiplies the rotated features (None: rope.attention_factor)
    positions: PositionMap | None = None
    seq_len: Callable[[Observation], float | None] | None = None
    output: OutputMap | None = None
    pass_through: str | None = None  # None (unchanged), "zero" or "gain"
    recipe: str | None = None  # angles as a precision recipe forms them (rope_ref.precision.RECIPES)

    def pair_indices(self) -> tuple[np.ndarray, np.ndarray]:
        if self.pairs is not None:
            return np.asarray(self.pairs[0]), np.asarray(self.pairs[1])
        return pair_indices(self.rope.rotary_dim, self.rope.layout)


def _per_call_arange(o: Observation) -> np.ndarray:
    """Row i of each call (each sequence of a batch) at position i: what code that ignores positions uses."""
    n = o.x.shape[0]
    out = np.empty(n, dtype=np.float64)
    if o.batch > 1:
        seq = n // o.batch
        return np.tile(np.arange(seq, dtype=np.float64), o.batch)
    for start, stop in o.segments or ((0, n),):
        out[start:stop] = np.arange(stop - start)
    return out


def arange_positions(positions: np.ndarray, o: Observation) -> np.ndarray:
    return _per_call_arange(o)


def simulate(spec: Spec, o: Observation) -> np.ndarray:
    """What an implementation written as ``spec`` returns for the observation's inputs (float64)."""
    rope = spec.rope
    x = np.asarray(o.x, dtype=np.float64)
    pos = np.asarray(o.positions, dtype=np.float64)
    if spec.positions is not None:
        pos = np.asarray(spec.positions(pos, o), dtype=np.float64)
    seq_len = spec.seq_len(o) if spec.seq_len is not None else o.seq_len
    re, im = spec.pair_indices()
    a = rope.attention_factor
    gain = a if spec.gain is None else spec.gain
    if spec.recipe is not None:
        cos, sin = recipe_cos_sin(spec.recipe, rope, pos, seq_len)  # a is in the recipe's cos and sin
        if spec.gain is None:
            gain = 1.0
        elif a != 0:
            cos, sin = cos / a, sin / a
    else:
        if spec.freq is not None:
            theta = np.asarray(spec.freq(pos, seq_len), dtype=np.float64)
        else:
            theta = rope.inv_freq_for(pos, seq_len)
        ang = pos[..., None] * theta
        cos, sin = np.cos(ang), np.sin(ang)
    if spec.swap:
        cos, sin = sin, cos
    out = x.copy()
    if spec.tables is None:
        u, v = x[..., re], x[..., im]
        out[..., re] = gain * (u * cos - v * sin)
        out[..., im] = gain * (v * cos + u * sin)
    else:  # feature-wise tables of the other layout: feature k takes the angle its table slot holds
        r = rope.rotary_dim
        slot = np.arange(r) % (r // 2) if spec.tables == "half" else np.arange(r) // 2
        c_f, s_f = cos[..., slot], sin[..., slot]
        u, v = x[..., re], x[..., im]
        out[..., re] = gain * (u * c_f[..., re] - v * s_f[..., re])
        out[..., im] = gain * (v * c_f[..., im] + u * s_f[..., im])
    if spec.pass_through is not None:
        rest = np.setdiff1d(np.arange(x.shape[-1]), np.concatenate([re, im]))
        out[..., rest] = 0.0 if spec.pass_through == "zero" else gain * x[..., rest]
    if spec.output is not None:
        out = spec.output(out, o)
    return out


@dataclass(frozen=True)
class Hypothesis:
    """A named mistake: ``simulate`` gives what code with that mistake returns; ``model`` is the RoPE,
    MultiAxisRoPE or XPos whose frequencies and attention factor its tolerance uses."""

    cause: str
    explanation: str
    parameter: float | None
    simulate: Callable[[Observation], np.ndarray]
    model: Any
    spec: Spec | None = None
    family: str = ""
    changes: dict[str, Any] = field(default_factory=dict)  # the Spec fields this hypothesis sets


def from_spec(cause: str, explanation: str, parameter: float | None, declared: RoPE, family: str,
              **changes: Any) -> Hypothesis | None:
    """A hypothesis whose Spec is the declared RoPE with ``changes`` (None if it cannot be built)."""
    try:
        spec = Spec(**{"rope": declared, **changes})
        spec.pair_indices()
    except (TypeError, ValueError, ArithmeticError):
        return None
    return Hypothesis(cause, explanation, parameter, lambda o, s=spec: simulate(s, o), spec.rope, spec, family,
                      changes)


def combine(first: Hypothesis, second: Hypothesis, declared: RoPE) -> Hypothesis | None:
    """Both mistakes at once, when they touch different parts of the implementation (None otherwise)."""
    if first.spec is None or second.spec is None or first.cause == second.cause:
        return None
    merged: dict[str, Any] = {}
    for key, value in (*first.changes.items(), *second.changes.items()):
        if key == "rope" and "rope" in merged:
            rope = _merge_ropes(merged["rope"], value, declared)
            if rope is None:
                return None
            merged["rope"] = rope
        elif key in merged:
            return None
        else:
            merged[key] = value
    try:
        spec = Spec(merged.pop("rope", declared), **merged)
        spec.pair_indices()
    except (TypeError, ValueError, ArithmeticError):
        return None
    return Hypothesis(f"{first.cause}+{second.cause}", f"{first.explanation}; and {second.explanation}", None,
                      lambda o, s=spec: simulate(s, o), spec.rope, spec, "combined")


def _merge_ropes(one: RoPE, two: RoPE, declared: RoPE) -> RoPE | None:
    """The declared RoPE with the fields either one changed (None when both change the same field)."""
    changes: dict[str, Any] = {}
    for name in ("base", "layout", "rotary_dim", "scaling"):
        a, b, d = getattr(one, name), getattr(two, name), getattr(declared, name)
        if a != d and b != d and a != b:
            return None
        if a != d:
            changes[name] = a
        elif b != d:
            changes[name] = b
    try:
        return dataclasses.replace(declared, precision="float64", **changes)
    except (TypeError, ValueError, ArithmeticError):
        return None


# -- frequencies of variants that the rules do not express --------------------------------------------

def yarn_variant(rule: YaRN, rotary_dim: int, base: float, *, truncate: bool, swap: bool, clamp: str) -> np.ndarray:
    """YaRN's frequencies with the correction range computed another way: ``truncate`` as given,
    beta_fast and beta_slow swapped, and the range clamped to [0, r - 1] ("full", transformers),
    [0, r/2 - 1] ("half") or not at all ("none"). The formula is transformers' (docs/scaling.md)."""
    r = rotary_dim
    l0, s = float(rule.original_max_position_embeddings), float(rule.factor)
    fast, slow = float(rule.beta_fast), float(rule.beta_slow)
    if swap:
        fast, slow = slow, fast

    def corr(rotations: float) -> float:
        return r * math.log(l0 / (rotations * 2 * math.pi)) / (2 * math.log(base))

    low, high = corr(fast), corr(slow)
    if truncate:
        low, high = math.floor(low), math.ceil(high)
    if clamp == "full":
        low, high = max(low, 0), min(high, r - 1)
    elif clamp == "half":
        low, high = max(low, 0), min(high, r // 2 - 1)
    if low == high:
        high += 0.001
    j = np.arange(r // 2, dtype=np.float64)
    ramp = np.clip((j - low) / (high - low), 0.0, 1.0)
    theta = np.power(float(base), -2.0 * j / r)
    return theta / s * ramp + theta * (1.0 - ramp)


def snap(value: float, step: float = 1.0) -> float:
    """value rounded to a multiple of ``step`` when within 1e-6 (relative) of one: fitted parameters
    carry measurement noise that would otherwise show at long positions."""
    near = round(value / step) * step
    return near if near != 0 and abs(value - near) <= 1e-6 * max(abs(value), step) else value

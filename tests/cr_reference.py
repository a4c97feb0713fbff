"""An independent 80-digit reference for exact mode's correct rounding: mpmath from the definitions.

Nothing here calls rope_ref to compute a value: the scaling rules are imported only to tell them
apart and read their (already validated, float64) parameters. Every float64 input (base, factors,
positions, features, the attention factor) is taken as the exact real number it holds; the
formulas are those of the rules' docstrings (rope_ref/scaling.py, _scaling_yarn.py,
_scaling_longrope.py), of rope_ref.multiaxis's constructors and of rope_ref.xpos, written again
here rather than read from the implementation.

Functions that return mpf values compute at the caller's mpmath precision: call them inside
``mp.workdps(DPS)``. At 80 digits (about 265 bits) a value is off by ~1e-80 relative to the
terms that make it up, so its rounding to float64 can only be wrong if the exact value lies within
~2**-200 relative of a rounding boundary (a midpoint between two float64 numbers): not an event
random samples meet. The final rounding (:func:`to_float64`) is exact integer arithmetic, correctly
rounded to nearest, ties to even, subnormals included.
"""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp

from rope_ref.scaling import (
    DeepSeekYaRN,
    DynamicNTK,
    DynamicNTKFixed,
    Linear,
    Llama3,
    LongRoPE,
    LongRoPEMscale,
    NTKAware,
    Proportional,
    YaRN,
)

DPS = 80

__all__ = ["DPS", "axial_matrix", "mrope_matrix", "pixtral_matrix", "rule_frequencies", "theta", "to_float64",
           "xpos_log_zeta"]


def to_float64(x: mp.mpf) -> float:
    """The float64 nearest to the mpf x (ties to even), from its exact binary value man * 2**exp.

    Python's int -> float conversion and int / int true division are correctly rounded to nearest
    even (CPython's long_true_divide, subnormals included), so this is one correct rounding of the
    exact value of x. mpmath's own float(x) rounds to 53 bits and then calls math.ldexp, which rounds
    a second time in the subnormal range; this avoids that. Overflow raises OverflowError.
    """
    sign, man, exp, _ = x._mpf_
    if not man:
        if x != 0:
            raise ValueError(f"not a finite real number: {x}")
        return 0.0
    f = float(man << exp) if exp >= 0 else man / (1 << -exp)
    return -f if sign else f


def exact_fraction(x: mp.mpf) -> Fraction:
    """The exact rational value of a finite mpf."""
    sign, man, exp, _ = x._mpf_
    value = Fraction(man) * (Fraction(2) ** exp)
    return -value if sign else value


def theta(j: int, rotary_dim: int, base: float) -> mp.mpf:
    """theta_j = base**(-2j / r), the exponent the exact rational -2j/r (mpmath at the caller's precision)."""
    if j == 0:
        return mp.mpf(1)
    return mp.power(mp.mpf(base), -mp.mpf(2 * j) / rotary_dim)


def _ladder(rotary_dim: int, base: float) -> list[mp.mpf]:
    return [theta(j, rotary_dim, base) for j in range(rotary_dim // 2)]


def ntk(d: int, base: float, growth: mp.mpf) -> list[mp.mpf]:
    """theta_j with base' = base * growth**(d / (d - 2)); d = 2 has only theta_0 = 1."""
    if d == 2:
        return [mp.mpf(1)]
    new_base = mp.mpf(base) * mp.power(growth, mp.mpf(d) / (d - 2))
    return [mp.mpf(1)] + [mp.power(new_base, -mp.mpf(2 * j) / d) for j in range(1, d // 2)]


def yarn_range(d: int, base: float, rule: YaRN) -> tuple[mp.mpf, mp.mpf]:
    """(low, high): correction_dim(r) = d ln(L0 / (2 pi r)) / (2 ln base) for beta_fast and beta_slow
    (floored and ceiled when truncating), clamped to [0, d - 1], high += 0.001 (exact decimal) if they meet."""
    l0 = mp.mpf(rule.original_max_position_embeddings)

    def corr(rotations: float) -> mp.mpf:
        return d * mp.log(l0 / (mp.mpf(rotations) * 2 * mp.pi)) / (2 * mp.log(mp.mpf(base)))

    low, high = corr(rule.beta_fast), corr(rule.beta_slow)  # type: ignore[arg-type]
    if rule.truncate:
        low, high = mp.floor(low), mp.ceil(high)
    low, high = max(low, mp.mpf(0)), min(high, mp.mpf(d - 1))
    if low == high:
        high += mp.mpf(1) / 1000
    return low, high


def yarn(d: int, base: float, rule: YaRN) -> list[mp.mpf]:
    """ramp_j = clip((j - low) / (high - low), 0, 1) (:func:`yarn_range`); theta_j / s * ramp_j +
    theta_j * (1 - ramp_j)."""
    s = mp.mpf(rule.factor)
    low, high = yarn_range(d, base, rule)
    out = []
    for j in range(d // 2):
        ramp = min(max((j - low) / (high - low), mp.mpf(0)), mp.mpf(1))
        t = theta(j, d, base)
        out.append(t / s * ramp + t * (1 - ramp))
    return out


def llama3(d: int, base: float, rule: Llama3) -> list[mp.mpf]:
    """wavelen_j = 2 pi / theta_j: below L0 / high_freq_factor keep theta_j, above L0 / low_freq_factor
    theta_j / s, in between (1 - smooth) theta_j / s + smooth theta_j with
    smooth = (L0 / wavelen_j - low) / (high - low); a collapsed band (high == low) is a step (theta_j / s
    at and beyond the wavelength L0 / low)."""
    l0, lf, hf, s = (mp.mpf(v) for v in (rule.original_max_position_embeddings, rule.low_freq_factor,
                                          rule.high_freq_factor, rule.factor))
    out = []
    for j in range(d // 2):
        t = theta(j, d, base)
        wavelen = 2 * mp.pi / t
        if wavelen < l0 / hf:
            out.append(t)
        elif hf == lf or wavelen > l0 / lf:
            out.append(t / s)
        else:
            smooth = (l0 / wavelen - lf) / (hf - lf)
            out.append((1 - smooth) * t / s + smooth * t)
    return out


def rule_frequencies(rule: object, rotary_dim: int, base: float, seq_len: float | None) -> list[mp.mpf]:
    """The exact frequencies of a RoPE with this scaling rule (None: plain theta_j), from the rule's
    docstring formula; ``seq_len`` as the RoPE passes it (dynamic NTK and LongRoPE depend on it)."""
    d = rotary_dim
    if rule is None:
        return _ladder(d, base)
    if isinstance(rule, Linear):
        return [t / mp.mpf(rule.factor) for t in _ladder(d, base)]
    if isinstance(rule, NTKAware):
        return ntk(d, base, mp.mpf(rule.factor))
    if isinstance(rule, DynamicNTK):
        s, limit = mp.mpf(rule.factor), mp.mpf(rule.max_position_embeddings)
        length = limit if seq_len is None else max(mp.mpf(seq_len), limit)
        return ntk(d, base, s * length / limit - (s - 1))
    if isinstance(rule, DynamicNTKFixed):
        s = mp.mpf(rule.factor)
        return ntk(d, base, s * s - s + 1)
    if isinstance(rule, (YaRN, DeepSeekYaRN)):  # DeepSeekYaRN differs in its attention factor only
        return yarn(d, base, rule)
    if isinstance(rule, Llama3):
        return llama3(d, base, rule)
    if isinstance(rule, LongRoPEMscale):  # PhiMoE: the short factors at every length
        return [t / mp.mpf(e) for t, e in zip(_ladder(d, base), rule.short_factor, strict=True)]
    if isinstance(rule, LongRoPE):
        long = seq_len is not None and seq_len > rule.original_max_position_embeddings
        ext = rule.long_factor if long else rule.short_factor
        return [t / mp.mpf(e) for t, e in zip(_ladder(d, base), ext, strict=True)]
    if isinstance(rule, Proportional):
        # k = floor(p * h / 2) with h = rotary_dim, exactly in the float64 p
        k = math.floor(Fraction(rule.partial_rotary_factor) * d / 2)
        s = mp.mpf(rule.factor)
        return [t / s if j < k else mp.mpf(0) for j, t in enumerate(_ladder(d, base))]
    raise TypeError(f"no reference formula for {rule!r}")


def axial_matrix(rotary_dim: int, axes: int, base: float) -> list[list[mp.mpf]]:
    """Axial F (axes, r/2): block a of r/(2A) consecutive pairs driven by coordinate a with
    theta_k = base**(-2k / (r / A)), zero elsewhere."""
    per_axis = rotary_dim // 2 // axes
    ladder = _ladder(2 * per_axis, base)
    return [[ladder[j - a * per_axis] if a * per_axis <= j < (a + 1) * per_axis else mp.mpf(0)
             for j in range(rotary_dim // 2)] for a in range(axes)]


def pixtral_matrix(rotary_dim: int, base: float) -> list[list[mp.mpf]]:
    """Pixtral F (2, r/2): pair j < r/4 takes height with theta_(2j), the rest width with
    theta_(2(j - r/4) + 1), theta_i = base**(-2i / r)."""
    q = rotary_dim // 4
    ladder = _ladder(rotary_dim, base)
    zero = mp.mpf(0)
    return [[ladder[2 * j] if j < q else zero for j in range(2 * q)],
            [zero if j < q else ladder[2 * (j - q) + 1] for j in range(2 * q)]]


def mrope_rows(dim: int, sections: tuple[int, ...], interleaved: bool) -> list[int]:
    """The coordinate driving each pair: sectioned, section k by coordinate k mod 3; interleaved, height
    for j mod 3 = 1 and j < 3 * sections[1], width for j mod 3 = 2 and j < 3 * sections[2], else temporal."""
    if interleaved:
        return [1 if j % 3 == 1 and j < 3 * sections[1] else 2 if j % 3 == 2 and j < 3 * sections[2] else 0
                for j in range(dim // 2)]
    return [k % 3 for k, size in enumerate(sections) for _ in range(size)]


def mrope_matrix(dim: int, sections: tuple[int, ...], base: float, interleaved: bool) -> list[list[mp.mpf]]:
    """M-RoPE F (3, d/2): the ladder theta_j = base**(-2j / d), pair j in the row of its coordinate."""
    rows = mrope_rows(dim, sections, interleaved)
    ladder = _ladder(dim, base)
    return [[ladder[j] if rows[j] == a else mp.mpf(0) for j in range(dim // 2)] for a in range(3)]


def xpos_log_zeta(j: int, rotary_dim: int) -> mp.mpf:
    """ln zeta_j, zeta_j = (10j + 2d) / (7d) exactly (d = rotary_dim)."""
    return mp.log(mp.mpf(10 * j + 2 * rotary_dim) / (7 * rotary_dim))

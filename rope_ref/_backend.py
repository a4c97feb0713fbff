"""The float64-or-exact choice, made once: the two arithmetic backends of RoPE, MultiAxisRoPE and XPos.

Each model class picks its backend at construction from ``precision`` (:func:`backend`) and then
calls it without asking again. Both backends take the same inputs, frequencies as a double-double
(hi, lo) included, and differ only in how they turn them into angles, cos/sin tables and rotated
outputs:

- :class:`Float64`: angles m * theta_hi rounded once, NumPy's cos and sin, NumPy's complex
  multiply (:mod:`rope_ref.rotation`); theta_hi is the scaling rule's ``inv_freq``.
- :class:`Exact`: angles m * (theta_hi + theta_lo), cos/sin and the rotation in double-double, each
  result correctly rounded (a checked rounding, and decimal where it cannot settle), the same bits
  on every machine (:mod:`rope_ref.exact`).

The frequencies themselves (:func:`frequencies`) do not depend on the mode: a rule's formula in
double-double, whose high part is its ``inv_freq``.

The rotations return (out, known_finite): whether the kernel's own floating-point flags showed no
overflow, so the caller's overflow check need not read the output again.

Multi-axis rotations take a frequency matrix F (axes, pairs) and positions (..., axes); the angle
of pair j is sum_a pos_a F[a, j]. xPos adds a per-pair scale, given as a double-double.

Before anything is allocated, :func:`fits` compares what a call needs (its output, x's float64
copies and ``WORK`` bytes per table entry, measured for each backend) with the memory limit
(``ROPE_REF_MAX_BYTES``, rope_ref._validate.max_bytes). Float64 mode also refuses positions whose
angle error bound, as the verification policy states it (rope_ref._policy), reaches half of the
output (:func:`float64_reach`): there its rotations would mean nothing.

Example:
    >>> import numpy as np
    >>> from rope_ref._backend import backend, frequencies
    >>> freq = frequencies(None, 4, 100.0, None)          # theta_j = 100**(-2j/4) as (hi, lo)
    >>> backend("float64").angles(np.array([2.0]), freq).tolist()
    [[2.0, 0.2]]
    >>> [t.tolist() for t in backend("exact").cos_sin(np.array([0.0]), freq)]
    [[[1.0, 1.0]], [[0.0, 0.0]]]
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np

from rope_ref import _cr, _validate, exact, rotation
from rope_ref._policy import CHECKABLE_FRACTION, UNIT_ROUNDOFF, allowed_error, angle_rate

Array = np.ndarray
DD = tuple[Any, Any]
#: A rotated output and whether the kernel knows it finite wherever x is (then it need not be read again).
Flagged = tuple[Array, bool]

PRECISIONS: tuple[str, ...] = ("float64", "exact")


def default_seq_len(positions: Array) -> float | None:
    """The sequence length a rule that depends on it sees when none is given: max(positions) + 1,
    as transformers computes it from position ids (None for no positions)."""
    return float(np.max(positions)) + 1.0 if positions.size else None


def frequencies(rule: Any, rotary_dim: int, base: float, seq_len: float | None) -> DD:
    """theta_j (no rule) or the rule's ``inv_freq_dd``, as a double-double (hi, lo), in either mode.

    ``hi`` is the rule's ``inv_freq`` (its formula rounded once): float64 mode rotates with it, exact
    mode with hi + lo, and rounds its results correctly with respect to the formula's exact values
    (the returned :class:`rope_ref._cr.Freq` evaluates it again in decimal when asked). Refused
    unless finite and of shape (rotary_dim // 2,).
    """
    if rule is None:
        return exact.theta_dd(rotary_dim, base)
    from rope_ref._scaling_base import _Rule  # the built-in rules (a late import: _scaling_base imports exact)

    # A built-in rule's formula runs again in decimal for exact mode's slow path; a rule written by a
    # user gives float64 (or double-double) values, which exact mode takes as exact.
    formula = functools.partial(_rule_formula, rule, rotary_dim, base, seq_len) if isinstance(rule, _Rule) else None
    return _cr.Freq(*_rule_frequencies(rule, rotary_dim, base, seq_len), formula=formula)


def _rule_formula(rule: Any, rotary_dim: int, base: float, seq_len: float | None) -> DD:
    """The rule's formula (``inv_freq_dd``): a module-level function, so that frequencies pickle."""
    return rule.inv_freq_dd(rotary_dim, base, seq_len)


def _rule_frequencies(rule: Any, rotary_dim: int, base: float, seq_len: float | None) -> DD:
    """The rule's ``inv_freq_dd`` as float64 arrays, refused unless finite and of shape (rotary_dim // 2,)."""
    with np.errstate(over="ignore", invalid="ignore"):
        freq, lo = rule.inv_freq_dd(rotary_dim, base, seq_len)
    shape = (rotary_dim // 2,)
    hi, low = np.asarray(freq, dtype=np.float64), np.asarray(lo, dtype=np.float64)
    finite = bool(np.all(np.isfinite(hi)) and np.all(np.isfinite(low)))
    if hi.shape != shape or low.shape != shape or not finite:
        got = hi.shape if hi.shape != shape else low.shape
        raise _validate.fail("scaling", f"a rule giving finite inv_freq of shape {shape} for rotary_dim = "
                             f"{rotary_dim}, base = {base!r}", rule,
                             f"It gave shape {got}" + ("" if finite else " with non-finite values") + ".")
    return hi, low


def fits(work: int, entries: int, x: Array | None, name: str, given: str | Callable[[], str], what: str) -> None:
    """Refuse a call that would need more than the memory limit, before it allocates: ``entries`` table
    entries (positions x pairs) of ``work`` bytes each, and for a rotation of x, its output and float64
    copies (rope_ref._validate.fits names ``name``, ``given``, the size and the limit). ``given`` may be a
    function giving the text, so that calls within the limit do not format it."""
    need = entries * work + (0 if x is None else 8 * x.size * _validate.float64_copies(x))
    if need > _validate.max_bytes():
        _validate.fits(need, name, given() if callable(given) else given, what)


def float64_reach(theta: Array) -> float:
    """The largest |m| at which float64 angles keep the policy's error bound below half the output.

    rope_ref._policy bounds the error of a rotated pair of norm |z| (attention factor a) by
    a|z| (2 u_t + 6 u + 2 u_a) + u |y| + u_a a|z| |m| A with A = :func:`rope_ref._policy.angle_rate`;
    with float64 throughout and |y| = a|z| it reaches CHECKABLE_FRACTION a|z|, where an output cannot
    be told from an all-zero, unrotated or shifted one, at |m| = (1/2 - 11 u) / (u A), u = 2**-53.

    Example:
        >>> round(float64_reach(np.array([1.0, 0.01])) / 2.0**50, 9)   # A = 4: |m| up to about 2**50
        1.0
    """
    theta = np.ascontiguousarray(theta, dtype=np.float64)
    return _reach(theta.tobytes())


@functools.lru_cache(maxsize=64)
def _reach(theta: bytes) -> float:
    """:func:`float64_reach` of the frequencies whose float64 bytes these are (computed once per set)."""
    rate = angle_rate(np.frombuffer(theta, dtype=np.float64))
    if rate == 0.0:
        return float("inf")
    base = allowed_error(dtype="float64", pair_norm=1.0, max_position=0.0, angle_rate=rate, output_scale=1.0)
    return float((CHECKABLE_FRACTION - base) / (UNIT_ROUNDOFF["float64"] * rate))


def _refuse_beyond_reach(top: float, theta: Array, what: str) -> None:
    """Refuse float64-mode cos/sin and rotations at positions past :func:`float64_reach`."""
    reach = float64_reach(theta)
    if top < reach:
        return
    cap = exact._MAX_ANGLE / float(np.max(np.abs(theta)))
    # Exact mode's cap 2**44 / theta_max lies below the reach unless theta_max is extreme (about e**+-251).
    exact_hint = (f"precision='exact' computes m * theta_j in double-double, correctly rounded, for |m theta_j| <= "
                  f"2**44: |m| <= {cap:.6g} here" + (", short of these positions." if cap < top else
                                                     ", which covers these positions: use it."))
    raise _validate.fail("positions", f"of magnitude below {reach:.6g} in float64 mode, where the float64 angle "
                         f"error bound 2**-53 |m| A (A = {angle_rate(theta):.3g}, rope_ref._policy) stays below "
                         "half of the output", _validate.Shown(f"{what} up to {top:.6g}"),
                         "Beyond it a float64 rotation means nothing: its error may exceed the output (not "
                         "checkable). " + exact_hint)


def _top(pos: Array) -> float:
    """max |pos| without an array-sized temporary (0 for no positions)."""
    if not pos.size:
        return 0.0
    return max(float(np.maximum.reduce(pos, axis=None)), -float(np.minimum.reduce(pos, axis=None)))


class Float64:
    """Plain float64: each angle and each product rounded once, NumPy's cos, sin and complex multiply."""

    name = "float64"
    #: Bytes allocated per table entry (position, pair) besides the output and x's copies, measured with
    #: tracemalloc (tests/test_sizes_and_values.py) and rounded up: angles (and multi-axis sums), cos/sin,
    #: cos/sin times a, a rotation, xPos's rotation with its double-double scales, and those scales alone.
    WORK: ClassVar[dict[str, int]] = {"angles": 16, "cos_sin": 32, "cos_sin_scaled": 48, "rotate": 48,
                                      "rotate_scaled": 192, "scale": 192}
    SUM_WORK, SUM_WORK_PER_AXIS = 0, 8

    def angles(self, pos: Array, freq: DD) -> Array:
        """m * theta_j rounded once: positions.shape + (pairs,)."""
        with np.errstate(over="ignore"):
            ang = pos[..., None] * freq[0]
        return _validate.finite_output(ang, pos, "positions", "m * theta_j")

    def cos_sin(self, pos: Array, freq: DD, a: float = 1.0) -> tuple[Array, Array]:
        """a cos and a sin of :meth:`angles` (the product by a rounded once, when a != 1); refused at
        positions beyond :func:`float64_reach`, where they would mean nothing."""
        _refuse_beyond_reach(_top(pos), freq[0], "positions")
        ang = self.angles(pos, freq)
        cos, sin = np.cos(ang), np.sin(ang)
        if a != 1.0:
            cos, sin = cos * a, sin * a
        return cos, sin

    def rotate(self, x: Array, pos: Array, freq: DD, layout: str, rotary_dim: int, a: float,
               inverse: bool) -> Flagged:
        """x rotated by a e^{i m theta_j}, or by its inverse."""
        cos, sin = self.cos_sin(pos, freq)
        return rotation._rotate_cos_sin_flagged(x, cos, sin, layout, rotary_dim, a, inverse)

    def angles_sum(self, pos: Array, freq: DD) -> Array:
        """sum_a pos_a F[a, j]: each product rounded once, summed in axis order."""
        f = freq[0]
        with np.errstate(over="ignore", invalid="ignore"):
            total = pos[..., 0, None] * f[0]
            for axis in range(1, f.shape[0]):
                total = total + pos[..., axis, None] * f[axis]
        return _validate.finite_output(total, pos, "positions", "every angle sum_a pos_a F[a, j]")

    def cos_sin_sum(self, pos: Array, freq: DD) -> tuple[Array, Array]:
        """cos and sin of :meth:`angles_sum`; refused where sum_a |pos_a| passes :func:`float64_reach`."""
        if pos.size:
            _refuse_beyond_reach(float(np.max(np.sum(np.abs(pos), axis=-1))), freq[0],
                                 "sum_a |pos_a| of the coordinates")
        ang = self.angles_sum(pos, freq)
        return np.cos(ang), np.sin(ang)

    def rotate_sum(self, x: Array, pos: Array, freq: DD, layout: str, rotary_dim: int, inverse: bool) -> Flagged:
        """x rotated by e^{i sum_a pos_a F[a, j]}, or by its inverse."""
        cos, sin = self.cos_sin_sum(pos, freq)
        return rotation._rotate_cos_sin_flagged(x, cos, sin, layout, rotary_dim, inverse=inverse)

    def rotate_scaled(self, x: Array, pos: Array, freq: DD, scale: Callable[[bool], DD], layout: str,
                      rotary_dim: int, a: float, inverse: bool) -> Flagged:
        """x rotated by a k_j e^{i m theta_j}, or by its inverse; ``scale(False)`` is k as a double-double
        (``scale(True)``, the other role's scale 1 / k, is what exact mode inverts with)."""
        cos, sin = self.cos_sin(pos, freq)
        return rotation._rotate_cos_sin_flagged(x, cos, sin, layout, rotary_dim, scale(False)[0] * a, inverse)


class Exact:
    """Double-double angles, cos/sin and rotation, each result correctly rounded (:mod:`rope_ref.exact`)."""

    name = "exact"
    #: As :attr:`Float64.WORK`; the double-double tables take more. Multi-axis sums add
    #: SUM_WORK + SUM_WORK_PER_AXIS * axes bytes per entry.
    WORK: ClassVar[dict[str, int]] = {"angles": 16, "cos_sin": 32, "cos_sin_scaled": 96, "rotate": 160,
                                      "rotate_scaled": 208, "scale": 192}
    SUM_WORK, SUM_WORK_PER_AXIS = 96, 16

    def angles(self, pos: Array, freq: DD) -> Array:
        """m * theta_j in double-double, correctly rounded."""
        return exact.angles(pos, freq)

    def cos_sin(self, pos: Array, freq: DD, a: float = 1.0) -> tuple[Array, Array]:
        """a cos and a sin of the double-double angle, each correctly rounded."""
        return exact.cos_sin(pos, freq, a)

    def rotate(self, x: Array, pos: Array, freq: DD, layout: str, rotary_dim: int, a: float,
               inverse: bool) -> Flagged:
        """x rotated by a e^{i m theta_j} (or its inverse), each output component correctly rounded."""
        return exact._rotate_flagged(x, pos, freq, layout, rotary_dim, a, inverse)

    def angles_sum_dd(self, pos: Array, freq: DD) -> DD:
        """sum_a pos_a (F_hi + F_lo)[a, j] in double-double (TwoProduct per axis, exact sums)."""
        f_hi, f_lo = freq
        total: DD | None = None
        with np.errstate(over="ignore", invalid="ignore"):
            for axis in range(f_hi.shape[0]):
                m = np.broadcast_to(pos[..., axis, None], pos.shape[:-1] + (f_hi.shape[1],))
                p, e = exact.two_prod(m, np.broadcast_to(f_hi[axis], m.shape))
                term = exact.dd_add((p, e), (m * f_lo[axis], np.zeros(m.shape)))
                total = term if total is None else exact.dd_add(total, term)
        if total is None or not np.all(np.abs(total[0]) <= exact._MAX_ANGLE) or not np.all(np.isfinite(total[1])):
            top = float(np.max(np.abs(pos))) if pos.size else 0.0
            raise _validate.fail("positions", "small enough that every angle is at most 2**44 in magnitude in "
                                 "exact mode", _validate.Shown(f"coordinates up to {top:.6g}"))
        return total

    @staticmethod
    def _sum_size(pos: Array, freq: DD) -> Array:
        """sum_a |pos_a| |F_hi[a, j]| (1 + 2**-50) >= |A| for every angle: positions.shape[:-1] + (pairs,)."""
        f = np.abs(np.asarray(freq[0], dtype=np.float64))
        size = np.abs(pos[..., 0, None]) * f[0]
        for axis in range(1, f.shape[0]):
            size += np.abs(pos[..., axis, None]) * f[axis]
        return size * _cr.WIDEN

    @staticmethod
    def _sum_angle(pos: Array, freq: DD) -> Callable[[tuple[int, ...], int], Any]:
        """index, j -> the exact angle sum_a pos[index][a] F[a, j] as a function of the digits (rope_ref._cr)."""
        f = _cr.as_freq(freq)

        def angle(index: tuple[int, ...], j: int) -> Any:
            row = pos[index]
            return _cr.product_angle([(float(row[a]), f, (a, j)) for a in range(row.shape[-1])])

        return angle

    def angles_sum(self, pos: Array, freq: DD) -> Array:
        """The angle sum_a pos_a F[a, j], correctly rounded (from :meth:`angles_sum_dd`)."""
        hi, lo = self.angles_sum_dd(pos, freq)
        rel = _cr.as_freq(freq).rel_err().max(axis=0) + 2.0**-100
        out, unsettled = _cr.round_checked(hi, lo, self._sum_size(pos, freq) * rel)
        angle = self._sum_angle(pos, freq)
        for *index, j in zip(*np.nonzero(unsettled), strict=True):
            out[(*index, j)] = _cr.angle_value(angle(tuple(index), int(j)))
        return out

    def cos_sin_sum(self, pos: Array, freq: DD) -> tuple[Array, Array]:
        """cos and sin of the angle sum, each correctly rounded."""
        (c_hi, c_lo), (s_hi, s_lo) = exact.cos_sin_dd(*self.angles_sum_dd(pos, freq))
        rel = _cr.as_freq(freq).rel_err().max(axis=0) + _cr.ANGLE_REL
        angle_err = self._sum_size(pos, freq) * rel
        angle = self._sum_angle(pos, freq)
        results = []
        for part, (hi, lo) in enumerate(((c_hi, c_lo), (s_hi, s_lo))):
            out, unsettled = _cr.round_checked(hi, lo, angle_err + np.abs(hi) * (_cr.POLY_REL + 2.0**-100))
            for *index, j in zip(*np.nonzero(unsettled), strict=True):
                out[(*index, j)] = _cr.table_value(part, angle(tuple(index), int(j)), 1.0)
            results.append(out)
        return results[0], results[1]

    def rotate_sum(self, x: Array, pos: Array, freq: DD, layout: str, rotary_dim: int, inverse: bool) -> Flagged:
        """x rotated by e^{i sum_a pos_a F[a, j]} (or its inverse), each output correctly rounded."""
        c, s = exact.cos_sin_dd(*self.angles_sum_dd(pos, freq))
        rel = _cr.as_freq(freq).rel_err().max(axis=0) + _cr.ANGLE_REL
        weight = self._sum_size(pos, freq) * rel
        weight += _cr.OUTPUT_ABS
        weight *= _cr.WIDEN
        lead = x.shape[:-1]
        pos_b = np.broadcast_to(pos, lead + pos.shape[-1:])
        angle = self._sum_angle(pos_b, freq)

        def exact_pair(index: tuple[int, ...], j: int) -> tuple:
            return angle(index, j), None, 1.0, inverse

        return exact._rotate_dd_flagged(x, c, (-s[0], -s[1]) if inverse else s, layout, rotary_dim, weight,
                                        exact_pair)

    def rotate_scaled(self, x: Array, pos: Array, freq: DD, scale: Callable[[bool], DD], layout: str,
                      rotary_dim: int, a: float, inverse: bool) -> Flagged:
        """(cos + i sin) * k * a as double-doubles; the inverse takes the other role's scale
        (``scale(True)``), 1 / a and the conjugate. Each output correctly rounded: ``scale`` gives a
        rope_ref._cr.Scale, whose error size and exact values the rounding test and slow path use."""
        freq = _cr.as_freq(freq)
        c, s = exact.cos_sin_table_dd(pos, freq)
        scales = scale(inverse)
        f = exact.reciprocal_dd(a) if inverse else (a, 0.0)
        k = exact.dd_mul(scales, (np.full_like(scales[0], f[0]), np.full_like(scales[0], f[1])))
        c, s = exact.dd_mul(c, k), exact.dd_mul(s, k)
        if inverse:
            s = (-s[0], -s[1])
        # (|u| + |v|) a k (angle error + OUTPUT_ABS + k's own relative error (1 + |t ln zeta|) 2**-97)
        weight = np.abs(pos)[..., None] * (np.abs(freq[0]) * (freq.rel_err() + _cr.ANGLE_REL) * _cr.WIDEN)
        weight += _cr.OUTPUT_ABS + (1.0 + scales.size) * 2.0**-97
        weight *= np.abs(k[0]) * _cr.WIDEN**2
        pos_b = np.broadcast_to(pos, x.shape[:-1])

        def exact_pair(index: tuple[int, ...], j: int) -> tuple:
            m = float(pos_b[index])
            return _cr.product_angle([(m, freq, (j,))]), scales.exact(m, j), a, inverse

        return exact._rotate_dd_flagged(x, c, s, layout, rotary_dim, weight, exact_pair)


_BACKENDS: dict[str, Float64 | Exact] = {"float64": Float64(), "exact": Exact()}


def backend(precision: object) -> Float64 | Exact:
    """The backend for ``precision`` ("float64" or "exact"), refusing anything else."""
    return _BACKENDS[_validate.choice(precision, "precision", PRECISIONS)]

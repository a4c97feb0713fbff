"""Double-double arithmetic in NumPy, and the exact mode built on it: angles, cos and sin of
m * theta_j and rotated outputs, each correctly rounded (the float64 nearest the exact value), for
|m theta_j| <= 2**44, the same on every machine.

A double-double (dd) is an unevaluated sum hi + lo of two float64 with |lo| <= ulp(hi)/2,
about 106 bits of significand. Everything here is built from error-free transformations
(Knuth's TwoSum, Dekker's Split and TwoProduct; Dekker 1971, "A floating-point technique for
extending the available precision") using only IEEE add, subtract, multiply and divide, each a
separate NumPy ufunc call and so rounded once: no fused multiply-add is assumed or used.

**Determinism.** Exact mode never calls np.cos, np.sin, np.exp, np.log, np.power, math.log
or Python's ** on a value: those differ in the last bit between CPUs (SVML on AVX-512 against
libm), and NumPy's complex multiply uses FMA on some CPUs only. Its cos and sin are a
table (computed in decimal) and Taylor polynomials evaluated with +, -, *, np.rint and np.floor
(the table read with np.take), and its logarithm and exponential
(:mod:`rope_ref._dd`) use only those, division, square root and the exact frexp and ldexp,
all exactly specified by IEEE 754, so the same NumPy inputs give bit-identical outputs on
every machine.

**Frequencies.** theta_j = base**(-2j/d) as a double-double:

    theta_j = exp(e_j * ln(base)),   e_j = -2j/d as a dd (e_hi = fl(-2j/d), e_lo the exact rest),

with ln(base) = e ln 2 + 2 atanh((m - 1)/(m + 1)) after base = 2**e m (frexp), the series
summed in double-double, and exp by argument reduction k * ln 2 + r, r / 2**10, a degree-9
Taylor polynomial for expm1 and ten doublings expm1(2t) = 2 expm1(t) + expm1(t)**2
(:mod:`rope_ref._dd`). The relative error is below 2**-99 (tests/test_exact.py), so
``hi`` is theta_j correctly rounded to float64 (barring a true value within 1e-30 of a
rounding boundary).

**Exact cos and sin of A = m * theta_j** (:func:`cos_sin`; the block kernel is in
``rope_ref._exact_kernel``), in three steps:

1. Angle. A = m * theta_hi + m * theta_lo: TwoProduct gives m * theta_hi exactly as p + e,
   and A ~= p + (e + m * theta_lo), off by |A| (rel_j + 2**-105), rel_j theta_j's own
   relative error (below 2**-99; measured per frequency, :class:`rope_ref._cr.Freq`).
2. Quarter turns. k = rint(p * fl(2/pi)), r = A - k pi/2 with pi/2 as the triple-double
   P1 + P2 + P3 (k P1 and k P2 exact by TwoProduct, the rest summed by TwoSum), so
   |r| < 0.7934 and r is a dd off by less than |A| 2**-100 besides theta_j's error. Exact mode
   accepts |A| <= 2**44, where k is still within 0.505 of A * 2/pi.
3. A table and short polynomials: r = j/64 + r1 with j = rint(64 r) in -51..51 and |r1| <= 1/128,
   then cos x = C0 + C0 cm - S0 s1 and sin x = S0 + S0 cm + C0 s1 for x = r + k pi/2, with
   (C0, S0) = cos and sin of j/64 + n pi/2 (n = k mod 4) from a table of double-doubles
   (computed in decimal; the quarter turns swap and negate them exactly), s1 = sin r1 to r1**9
   and cm = cos r1 - 1 to r1**8 (y = r1**2: -y/6 and -y/2 in double-double, the smaller terms
   in float64), every product's high parts by TwoProduct. Relative error below 2**-80
   (truncation below 2**-91; measured 2**-82.5 against mpmath), checked against 2**-76 by the
   rounding test.

**Correct rounding** (:mod:`rope_ref._cr`). Each value is then rounded once, and the rounding
is checked: with eps = |A| (rel_j + 2**-100) + |v| 2**-76 bounding the distance of the
double-double v from the true value, fl(hi + (lo - eps)) == fl(hi + (lo + eps)) proves that
fl(hi + lo) is the correctly rounded value (rounding is monotone). Where it does not, the true
value lies too close to a midpoint between two float64 numbers, and it is computed again in
decimal at 40, 80, 160 ... digits until it rounds alike at both ends of its error interval
(Ziv's strategy): a few values per million. The angle itself (:func:`angles`) and every rotated
component (:func:`rotate`) are rounded the same way, with their own bounds: an output
a (u c - v s) is within a (|u| + |v|) (|A| (rel_j + 2**-100) + 2**-75) of its double-double, so
outputs that cancel go to the slow path. Every value exact mode returns is therefore the
float64 nearest the exact real value (ties to even) for the float inputs, and any correct
oracle reproduces it bit for bit (tests/test_correct_rounding.py checks 734,000 values against
80-digit mpmath; tests/test_correct_rounding_hard.py the hardest cases found by search).

**Rotation** (:func:`rotate`): each pair becomes a (x_re c - x_im s) and a (x_re s + x_im c)
with c, s and a c, a s as double-doubles, products by TwoProduct, the sum in double-double,
then the checked rounding above. No complex multiply (whose FMA use differs between CPUs) is
involved.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from rope_ref import _cr, _dd, _validate
from rope_ref import _exact_kernel as _kernel
from rope_ref.rotation import _blocks_by_table, _refuse_overflow, _watch_overflow

__all__ = [
    "DD",
    "angles",
    "cos_sin",
    "cos_sin_dd",
    "cos_sin_table_dd",
    "dd_add",
    "dd_exp",
    "dd_log",
    "dd_mul",
    "reciprocal_dd",
    "rotate",
    "rotate_dd",
    "theta_dd",
    "two_prod",
    "two_sum",
]

_Array = np.ndarray
DD = _dd.DD
"""A double-double: the pair (hi, lo) of float64 values (or arrays) standing for hi + lo, |lo| <= ulp(hi)/2."""

_MAX_ANGLE = 2.0**44  # exact mode's range: |m theta_j| <= 2**44 (about 1.8e13)
_MAX_X = 2.0**995  # Dekker's split of x stays finite below this (134217729 * 2**995 < 2**1024)
_CHUNK = 1 << 13  # entries (or pairs) per block: ~50 work arrays of 64 KiB, in cache, few calls per entry
#: Bytes allocated per table entry (position, pair) besides x's copies and the output, measured with
#: tracemalloc (tests/test_sizes_and_values.py) and rounded up; checked against the memory limit
#: (rope_ref._validate.max_bytes) before anything is allocated. "tables_dd" is per entry of rotate_dd's
#: broadcast tables.
_WORK = {"angles": 16, "cos_sin": 32, "cos_sin_scaled": 96, "cos_sin_dd": 48, "table_dd": 48, "rotate": 160,
         "tables_dd": 128}


def _fits(entries: int, work: str, name: str, shape: tuple[int, ...], what: str, x: _Array | None = None) -> None:
    """Refuse, before allocating, ``entries`` table entries of _WORK[work] bytes (and a rotation of x)
    beyond the memory limit."""
    need = entries * _WORK[work] + (0 if x is None else 8 * x.size * _validate.float64_copies(x))
    if need > _validate.max_bytes():
        given = f"shape {shape}" if x is None else f"{_validate.shape_text(x)} at tables of shape {shape}"
        _validate.fits(need, name, given, what)


# The double-double arithmetic itself lives in rope_ref._dd; these are its public names.
two_sum = _dd.two_sum
"""two_sum(a, b) -> (s, e): s + e == a + b exactly, s = fl(a + b) (Knuth's TwoSum)."""
two_prod = _dd.two_prod
"""two_prod(a, b) -> (p, e): p + e == a * b exactly, p = fl(a * b) (Dekker's TwoProduct, no FMA)."""
dd_add = _dd.add
"""dd_add(a, b): the sum of two double-doubles, as a double-double."""
dd_mul = _dd.mul
"""dd_mul(a, b): the product of two double-doubles, as a double-double."""
dd_exp = _dd.exp
"""dd_exp(a): exp of a double-double (|a| < 700), relative error below 2**-99, no libm call."""
dd_log = _dd.log
"""dd_log(x): ln x for x > 0 (a float64 or a double-double), relative error below 2**-99, no libm call."""


def theta_dd(rotary_dim: int, base: float) -> _cr.Freq:
    """theta_j = base**(-2j/d) as double-doubles (hi, lo); hi is correctly rounded.

    The pair also carries the formula itself (a :class:`rope_ref._cr.Freq`), so that exact mode
    rounds every result of it correctly with respect to the exact theta_j, not to hi + lo.

    Example:
        >>> hi, lo = theta_dd(4, 10000.0)
        >>> hi.tolist()
        [1.0, 0.01]
    """
    hi, lo = _dd.theta(rotary_dim, base)
    return _cr.Freq(hi, lo, formula=functools.partial(_dd.theta, rotary_dim, base))  # picklable, like the RoPE
_split = _dd.split


def reciprocal_dd(a: float | _Array) -> tuple[Any, Any]:
    """1/a as a double-double: hi = fl(1/a), lo = (1 - hi a) / a with 1 - hi a exact (floats or arrays).

    Example:
        >>> hi, lo = reciprocal_dd(3.0)
        >>> hi, abs(lo) < 1e-16
        (0.3333333333333333, True)
    """
    if np.ndim(a) == 0:
        hi, lo = _dd.reciprocal(float(a))
        return hi, float(lo)
    return _dd.reciprocal(np.asarray(a, dtype=np.float64))


# -- exact cos and sin -----------------------------------------------------------------------------

def _check_theta(theta: object, pairs: int | None = None) -> DD:
    """theta as a double-double (hi, lo): two finite 1-D float arrays of one shape."""
    allowed = "a pair (hi, lo) of finite 1-D float arrays of one shape"
    if pairs is not None:
        allowed += f" with rotary_dim // 2 = {pairs} entries"
    if not isinstance(theta, tuple) or len(theta) != 2:
        raise _validate.fail("theta", allowed, theta, kind=TypeError)
    hi, lo = (_validate.float_array(t, "theta") for t in theta)
    if hi.ndim != 1 or hi.shape != lo.shape or (pairs is not None and hi.size != pairs):
        raise _validate.fail("theta", allowed, _validate.Shown(f"shapes {hi.shape} and {lo.shape}"))
    if not (np.all(np.isfinite(hi)) and np.all(np.isfinite(lo))):
        raise _validate.fail("theta", allowed, _validate.Shown("non-finite values"))
    if isinstance(theta, _cr.Freq) and hi is theta[0] and lo is theta[1]:
        return theta  # its exact values (and their cache) come along
    return _cr.Freq(hi, lo, theta._formula if isinstance(theta, _cr.Freq) else None)


def _positions_in_range(positions: object, theta_hi: _Array) -> _Array:
    """Validated positions with |m| * max(theta_j) <= _MAX_ANGLE."""
    pos = _validate.positions(positions)
    if pos.size and theta_hi.size:
        top = float(np.max(np.abs(theta_hi)))
        worst = float(pos.flat[np.argmax(np.abs(pos))])
        if abs(worst) * top > _MAX_ANGLE:
            raise _validate.fail("positions", f"of magnitude <= 2**44 / max(theta_j) = {_MAX_ANGLE / top:.6g} "
                                 "in exact mode", worst)
    return pos


def _table(pos: _Array, theta: _cr.Freq, parts: int, a: float = 1.0) -> list[_Array]:
    """Per (position, pair): the angle (parts=0), a cos and a sin (parts=1), each correctly rounded,
    or cos and sin as double-doubles (parts=2: cos_hi, cos_lo, sin_hi, sin_lo).

    Returns float64 arrays of shape pos.shape + (pairs,). Positions go through in blocks of
    ~_CHUNK entries; each rounded value whose double-double cannot settle its rounding
    (rope_ref._cr.round_checked) is computed again in decimal (rope_ref._cr.settle).
    """
    flat, pairs = pos.reshape(-1), theta[0].size
    outs = [np.empty((flat.size, pairs)) for _ in range((1, 2, 4)[parts])]
    theta_parts = _split(theta[0])
    rel = theta.rel_err() + (2.0**-104 if parts == 0 else _cr.ANGLE_REL) if parts < 2 else None
    step = max(1, _CHUNK // max(pairs, 1))
    scratch: dict[int, _kernel.Scratch] = {}
    unsettled: list[tuple[int, _Array]] = []
    for start in range(0, flat.size, step):
        m = flat[start:start + step, None]
        w = scratch.setdefault(m.shape[0], _kernel.Scratch((m.shape[0], pairs)))
        _kernel.angle(w, m, _split(m), theta, theta_parts)
        rows = tuple(out[start:start + step] for out in outs)
        if parts == 2:
            _kernel.cos_sin(w, 2, out=rows)
            continue
        np.abs(w.a_hi, out=w.bound)
        np.multiply(w.bound, rel, out=w.bound)  # |A| (rel_j + ...): the angle's error
        if parts == 0:
            flags = _cr.round_checked(w.a_hi, w.a_lo, w.bound, out=rows[0])[1]
            if flags.any():
                unsettled.append((start, flags[None]))
            continue
        (c_hi, c_lo), (s_hi, s_lo) = _kernel.cos_sin(w, 2)
        np.multiply(w.bound, a * _cr.WIDEN * _cr.WIDEN, out=w.bound)  # once for cos and sin
        flags = []
        for (hi, lo), row in zip(((c_hi, c_lo), (s_hi, s_lo)), rows, strict=True):
            if a != 1.0:
                hi, lo = _dd.mul((hi, lo), (a, 0.0))
            flags.append(_table_rounding(w, hi, lo, row))
        if flags[0] is not None or flags[1] is not None:
            unsettled.append((start, np.stack([np.zeros(w.shape, dtype=bool) if f is None else f for f in flags])))
    for start, flags in unsettled:
        for part, row, j in zip(*np.nonzero(flags), strict=True):
            angle = _cr.product_angle([(float(flat[start + row]), theta, (int(j),))])
            outs[part][start + row, j] = (_cr.angle_value(angle) if parts == 0 else
                                          _cr.table_value(int(part), angle, a))
    return [out.reshape(pos.shape + (pairs,)) for out in outs]


#: a table value's relative error bound: the polynomials, 2**-100 for the factor a, and 2**-104 for
#: the rounding of lo +- eps (|lo| <= ulp(hi) / 2), widened for the rounding of eps itself
_TABLE_REL = (_cr.POLY_REL + 2.0**-100 + 2.0**-104) * _cr.WIDEN


def _table_rounding(w: _kernel.Scratch, hi: _Array, lo: _Array, out: _Array) -> _Array | None:
    """Round the table values hi + lo (normalised double-doubles) of one block into ``out``; return
    where the rounding is not settled (None if everywhere is). The bound is |hi| _TABLE_REL plus
    w.bound, the angle's error already times a and widened; values below 2**-900 always go to the
    slow path."""
    eps = w.eps
    np.abs(hi, out=eps)
    _cr.unsettle_tiny(eps, eps)
    np.multiply(eps, _TABLE_REL, out=eps)
    np.add(eps, w.bound, out=eps)
    return _cr.round_checked_into(hi, lo, eps, out, w.up, w.down)


def cos_sin_dd(hi: object, lo: object = 0.0) -> tuple[DD, DD]:
    """cos A and sin A of angles A = hi + lo (a double-double), each as a double-double.

    Reduction by quarter turns with pi/2 in triple-double, then a table of cos and sin of j/64
    and short Taylor polynomials (module docstring); no np.cos or np.sin, so the result is the
    same on every machine.

    Example:
        >>> import numpy as np
        >>> from rope_ref.exact import cos_sin_dd
        >>> (c, c_lo), (s, s_lo) = cos_sin_dd(np.array([0.0, 1.0, 2.0**30]))
        >>> c.tolist()   # mpmath: cos(2**30) = 0.78670712294118824...
        [1.0, 0.5403023058681398, 0.7867071229411882]

    Parameters:
        hi: finite angles in radians, |hi| <= 2**44 (any shape).
        lo: the low parts, |lo| <= ulp(hi), broadcast against hi (0 for float64 angles).

    Returns:
        ((cos_hi, cos_lo), (sin_hi, sin_lo)), float64 arrays of the broadcast shape: double-doubles
        within |A| 2**-100 + 2**-76 |value| of cos and sin of hi + lo (not rounded: the exact
        mode's methods round them, checking that the rounding is settled).

    Raises:
        TypeError: hi or lo is not real.
        ValueError: non-finite values, |hi| > 2**44 or |lo| > ulp(hi).
    """
    h, low = np.broadcast_arrays(_validate.positions(hi, "hi"), _validate.positions(lo, "lo"))
    _fits(h.size, "cos_sin_dd", "hi", h.shape, "cos and sin as double-doubles and their work arrays")
    if h.size and float(np.max(np.abs(h))) > _MAX_ANGLE:
        raise _validate.fail("hi", "of magnitude <= 2**44", float(h.flat[np.argmax(np.abs(h))]))
    loose = np.abs(low) > np.spacing(np.abs(h))
    if np.any(loose):
        raise _validate.fail("lo", "at most ulp(hi) in magnitude (hi + lo normalised, as two_sum returns it)",
                             float(low[loose].flat[0]))
    flat_hi, flat_lo = h.reshape(-1), low.reshape(-1)
    outs = [np.empty(h.shape) for _ in range(4)]
    flat_outs = [out.reshape(-1) for out in outs]
    scratch: dict[int, _kernel.Scratch] = {}
    for start in range(0, flat_hi.size, _CHUNK):
        block = slice(start, start + _CHUNK)
        w = scratch.setdefault(flat_hi[block].size, _kernel.Scratch((flat_hi[block].size,)))
        w.a_hi[:], w.a_lo[:] = flat_hi[block], flat_lo[block]
        _kernel.cos_sin(w, 2, out=tuple(out[block] for out in flat_outs))
    return (outs[0], outs[1]), (outs[2], outs[3])


def cos_sin_table_dd(positions: object, theta: object) -> tuple[DD, DD]:
    """cos and sin of m * theta_j as double-doubles: ((cos_hi, cos_lo), (sin_hi, sin_lo)).

    The tables :func:`cos_sin` rounds; each of shape positions.shape + (pairs,).

    Example:
        >>> (c, c_lo), (s, s_lo) = cos_sin_table_dd([1.0], theta_dd(2, 10000.0))
        >>> float(c[0, 0]), float(s[0, 0])
        (0.5403023058681398, 0.8414709848078965)
    """
    th = _check_theta(theta)
    pos = _positions_in_range(positions, th[0])
    _fits(pos.size * th[0].size, "table_dd", "positions", pos.shape, "the tables and their work arrays")
    c_hi, c_lo, s_hi, s_lo = _table(pos, th, 2)
    return (c_hi, c_lo), (s_hi, s_lo)


def angles(positions: object, theta: object) -> _Array:
    """m * theta_j computed in double-double, rounded once to float64: positions.shape + (pairs,).

    Example:
        >>> from rope_ref.exact import angles, theta_dd
        >>> float(angles([2.0**31], theta_dd(4, 10000.0))[0, 1])   # 2**31 * 0.01, rounded once
        21474836.48

    Parameters:
        positions: real positions m, any shape, |m| * max(theta_j) <= 2**44.
        theta: the frequencies as a double-double (hi, lo), e.g. from :func:`theta_dd`.

    Returns:
        float64 array of shape positions.shape + (len(theta[0]),).

    Raises:
        TypeError, ValueError: for bad positions or theta, or positions out of range.
    """
    th = _check_theta(theta)
    pos = _positions_in_range(positions, th[0])
    _fits(pos.size * th[0].size, "angles", "positions", pos.shape, "the angles and their work arrays")
    return _table(pos, th, 0)[0]


def cos_sin(positions: object, theta: object, attention_factor: float = 1.0) -> tuple[_Array, _Array]:
    """a cos(m theta_j) and a sin(m theta_j), correctly rounded: tables positions.shape + (pairs,).

    The angle m * theta_j is a double-double (theta_j one too), reduced by quarter turns and
    fed to a table and Taylor polynomials (module docstring); a = ``attention_factor`` multiplies in
    double-double before the one final rounding, which is checked and, for the few values it
    cannot settle, done again in decimal: each value is the float64 nearest a cos(m theta_j)
    (a sin), theta_j the exact frequency theta carries (its formula, or hi + lo).

    Example:
        >>> from rope_ref.exact import cos_sin, theta_dd
        >>> cos, sin = cos_sin([0.0, 2.0**31 - 1], theta_dd(128, 10000.0))
        >>> cos.shape
        (2, 64)
        >>> float(cos[1, 1])   # mpmath: cos((2**31 - 1) * 10000**(-1/64)) = -0.98149202004305494...
        -0.9814920200430549
        >>> from rope_ref import RoPE
        >>> plain = RoPE(128).cos_sin([2.0**31 - 1])[0][0, 1]   # cos(fl(m * fl(theta_1)))
        >>> bool(abs(plain - cos[1, 1]) > 1e-8)
        True

    Parameters:
        positions: real positions m, any shape, |m| * max(theta_j) <= 2**44.
        theta: the frequencies as a double-double (hi, lo), e.g. from :func:`theta_dd`.
        attention_factor: a, a finite real number > 0.

    Returns:
        (cos, sin), float64 arrays of shape positions.shape + (len(theta[0]),).

    Raises:
        TypeError, ValueError: for bad positions, theta or attention_factor, or positions
        out of range.
    """
    th = _check_theta(theta)
    pos = _positions_in_range(positions, th[0])
    a = _validate.positive_real(attention_factor, "attention_factor")
    _fits(pos.size * th[0].size, "cos_sin" if a == 1.0 else "cos_sin_scaled", "positions", pos.shape,
          "the cos and sin tables and their work arrays")
    cos, sin = _table(pos, th, 1, a)
    return cos, sin


# -- rotation --------------------------------------------------------------------------------------

def rotate(x: object, positions: object, theta: object, layout: str = "half", rotary_dim: int | None = None,
           attention_factor: float = 1.0, *, inverse: bool = False) -> _Array:
    """RoPE in exact mode: each pair z_j = (u, v) becomes a (u c - v s, u s + v c), rounded once.

    c + i s = exp(i m theta_j) from :func:`cos_sin_dd`'s double-doubles, a c and a s in
    double-double, every product by TwoProduct and one checked rounding per output component
    (module docstring): each output is the float64 nearest its exact value, cancelling ones
    included. No complex multiply (whose FMA use differs between CPUs) is involved.
    ``inverse=True`` rotates by -m theta_j and divides by a (a reciprocal in double-double).

    Example:
        >>> import numpy as np
        >>> from rope_ref.exact import rotate, theta_dd
        >>> rotate(np.array([1.0, 0.0]), 2.0**30, theta_dd(2, 10000.0)).tolist()   # cos, sin of 2**30
        [0.7867071229411882, -0.6173264150460421]

    Parameters:
        x: features of any real float dtype, shape (..., d); |x| < 2**995 where it rotates.
        positions: real positions broadcastable to x.shape[:-1].
        theta: the rotary_dim // 2 frequencies as a double-double (hi, lo).
        layout: "half" or "interleaved".
        rotary_dim: features that rotate (even, <= d); None means d.
        attention_factor: a, a finite real number > 0.
        inverse: rotate by -m theta_j and divide by a instead.

    Returns:
        float64 array of x's shape.

    Raises:
        TypeError, ValueError: for bad arguments, rotating features that are not finite or
        not below 2**995 in magnitude, or positions out of range.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        out, known = _rotate_flagged(x, positions, theta, layout, rotary_dim, attention_factor, inverse)
    return _refuse_overflow(out, known, x, [])


def _rotate_flagged(x: object, positions: object, theta: object, layout: str = "half",
                    rotary_dim: int | None = None, attention_factor: float = 1.0,
                    inverse: bool = False) -> tuple[_Array, bool]:
    """:func:`rotate`, and whether its output is known to be finite (:func:`_rotate_dd_flagged`)."""
    arr = _validate.float_input(x)
    d = _validate.dim(arr.shape[-1], "x.shape[-1]")
    r = _validate.rotary_dim(rotary_dim, d)
    lay = _validate.layout(layout)
    h, lead = r // 2, arr.shape[:-1]
    th = _check_theta(theta, h)
    pos = _positions_in_range(positions, th[0])
    _validate.broadcast_positions(pos, lead)
    a = _validate.positive_real(attention_factor, "attention_factor")
    _fits(pos.size * h, "rotate", "x", pos.shape + (h,), "the rotated output and its work arrays", arr)
    xf = np.ascontiguousarray(_validate.as_float64(arr, "x"))
    c_hi, c_lo, s_hi, s_lo = _table(pos, th, 2)
    if inverse:
        s_hi, s_lo = -s_hi, -s_lo
    factor = reciprocal_dd(a) if inverse else (a, 0.0)
    if factor != (1.0, 0.0):
        c_hi, c_lo = dd_mul((c_hi, c_lo), factor)
        s_hi, s_lo = dd_mul((s_hi, s_lo), factor)
    # Each output's error is at most (|u| + |v|) times this weight (rope_ref._cr): the angle's error
    # |m| theta_hi (rel_j + ANGLE_REL), widened for |A| <= |m theta_hi| (1 + 2**-52), plus OUTPUT_ABS.
    weight = np.abs(pos)[..., None] * (np.abs(th[0]) * (th.rel_err() + _cr.ANGLE_REL) * _cr.WIDEN)
    weight += _cr.OUTPUT_ABS
    weight *= abs(float(factor[0])) * _cr.WIDEN
    positions_b = np.broadcast_to(pos, lead)

    def exact_pair(index: tuple[int, ...], j: int) -> tuple:
        return _cr.product_angle([(float(positions_b[index]), th, (j,))]), None, a, inverse

    return _rotate_dd_flagged(xf, (c_hi, c_lo), (s_hi, s_lo), lay, r, weight, exact_pair)


def rotate_dd(x: np.ndarray, cos: DD, sin: DD, layout: str, rotary_dim: int | None = None) -> _Array:
    """Each pair z_j = (u, v) becomes (u c - v s, u s + v c) for double-double tables c, s, rounded once.

    The tables broadcast against x.shape[:-1] + (rotary_dim // 2,); every product is a
    TwoProduct, so the result is the same on every machine (no complex multiply, no FMA) and
    within ulp/2 of the exact products of x with the given double-doubles.

    Example:
        >>> import numpy as np
        >>> rotate_dd(np.array([1.0, 2.0]), (np.array([0.0]), np.array([0.0])),
        ...           (np.array([1.0]), np.array([0.0])), "half").tolist()
        [-2.0, 1.0]
    """
    with np.errstate(over="ignore", invalid="ignore"):
        out, known = _rotate_dd_flagged(x, cos, sin, layout, rotary_dim)
    return _refuse_overflow(out, known, x, [*cos, *sin])


def _rotate_dd_flagged(x: np.ndarray, cos: DD, sin: DD, layout: str, rotary_dim: int | None = None,
                       weight: _Array | None = None, exact_pair: Any = None) -> tuple[_Array, bool]:
    """:func:`rotate_dd`, and whether its output is known to be finite wherever x is: True when
    the caller ignores overflow, no NumPy call raised the overflow or invalid flag and the tables
    are finite (see rope_ref.rotation._rotate_flagged); False means "check the output".

    With ``weight`` (broadcastable to the tables' shape) and ``exact_pair``, every output is the
    correctly rounded value of the rotation the tables stand for: the double-double of an output
    whose pair is (u, v) lies within (|u| + |v|) * weight of it (rope_ref._cr), and outputs that
    this cannot settle are computed again in decimal from ``exact_pair(lead_index, j)``, which
    gives (angle, scale, a, inverse) for rope_ref._cr.rotated_component.
    """
    arr = _validate.float_input(x)
    d = _validate.dim(arr.shape[-1], "x.shape[-1]")
    r = _validate.rotary_dim(rotary_dim, d)
    lay = _validate.layout(layout)
    h, lead = r // 2, arr.shape[:-1]
    c_hi, c_lo, s_hi, s_lo = (_validate.as_array(t, "cos, sin", "double-doubles (hi, lo) of real tables")
                              for t in (*cos, *sin))
    wanted = lead + (h,)
    for t in (c_hi, c_lo, s_hi, s_lo):
        try:
            fits = np.broadcast_shapes(t.shape, wanted) == wanted
        except ValueError:
            fits = False
        if not fits:
            raise _validate.fail("cos, sin", f"tables broadcastable to x.shape[:-1] + (rotary_dim // 2,) = {wanted}",
                                 _validate.Shown(f"shape {t.shape}"))
        if t.dtype.kind not in "biuf":
            raise _validate.fail("cos, sin", "double-doubles (hi, lo) of real tables", t, kind=TypeError)
    tables = np.broadcast_shapes(c_hi.shape, c_lo.shape, s_hi.shape, s_lo.shape)
    _fits(math.prod(tables), "tables_dd", "x", tables, "the rotated output and its work arrays", arr)
    c_hi, c_lo, s_hi, s_lo = (t.astype(np.float64, copy=False) for t in (c_hi, c_lo, s_hi, s_lo))
    xf = np.ascontiguousarray(_validate.as_float64(arr, "x"))
    # u and v are multiplied by (c, s) for (re, im) and by (-s, c): with B = [s, c, -s] the
    # multiplier of operand i for output k is B[1 + i - k], so a sliding window over B gives all four
    # as one view T[i, k], no value stored twice. B's hi, lo and the split of hi (once per table).
    stacks = []
    for parts in ((s_hi, c_hi, -s_hi), (s_lo, c_lo, -s_lo)):
        b = np.stack(np.broadcast_arrays(*parts))
        stacks.append(b.reshape((3,) + (1,) * (len(wanted) + 1 - b.ndim) + b.shape[1:]))
    stacks += list(_split(stacks[0]))
    finite_tables = all(np.isfinite(b).all() for b in stacks[:2])
    table = [np.broadcast_to(np.moveaxis(sliding_window_view(b, 2, axis=0)[..., ::-1], -1, 1), (2, 2) + wanted)
             for b in stacks]
    interleaved = lay == "interleaved"

    def pairs(a: _Array) -> _Array:
        """(u, v) of a block's features (..., d), stacked on a new leading axis: a view (u is
        [..., :h] or [..., 0:r:2], v is [..., h:r] or [..., 1:r:2])."""
        k = a.ndim - 1
        if interleaved:
            return a[..., :r].reshape(a.shape[:-1] + (h, 2)).transpose((k + 1,) + tuple(range(k + 1)))
        return a[..., :r].reshape(a.shape[:-1] + (2, h)).transpose((k,) + tuple(range(k)) + (k + 1,))

    out = np.empty_like(xf)
    work: dict[tuple, tuple[_kernel.Scratch, _kernel.Scratch]] = {}
    weights = None if weight is None else np.broadcast_to(weight, wanted)
    unsettled: list[tuple[tuple, _Array, _Array]] = []
    with _watch_overflow() as flags:
        for idx in _blocks_by_table(lead, h, table, _CHUNK):
            xb, ob = xf[idx], out[idx]
            if r < d:
                ob[..., r:] = xb[..., r:]
            shape = xb.shape[:-1] + (h,)
            if shape not in work:  # the last block may be smaller
                work[shape] = _kernel.Scratch((2,) + shape), _kernel.Scratch((2, 2) + shape)
            w2, w4 = work[shape]
            np.copyto(w2.x, pairs(xb))
            if w2.x.size and not (np.maximum.reduce(w2.x, axis=None) < _MAX_X
                                  and np.minimum.reduce(w2.x, axis=None) > -_MAX_X):
                _check_x_range(xf[..., :r])
            tables_b = tuple(t[(slice(None), slice(None)) + idx] for t in table)
            if weights is None:
                _kernel.rotate_pairs(w2, w4, tables_b, pairs(ob))
                continue
            hi, lo = _kernel.rotate_pairs(w2, w4, tables_b)
            flagged = _settle_outputs(w2, hi, lo, weights[idx], pairs(ob))
            if flagged is not None:
                unsettled.append((idx, flagged, w2.x.copy()))
    for idx, flagged, xs in unsettled:
        _settle_block(out, lead, idx, flagged, xs, exact_pair, interleaved, h)
    return out, bool(flags.clean and finite_tables)


def _settle_outputs(w2: _kernel.Scratch, hi: _Array, lo: _Array, weight: _Array, out: _Array) -> _Array | None:
    """Round the outputs hi + lo of one block into ``out``; return where the rounding is not settled
    (None if everywhere is): the error bound of an output is (|u| + |v|) * weight for its pair."""
    np.abs(w2.x, out=w2.ax)
    eps = w2.ax[0]
    np.add(eps, w2.ax[1], out=eps)
    _cr.unsettle_tiny(eps, eps)  # double-doubles near underflow
    np.multiply(eps, weight, out=eps)
    # (|lo| is below 2**-50 (|u| + |v|) a, so the rounding of lo +- eps is inside weight's 2**-75.)
    return _cr.round_checked_into(hi, lo, eps, out, w2.up, w2.down)


def _settle_block(out: _Array, lead: tuple[int, ...], idx: tuple, flagged: _Array, xs: _Array, exact_pair: Any,
                  interleaved: bool, h: int) -> None:
    """Compute the flagged outputs of one block again in decimal (rope_ref._cr.rotated_component)."""
    block_lead = flagged.shape[1:-1]
    origin = [i.start if isinstance(i, slice) else i for i in idx]
    axis0 = len(lead) - len(block_lead)  # leading axes indexed by integers before the block's own
    for k, *local, j in zip(*np.nonzero(flagged), strict=True):
        index = tuple(origin[:axis0]) + tuple(
            int(loc) + (origin[axis0 + n] if axis0 + n < len(origin) else 0) for n, loc in enumerate(local))
        angle, scale, a, inverse = exact_pair(index, int(j))
        u, v = float(xs[(0, *local, j)]), float(xs[(1, *local, j)])
        feature = 2 * int(j) + int(k) if interleaved else int(j) + int(k) * h
        out[index + (feature,)] = _cr.rotated_component(u, v, int(k), angle, scale, a, inverse)


def _check_x_range(rot: _Array) -> None:
    """Refuse rotating features that are not finite or not below 2**995 in magnitude (naming the first)."""
    if rot.size and not (float(np.max(rot)) < _MAX_X and float(np.min(rot)) > -_MAX_X):
        bad = rot[~(np.abs(rot) < _MAX_X)].flat[0]
        raise _validate.fail("x", "finite with magnitude < 2**995 (about 6.7e299) in exact mode", float(bad))

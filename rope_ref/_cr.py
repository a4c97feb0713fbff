"""Correct rounding for exact mode: the rounding test, the error bounds it uses, and the slow path.

Exact mode computes each result as a double-double hi + lo together with a bound eps on its
distance from the exact real value v. Rounding to nearest is monotone, so when

    fl(hi + (lo - eps')) == fl(hi + (lo + eps'))

(each side one IEEE addition, eps' = eps enlarged to cover the rounding of lo +- eps) every real
number within eps of hi + lo, v among them, rounds to that same float64: the fast result is the
correctly rounded one (:func:`round_checked`). Otherwise v lies too close to a rounding boundary
(a midpoint between two float64 numbers) for the double-double to tell, and the value is computed
again in decimal (:mod:`rope_ref._hp`) at 40 significant digits, then 80, 160 ... until an interval
around it with a proven radius rounds to one float64 (:func:`settle`; Ziv's strategy).

**Bounds used by the fast path** (docs/precision.md, "Correct rounding", derives them):

- the frequencies: each theta_j carries ``rel``, a bound on |hi + lo - theta_j| / theta_j measured
  against a 40-digit evaluation of the rule's formula (:class:`Freq`); about 2**-103 for every
  built-in rule;
- the angle A = m * theta_j: |A| (rel + 2**-100) (TwoProduct, the rounding of m * theta_lo and the
  reduction by quarter turns with pi/2 in triple-double);
- cos and sin of the reduced angle: 2**-76 relative (POLY_REL; the table-driven polynomials of
  rope_ref._exact_kernel are within 2**-80, measured 2**-82.5 against mpmath);
- a rotated output a (u c - v s): a (|u| + |v|) (angle error + 2**-75).

Example:
    >>> import numpy as np
    >>> from rope_ref._cr import round_checked
    >>> out, unsettled = round_checked(np.array([1.0, 1.0]), np.array([2.0**-80, 2.0**-53]),
    ...                                np.array([2.0**-90, 2.0**-90]))
    >>> out.tolist(), unsettled.tolist()   # 1 + 2**-53 is the midpoint of 1 and 1 + 2**-52
    ([1.0, 1.0], [False, True])
"""

from __future__ import annotations

import decimal
import struct
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

from rope_ref import _hp

Array = np.ndarray

POLY_REL = 2.0**-76
"""Relative error bound of the double-double cos and sin of a reduced angle |r| <= 0.7934 (the kernel
is within 2**-80: a factor 16 to spare)."""
ANGLE_REL = 2.0**-100
"""Relative error added by forming A = m * theta_j and reducing it by quarter turns, besides theta_j's own."""
OUTPUT_ABS = 2.0**-75
"""Per unit of a (|u| + |v|): the cos/sin error (POLY_REL) and the rotation's own double-double steps."""
TINY = 2.0**-900
"""Values (or pair magnitudes) below this go to the slow path: double-double products lose bits near underflow."""
START_DIGITS = 40
MAX_DIGITS = 2560
WIDEN = 1.0 + 2.0**-50


class Stats:
    """How many values exact mode has rounded, and how many of them took the slow path (since the
    process started, or since :meth:`reset`); ``rope-ref bench`` reports the fraction.

    Example:
        >>> from rope_ref import RoPE
        >>> from rope_ref._cr import STATS
        >>> STATS.reset()
        >>> _ = RoPE(8, precision="exact").cos_sin(range(100))
        >>> STATS.values, STATS.slow <= STATS.values
        (800, True)
    """

    def __init__(self) -> None:
        self.values = 0
        self.slow = 0

    def reset(self) -> None:
        self.values = self.slow = 0

    @property
    def fraction(self) -> float:
        """slow / values (0 before any value)."""
        return self.slow / self.values if self.values else 0.0


STATS = Stats()


class Freq(tuple):
    """Frequencies as a double-double (hi, lo), with their exact real values on demand.

    ``formula`` is a function of no argument that returns the frequencies as rope_ref._dd computes
    them; evaluated inside ``rope_ref._hp.precision(digits)`` it gives them in decimal. Without a
    formula the exact values are hi + lo themselves (a double-double given by the caller).

    Example:
        >>> from rope_ref import _dd
        >>> f = Freq(*_dd.theta(4, 100.0), formula=lambda: _dd.theta(4, 100.0))
        >>> [str(v) for v in f.exact(20)]
        ['1', '0.10000000000000000000']
        >>> bool(f.rel_err().max() < 2.0**-100)
        True
    """

    _formula: Callable[[], Any] | None
    _cache: dict[Any, Any]

    def __new__(cls, hi: Any, lo: Any, formula: Callable[[], Any] | None = None) -> Freq:
        self = super().__new__(cls, (hi, lo))
        self._formula = formula
        self._cache = {}
        return self

    def __getnewargs__(self) -> tuple[Any, Any, Any]:  # pickling (a RoPE holds its frequencies)
        return self[0], self[1], self._formula

    def __getstate__(self) -> dict[str, Any]:
        return {"_formula": self._formula, "_cache": {}}

    def exact(self, digits: int) -> Array:
        """The exact frequencies at ``digits`` significant digits: an object array of Decimals of hi's shape."""
        key = ("exact", digits)
        if key not in self._cache:
            hi = np.asarray(self[0], dtype=np.float64)
            with _hp.precision(digits):
                if self._formula is None:
                    values = _hp.value((hi, np.asarray(self[1], dtype=np.float64)))
                else:
                    values = _hp.value(self._formula())
                values = np.broadcast_to(np.asarray(values, dtype=object), hi.shape)
                values = np.frompyfunc(lambda v: +_hp.value(v), 1, 1)(values) if values.ndim else values
            self._cache[key] = np.asarray(values, dtype=object).reshape(hi.shape)
        return self._cache[key]

    def exact_with_error(self, digits: int) -> tuple[Array, Decimal]:
        """(exact(digits), a bound on their relative error): the largest relative difference from
        exact(digits + 20), plus 10**-(digits + 15)."""
        key = ("error", digits)
        if key not in self._cache:
            values, finer = self.exact(digits), self.exact(digits + 20)
            with decimal.localcontext() as ctx:
                ctx.prec = 30
                worst = Decimal(0)
                for v, w in zip(values.flat, finer.flat, strict=True):
                    if w != 0:
                        worst = max(worst, abs((v - w) / w))
                    elif v != 0:
                        raise ArithmeticError("a frequency is 0 at one precision and not at another")
                self._cache[key] = (values, worst + Decimal(10) ** -(digits + 15))
        return self._cache[key]

    def rel_err(self) -> Array:
        """Per frequency, a bound on |hi + lo - exact| / |exact| (float64, rounded up; 0 where both are 0)."""
        if "rel" not in self._cache:
            hi = np.asarray(self[0], dtype=np.float64)
            lo = np.asarray(self[1], dtype=np.float64)
            if self._formula is None:
                rel = np.zeros(hi.shape)
            else:
                exact = self.exact(START_DIGITS)
                rel = np.empty(hi.shape)
                with decimal.localcontext() as ctx:
                    ctx.prec = START_DIGITS
                    for i, (h, low, v) in enumerate(zip(hi.flat, lo.flat, exact.flat, strict=True)):
                        if v == 0:
                            if h != 0 or low != 0:
                                raise ArithmeticError("a frequency's formula is 0 where its double-double is not")
                            rel.flat[i] = 0.0
                        else:
                            diff = abs((Decimal(float(h)) + Decimal(float(low)) - v) / v)
                            rel.flat[i] = float(diff) * WIDEN + 1e-36
            rel.flags.writeable = False
            self._cache["rel"] = rel
        return self._cache["rel"]


class Scale(tuple):
    """xPos's scales k as a double-double (hi, lo), with ``size`` = |t ln zeta| (their relative error is
    below (1 + size) 2**-97) and ``exact(m, j)``: a function of the digits giving (k, relative
    radius) in decimal for pair j at position m."""

    size: Array
    exact: Callable[[float, int], Callable[[int], tuple[Decimal, Decimal]]]

    def __new__(cls, hi: Array, lo: Array, size: Array,
                exact: Callable[[float, int], Callable[[int], tuple[Decimal, Decimal]]]) -> Scale:
        self = super().__new__(cls, (hi, lo))
        self.size = size
        self.exact = exact
        return self


def as_freq(theta: Any) -> Freq:
    """theta as a :class:`Freq` (a plain (hi, lo) pair is taken as exact)."""
    return theta if isinstance(theta, Freq) else Freq(theta[0], theta[1])


# -- the rounding test ----------------------------------------------------------------------------

def round_checked(hi: Array, lo: Array, eps: Array, out: Array | None = None) -> tuple[Array, Array]:
    """fl(hi + lo) and where it may not be the correctly rounded value of a real within eps of hi + lo.

    Returns (out, unsettled): out = fl(hi + lo) (written into ``out`` if given); unsettled is True
    where fl(hi + (lo - eps')) != fl(hi + (lo + eps')), with eps' = eps (1 + 2**-50) + |lo| 2**-52
    (which covers the rounding of lo +- eps'), or where 0 < |fl(hi + lo)| < 2**-900 (:func:`unsettle_tiny`).
    """
    widened = np.abs(lo)
    widened *= 2.0**-52
    widened += eps * WIDEN
    if out is None:
        out = np.empty(np.shape(widened))
    np.add(hi, lo, out=out)
    unsettle_tiny(widened, np.abs(out))
    unsettled = round_checked_into(hi, lo, widened, out, np.empty(out.shape), np.empty(out.shape))
    return out, np.zeros(out.shape, dtype=bool) if unsettled is None else unsettled


def unsettle_tiny(eps: Array, size: Array) -> None:
    """Set eps to infinity where 0 < size < 2**-900 (TINY): near underflow the low parts of the
    double-doubles lose bits, so those values always go to the slow path."""
    if size.size and float(np.minimum.reduce(size, axis=None)) < TINY:
        np.copyto(eps, np.inf, where=(size < TINY) & (size > 0))


def round_checked_into(hi: Array, lo: Array, eps: Array, out: Array, up: Array, down: Array) -> Array | None:
    """The rounding test in place: out = fl(hi + lo); None where every value is settled, else the
    mask of the unsettled ones, where fl(hi + (lo - eps)) != fl(hi + (lo + eps)).

    ``eps`` must already cover the rounding of lo +- eps (see :func:`round_checked`); an infinite
    eps marks a value as unsettled. ``up`` and ``down`` are scratch arrays of out's shape.
    """
    STATS.values += np.size(out)
    np.add(lo, eps, out=up)
    np.add(hi, up, out=up)
    np.subtract(lo, eps, out=down)
    np.add(hi, down, out=down)
    np.add(hi, lo, out=out)
    if np.array_equal(up, down):
        return None
    return up != down


# -- the slow path ------------------------------------------------------------------------------------

def settle(compute: Callable[[int], tuple[Decimal, Decimal]]) -> float:
    """The float64 nearest the real value that ``compute(digits)`` encloses: (value, radius) with the
    real within radius of value. Digits double from 40 until value +- radius round alike; a value
    still undecided at 2560 digits is within 10**-2500 relative of a midpoint and is taken to be it
    (rounded to even): that happens only for exact midpoints (see docs/precision.md)."""
    STATS.slow += 1
    digits = START_DIGITS
    while True:
        val, radius = compute(digits)
        low, high = float(val - radius), float(val + radius)
        if low == high:
            return low
        if digits >= MAX_DIGITS:  # the midpoint of low and high: ties to even
            return low if struct.unpack("<q", struct.pack("<d", low))[0] % 2 == 0 else high
        digits *= 2


def rotated_component(u: float, v: float, part: int, angle: Callable[[int], tuple[Decimal, Decimal]],
                      scale: Callable[[int], tuple[Decimal, Decimal]] | None, a: float, inverse: bool) -> float:
    """The correctly rounded a k (u cos A - v sin A) (part 0) or a k (u sin A + v cos A) (part 1),
    or for ``inverse`` k / a times the rotation by -A.

    ``angle(digits)`` gives (A, radius) in decimal; ``scale(digits)`` (or None for k = 1) gives (k,
    relative radius): xPos's scale of the direction applied. u, v and a are read exactly. When A
    is exactly 0 and k is 1 the result is the exact rational a u (or a v) rounded once.
    """
    if u == 0.0 and v == 0.0:
        return 0.0

    def compute(digits: int) -> tuple[Decimal, Decimal]:
        with _hp.precision(digits) as ctx:
            ang, ang_radius = angle(digits)
            k, k_rel = (Decimal(1), Decimal(0)) if scale is None else scale(digits)
            du, dv, da = Decimal(float(u)), Decimal(float(v)), Decimal(float(a))
            if ang == 0 and ang_radius == 0:
                c, s, trig_radius = Decimal(1), Decimal(0), Decimal(0)
            else:
                c, s = _hp.cos_sin(ang)
                trig_radius = ang_radius + Decimal(10) ** (4 - digits)
            if inverse:
                s = -s
                factor = k / da
            else:
                factor = da * k
            val = factor * ((du * c - dv * s) if part == 0 else (du * s + dv * c))
            size = abs(factor) * (abs(du) + abs(dv))
            radius = size * (trig_radius * (1 + k_rel) + k_rel + Decimal(10) ** (2 - digits))
            ctx.prec = 30
            return val, +radius

    if scale is None:
        ang0, r0 = angle(START_DIGITS)
        if ang0 == 0 and r0 == 0:  # an exact rotation by 0: a u or a v, an exact rational
            STATS.slow += 1
            fa = Fraction(float(a))
            kept = Fraction(float(u if part == 0 else v))
            value = kept / fa if inverse else kept * fa
            try:
                return float(value)
            except OverflowError:  # beyond the largest float64: the caller refuses an overflowing output
                return float("inf") if value > 0 else float("-inf")
    return settle(compute)


def table_value(part: int, angle: Callable[[int], tuple[Decimal, Decimal]], a: float) -> float:
    """The correctly rounded a cos A (part 0) or a sin A (part 1)."""
    return rotated_component(1.0, 0.0, part, angle, None, a, False)


def angle_value(angle: Callable[[int], tuple[Decimal, Decimal]]) -> float:
    """The correctly rounded angle A itself."""
    return settle(angle)


def product_angle(terms: list[tuple[float, Freq, tuple[int, ...]]]) -> Callable[[int], tuple[Decimal, Decimal]]:
    """A = sum of m * F[index] over ``terms`` (m read exactly, F's exact values): a function of the
    digits giving (A, radius)."""

    def angle(digits: int) -> tuple[Decimal, Decimal]:
        total, radius = Decimal(0), Decimal(0)
        with decimal.localcontext() as ctx:
            ctx.prec = digits + 25
            for m, freq, index in terms:
                values, rel = freq.exact_with_error(digits)
                term = Decimal(float(m)) * values[index]
                total += term
                radius += abs(term) * (rel + Decimal(10) ** -(digits + 20))
            ctx.prec = digits
            total = +total
            radius += abs(total) * Decimal(10) ** (1 - digits)
        return total, radius

    return angle

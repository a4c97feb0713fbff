"""Double-double arithmetic: the leaf that every exact value in rope-ref is computed with.

A double-double (dd) is an unevaluated sum hi + lo of two float64 with |lo| <= ulp(hi)/2,
about 106 bits of significand. Everything here is built from error-free transformations
(Knuth's TwoSum, Dekker's Split and TwoProduct; Dekker 1971, "A floating-point technique for
extending the available precision") and uses only IEEE add, subtract, multiply, divide,
square root, floor, rint, frexp and ldexp, each exactly specified by IEEE 754 (the last four are
exact): no libm function whose last bit can differ between platforms (log, exp, pow, cos, sin)
and no fused multiply-add. The same inputs give the same bits on every machine.

The functions take NumPy arrays or Python floats (a dd is a tuple (hi, lo) of either).

**Logarithm** (:func:`dd_log`): x = 2**e * m with m in [sqrt(1/2), sqrt(2)) (frexp, exact), then
ln x = e ln 2 + 2 atanh(t), t = (m - 1) / (m + 1), |t| <= 0.1716, the atanh series summed to
t**43 (truncation below 1e-33). **Exponential** (:func:`dd_exp`): argument reduction k ln 2 + r,
r / 2**10, a degree-9 Taylor polynomial for expm1 and ten doublings. Both have relative error
below 2**-99 (tests/test_exact.py measures them against 50-digit mpmath).

**Frequencies.** theta_j = base**(-2j/d) = exp(e_j ln base), e_j = -2j/d as a dd (:func:`ratio`),
and every scaling rule in :mod:`rope_ref.scaling` is written once on top of these, so the
float64 frequencies are the double-double value rounded once.
"""

from __future__ import annotations

import math
from fractions import Fraction
from math import factorial
from typing import Any

import numpy as np

from rope_ref import _hp, _validate

Array = np.ndarray
DD = tuple[Any, Any]

SPLITTER = 134217729.0  # 2**27 + 1: Dekker's split of a 53-bit significand into 26 + 27 bits


def constant(value: Fraction) -> tuple[float, float]:
    """An exact rational as a double-double: hi = fl(value), lo = fl(value - hi) (and, in decimal,
    the rational itself: rope_ref._hp)."""
    hi = float(value)
    return _hp.Const((hi, float(value - Fraction(hi))), lambda: _hp.rational(value))


# ln 2, pi and 2 pi as double-doubles (hi rounded, lo the rounded rest; tests/test_exact.py checks
# them against mpmath).
LN2 = _hp.Const((6.931471805599452862e-01, 2.319046813846299558e-17), _hp.ln2)
LN2_REST = 5.707708438416212e-34  # ln 2 - LN2[0] - LN2[1], rounded: k ln 2 in exp stays exact to ~2**-160 k
PI = _hp.Const((3.141592653589793116e+00, 1.224646799147353207e-16), _hp.pi)
TWO_PI = _hp.Const((2.0 * PI[0], 2.0 * PI[1]), _hp.two_pi)

# 1/i! for i = 0 .. 9 and 1/(2k + 1) for k = 0 .. 21, as double-doubles from exact rationals.
_INV_FACT = tuple(constant(Fraction(1, factorial(i))) for i in range(10))
_ATANH_TERMS = 22  # |t| <= 0.1716: t**43 / 43 < 1e-34
_INV_ODD = tuple(constant(Fraction(1, 2 * k + 1)) for k in range(_ATANH_TERMS))
_EXP_HALVINGS = 10  # exp(r) = exp(r / 2**10) ** (2**10)
_SQRT_HALF = 0.7071067811865476


def two_sum(a: Any, b: Any) -> DD:
    """s + e == a + b exactly, with s = fl(a + b) (Knuth)."""
    if _hp.active():
        return _hp.two_sum(a, b)
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def quick_two_sum(a: Any, b: Any) -> DD:
    """s + e == a + b exactly, assuming |a| >= |b| (Dekker)."""
    if _hp.active():
        return _hp.quick_two_sum(a, b)
    s = a + b
    return s, b - (s - a)


def split(a: Any) -> DD:
    """a == hi + lo with hi and lo of at most 26 significant bits each (Dekker)."""
    c = SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: Any, b: Any) -> DD:
    """p + e == a * b exactly, with p = fl(a * b) (Dekker's TwoProduct, no FMA)."""
    if _hp.active():
        return _hp.two_prod(a, b)
    p = a * b
    ah, al = split(a)
    bh, bl = split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def as_dd(a: Any) -> DD:
    """A float64 (array) as a double-double with a zero low part."""
    if _hp.active():
        return _hp.as_dd(a)
    hi = np.asarray(a, dtype=np.float64)
    return hi, np.zeros_like(hi)


def neg(a: DD) -> DD:
    """-a."""
    if _hp.active():
        return _hp.neg(a)
    return -a[0], -a[1]


def add(a: DD, b: DD) -> DD:
    """a + b for double-doubles (the accurate, IEEE-style addition)."""
    if _hp.active():
        return _hp.add(a, b)
    s, e = two_sum(a[0], b[0])
    t, f = two_sum(a[1], b[1])
    s, e = quick_two_sum(s, e + t)
    return quick_two_sum(s, e + f)


def sub(a: DD, b: DD) -> DD:
    """a - b for double-doubles."""
    if _hp.active():
        return _hp.sub(a, b)
    return add(a, neg(b))


def mul(a: DD, b: DD) -> DD:
    """a * b for double-doubles."""
    if _hp.active():
        return _hp.mul(a, b)
    p, e = two_prod(a[0], b[0])
    e = e + (a[0] * b[1] + a[1] * b[0])
    return quick_two_sum(p, e)


def div(a: DD, b: DD) -> DD:
    """a / b for double-doubles: three quotient digits, each remainder exact by TwoProduct."""
    if _hp.active():
        return _hp.div(a, b)
    q1 = a[0] / b[0]
    r = sub(a, mul((q1, 0.0 * q1), b))
    q2 = r[0] / b[0]
    r = sub(r, mul((q2, 0.0 * q2), b))
    q3 = r[0] / b[0]
    q1, q2 = quick_two_sum(q1, q2)
    return add((q1, q2), (q3, 0.0 * q3))


def reciprocal(a: Any) -> DD:
    """1/a for float64 a as a double-double: hi = fl(1/a), lo = (1 - hi a) / a with 1 - hi a exact."""
    if _hp.active():
        return _hp.reciprocal(a)
    hi = 1.0 / a
    p, e = two_prod(hi, a)
    return hi, ((1.0 - p) - e) / a


def sqrt(a: DD) -> DD:
    """sqrt(a) for a double-double a >= 0: the IEEE (correctly rounded) root and one Newton step."""
    if _hp.active():
        return _hp.sqrt(a)
    q = np.sqrt(a[0])
    safe = np.where(q > 0, q, 1.0)
    correction = div(sub(a, two_prod(q, q)), (2.0 * safe, 0.0 * safe))
    return quick_two_sum(q, np.where(q > 0, correction[0], 0.0))


def floor(a: DD) -> Any:
    """floor(hi + lo) as a float64 integer."""
    if _hp.active():
        return _hp.floor(a)
    f = np.floor(a[0])
    return np.where((f == a[0]) & (a[1] < 0), f - 1.0, f)


def isfinite(a: DD) -> Any:
    """Whether a's high part is finite (elementwise)."""
    if _hp.active():
        return _hp.isfinite(a)
    return np.isfinite(a[0])


def less(a: DD, b: DD) -> Any:
    """a < b for double-doubles (the sign of the normalised difference is the sign of its hi)."""
    if _hp.active():
        return _hp.less(a, b)
    return sub(a, b)[0] < 0


def select(condition: Any, a: DD, b: DD) -> DD:
    """a where condition holds, else b (elementwise)."""
    if _hp.active():
        return _hp.select(condition, a, b)
    return np.where(condition, a[0], b[0]), np.where(condition, a[1], b[1])


def ratio(numerators: Array, denominator: int) -> DD:
    """n / d for exact float64 integers n and an integer d, as double-doubles."""
    if _hp.active():
        return _hp.ratio(numerators, denominator)
    d = float(denominator)
    hi = numerators / d
    p, p_err = two_prod(hi, np.full_like(hi, d))  # hi * d == p + p_err exactly
    return hi, ((numerators - p) - p_err) / d  # n - p is exact (Sterbenz)


def _expm1_small(r: DD) -> DD:
    """expm1(r) for |r| <= ln(2)/2 / 2**10, Taylor to degree 9 (truncation < 1e-37)."""
    def coefficient(i: int) -> DD:
        return np.full_like(r[0], _INV_FACT[i][0]), np.full_like(r[0], _INV_FACT[i][1])

    p = coefficient(9)  # Horner on sum_{i=1}^{9} r^(i-1) / i!, then times r
    for i in range(8, 0, -1):
        p = add(mul(p, r), coefficient(i))
    return mul(p, r)


def exp(a: DD) -> DD:
    """exp(a) for a double-double a (|a| < 700), relative error below 2**-99."""
    if _hp.active():
        return _hp.exp(a)
    hi = np.asarray(a[0], dtype=np.float64)
    lo = np.asarray(a[1], dtype=np.float64)
    k = np.rint(hi / LN2[0])
    # r = a - k ln 2 in stages, each difference small: summing k ln 2 first would round it to ~2**-106 k
    r = sub(sub((hi, lo), two_prod(k, np.full_like(hi, LN2[0]))), two_prod(k, np.full_like(hi, LN2[1])))
    r = sub(r, as_dd(k * LN2_REST))
    t = _expm1_small((np.ldexp(r[0], -_EXP_HALVINGS), np.ldexp(r[1], -_EXP_HALVINGS)))
    for _ in range(_EXP_HALVINGS):
        # expm1(2x) = 2 expm1(x) + expm1(x)^2, which keeps the relative precision of small values.
        t = add((2.0 * t[0], 2.0 * t[1]), mul(t, t))
    s = add(t, as_dd(np.ones_like(hi)))
    e = k.astype(np.int64)
    return np.ldexp(s[0], e), np.ldexp(s[1], e)


def log(x: Any) -> DD:
    """ln(x) for x > 0 (float64 or a double-double (hi, lo)) as a double-double, relative error < 2**-99.

    x = 2**e m with m in [sqrt(1/2), sqrt(2)) by frexp; ln x = e ln 2 + 2 atanh((m - 1)/(m + 1)),
    the series summed in double-double. A double-double x adds lo / hi (first order: the square
    is below 2**-106).
    """
    if _hp.active():
        return _hp.log(x)
    hi, lo = x if isinstance(x, tuple) else (x, 0.0)
    if np.ndim(hi) == 0 and np.ndim(lo) == 0:  # Python floats: the same operations, ~50x faster
        mant, ex = math.frexp(float(hi))
        if mant < _SQRT_HALF:
            mant, ex = 2.0 * mant, ex - 1
        log_m = _log_mantissa(mant, lambda c: c)
        result = add(mul((float(ex), 0.0), LN2), log_m)
        return add(result, (float(lo) / float(hi), 0.0))
    hi = np.asarray(hi, dtype=np.float64)
    mant, e = np.frexp(hi)
    low = mant < _SQRT_HALF
    mant, ex = np.where(low, 2.0 * mant, mant), np.where(low, e - 1, e).astype(np.float64)
    log_m = _log_mantissa(mant, lambda c: (np.full_like(mant, c[0]), np.full_like(mant, c[1])))
    result = add(mul(as_dd(ex), (np.full_like(mant, LN2[0]), np.full_like(mant, LN2[1]))), log_m)
    return add(result, as_dd(np.asarray(lo, dtype=np.float64) / hi))


def _log_mantissa(mant: Any, const: Any) -> DD:
    """ln(m) = 2 atanh(t), t = (m - 1) / (m + 1), for m in [sqrt(1/2), sqrt(2)); ``const`` shapes constants."""
    t = div((mant - 1.0, 0.0 * mant), two_sum(mant, 1.0))  # mant - 1 is exact (Sterbenz)
    t2 = mul(t, t)
    series = const(_INV_ODD[-1])
    for k in range(_ATANH_TERMS - 2, -1, -1):
        series = add(mul(series, t2), const(_INV_ODD[k]))
    atanh = mul(series, t)
    return 2.0 * atanh[0], 2.0 * atanh[1]


def power(log_base: DD, exponent: DD) -> DD:
    """exp(exponent * log_base), elementwise, for a double-double log_base (broadcast) and exponents."""
    shape = np.shape(exponent[0])
    return exp(mul(exponent, (np.broadcast_to(log_base[0], shape), np.broadcast_to(log_base[1], shape))))


def theta(rotary_dim: int, base: float) -> DD:
    """theta_j = base**(-2j/d), j = 0 .. d/2 - 1, as double-doubles (hi, lo).

    Example:
        >>> from rope_ref.exact import theta_dd
        >>> hi, lo = theta_dd(4, 10000.0)
        >>> hi.tolist()
        [1.0, 0.01]
        >>> round(float(lo[1]) * 1e19, 4)  # 0.01 is not a float64: 0.01 - fl(0.01) = -2.0817e-19
        -2.0817
    """
    d = _validate.dim(rotary_dim, "rotary_dim")
    return theta_from_log(d, log(np.float64(_validate.base(base))))


def theta_from_log(rotary_dim: int, log_base: DD) -> DD:
    """exp(-2j/d * ln base) for j = 0 .. d/2 - 1, given ln base as a double-double."""
    n = -np.arange(0, rotary_dim, 2, dtype=np.float64)  # the numerators -2j, exact
    return exp(mul(ratio(n, rotary_dim), log_base))

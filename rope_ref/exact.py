"""Double-double arithmetic in NumPy: exact enough to be the reference for float64 RoPE.

A double-double (dd) is an unevaluated sum hi + lo of two float64 with |lo| <= ulp(hi)/2,
about 106 bits of significand. Everything here is built from error-free transformations
(Knuth's TwoSum, Dekker's Split and TwoProduct; Dekker 1971, "A floating-point technique for
extending the available precision") using only IEEE add and multiply, each rounded once by
NumPy, so results are the same on every machine: no fused multiply-add is assumed or used.

The frequencies theta_j = base**(-2j/d) are computed here as double-doubles:

    theta_j = exp(e_j * ln(base)),   e_j = -2j/d as a dd (e_hi = fl(-2j/d), e_lo the exact rest),

with ln(base) from one Newton step on exp (y <- y + base * exp(-y) - 1, quadratic convergence
from NumPy's float64 log) and exp by argument reduction k * ln 2 + r, r / 2**10, a degree-9
Taylor polynomial for expm1 and ten doublings expm1(2t) = 2 expm1(t) + expm1(t)**2. The
relative error is below 1e-30, so ``hi`` is theta_j correctly rounded to float64 (barring a
true value within 1e-30 of a rounding boundary).
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import numpy as np

from rope_ref import _validate

__all__ = ["dd_add", "dd_exp", "dd_log", "dd_mul", "theta_dd", "two_prod", "two_sum"]

Array = np.ndarray
DD = tuple[np.ndarray, np.ndarray]

_SPLITTER = 134217729.0  # 2**27 + 1: Dekker's split of a 53-bit significand into 26 + 27 bits

# ln 2 as a double-double: hi is ln 2 rounded to float64, lo the rounded rest (checked
# against mpmath in tests/test_exact.py).
_LN2 = (6.931471805599452862e-01, 2.319046813846299558e-17)

# 1/i! for i = 0 .. 9 as double-doubles, from exact rationals.
_INV_FACT = tuple(
    (float(Fraction(1, factorial(i))), float(Fraction(1, factorial(i)) - Fraction(float(Fraction(1, factorial(i))))))
    for i in range(10)
)

_EXP_HALVINGS = 10  # exp(r) = exp(r / 2**10) ** (2**10)


def two_sum(a: Array, b: Array) -> DD:
    """s + e == a + b exactly, with s = fl(a + b) (Knuth)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def _quick_two_sum(a: Array, b: Array) -> DD:
    """s + e == a + b exactly, assuming |a| >= |b| (Dekker)."""
    s = a + b
    return s, b - (s - a)


def _split(a: Array) -> DD:
    """a == hi + lo with hi and lo of at most 26 significant bits each (Dekker)."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: Array, b: Array) -> DD:
    """p + e == a * b exactly, with p = fl(a * b) (Dekker's TwoProduct, no FMA)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def dd_add(a: DD, b: DD) -> DD:
    """a + b for double-doubles (the accurate, IEEE-style addition)."""
    s, e = two_sum(a[0], b[0])
    t, f = two_sum(a[1], b[1])
    s, e = _quick_two_sum(s, e + t)
    return _quick_two_sum(s, e + f)


def dd_mul(a: DD, b: DD) -> DD:
    """a * b for double-doubles."""
    p, e = two_prod(a[0], b[0])
    e = e + (a[0] * b[1] + a[1] * b[0])
    return _quick_two_sum(p, e)


def _dd(a: Array | float) -> DD:
    hi = np.asarray(a, dtype=np.float64)
    return hi, np.zeros_like(hi)


def _expm1_small(r: DD) -> DD:
    """expm1(r) for |r| <= ln(2)/2 / 2**10, Taylor to degree 9 (truncation < 1e-37)."""
    # Horner on sum_{i>=1} r^i / i! = r * (1 + r/2! * ... ): p = sum_{i=1}^{9} r^(i-1)/i!
    def coefficient(i: int) -> DD:
        return np.full_like(r[0], _INV_FACT[i][0]), np.full_like(r[0], _INV_FACT[i][1])

    p = coefficient(9)
    for i in range(8, 0, -1):
        p = dd_add(dd_mul(p, r), coefficient(i))
    return dd_mul(p, r)


def dd_exp(a: DD) -> DD:
    """exp(a) for a double-double a (|a| < 700), relative error below 1e-30."""
    hi = np.asarray(a[0], dtype=np.float64)
    lo = np.asarray(a[1], dtype=np.float64)
    k = np.rint(hi / _LN2[0])
    # r = a - k * ln2 in double-double; k * ln2_hi is exact in two_prod.
    kl = dd_mul(_dd(k), (np.full_like(hi, _LN2[0]), np.full_like(hi, _LN2[1])))
    r = dd_add((hi, lo), (-kl[0], -kl[1]))
    scale = 2.0**-_EXP_HALVINGS
    t = _expm1_small((r[0] * scale, r[1] * scale))
    for _ in range(_EXP_HALVINGS):
        # expm1(2x) = 2 expm1(x) + expm1(x)^2, which keeps the relative precision of small values.
        t = dd_add((2.0 * t[0], 2.0 * t[1]), dd_mul(t, t))
    s = dd_add(t, _dd(np.ones_like(hi)))
    return np.ldexp(s[0], k.astype(np.int64)), np.ldexp(s[1], k.astype(np.int64))


def dd_log(x: Array | float) -> DD:
    """ln(x) for float64 x > 0 as a double-double: one Newton step on exp from np.log."""
    xf = np.asarray(x, dtype=np.float64)
    y = np.log(xf)
    e = dd_exp((-y, np.zeros_like(y)))
    # delta = x * exp(-y) - 1, small; computed in dd, so it carries y's error to ~1e-32.
    p = dd_mul(_dd(xf), e)
    delta = dd_add(p, _dd(-np.ones_like(xf)))
    return dd_add(_dd(y), delta)


def theta_dd(rotary_dim: int, base: float) -> DD:
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
    b = _validate.base(base)
    n = -np.arange(0, d, 2, dtype=np.float64)  # the numerators -2j, exact
    e_hi = n / d
    p, p_err = two_prod(e_hi, np.full_like(e_hi, float(d)))  # e_hi * d == p + p_err exactly
    e_lo = ((n - p) - p_err) / d  # n - p is exact (Sterbenz); e_lo carries the rest of -2j/d
    ln_b = dd_log(b)
    arg = dd_mul((e_hi, e_lo), (np.full_like(e_hi, ln_b[0]), np.full_like(e_hi, ln_b[1])))
    return dd_exp(arg)

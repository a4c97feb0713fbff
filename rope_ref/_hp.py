"""Arbitrary precision for exact mode's slow path: rope_ref._dd's operations evaluated in decimal.

Exact mode rounds each result once, from a double-double whose error it bounds
(:mod:`rope_ref._cr`). When that bound does not settle the rounding, it computes the value again
here, with Python's :mod:`decimal` at a precision that does (Ziv's strategy). The standard library
keeps the runtime NumPy-only, and decimal's ``+ - * /``, ``sqrt``, ``exp`` and ``ln`` are correctly
rounded at the context's precision on every machine.

**One formula, two arithmetics.** The scaling rules are written once, on top of :mod:`rope_ref._dd`.
Inside ``with precision(digits):`` every function of :mod:`rope_ref._dd` that a rule calls runs the
same formula in decimal instead (its dispatch at the top calls the function of the same name here):
a "double-double" is then a pair (value, 0) whose value is a ``decimal.Decimal`` or a NumPy object
array of them. Inputs that are float64 numbers or double-doubles of floats are read exactly, and the
named constants (pi, 2 pi, ln 2, rationals made by ``_dd.constant``) are recomputed at the precision.

Example:
    >>> from rope_ref import _dd, _hp
    >>> with _hp.precision(40):
    ...     hi, lo = _dd.theta(4, 10000.0)
    >>> [str(v) for v in hi]
    ['1', '0.01000000000000000000000000000000000000000']
"""

from __future__ import annotations

import contextvars
import decimal
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np

_DIGITS: contextvars.ContextVar[int] = contextvars.ContextVar("rope_ref_hp_digits", default=0)


def active() -> bool:
    """Whether rope_ref._dd's operations run in decimal (inside :func:`precision`)."""
    return _DIGITS.get() > 0


@contextmanager
def precision(digits: int) -> Iterator[decimal.Context]:
    """Run rope_ref._dd's operations in decimal with ``digits`` significant digits."""
    token = _DIGITS.set(int(digits))
    try:
        with decimal.localcontext() as ctx:
            ctx.prec = int(digits)
            ctx.Emax, ctx.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
            ctx.rounding = decimal.ROUND_HALF_EVEN
            ctx.traps[decimal.FloatOperation] = False
            yield ctx
    finally:
        _DIGITS.reset(token)


class Const(tuple):
    """A named constant: a double-double (hi, lo) in double-double arithmetic, recomputed at the current
    precision in decimal (``exact()``, a function of no argument giving a Decimal)."""

    exact: Any

    def __new__(cls, dd: tuple[float, float], exact: Any) -> Const:
        self = super().__new__(cls, dd)
        self.exact = exact
        return self


def rational(value: Fraction) -> Decimal:
    """An exact rational at the current precision."""
    return Decimal(value.numerator) / Decimal(value.denominator)


@functools.lru_cache(maxsize=16)
def _pi(digits: int) -> Decimal:
    """pi to ``digits`` significant digits (Machin's formula in integers, 20 guard digits)."""
    scale = 10 ** (digits + 20)

    def arctan_inv(n: int) -> int:  # arctan(1/n) * scale
        total, term, k, n2 = 0, scale // n, 1, n * n
        while term:
            total += term // k if (k // 2) % 2 == 0 else -(term // k)
            term //= n2
            k += 2
        return total

    value = 4 * (4 * arctan_inv(5) - arctan_inv(239))
    with decimal.localcontext() as ctx:
        ctx.prec = digits
        return +(Decimal(value) / Decimal(scale))


def pi() -> Decimal:
    """pi at the current precision."""
    return +_pi(decimal.getcontext().prec)


def two_pi() -> Decimal:
    """2 pi at the current precision."""
    return 2 * pi()


def ln2() -> Decimal:
    """ln 2 at the current precision."""
    return Decimal(2).ln()


def _scalar(x: Any) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, (int, np.integer)):
        return Decimal(int(x))
    return Decimal(float(x))


_to_decimal = np.frompyfunc(_scalar, 1, 1)


def value(x: Any) -> Any:
    """x read exactly as a Decimal (scalar) or an object array of Decimals: a Const at the current
    precision, a pair (hi, lo) as hi + lo, float64 numbers and arrays exactly."""
    if isinstance(x, Const):
        return x.exact()
    if isinstance(x, tuple):
        return value(x[0]) + value(x[1])
    if isinstance(x, np.ndarray):
        return _to_decimal(x) if x.ndim else _scalar(x[()])
    return _scalar(x)


def wrap(v: Any) -> tuple[Any, Any]:
    """A decimal value as a "double-double" (value, zeros of its shape)."""
    if isinstance(v, np.ndarray):
        return v, np.zeros(v.shape)
    return v, 0.0


def _each(method: str) -> Any:
    return np.frompyfunc(lambda d: getattr(d, method)(), 1, 1)


_ln, _exp, _sqrt = _each("ln"), _each("exp"), _each("sqrt")
_floor = np.frompyfunc(lambda d: d.to_integral_value(rounding=decimal.ROUND_FLOOR), 1, 1)


# -- the operations rope_ref._dd dispatches to (same names, same arguments) ------------------------

def neg(a: Any) -> tuple[Any, Any]:
    return wrap(-value(a))


def add(a: Any, b: Any) -> tuple[Any, Any]:
    return wrap(value(a) + value(b))


def sub(a: Any, b: Any) -> tuple[Any, Any]:
    return wrap(value(a) - value(b))


def mul(a: Any, b: Any) -> tuple[Any, Any]:
    return wrap(value(a) * value(b))


def div(a: Any, b: Any) -> tuple[Any, Any]:
    return wrap(value(a) / value(b))


two_sum = quick_two_sum = add
two_prod = mul


def as_dd(a: Any) -> tuple[Any, Any]:
    return wrap(value(a))


def reciprocal(a: Any) -> tuple[Any, Any]:
    return wrap(1 / value(a))


def sqrt(a: Any) -> tuple[Any, Any]:
    return wrap(_sqrt(value(a)))


def floor(a: Any) -> Any:
    return _floor(value(a))


def less(a: Any, b: Any) -> Any:
    return np.asarray(value(a) < value(b), dtype=bool)


def select(condition: Any, a: Any, b: Any) -> tuple[Any, Any]:
    chosen = np.where(condition, value(a), value(b))
    return wrap(chosen if chosen.ndim else chosen[()])


def ratio(numerators: Any, denominator: int) -> tuple[Any, Any]:
    return wrap(value(numerators) / Decimal(int(denominator)))


def exp(a: Any) -> tuple[Any, Any]:
    return wrap(_exp(value(a)))


def log(x: Any) -> tuple[Any, Any]:
    return wrap(_ln(value(x)))


def isfinite(a: Any) -> bool:
    """Whether every value of a is finite."""
    v = value(a)
    return bool(np.all(np.frompyfunc(lambda d: d.is_finite(), 1, 1)(v))) if isinstance(v, np.ndarray) \
        else v.is_finite()


# -- cos and sin in decimal ------------------------------------------------------------------------

def cos_sin(angle: Decimal) -> tuple[Decimal, Decimal]:
    """cos and sin of a Decimal angle at the current precision P, each within 10**(3 - P) (|angle|
    up to 10**20: the reduction mod 2 pi takes as many more digits of pi as the angle has).

    Example:
        >>> with precision(30):
        ...     c, s = cos_sin(Decimal(1))
        >>> str(c)[:22], str(s)[:22]
        ('0.54030230586813971740', '0.84147098480789650665')
    """
    ctx = decimal.getcontext()
    digits = ctx.prec
    with decimal.localcontext() as inner:
        inner.prec = digits + 10 + max(0, angle.adjusted())
        two_pi = 2 * pi()
        x = angle - two_pi * (angle / two_pi).to_integral_value(rounding=decimal.ROUND_HALF_EVEN)
        inner.prec = digits + 10
        # halve four times (|x| <= pi / 16), then double back: cos 2y = 1 - 2 sin**2 y, sin 2y = 2 sin y cos y
        y = x / 16
        y2 = y * y
        s, term, n = y, y, 1
        while True:
            term = -term * y2 / ((n + 1) * (n + 2))
            if not term or term.adjusted() < s.adjusted() - inner.prec - 2:
                break
            s += term
            n += 2
        c, term, n = Decimal(1), Decimal(1), 0
        while True:
            term = -term * y2 / ((n + 1) * (n + 2))
            if not term or term.adjusted() < -inner.prec - 2:
                break
            c += term
            n += 2
        for _ in range(4):
            s, c = 2 * s * c, 1 - 2 * s * s
    return +c, +s

"""What every built-in scaling rule shares: the ``_Rule`` base and the parameter checks.

A built-in rule (:mod:`rope_ref.scaling`) computes its frequencies once, as a double-double
(:meth:`_Rule.inv_freq_dd`); its float64 ``inv_freq`` is that value rounded once.

Example:
    >>> from rope_ref._scaling_base import _factor
    >>> _factor(4, "factor")
    4.0
"""

from __future__ import annotations

import abc
import functools
import warnings
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np

from rope_ref import _dd, _validate
from rope_ref._dd import DD
from rope_ref.frequencies import Scaling


def _positive(value: object, name: str) -> float:
    return _validate.positive_real(value, name)


def _factor(value: object, name: str) -> float:
    """A scaling factor: finite, in [2**-995, 2**995] (frequencies are divided by it as double-doubles,
    whose error-free products need both it and its reciprocal below 2**995)."""
    result = _validate.to_float(value, name, f"a finite real number in {_validate.BASE_RANGE}")
    if not _validate.BASE_MIN <= result <= _validate.BASE_MAX:
        raise _validate.fail(name, f"a finite real number in {_validate.BASE_RANGE}", value)
    return result


def _optional_positive(value: object, name: str) -> float | None:
    return None if value is None else _validate.positive_real(value, name)


_ZERO, _ONE = (0.0, 0.0), (1.0, 0.0)
_THOUSANDTH = _dd.constant(Fraction(1, 1000))
_TENTH = _dd.constant(Fraction(1, 10))
_LN_BASE_MAX = 995 * _dd.LN2[0]  # ln(2**995): base' must stay within [2**-995, 2**995]


def _ntk_log_base(rotary_dim: int, base: float, growth: DD, culprit: str, value: object) -> DD:
    """ln base' = ln base + d / (d - 2) ln growth for the NTK base base' = base * growth**(d / (d - 2)),
    in double-double (growth a double-double; for d = 2, whose only frequency is theta_0 = 1
    whatever the base, ln base).

    base' must stay within the range of ``base`` (:data:`rope_ref._validate.BASE_RANGE`); if it
    does not, the error names ``culprit`` (the public argument that made it too large).
    """
    log_base = _dd.log(np.float64(base))
    if rotary_dim == 2:
        return log_base
    with np.errstate(over="ignore", invalid="ignore"):
        log_growth = _dd.log(growth) if _dd.isfinite(growth) else (np.inf, 0.0)
        result = _dd.add(log_base, _dd.mul(_dd.ratio(np.float64(rotary_dim), rotary_dim - 2), log_growth))
    if not abs(float(result[0])) <= _LN_BASE_MAX:
        raise _validate.fail(culprit, f"small enough that the NTK base base * growth**(d / (d - 2)) stays within "
                             f"{_validate.BASE_RANGE} (base = {base!r}, d = {rotary_dim})", value,
                             f"Its natural logarithm would be {float(result[0]):.6g}.")
    return result


def _over(theta: DD, divisor: object) -> DD:
    """theta (a double-double) divided by float64 divisors, as a double-double."""
    return _dd.div(theta, _dd.as_dd(divisor))


def _blend(theta: DD, over: DD, weight: DD) -> DD:
    """weight * theta / s + (1 - weight) * theta: the interpolated share ``weight`` of a pair."""
    return _dd.add(_dd.mul(over, weight), _dd.mul(theta, _dd.sub(_ONE, weight)))


def _arguments(rotary_dim: object, base: object, seq_len: object = None) -> tuple[int, float, float | None]:
    """A rule's call arguments as :class:`rope_ref.RoPE` checks them: rotary_dim an even integer in
    [2, 2**20], base finite, > 0, != 1 and within the base range, seq_len None or finite and > 0."""
    return _validate.dim(rotary_dim, "rotary_dim"), _validate.base(base), _validate.seq_len(seq_len)


class _Rule(Scaling):
    """A built-in rule: its one formula is :meth:`_inv_freq_dd`, and float64 is that rounded once."""

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return np.asarray(self.inv_freq_dd(rotary_dim, base, seq_len)[0], dtype=np.float64).copy()

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        """The rule's formula, evaluated in double-double; rotary_dim, base and seq_len are refused
        (TypeError, ValueError naming them) unless valid for a RoPE: nan, inf, zero or negative
        values never reach the formula."""
        return self._inv_freq_dd(*_arguments(rotary_dim, base, seq_len))

    @abc.abstractmethod
    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None) -> DD:
        """The rule's formula, evaluated in double-double, for checked arguments."""


_T = TypeVar("_T", bound=type)


def _renamed_keywords(renamed: Mapping[str, str]) -> Callable[[_T], _T]:
    """A class decorator (applied above ``@dataclass``): the dataclass's ``__init__`` also takes
    each old keyword of ``renamed`` (old name -> field), with a DeprecationWarning naming the new
    one, for one release.

    Only the keyword is renamed: the value goes to the field unchanged, so ``dataclasses.replace``
    (which passes every field by its own name) neither warns nor applies anything twice. Passing
    both the old keyword and its field is a TypeError.
    """

    def wrap(cls: _T) -> _T:
        init = cls.__init__

        @functools.wraps(init)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            for old, new in renamed.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{cls.__name__}() got both {old}= (its old name) and {new}=; pass "
                                        f"{new}= only.")
                    warnings.warn(f"{cls.__name__}({old}=...) is deprecated; pass {new}=... (the same value). "
                                  f"{cls.__name__}.attention_factor is now the resolved attention factor.",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            init(self, *args, **kwargs)

        cls.__init__ = __init__  # type: ignore[misc]
        return cls

    return wrap

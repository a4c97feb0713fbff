"""Assertions for other projects' test suites, with tolerances derived from the dtype.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> from rope_ref.testing import assert_rope_close
    >>> rope = RoPE(64)
    >>> x, positions = np.ones((4, 64), np.float32), np.arange(4)
    >>> mine = rope.apply(x, positions).astype(np.float32)         # an implementation's float32 output
    >>> assert_rope_close(mine, rope.apply(x, positions), dtype="float32")
"""

from __future__ import annotations

import math

import numpy as np

from rope_ref import _validate
from rope_ref._tolerance import DTYPES, UNIT_ROUNDOFF, rotated_bound

__all__ = ["assert_rope_close", "rope_tolerance"]


def rope_tolerance(expected: np.ndarray, *, dtype: str, max_angle: float = 0.0, attention_factor: float = 1.0,
                   angle_dtype: str | None = None) -> float:
    """The absolute tolerance for a RoPE output computed in ``dtype``.

    u_out (a |z| 8 + max|y|) + 2 u_angle a |z| max|m theta|, with |z| = sqrt(2) max|expected| / a
    (a bound on the pair norm), u_out the unit roundoff of ``dtype`` and u_angle that of
    ``angle_dtype`` (the precision the implementation computes its angles in; default ``dtype``).
    Give ``max_angle`` = max |m theta_j| of the positions tested, or 0 to check storage only.

    Example:
        >>> round(rope_tolerance(np.ones(8), dtype="float32"), 9)
        7.34e-07

    Raises:
        TypeError: expected is not real (complex, object, text), or an argument has the wrong type.
        ValueError: expected holds inf or NaN, max_angle is not finite and >= 0,
            attention_factor is not finite and > 0, or the tolerance itself would overflow.
    """
    _validate.choice(dtype, "dtype", DTYPES)
    _validate.choice(angle_dtype or dtype, "angle_dtype", DTYPES)
    max_angle = _validate.nonnegative_real(max_angle, "max_angle")
    attention_factor = _validate.positive_real(attention_factor, "attention_factor")
    exp = _validate.real_values(expected, "expected")
    top = float(np.max(np.abs(exp))) if exp.size else 0.0
    a = float(attention_factor)
    shrink = 2.0**-64 if top > 2.0**960 else 1.0  # the bound is linear in |z| and |y|: scale, then scale back
    with np.errstate(over="ignore", invalid="ignore"):  # a result beyond float64 is refused below
        pair = float(np.float64(math.sqrt(2.0)) * (top * shrink) / a)
        atol = float(rotated_bound(UNIT_ROUNDOFF[dtype], pair, max_angle, a, top * shrink,
                                   UNIT_ROUNDOFF[angle_dtype or dtype])) / shrink
    if not math.isfinite(atol):
        raise _validate.fail("expected, max_angle and attention_factor", "such that the tolerance is finite",
                             _validate.Shown(f"max |expected| = {top:.6g}, max_angle = {max_angle:.6g} and "
                                             f"attention_factor = {a:.6g}"))
    return atol


def assert_rope_close(actual: object, expected: object, *, dtype: str, max_angle: float = 0.0,
                      attention_factor: float = 1.0, angle_dtype: str | None = None, worst: int = 5) -> None:
    """Raise AssertionError unless |actual - expected| <= :func:`rope_tolerance` everywhere.

    The message opens with max abs error, max relative error and the count of bad elements,
    then lists the worst points with their index, actual and expected values.

    Parameters:
        actual: the implementation's output (anything np.asarray accepts; ``.numpy()`` is used
            when present).
        expected: rope-ref's output (float64).
        dtype: the implementation's precision: "float64", "float32", "float16" or "bfloat16".
        max_angle, attention_factor, angle_dtype: see :func:`rope_tolerance`.
        worst: how many of the worst points to list.

    Raises:
        AssertionError: some element differs by more than the tolerance (inf and NaN in actual
            always do), or the shapes differ.
        TypeError, ValueError: complex or non-numeric actual or expected, non-finite expected,
            and the arguments :func:`rope_tolerance` refuses.
    """
    if hasattr(actual, "numpy") and not isinstance(actual, np.ndarray):
        actual = actual.numpy()  # type: ignore[union-attr]
    got = _validate.real_values(actual, "actual", finite=False)
    exp = _validate.real_values(expected, "expected")
    if not _validate.is_integer(worst) or worst < 0:
        raise _validate.fail("worst", "an integer >= 0", worst, kind=TypeError if not _validate.is_integer(worst)
                             else ValueError)
    if got.shape != exp.shape:
        raise AssertionError(f"assert_rope_close: shapes differ: actual {got.shape}, expected {exp.shape}.")
    atol = rope_tolerance(exp, dtype=dtype, max_angle=max_angle, attention_factor=attention_factor,
                          angle_dtype=angle_dtype)
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, or a difference beyond float64: bad
        err = np.abs(got - exp)
        bad = ~(err <= atol)  # NaN counts as bad
        if not bad.any():
            return
        rel = err / np.maximum(np.abs(exp), np.finfo(float).tiny)
    order = np.argsort(np.where(bad, err, -1.0), axis=None)[::-1][:worst]
    lines = [f"assert_rope_close ({dtype}): {int(bad.sum())} of {bad.size} elements exceed atol {atol:.3g}; "
             f"max abs error {_max(err):.3g}, max rel error {_max(rel):.3g}. Worst points:"]
    for flat in order:
        index = np.unravel_index(flat, exp.shape)
        where = tuple(int(i) for i in index)
        lines.append(f"  at {where}: actual {float(got[index])!r}, expected {float(exp[index])!r}, "
                     f"|error| {err[index]:.3g}")
    raise AssertionError("\n".join(lines))


def _max(a: np.ndarray) -> float:
    """The largest value that is not NaN, or NaN when every value is NaN (no warning)."""
    kept = a[~np.isnan(a)]
    return float(kept.max()) if kept.size else math.nan

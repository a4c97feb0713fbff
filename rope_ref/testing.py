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
from rope_ref._check.call import host_view
from rope_ref._policy import DTYPES, allowed_error, angle_dtypes_for, angle_rate, judge, verdict

__all__ = ["assert_rope_close", "rope_tolerance"]


def rope_tolerance(expected: np.ndarray, *, dtype: str, max_angle: float = 0.0, attention_factor: float = 1.0,
                   angle_dtype: str | None = None, max_frequency: float = 1.0) -> float:
    """The absolute tolerance the verification policy allows a RoPE output computed in ``dtype``.

    a|z| (2 u_t + 6 u + 2 u_a) + u max|y| + u_a a|z| max|m theta| (ANGLE_TERMS + |ln theta_max|), with
    |z| = sqrt(2) max|expected| / a (a bound on the pair norm), u the unit roundoff of ``dtype``
    and u_a that of ``angle_dtype``: the precision the implementation computes its angles in
    (when None, the loosest the policy accepts by default: float32 for a float32, bfloat16 or
    float16 output, float64 for a float64 one; docs/verify.md).
    Give ``max_angle`` = max |m theta_j| of the positions tested (0 checks storage only) and
    ``max_frequency`` = the largest theta_j (1 for plain RoPE; 1/factor under linear scaling).

    Example:
        >>> round(rope_tolerance(np.ones(8), dtype="float32"), 9)                  # float32 angles allowed
        9.03e-07
        >>> round(rope_tolerance(np.ones(8), dtype="float32", angle_dtype="float64"), 9)
        7.34e-07
        >>> rope_tolerance(np.ones(8), dtype="float32", max_angle=4096.0, angle_dtype="float32") > 1e-3
        True

    Raises:
        TypeError: expected is not real (complex, object, text), or an argument has the wrong type.
        ValueError: expected holds inf or NaN, max_angle is not finite and >= 0, attention_factor or
            max_frequency is not finite and > 0, or the tolerance itself would overflow.
    """
    _validate.choice(dtype, "dtype", DTYPES)
    if angle_dtype is not None:
        _validate.choice(angle_dtype, "angle_dtype", DTYPES)
    max_angle = _validate.nonnegative_real(max_angle, "max_angle")
    a = _validate.positive_real(attention_factor, "attention_factor")
    freq = _validate.positive_real(max_frequency, "max_frequency")
    exp = _validate.real_values(expected, "expected")
    top = float(np.max(np.abs(exp))) if exp.size else 0.0
    shrink = 2.0**-64 if top > 2.0**960 else 1.0  # the bound is linear in |z| and |y|: scale, then scale back
    with np.errstate(over="ignore", invalid="ignore"):  # a result beyond float64 is refused below
        pair = float(np.float64(math.sqrt(2.0)) * (top * shrink) / a)
        atol = float(allowed_error(dtype=dtype, angle_dtype=angle_dtype, pair_norm=pair,
                                   max_position=max_angle / freq, angle_rate=angle_rate([freq]),
                                   attention_factor=a, output_scale=top * shrink)) / shrink
    if not math.isfinite(atol):
        raise _validate.fail("expected, max_angle and attention_factor", "such that the tolerance is finite",
                             _validate.Shown(f"max |expected| = {top:.6g}, max_angle = {max_angle:.6g} and "
                                             f"attention_factor = {a:.6g}"))
    return atol


def assert_rope_close(actual: object, expected: object, *, dtype: str, max_angle: float = 0.0,
                      attention_factor: float = 1.0, angle_dtype: str | None = None, worst: int = 5,
                      max_frequency: float = 1.0) -> None:
    """Raise AssertionError unless |actual - expected| <= :func:`rope_tolerance` everywhere.

    The message opens with max abs error, max relative error and the count of bad elements,
    then lists the worst points with their index, actual and expected values. Where the
    tolerance reaches half of max|expected| (a zero or unrotated output would pass it), the
    comparison cannot tell right from wrong at this precision and the assertion fails saying so,
    as ``check`` and the golden manifest do.

    Parameters:
        actual: the implementation's output (anything np.asarray accepts; a tensor with
            ``.numpy()``, torch's with grad, on any device or in bfloat16 included, is detached and
            read as ``check`` reads one).
        expected: rope-ref's output (float64).
        dtype: the implementation's precision: "float64", "float32", "float16" or "bfloat16".
        max_angle, attention_factor, angle_dtype, max_frequency: see :func:`rope_tolerance`.
        worst: how many of the worst points to list.

    Raises:
        AssertionError: some element differs by more than the tolerance (inf and NaN in actual
            always do), the shapes differ, or the comparison is not checkable at this precision.
        TypeError, ValueError: complex or non-numeric actual or expected, non-finite expected,
            and the arguments :func:`rope_tolerance` refuses.
    """
    got = _validate.real_values(_host_array(actual, "actual"), "actual", finite=False)
    exp = _validate.real_values(_host_array(expected, "expected"), "expected")
    if not _validate.is_integer(worst) or worst < 0:
        raise _validate.fail("worst", "an integer >= 0", worst, kind=TypeError if not _validate.is_integer(worst)
                             else ValueError)
    if got.shape != exp.shape:
        raise AssertionError(f"assert_rope_close: shapes differ: actual {got.shape}, expected {exp.shape}.")
    top = float(np.max(np.abs(exp))) if exp.size else 0.0
    tols = [judge(rope_tolerance(exp, dtype=dtype, max_angle=max_angle, attention_factor=attention_factor,
                                 angle_dtype=a, max_frequency=max_frequency), top, dtype=dtype, angle_dtype=a)
            for a in angle_dtypes_for(dtype, angle_dtype)]
    angles = " or ".join(t.angle_dtype for t in tols)
    if not any(t.checkable for t in tols):
        raise AssertionError(f"assert_rope_close ({dtype}, {angles} angles): not checkable at this "
                             f"precision: {tols[-1].reason}.")
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf, or a difference beyond float64: bad
        err = np.abs(got - exp)
        finite = not np.isnan(err).any()  # inf and NaN in actual always fail
        status = verdict(float(np.max(err, initial=0.0)), tols)[0] if finite else "fail"
        if status == "pass":
            return
        if status == "not_checkable":
            unchecked = next(t for t in tols if not t.checkable)
            raise AssertionError(f"assert_rope_close ({dtype}, {angles} angles): max abs error {_max(err):.3g} "
                                 f"exceeds every checkable tolerance, and with {unchecked.angle_dtype} angles it is "
                                 f"not checkable at this precision: {unchecked.reason}.")
        atol = max(t.atol for t in tols if t.atol is not None)
        bad = ~(err <= atol)  # NaN counts as bad
        rel = err / np.maximum(np.abs(exp), np.finfo(float).tiny)
    order = np.argsort(np.where(bad, err, -1.0), axis=None)[::-1][:worst]
    lines = [f"assert_rope_close ({dtype}, {angles} angles): {int(bad.sum())} of {bad.size} elements "
             f"exceed atol {atol:.3g}; max abs error {_max(err):.3g}, max rel error {_max(rel):.3g}. Worst points:"]
    for flat in order:
        index = np.unravel_index(flat, exp.shape)
        where = tuple(int(i) for i in index)
        lines.append(f"  at {where}: actual {float(got[index])!r}, expected {float(exp[index])!r}, "
                     f"|error| {err[index]:.3g}")
    raise AssertionError("\n".join(lines))


def _host_array(value: object, name: str) -> object:
    """A tensor as NumPy, read as ``check`` reads fn's output: detached from autograd (a view, no copy), moved to
    the CPU, bfloat16 widened to float32 (NumPy has no bfloat16), then ``.numpy()``; anything else as given."""
    if isinstance(value, np.ndarray) or not callable(getattr(value, "numpy", None)):
        return value
    try:
        return host_view(value)
    except Exception as err:
        raise _validate.fail(name, "an array, or a tensor that converts to NumPy",
                             _validate.Shown(f"a {type(value).__name__} whose conversion raised "
                                             f"{type(err).__name__}: {err}"), kind=TypeError) from None


def _max(a: np.ndarray) -> float:
    """The largest value that is not NaN, or NaN when every value is NaN (no warning)."""
    kept = a[~np.isnan(a)]
    return float(kept.max()) if kept.size else math.nan

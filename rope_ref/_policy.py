"""The verification policy: the one error model behind every verdict rope-ref gives.

``check``, :func:`rope_ref.testing.assert_rope_close` and the golden manifest's tolerances all
come from :func:`allowed_error` here and are judged by :func:`verdict`, so the same output gets
the same verdict from each.

The error a correct implementation may show is the rounding of its output and tables in its
dtype plus the error of its angles at its *declared* angle precision:

- target dtype ``dtype`` (unit roundoff u): multiply-adds and the stored output;
- table dtype (u_t, the target dtype unless declared otherwise): cos and sin as stored;
- angle dtype (u_a): theta_j = base^(-2j/d) is off by u_a (2 + |ln theta_j|) relative (the
  rounded exponent -2j/d moves theta_j by u_a |ln theta_j|; pow and the reciprocal add 2 u_a),
  a scaling rule and the product m theta_j add 2 u_a more, and cos/sin of the angle 2 u_a:

    |error| <= a|z| (2 u_t + 6 u + 2 u_a) + u |y| + u_a a|z| |m| A,
    A = max_j theta_j (ANGLE_TERMS + |ln theta_j|)                          (ANGLE_TERMS = 4)

for a rotated feature of a pair of norm |z| with attention factor a at position m.

Which angle precision a correct implementation may use follows how implementations are built.
A float64 output is judged with float64 angles. A float32, bfloat16 or float16 output passes
under either recipe: angles in float64, or angles formed in float32 as transformers, vLLM,
llama.cpp and Meta's reference do (:data:`DEFAULT_ANGLE_DTYPES`, tightest first); the verdict
then says which recipe the output showed (:func:`verdict`). A declared ``angle_dtype`` is a
requirement: only that recipe's bound applies.

A (case, precision) whose allowed error reaches half of max|expected| cannot tell a correct
implementation from an all-zero, unrotated, negated or shifted one: it is *not checkable* at
that precision, reported as such and never counted as passed.

Example:
    >>> import numpy as np
    >>> tol = allowed_error(dtype="float32", angle_dtype="float32", pair_norm=1.0, max_position=0.0, angle_rate=4.0)
    >>> round(tol / 2.0**-24, 6)                      # at position 0: (2 + 6 + 2) u
    10.0
    >>> t = case_tolerance(dtype="float16", pair_norm=1.0, max_position=2**31, angle_rate=4.0, max_expected=1.0)
    >>> t.checkable, t.angle_dtype
    (False, 'float32')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref import _validate

UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24, "float16": 2.0**-11, "bfloat16": 2.0**-8}
DTYPES = tuple(UNIT_ROUNDOFF)
#: The angle precisions a correct implementation may use when none is declared, per target dtype,
#: tightest first: an output passes when the bound of either holds.
DEFAULT_ANGLE_DTYPES: dict[str, tuple[str, ...]] = {"float64": ("float64",), "float32": ("float64", "float32"),
                                                    "float16": ("float64", "float32"),
                                                    "bfloat16": ("float64", "float32")}
#: The loosest of them: the angle precision a single bound uses when none is declared.
DEFAULT_ANGLE_DTYPE = {dtype: precisions[-1] for dtype, precisions in DEFAULT_ANGLE_DTYPES.items()}
#: Relative angle error in units of u_a, on top of |ln theta_j| (see the module docstring).
ANGLE_TERMS = 4.0
#: A tolerance at or above this fraction of max|expected| cannot tell right from wrong.
CHECKABLE_FRACTION = 0.5


def angle_dtype_for(dtype: str, angle_dtype: str | None = None) -> str:
    """The declared angle precision, or the policy's default for ``dtype``."""
    _validate.choice(dtype, "dtype", DTYPES)
    if angle_dtype is None:
        return DEFAULT_ANGLE_DTYPE[dtype]
    return _validate.choice(angle_dtype, "angle_dtype", DTYPES)


def angle_dtypes_for(dtype: str, angle_dtype: str | None = None) -> tuple[str, ...]:
    """The recipes an output of ``dtype`` is judged against: the declared angle precision alone, or
    the defaults of :data:`DEFAULT_ANGLE_DTYPES` (tightest first).

    Example:
        >>> angle_dtypes_for("float32"), angle_dtypes_for("float32", "float64")
        (('float64', 'float32'), ('float64',))
    """
    _validate.choice(dtype, "dtype", DTYPES)
    if angle_dtype is None:
        return DEFAULT_ANGLE_DTYPES[dtype]
    return (_validate.choice(angle_dtype, "angle_dtype", DTYPES),)


def verdict(max_abs_error: float, tolerances: Any) -> tuple[str, Any]:
    """(status, the accepting Tolerance or None) of an error judged against the tolerances of the
    recipes in force, tightest first.

    "pass" when a checkable tolerance accepts the error (the first such tolerance is the recipe
    the output showed); "fail" when every tolerance is checkable and none accepts it;
    "not_checkable" otherwise: the error exceeds every checkable bound, but a recipe whose bound
    cannot tell right from wrong might still explain it.

    Example:
        >>> tight = Tolerance("float32", "float64", 1e-6, True)
        >>> loose = Tolerance("float32", "float32", 1e-3, True)
        >>> [verdict(e, [tight, loose])[0] for e in (1e-7, 1e-4, 1e-2)]
        ['pass', 'pass', 'fail']
        >>> verdict(1e-4, [tight, loose])[1].angle_dtype
        'float32'
    """
    tols = list(tolerances)
    for tol in tols:
        if tol.accepts(max_abs_error):
            return "pass", tol
    if tols and all(t.checkable for t in tols):
        return "fail", None
    return "not_checkable", None


def angle_rate(inv_freq: Any) -> float:
    """A = max_j theta_j (ANGLE_TERMS + |ln theta_j|): the angle error per unit position and u_a.

    Example:
        >>> angle_rate([1.0, 0.01])                     # theta_0 = 1 dominates
        4.0
    """
    theta = np.abs(np.asarray(inv_freq, dtype=np.float64)).ravel()
    theta = theta[theta > 0]
    if theta.size == 0:
        return 0.0
    return float(np.max(theta * (ANGLE_TERMS + np.abs(np.log(theta)))))


def allowed_error(*, dtype: str, pair_norm: Any, max_position: Any, angle_rate: float,
                  attention_factor: float = 1.0, output_scale: Any = 0.0, angle_dtype: str | None = None,
                  table_dtype: str | None = None) -> Any:
    """a|z| (2 u_t + 6 u + 2 u_a) + u |y| + u_a a|z| |m| A (element-wise on array arguments).

    Parameters:
        dtype: the implementation's working and output dtype (u).
        pair_norm: |z|, a bound on the norm of the rotated pair (sqrt(2) max|x| serves).
        max_position: |m|, the largest |position| the bound must cover.
        angle_rate: A from :func:`angle_rate` of the frequencies in use.
        attention_factor: a.
        output_scale: |y|, the magnitude of the expected output.
        angle_dtype: the declared angle precision (policy default for ``dtype`` when None).
        table_dtype: the dtype cos/sin are stored in (``dtype`` when None).
    """
    u = UNIT_ROUNDOFF[dtype]
    ua = UNIT_ROUNDOFF[angle_dtype_for(dtype, angle_dtype)]
    ut = UNIT_ROUNDOFF[table_dtype or dtype]
    az = abs(float(attention_factor)) * np.asarray(pair_norm, dtype=np.float64)
    m = np.abs(np.asarray(max_position, dtype=np.float64))
    out = az * (2 * ut + 6 * u + 2 * ua) + u * np.asarray(output_scale, dtype=np.float64) + ua * az * m * angle_rate
    return float(out) if np.ndim(out) == 0 else out


@dataclass(frozen=True)
class Tolerance:
    """The policy's answer for one (case, dtype, angle dtype): an absolute tolerance, or not checkable."""

    dtype: str
    angle_dtype: str
    atol: float | None
    checkable: bool
    reason: str | None = None
    default: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The manifest's form: dtype, angle_dtype, default, checkable, atol (null if not), rtol 0, reason."""
        out: dict[str, Any] = {"dtype": self.dtype, "angle_dtype": self.angle_dtype, "default": self.default,
                               "checkable": self.checkable, "atol": self.atol, "rtol": 0.0}
        if self.reason is not None:
            out["reason"] = self.reason
        return out

    def accepts(self, max_abs_error: float) -> bool:
        """True if the error is within a checkable tolerance (NaN and unchecked cases never pass)."""
        return self.checkable and self.atol is not None and bool(max_abs_error <= self.atol)


def judge(atol: float, max_expected: float, *, dtype: str, angle_dtype: str | None = None) -> Tolerance:
    """A Tolerance from a computed atol: not checkable when atol >= CHECKABLE_FRACTION max|expected|."""
    declared = angle_dtype_for(dtype, angle_dtype)
    default = declared in DEFAULT_ANGLE_DTYPES[dtype]
    atol = float(f"{atol:.3e}")  # three digits, rounded as printed: the manifest and check agree bit for bit
    if not math.isfinite(atol) or (atol > 0 and atol >= CHECKABLE_FRACTION * max_expected):
        reason = (f"allowed error {atol:.3g} at {dtype} with {declared} angles reaches half of max|expected| "
                  f"{max_expected:.3g}: a zero, unrotated or shifted output would pass")
        return Tolerance(dtype, declared, None, False, reason, default)
    return Tolerance(dtype, declared, atol, True, None, default)


def case_tolerance(*, dtype: str, pair_norm: float, max_position: float, angle_rate: float, max_expected: float,
                   attention_factor: float = 1.0, angle_dtype: str | None = None,
                   table_dtype: str | None = None) -> Tolerance:
    """One tolerance for a whole case of rotated features (the worst row), judged for checkability."""
    atol = allowed_error(dtype=dtype, pair_norm=pair_norm, max_position=max_position, angle_rate=angle_rate,
                         attention_factor=attention_factor, output_scale=max_expected, angle_dtype=angle_dtype,
                         table_dtype=table_dtype)
    return judge(atol, max_expected, dtype=dtype, angle_dtype=angle_dtype)


def table_error(*, dtype: str, max_position: float, angle_rate: float, attention_factor: float = 1.0,
                angle_dtype: str | None = None) -> float:
    """Allowed error of a cos or sin table entry (times a): a (u_t + 2 u_a) + u_a a |m| A."""
    ua = UNIT_ROUNDOFF[angle_dtype_for(dtype, angle_dtype)]
    a = abs(float(attention_factor))
    return a * (UNIT_ROUNDOFF[dtype] + 2 * ua) + ua * a * abs(float(max_position)) * angle_rate


def score_error(*, dtype: str, q_norm: float, k_norm: float, max_position_q: float, max_position_k: float,
                angle_rate: float, dim: int, attention_factor: float = 1.0, angle_dtype: str | None = None) -> float:
    """Allowed error of a score q'.k' (rotated q, k): each rotated vector is off by at most its norm
    times the per-pair relative bound, and the dot product of d terms adds d u |q'||k'|."""
    u = UNIT_ROUNDOFF[dtype]
    ua = UNIT_ROUNDOFF[angle_dtype_for(dtype, angle_dtype)]
    rel = 2 * u + 7 * u + 2 * ua  # tables, arithmetic and output rounding, cos/sin evaluation
    a2 = float(attention_factor) ** 2
    return a2 * q_norm * k_norm * (2 * rel + ua * angle_rate * (abs(max_position_q) + abs(max_position_k)) + dim * u)

"""The error bound every tolerance in rope-ref comes from (derivation in docs/golden.md).

An implementation working with unit roundoff u rounds theta_j and m theta_j (the angle is off by
<= 2 u_angle |m theta|), evaluates cos and sin (<= u), multiplies and adds (<= 2u |z|) and stores
its output (<= u |y|). For a rotated feature of a pair of norm |z|, with attention factor a:

    |error| <= u (a |z| 8 + |y|) + 2 u_angle a |z| |m theta|

The golden tolerances take u_angle = u at every position; the checker lets the angle carry the
target dtype's rounding only up to a budget of radians (short contexts) and float64 beyond.

Example:
    >>> float(rotated_bound(2.0**-24, pair_norm=1.0, angle=0.0))  # float32, storage only: 8 u
    4.76837158203125e-07
"""

from __future__ import annotations

import numpy as np

UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24, "float16": 2.0**-11, "bfloat16": 2.0**-8}
DTYPES = tuple(UNIT_ROUNDOFF)


def rotated_bound(u: float, pair_norm: np.ndarray | float, angle: np.ndarray | float, attention_factor: float = 1.0,
                  output_scale: np.ndarray | float = 0.0, u_angle: float | None = None) -> np.ndarray:
    """u (a |z| 8 + |y|) + 2 u_angle a |z| |m theta| (u_angle defaults to u)."""
    az = attention_factor * np.asarray(pair_norm, dtype=np.float64)
    return u * (az * 8 + output_scale) + 2 * (u if u_angle is None else u_angle) * az * np.abs(angle)

"""Error bounds of float64 RoPE, derived once here so that no test guesses a tolerance.

u = 2**-53 is the unit roundoff. In float64 mode:
- theta_j is correctly rounded: relative error <= u;
- the angle fl(m * theta_j) is then off by <= 2u |m| theta_j (first order; the 1e-32 second-order
  term is covered by the constants below);
- cos and sin of it are within 1 ulp, i.e. <= u, since |cos|, |sin| <= 1;
- the complex product z * (c + i s) adds <= 2u |z| per component (with or without FMA);
so each rotated component is within u |z_j| (2 |m| theta_j + 6) of the exact rotation of the
exact angle, where z_j is the pair it belongs to.
"""

from __future__ import annotations

import math

import numpy as np

U = 2.0**-53


def apply_bound(pair_norm: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Bound on |computed - exact| for a rotated component of a pair of norm |z| at |m theta|."""
    return U * pair_norm * (2.0 * np.abs(angle) + 6.0)


def score_bound(q: np.ndarray, k: np.ndarray, m: float, n: float, dim: int, theta_max: float = 1.0) -> float:
    """Bound on |<R_m q, R_n k> - <q, R_(n-m) k>| in float64.

    Each side: the rotated vectors carry the per-pair errors above (Cauchy-Schwarz over pairs
    gives u |q||k| (2 |m| theta_max + 6) for each rotated factor) and a d-term dot product adds
    d u |q||k|. Both sides together: u |q||k| (2 theta_max (|m| + |n| + |n - m|) + 18 + 2d).
    """
    scale = math.hypot(*q) * math.hypot(*k)  # math.hypot scales internally: no underflow for tiny vectors
    return U * scale * (2.0 * theta_max * (abs(m) + abs(n) + abs(n - m)) + 18.0 + 2.0 * dim)

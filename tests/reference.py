"""An independent high-precision RoPE for tests: mpmath at 50 digits, straight from the definition.

Nothing here calls rope_ref. Inputs (float64 features, positions and base) are taken as exact
real numbers, so the result is the exact RoPE of the given floats, rounded only at the end.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np

from bounds import apply_bound

DPS = 50


def theta(j: int, rotary_dim: int, base: float) -> mp.mpf:
    """theta_j = base**(-2j/d), exactly in the rational exponent."""
    with mp.workdps(DPS):
        return mp.power(mp.mpf(base), -mp.mpf(2 * j) / rotary_dim)


def pairs(rotary_dim: int, layout: str) -> list[tuple[int, int]]:
    """(real index, imaginary index) of each pair, from the layout table in design.md."""
    h = rotary_dim // 2
    if layout == "interleaved":
        return [(2 * j, 2 * j + 1) for j in range(h)]
    return [(j, j + h) for j in range(h)]


def apply(x: np.ndarray, m: float, base: float, layout: str, rotary_dim: int | None = None,
          attention_factor: float = 1.0, inv_freq: list | None = None) -> np.ndarray:
    """RoPE of one feature vector x at position m: a * z_j * exp(i m theta_j), rounded to float64."""
    x = np.asarray(x, dtype=np.float64)
    d = x.shape[-1]
    r = d if rotary_dim is None else rotary_dim
    out = x.copy()
    with mp.workdps(DPS):
        for j, (re, im) in enumerate(pairs(r, layout)):
            t = theta(j, r, base) if inv_freq is None else mp.mpf(inv_freq[j])
            z = mp.mpc(float(x[re]), float(x[im])) * mp.expj(mp.mpf(m) * t) * mp.mpf(attention_factor)
            out[re], out[im] = float(z.real), float(z.imag)
    return out


def cos_sin(m: float, j: int, rotary_dim: int, base: float) -> tuple[float, float]:
    """cos and sin of m * theta_j, correctly rounded to float64."""
    with mp.workdps(DPS):
        a = mp.mpf(m) * theta(j, rotary_dim, base)
        return float(mp.cos(a)), float(mp.sin(a))


def worst_violation(apply_fn: Callable[[np.ndarray, np.ndarray], np.ndarray], x: np.ndarray,
                    positions: np.ndarray, base: float, layout: str, rotary_dim: int | None = None,
                    attention_factor: float = 1.0) -> float:
    """Largest |apply_fn(x, positions) - exact| as a fraction of the float64 bound (<= 1 passes).

    ``x`` is (len(positions), d); row i is rotated at positions[i]. The bound, per component,
    is tests/bounds.py's u |z_j| (2 |m theta_j| + 6) times the attention factor; pass-through
    features must be copied exactly.
    """
    d = x.shape[-1]
    r = d if rotary_dim is None else rotary_dim
    y = np.asarray(apply_fn(x, positions), dtype=np.float64)
    worst = 0.0
    for i, m in enumerate(positions):
        exact = apply(x[i], float(m), base, layout, r, attention_factor)
        norms, angle = np.zeros(d), np.zeros(d)
        for j, (a, b) in enumerate(pairs(r, layout)):
            norms[a] = norms[b] = np.hypot(x[i, a], x[i, b]) * attention_factor
            angle[a] = angle[b] = float(m) * float(theta(j, r, base))
        err = np.abs(y[i] - exact)
        if np.any(err[r:] != 0):
            return float("inf")
        bound = apply_bound(norms[:r], angle[:r])
        worst = max(worst, float(np.max(err[:r] / np.maximum(bound, np.finfo(float).tiny))))
    return worst

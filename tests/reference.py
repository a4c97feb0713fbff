"""An independent high-precision RoPE for tests: mpmath at 50 digits, straight from the definition.

Nothing here calls rope_ref. Inputs (float64 features, positions and base) are taken as exact
real numbers, so the result is the exact RoPE of the given floats, rounded only at the end.
"""

from __future__ import annotations

import mpmath as mp
import numpy as np

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

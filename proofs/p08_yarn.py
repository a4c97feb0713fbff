"""Statement 8: YaRN's correction dimension, and YaRN with factor 1 is plain RoPE.

In words: YaRN decides per pair whether to keep or interpolate its frequency by counting how
many full turns the pair makes over the original context L0. correction_dim(r) is the
(continuous) pair index whose wavelength fits exactly r times into L0; it decreases as r grows,
so beta_fast > beta_slow gives low < high. And however the ramp between them is shaped, a
factor of 1 changes nothing.

    x = correction_dim(r) = d ln(L0 / (2 pi r)) / (2 ln base)
    wavelength(x) = 2 pi / base^(-2x/d) = L0 / r,        d x / d r = -d / (2 r ln base)
    inv_freq_j = (theta_j / s) ramp_j + theta_j (1 - ramp_j) = theta_j   at s = 1, any ramp_j

Sympy proves these for symbolic d, base, L0, r, ramp_j. Then rope_ref: YaRN.correction_dim
against 40 digits within a derived float64 bound (and the wavelength at the computed x fits
r times), the formula sheet's check values, and YaRN(factor=1) against the default rule bit for
bit, for ramps of every shape (truncated or not, a collapsed range), inside RoPE as well.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, U
from proofs._result import Evidence, Result
from rope_ref import RoPE, default_inv_freq
from rope_ref.scaling import YaRN

STATEMENT = ("for x = correction_dim(r) = d ln(L0/(2 pi r)) / (2 ln base), the wavelength 2 pi / base^(-2x/d) "
             "equals L0 / r, and x decreases in r (base > 1); YaRN with factor 1 is the default rule for any ramp; "
             "YaRN.correction_dim and YaRN(factor=1) compute these, and YaRN keeps the high frequencies and "
             "interpolates the low ones")
METHOD = ("sympy (symbolic d, base, L0, r, ramp_j); rope_ref: correction_dim at 24 points vs 40 digits within a "
          "derived bound, check values 20.94 -> 20 and 45.03 -> 46, the ramp's roles at s = 4, YaRN(1) vs default "
          "bit for bit at 7 ramps")

CORRECTION_POINTS = [(d, b, l0, r) for d in (64, 128) for b in (10000.0, 500000.0) for l0 in (2048, 8192)
                     for r in (32.0, 1.0, 0.25)]
# (d, base, L0, beta_fast, beta_slow, truncate): ramps of different shapes; the last collapses
# (low == high, so transformers' high += 0.001 turns the ramp into a step).
FACTOR_ONE = ((128, 10000.0, 4096, 32.0, 1.0, True), (128, 10000.0, 4096, 32.0, 1.0, False),
              (64, 500000.0, 8192, 32.0, 1.0, True), (96, 1000000.0, 32768, 16.0, 2.0, False),
              (8, 10000.0, 4096, 32.0, 1.0, False), (128, 10000.0, 4096, None, None, True),
              (64, 10000.0, 4096, 4.0, 4.0, False))


def correction_bound(dim: int, base: float, x: float) -> float:
    """Bound on |fl(correction_dim) - x|.

    L0 / (r fl(2 pi)) carries <= 3u relative, so its logarithm <= 3u absolute, and log itself
    <= 1 ulp (2u) relative; d * (...) adds u; fl(ln base) 2u and the division u relative: so
    |error| <= u (3 d / (2 ln base) + 6 |x|) to first order; with slack u (4 d / (2 ln base) + 8 |x|).
    """
    return U * (4.0 * dim / (2.0 * math.log(base)) + 8.0 * abs(x))


def prove() -> Result:
    """Prove statement 8 symbolically, then check YaRN.correction_dim and YaRN(factor=1)."""
    ev = Evidence()
    d, base, l0, r = sp.symbols("d base L0 r", positive=True)
    x = d * sp.log(l0 / (2 * sp.pi * r)) / (2 * sp.log(base))
    wavelength = 2 * sp.pi / base ** (-2 * x / d)
    ev.check("2 pi / base^(-2x/d) - L0 / r simplifies to 0", sp.simplify(wavelength - l0 / r) == 0, str(wavelength))
    ev.check("d x / d r + d / (2 r ln base) simplifies to 0 (x decreases in r when base > 1)",
             sp.simplify(sp.diff(x, r) + d / (2 * r * sp.log(base))) == 0)
    theta, ramp, s = sp.symbols("theta_j ramp_j s", positive=True)
    rule = (theta / s) * ramp + theta * (1 - ramp)
    ev.check("s = 1: (theta_j / s) ramp_j + theta_j (1 - ramp_j) - theta_j expands to 0 for symbolic ramp_j",
             sp.expand(rule.subs(s, 1) - theta) == 0)

    # The code: correction_dim against the exact x, and the wavelength at the computed x.
    worst_x, worst_fit = 0.0, 0.0
    for dim, b, l0v, rv in CORRECTION_POINTS:
        code = YaRN(4.0, l0v).correction_dim(rv, dim, b)
        with mpmath.workdps(DPS):
            exact = dim * mpmath.log(l0v / (2 * mpmath.pi * rv)) / (2 * mpmath.log(b))
            bound = correction_bound(dim, b, float(exact))
            worst_x = max(worst_x, float(abs(code - exact)) / bound)
            fits = l0v / (2 * mpmath.pi * mpmath.power(b, 2 * mpmath.mpf(code) / dim))  # L0 / wavelength(code's x)
            # wavelength(x + e) = wavelength(x) base^(2e/d): relative change <= (2 ln base / d) |e| (1 + 1e-3)
            worst_fit = max(worst_fit, float(abs(fits / rv - 1)) / (2 * math.log(b) / dim * bound * 1.001))
    ev.check(f"YaRN.correction_dim == d ln(L0/(2 pi r)) / (2 ln base) at {len(CORRECTION_POINTS)} points",
             worst_x <= 1, f"worst error {worst_x:.2g} of its bound")
    ev.check("L0 / wavelength(correction_dim(r)) == r at those points", worst_fit <= 1,
             f"worst error {worst_fit:.2g} of its bound")
    rule4 = YaRN(factor=4.0, original_max_position_embeddings=4096)
    with mpmath.workdps(DPS):
        dims = [128 * mpmath.log(4096 / (2 * mpmath.pi * rv)) / (2 * mpmath.log(10000)) for rv in (32, 1)]
    theta4, freq4 = default_inv_freq(128, 1e4), rule4.inv_freq(128, 1e4)
    ev.check("ramp roles (d 128, base 1e4, L0 4096, s 4): the high frequencies j < low = 20 are kept "
             "(inv_freq_j == theta_j) and the low ones j > high = 46 interpolated (inv_freq_j == theta_j / 4)",
             np.array_equal(freq4[:20], theta4[:20]) and np.array_equal(freq4[47:], theta4[47:] / 4),
             f"kept {int(np.sum(freq4[:20] == theta4[:20]))} of 20, divided "
             f"{int(np.sum(freq4[47:] == theta4[47:] / 4))} of 17")
    ev.check("check values (d 128, base 1e4, L0 4096): correction dims 20.94, 45.03; range (20, 46)",
             [round(float(v), 2) for v in dims] == [20.94, 45.03] and rule4.correction_range(128, 1e4) == (20, 46),
             f"{float(dims[0]):.4f}, {float(dims[1]):.4f}; {rule4.correction_range(128, 1e4)}")

    same, fractional = True, 0
    positions = np.array([0.0, 1.0, 5.0, 4095.0, 4096.0, 100000.0, -2.0])
    for dim, b, l0v, fast, slow, trunc in FACTOR_ONE:
        rule = YaRN(1.0, l0v, beta_fast=fast, beta_slow=slow, truncate=trunc)
        ramp = rule.ramp(dim, b)
        fractional += bool(np.any((ramp > 0) & (ramp < 1)))
        same &= np.array_equal(rule.inv_freq(dim, b), default_inv_freq(dim, b))
        x = np.random.default_rng(dim).standard_normal((positions.size, dim))
        for layout in ("interleaved", "half"):
            yarn = RoPE(dim, base=b, layout=layout, scaling=rule)
            same &= yarn.attention_factor == 1.0
            same &= np.array_equal(yarn.apply(x, positions), RoPE(dim, base=b, layout=layout).apply(x, positions))
    ev.check(f"YaRN(factor=1).inv_freq == default_inv_freq, and RoPE(scaling=YaRN(1)).apply == RoPE().apply, "
             f"bit for bit, {len(FACTOR_ONE)} ramps x 2 layouts", same)
    ev.check("those ramps are not trivial: 6 of them have some 0 < ramp_j < 1, the 7th is a step",
             fractional == len(FACTOR_ONE) - 1, f"{fractional} with a fractional ramp_j")
    return ev.result(STATEMENT, METHOD, "proved")

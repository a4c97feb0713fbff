"""Statement 7: the NTK-aware base keeps the highest frequency and divides the lowest by s.

In words: raising the base to base' = base s^(d/(d-2)) multiplies theta_j by s^(-2j/(d-2)),
a geometric ramp from 1 at j = 0 (the fastest pair is left alone: extrapolation) to exactly
1/s at j = d/2 - 1 (the slowest pair is interpolated like linear scaling).

    theta'_j = base'^(-2j/d) = base^(-2j/d) s^(-2j/(d-2)) = theta_j s^(-2j/(d-2))     (d > 2)
    theta'_0 = theta_0 = 1,   theta'_(d/2-1) = theta_(d/2-1) / s

Sympy proves the ratio for symbolic d, j, s, base (all positive, so the logarithms expand);
then NTKAware(s).inv_freq is compared with the exact theta'_j for several d, bases and s,
within a float64 bound that accounts for base' being rounded. For d = 2 the exponent
d/(d-2) is undefined; there theta_0 = 1 is the only frequency whatever the base, and
rope_ref keeps it (the rule cannot both keep theta_0 and divide theta_(d/2-1) = theta_0).
"""

from __future__ import annotations

import math

import mpmath
import sympy as sp

from proofs._common import DPS, U
from proofs._result import Evidence, Result
from rope_ref.scaling import NTKAware

STATEMENT = ("NTK-aware base' = base s^(d/(d-2)) gives theta'_j = theta_j s^(-2j/(d-2)) for every d > 2, j, s > 0, "
             "base > 0: theta'_0 = theta_0 and theta'_(d/2-1) = theta_(d/2-1) / s; NTKAware(s).inv_freq computes it")
METHOD = ("sympy: log(theta'_j / theta_j) = -2j/(d-2) log s for symbolic d, j, s, base, then j = 0, d/2 - 1; "
          "NTKAware.inv_freq at 4 d x 2 bases x 4 s vs 40 digits within a derived bound")

DIMS = (4, 8, 96, 128)
BASES = (10000.0, 500000.0)
FACTORS = (0.5, 2.0, 8.0, 16.7)


def ntk_bound(dim: int, j: int, s: float) -> float:
    """Relative bound on |code - exact theta'_j| / theta'_j.

    base' = fl(base fl(s^fl(d/(d-2)))): fl(d/(d-2)) is off by <= u relative, which moves s^e by
    <= e u |ln s|; pow is within 1 ulp (<= 2u); the product adds u; one u of slack: so base' is
    within eps_b = u (4 + e |ln s|) relative. theta'_j = base'^(-2j/d) carries (2j/d) eps_b, and
    rounding it correctly (rope_ref.exact) adds u.
    """
    e = dim / (dim - 2)
    eps_b = U * (4.0 + e * abs(math.log(s)))
    return (2.0 * j / dim) * eps_b + U


def prove() -> Result:
    """Prove statement 7 for symbolic d, j, s, base, then check NTKAware.inv_freq."""
    ev = Evidence()
    d, j, s, base = sp.symbols("d j s base", positive=True)
    base_ntk = base * s ** (d / (d - 2))
    theta, theta_ntk = base ** (-2 * j / d), base_ntk ** (-2 * j / d)
    # All symbols are positive, so log(x^y) = y log x and log(x y) = log x + log y hold (force=True).
    log_ratio = sp.expand_log(sp.log(theta_ntk / theta), force=True)
    ev.check("log(theta'_j / theta_j) = -2j/(d-2) log s", sp.simplify(log_ratio + 2 * j / (d - 2) * sp.log(s)) == 0,
             str(sp.simplify(log_ratio)))
    ev.check("j = 0: theta'_0 = theta_0 = 1", theta_ntk.subs(j, 0) == 1 and theta.subs(j, 0) == 1)
    last = sp.simplify(log_ratio.subs(j, d / 2 - 1))
    ev.check("j = d/2 - 1: log(theta'_j / theta_j) = -log s, i.e. theta'_j = theta_j / s",
             sp.simplify(last + sp.log(s)) == 0, str(last))
    ev.note("positive quantities with equal logarithms are equal, so the ratio is s^(-2j/(d-2)) itself")

    # The code: every j against the exact theta'_j, and the two ends as the statement puts them.
    worst, where, first_kept, worst_last = 0.0, "", True, 0.0
    for dim in DIMS:
        for b in BASES:
            for s_val in FACTORS:
                code = NTKAware(s_val).inv_freq(dim, b)
                with mpmath.workdps(DPS):
                    bm, sm = mpmath.mpf(b), mpmath.mpf(s_val)
                    for i, c in enumerate(code):
                        e = mpmath.mpf(-2 * i)
                        want = mpmath.power(bm, e / dim) * mpmath.power(sm, e / (dim - 2))
                        ratio = float(abs(mpmath.mpf(float(c)) - want) / want) / ntk_bound(dim, i, s_val)
                        if ratio > worst:
                            worst, where = ratio, f"d = {dim}, base = {b:g}, s = {s_val}, j = {i}"
                    theta_last = mpmath.power(bm, mpmath.mpf(2 - dim) / dim)
                    gap = abs(mpmath.mpf(float(code[-1])) - theta_last / sm) / (theta_last / sm)
                worst_last = max(worst_last, float(gap) / ntk_bound(dim, dim // 2 - 1, s_val))
                first_kept &= code[0] == 1.0
    n = len(DIMS) * len(BASES) * len(FACTORS)
    ev.check(f"NTKAware(s).inv_freq(d, base) == base^(-2j/d) s^(-2j/(d-2)) at {n} (d, base, s), every j",
             worst <= 1, f"worst error {worst:.2g} of its bound at {where}")
    ev.check("NTKAware(s).inv_freq(d, base)[0] == 1.0 exactly", first_kept)
    ev.check("NTKAware(s).inv_freq(d, base)[-1] == theta_(d/2-1) / s within the bound", worst_last <= 1,
             f"worst error {worst_last:.2g} of its bound")
    ev.check("d = 2: NTKAware(s).inv_freq(2, base) == [1.0] (theta_0 = 1 for every base)",
             all(NTKAware(s_val).inv_freq(2, b).tolist() == [1.0] for s_val in FACTORS for b in BASES))
    return ev.result(STATEMENT, METHOD, "proved")

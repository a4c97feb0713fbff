"""Statement 9: Llama 3 smoothing is continuous at both wavelength boundaries; a collapsed band is a step.

In words: pairs with short wavelengths keep theta_j, pairs with long ones get theta_j / s, and
in between the blend moves from one to the other without a jump. When high_freq_factor equals
low_freq_factor the band shrinks to one wavelength, the blend is 0/0 there, and the rule has a
real jump by the factor s: rope-ref takes theta_j / s at that wavelength, which is the limit of
the smooth rule as high_freq_factor -> low_freq_factor from above (and the right-hand limit).

With theta = 2 pi / w, low_wl = L0 / lf, high_wl = L0 / hf (lf < hf):

    f(w) = theta                                            w < high_wl
           (1 - S(w)) theta / s + S(w) theta,   S(w) = (L0/w - lf) / (hf - lf)   in between
           theta / s                                        w > low_wl
    S(high_wl) = 1, so f -> theta at high_wl from both sides;  S(low_wl) = 0, so f -> theta / s at low_wl.
    lf = hf = c, w0 = L0 / c:  lim_(w -> w0-) f = 2 pi c / L0,  lim_(w -> w0+) f = 2 pi c / (L0 s)  (a jump unless
    s = 1);  S(w0) = 0 for every hf > lf, so lim_(hf -> lf+) f(w0) = theta / s.

Sympy proves these for symbolic L0, lf, hf, s, w. rope_ref's Llama3 is then evaluated at bases
that put a wavelength at each boundary times (1 -+ delta), delta = 1e-3, 1e-6, 1e-9: each value
agrees with the exact rule within a derived float64 bound, and the gap across a boundary
shrinks with delta as the derivative says. The collapsed band (Llama 4 Scout) is checked on both
sides and at a base whose float64 wavelength is exactly L0, against the smooth rule with hf = lf (1 + 2^-30).
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, U
from proofs._result import Evidence, Result
from rope_ref import default_inv_freq
from rope_ref.scaling import Llama3

STATEMENT = ("Llama 3 smoothing is continuous: as wavelen -> L0/hf the smoothed value -> theta_j, as wavelen -> L0/lf "
             "it -> theta_j / s; when hf = lf the band collapses to a jump by s at wavelen = L0/lf, whose one-sided "
             "limits are theta_j and theta_j / s, and the hf -> lf+ limit there is theta_j / s; Llama3.inv_freq agrees")
METHOD = ("sympy: S and limits at both boundaries (symbolic L0, lf, hf, s), the collapsed case's one-sided and "
          "hf -> lf+ limits; rope_ref at bases placing a wavelength at boundary (1 -+ delta), delta to 1e-9")

DIM, J = 128, 32  # the pair whose wavelength is placed: base = (W / (2 pi))^(d / (2j))
RULES = (Llama3(),  # factor 8, lf 1, hf 4, L0 8192
         Llama3(factor=32.0, low_freq_factor=2.0, high_freq_factor=16.0, original_max_position_embeddings=4096))
DELTAS = (1e-3, 1e-6, 1e-9)
SCOUT = Llama3(factor=16.0, low_freq_factor=1.0, high_freq_factor=1.0, original_max_position_embeddings=8192)


def base_for(wavelength: mpmath.mpf) -> float:
    """A float64 base putting pair J's wavelength 2 pi base^(2J/d) at ``wavelength`` (to about 1 ulp)."""
    with mpmath.workdps(DPS):
        return float(mpmath.power(wavelength / (2 * mpmath.pi), mpmath.mpf(DIM) / (2 * J)))


def exact_rule(rule: Llama3, base: float) -> tuple[mpmath.mpf, mpmath.mpf, mpmath.mpf]:
    """(f, theta, wavelength) for pair J at this float64 base, to DPS digits."""
    with mpmath.workdps(DPS):
        theta = mpmath.power(mpmath.mpf(base), mpmath.mpf(-2 * J) / DIM)
        w = 2 * mpmath.pi / theta
        l0, lf, hf, s = (mpmath.mpf(v) for v in (rule.original_max_position_embeddings, rule.low_freq_factor,
                                                 rule.high_freq_factor, rule.factor))
        if w < l0 / hf:
            return theta, theta, w
        if w > l0 / lf:
            return theta / s, theta, w
        smooth = (l0 / w - lf) / (hf - lf)
        return (1 - smooth) * theta / s + smooth * theta, theta, w


def value_bound(rule: Llama3, theta: float) -> float:
    """Bound on |fl(f) - f| for one pair.

    theta_j is correctly rounded (u); fl(2 pi / theta) is within 3u, L0 / w within 4u, so
    L0/w - lf is off by <= 4u hf + u |L0/w - lf| in the band (L0/w <= hf there); over hf - lf
    (one rounding) and the division: S is off by <= u (4 hf / (hf - lf) + 3). The blend moves
    by theta (1 - 1/s) <= theta per unit of S and adds <= 6u theta of its own. With slack:
    u theta (5 hf / (hf - lf) + 10); it also covers theta_j and theta_j / s outside the band.
    """
    return U * theta * (5.0 * rule.high_freq_factor / (rule.high_freq_factor - rule.low_freq_factor) + 10.0)


def prove() -> Result:
    """Prove statement 9 symbolically, then check Llama3.inv_freq across both boundaries and when they meet."""
    ev = Evidence()
    w, l0, lf, g, s = sp.symbols("w L0 lf g s", positive=True)
    hf = lf + g  # hf > lf
    theta = 2 * sp.pi / w
    smooth = (l0 / w - lf) / (hf - lf)
    f = (1 - smooth) * theta / s + smooth * theta
    ev.check("S(L0/hf) = 1 and S(L0/lf) = 0", sp.simplify(smooth.subs(w, l0 / hf)) == 1
             and sp.simplify(smooth.subs(w, l0 / lf)) == 0)
    ev.check("w -> L0/hf: lim from the band (+) = lim of theta from the keep side (-) = 2 pi hf / L0",
             sp.simplify(sp.limit(f, w, l0 / hf, "+") - sp.limit(theta, w, l0 / hf, "-")) == 0)
    ev.check("w -> L0/lf: lim from the band (-) = lim of theta / s from the interpolate side (+) = 2 pi lf / (L0 s)",
             sp.simplify(sp.limit(f, w, l0 / lf, "-") - sp.limit(theta / s, w, l0 / lf, "+")) == 0)
    # The collapsed band: hf = lf = c. Left of w0 = L0/c the keep piece applies, right of it the
    # interpolate piece; take each one-sided limit on its own piece.
    c = sp.Symbol("c", positive=True)
    left, right = sp.limit(theta, w, l0 / c, "-"), sp.limit(theta / s, w, l0 / c, "+")
    ev.check("hf = lf = c: lim_(w -> L0/c-) = 2 pi c / L0, lim_(w -> L0/c+) = 2 pi c / (L0 s), ratio s (a jump)",
             sp.simplify(left - 2 * sp.pi * c / l0) == 0 and sp.simplify(left / right - s) == 0)
    ev.check("S(L0/lf) = 0 for every hf > lf, so lim_(hf -> lf+) f(L0/lf) = theta / s",
             sp.limit(smooth.subs(w, l0 / lf), g, 0, "+") == 0
             and sp.simplify(f.subs(w, l0 / lf) - theta.subs(w, l0 / lf) / s) == 0)
    ev.note("for w < L0/lf the smooth rule keeps theta once hf < L0/w, and for w > L0/lf it gives theta / s for "
            "every hf: so as hf -> lf+ it tends to the step (theta left of L0/lf, theta / s from L0/lf on)")

    _check_boundaries(ev)
    _check_collapsed(ev)
    return ev.result(STATEMENT, METHOD, "proved")


def _check_boundaries(ev: Evidence) -> None:
    """Llama3.inv_freq on both sides of each boundary: exact values, and the gap across shrinking with delta."""
    worst_value, worst_gap, sides_ok, rows = 0.0, 0.0, True, []
    for rule in RULES:
        l0, lf, hf, s = (rule.original_max_position_embeddings, rule.low_freq_factor, rule.high_freq_factor,
                         rule.factor)
        for name, boundary in (("high_wl", l0 / hf), ("low_wl", l0 / lf)):
            for delta in DELTAS:
                multipliers, offsets = [], []
                for side in (-1, 1):
                    b = base_for(mpmath.mpf(boundary) * (1 + side * mpmath.mpf(delta)))
                    code, code_theta = rule.inv_freq(DIM, b)[J], default_inv_freq(DIM, b)[J]
                    want, th, wl = exact_rule(rule, b)
                    sides_ok &= (wl < boundary) == (side < 0)
                    worst_value = max(worst_value, float(abs(code - want)) / value_bound(rule, float(th)))
                    multipliers.append(code / code_theta)  # 1 on the keep side, 1/s on the interpolate side
                    offsets.append(float(abs(wl / boundary - 1)))
                # The multiplier is 1, then 1/s + S(w) (1 - 1/s), then 1/s: continuous, with |dS/dw| w =
                # L0 / (w (hf - lf)) <= (L0/W) / ((1 - delta') (hf - lf)) on [W (1 - delta'), W (1 + delta')],
                # a relative span of 2 delta'; the two quotients add rounding.
                off = max(offsets)
                slope = (1 - 1 / s) * (l0 / boundary) * 2 * off / ((1 - off) * (hf - lf))
                rounding = 2 * (value_bound(rule, 1.0) + 2 * U)
                gap = abs(multipliers[1] - multipliers[0])
                worst_gap = max(worst_gap, gap / (slope + rounding))
                rows.append(f"{name} {delta:g}: {gap:.2g}")
    ev.check("the placed wavelengths lie on the intended side of each boundary", sides_ok)
    ev.check(f"Llama3.inv_freq == the exact rule on both sides of both boundaries, {len(RULES)} rules x 3 deltas",
             worst_value <= 1, f"worst error {worst_value:.2g} of its bound")
    ev.check("gap in inv_freq_j / theta_j across each boundary W <= (1 - 1/s) (L0/W) 2 delta / ((1 - delta)(hf - lf)) "
             "+ rounding: it vanishes with delta", worst_gap <= 1,
             f"worst {worst_gap:.2g} of its bound; gaps (factor 8, lf 1, hf 4, L0 8192) " + ", ".join(rows[:6]))


def _check_collapsed(ev: Evidence) -> None:
    """Llama 4 Scout (lf = hf = 1): theta_j left of L0, theta_j / s from L0 on; the smooth rule's limit agrees."""
    l0, s = SCOUT.original_max_position_embeddings, SCOUT.factor
    near = Llama3(factor=s, low_freq_factor=1.0, high_freq_factor=1.0 + 2.0**-30, original_max_position_embeddings=l0)
    # A base whose float64 wavelength 2 pi / theta_j is exactly L0: step from the nearest one.
    b0 = base_for(mpmath.mpf(l0))
    at = next((b for b in (b0 + k * np.spacing(b0) for k in range(-64, 65))
               if 2 * math.pi / default_inv_freq(DIM, b)[J] == l0), None)
    if not ev.check("found a base with float64 wavelength of pair J exactly L0", at is not None):
        return
    cases = [("left, L0 (1 - 1e-6)", base_for(mpmath.mpf(l0) * (1 - mpmath.mpf(1e-6))), 1.0),
             ("at L0", at, 1 / s), ("right, L0 (1 + 1e-6)", base_for(mpmath.mpf(l0) * (1 + mpmath.mpf(1e-6))), 1 / s)]
    for name, b, mult in cases:
        theta = float(default_inv_freq(DIM, b)[J])
        want = theta if mult == 1.0 else theta / s
        got, limit = float(SCOUT.inv_freq(DIM, b)[J]), float(near.inv_freq(DIM, b)[J])
        ev.check(f"collapsed band, {name}: Llama3(16, 1, 1) gives {'theta_j' if mult == 1.0 else 'theta_j / s'} "
                 "bit for bit, as the smooth rule with hf = 1 + 2^-30 does", got == want and limit == want,
                 f"{got!r} vs {want!r} (smooth rule {limit!r})")

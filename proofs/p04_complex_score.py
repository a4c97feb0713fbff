"""Statement 4: the RoPE score as a sum over complex pairs, with the sign the code uses.

In words: read q and k as d/2 complex numbers q_j, k_j (pair j of the layout). rope_ref rotates
the query at position m by +m theta_j and the key at n by +n theta_j; their dot product is

    <R_m q, R_n k> = Re sum_j q_j conj(k_j) e^{i (m - n) theta_j}

(RoFormer eq. 35). The exponent is (m - n), query position minus key position. Writing (n - m)
instead is wrong: it differs by exactly -2 sum_j sin((m - n) theta_j) Im(q_j conj(k_j)), which
is not zero in general. (Equivalently, <R_m q, R_n k> = Re sum_j conj(q_j) k_j e^{i (n - m) theta_j}.)
Proved for one pair symbolically (a sum over pairs of such terms gives any d); then checked on
RoPE.apply for d = 8, both layouts, where the (n - m) version visibly misses.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, exact_theta, pairs, rot2, score_bound, vanishes
from proofs._result import Evidence, Result
from rope_ref import RoPE
from rope_ref.rotation import pair_indices

STATEMENT = ("with the query at m rotated by +m theta_j and the key at n by +n theta_j: "
             "<R_m q, R_n k> = Re sum_j q_j conj(k_j) e^{i (m - n) theta_j}, q_j, k_j the complex pairs; "
             "(n - m) in that place is wrong")
METHOD = ("sympy for one pair (symbolic m, n, theta, q, k) and for d = 8, plus the exact (n - m) error term; "
          "RoPE.apply (d = 8, 2 layouts) at 4 position pairs vs 40 digits")

BASE = 10000.0
POSITION_PAIRS = ((0.0, 0.0), (5.0, 2.0), (2.0, 5.0), (300.0, -17.0))


def score_formula(q: list, k: list, m: sp.Expr, n: sp.Expr, theta: list, sign: int = 1) -> sp.Expr:
    """Re sum_j q_j conj(k_j) e^{i sign (m - n) theta_j} for complex pairs q_j, k_j (sympy)."""
    return sp.re(sum(qj * sp.conjugate(kj) * sp.exp(sp.I * sign * (m - n) * t)
                     for qj, kj, t in zip(q, k, theta, strict=True)))


def score_mp(q: list, k: list, m: float, n: float, theta: list, sign: int = 1) -> mpmath.mpf:
    """The same sum in DPS-digit mpmath."""
    with mpmath.workdps(DPS):
        return mpmath.re(mpmath.fsum(qj * mpmath.conj(kj) * mpmath.expj(sign * (mpmath.mpf(m) - n) * t)
                                     for qj, kj, t in zip(q, k, theta, strict=True)))


def prove() -> Result:
    """Prove statement 4 symbolically, then compare RoPE.apply scores with both sign conventions."""
    ev = Evidence()
    m, n = sp.symbols("m n", real=True)
    q0, q1, k0, k1, t = sp.symbols("q0 q1 k0 k1 theta", real=True)
    lhs = (rot2(m * t) * sp.Matrix([q0, q1])).dot(rot2(n * t) * sp.Matrix([k0, k1]))
    qc, kc = q0 + sp.I * q1, k0 + sp.I * k1
    right = sp.expand_complex(score_formula([qc], [kc], m, n, [t]))
    wrong = sp.expand_complex(score_formula([qc], [kc], m, n, [t], sign=-1))
    ev.check("one pair: <R(m t) q, R(n t) k> - Re q conj(k) e^{i(m-n)t} reduces to 0", vanishes(lhs - right))
    gap = -2 * sp.sin((m - n) * t) * (q1 * k0 - q0 * k1)  # -2 sin((m-n)t) Im(q conj k)
    ev.check("one pair: <R(m t) q, R(n t) k> - Re q conj(k) e^{i(n-m)t} equals -2 sin((m-n)t) Im(q conj k)",
             vanishes(lhs - wrong - gap))
    ev.check("that error term is not identically 0 (at m-n = 1, t = 1, q = (1, 0), k = (0, 1) it is 2 sin 1)",
             gap.subs({m: 1, n: 0, t: 1, q0: 1, q1: 0, k0: 0, k1: 1}) == 2 * sp.sin(1))

    d = 8
    theta = sp.symbols(f"theta0:{d // 2}", positive=True)
    qs, ks = sp.symbols(f"q0:{d}", real=True), sp.symbols(f"k0:{d}", real=True)
    rm = sp.diag(*[rot2(m * tj) for tj in theta])
    rn = sp.diag(*[rot2(n * tj) for tj in theta])
    zq = [qs[a] + sp.I * qs[b] for a, b in pairs(d, "interleaved")]
    zk = [ks[a] + sp.I * ks[b] for a, b in pairs(d, "interleaved")]
    full = (rm * sp.Matrix(qs)).dot(rn * sp.Matrix(ks)) - sp.expand_complex(score_formula(zq, zk, m, n, theta))
    ev.check("d = 8 (interleaved, symbolic theta_j): the same identity reduces to 0", vanishes(full))

    for layout in ("interleaved", "half"):
        _check_code(ev, layout)
    return ev.result(STATEMENT, METHOD, "proved")


def _check_code(ev: Evidence, layout: str) -> None:
    """Scores from RoPE(8).apply against the formula with exact theta_j, with (m - n) and with (n - m)."""
    d = 8
    qv, kv = np.random.default_rng(4).standard_normal((2, d))
    th = exact_theta(d, BASE)
    nq, nk = np.linalg.norm(qv), np.linalg.norm(kv)
    rope = RoPE(d, base=BASE, layout=layout)
    re, im = np.array(pairs(d, layout)).T
    ev.check(f"rope_ref pairs features as the proof does ({layout})",
             all(np.array_equal(a, b) for a, b in zip(pair_indices(d, layout), (re, im), strict=True)))
    with mpmath.workdps(DPS):
        zq = [mpmath.mpc(float(qv[a]), float(qv[b])) for a, b in zip(re, im, strict=True)]
        zk = [mpmath.mpc(float(kv[a]), float(kv[b])) for a, b in zip(re, im, strict=True)]
    worst_right, worst_wrong = 0.0, 0.0
    for mm, nn in POSITION_PAIRS:
        code = rope.apply(qv, mm) @ rope.apply(kv, nn)
        tol = score_bound(nq, nk, d, [mm, nn])
        right, wrong = score_mp(zq, zk, mm, nn, th), score_mp(zq, zk, mm, nn, th, sign=-1)
        worst_right = max(worst_right, float(abs(code - right)) / tol)
        if mm != nn:
            worst_wrong = max(worst_wrong, float(abs(code - wrong)) / tol)
    ev.check(f"RoPE(8, layout={layout!r}) scores == Re sum q_j conj(k_j) e^{{i(m-n)theta_j}}",
             worst_right <= 1, f"worst error {worst_right:.2g} of the float64 bound")
    ev.check(f"RoPE(8, layout={layout!r}) scores != the (n - m) version", worst_wrong > 1,
             f"misses by up to {worst_wrong:.2g} times the float64 bound")

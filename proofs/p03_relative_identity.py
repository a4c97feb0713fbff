"""Statement 3: RoPE scores depend on positions only through their difference.

In words: rotating the query by its position m and the key by its position n gives the same
dot product as leaving the query alone and rotating the key by n - m.

    <R_m q, R_n k> = <q, R_(n-m) k>,   R_m = diag(R(m theta_0), ..., R(m theta_(d/2-1)))

For one block it is the group law of statement 1: R(m t)^T R(n t) = R(-m t) R(n t) = R((n-m) t).
For any d, R_m is block diagonal (interleaved layout), so the dot product is a sum over pairs of
one-block dot products, and each is the one-block identity with t = theta_j; the half layout is
the same matrix in a permuted orthonormal basis (statement 5), which preserves dot products.
Here sympy checks it outright for d = 2, 4, 6, 8, both layouts, symbolic m, n, q, k, theta_j;
then RoPE.apply is compared with R_m q and with the identity at a few positions.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from proofs._common import (
    block_rotation,
    evaluator,
    exact_theta,
    pairs,
    rot2,
    rotation_bound,
    score_bound,
    vanishes,
    within,
)
from proofs._result import Evidence, Result
from rope_ref import RoPE
from rope_ref.rotation import pair_indices

STATEMENT = ("<R_m q, R_n k> = <q, R_(n-m) k> for every even d, real m, n, theta_j and q, k in R^d, "
             "R_m rotating pair j by m theta_j; RoPE.apply computes R_m and keeps the identity")
METHOD = ("sympy for d = 2, 4, 6, 8 x both layouts (symbolic theta_j, m, n, q, k), "
          "block-diagonal argument for any d; RoPE.apply (d = 8) at 6 position pairs vs 40 digits")

DIMS = (2, 4, 6, 8)
BASE = 10000.0
POSITION_PAIRS = ((0.0, 0.0), (3.0, 1.0), (1.0, 3.0), (-7.0, 5.5), (1000.0, 12345.0), (2.0**20, 2.0**20 + 3))


def prove(block: Callable[[sp.Expr], sp.Matrix] = rot2) -> Result:
    """Prove statement 3 for the 2x2 ``block`` (the rotation R(a) by default), then check RoPE.apply.

    Passing another ``block`` (e.g. the scaling (1 + a) I) shows that the symbolic check fails.
    """
    ev = Evidence()
    m, n = sp.symbols("m n", real=True)
    for d in DIMS:
        theta = sp.symbols(f"theta0:{d // 2}", positive=True)
        q, k = sp.Matrix(sp.symbols(f"q0:{d}", real=True)), sp.Matrix(sp.symbols(f"k0:{d}", real=True))
        for layout in ("interleaved", "half"):
            def rot(p, layout=layout, theta=theta):
                """R_p in this layout, built from ``block``."""
                return block_rotation([p * t for t in theta], layout, block)
            diff = (rot(m) * q).dot(rot(n) * k) - q.dot(rot(n - m) * k)
            ev.check(f"d = {d}, {layout}: <R_m q, R_n k> - <q, R_(n-m) k> reduces to 0", vanishes(diff))
    ev.note("any d: R_m = diag(R(m theta_j)) so <R_m q, R_n k> = sum_j <R(m theta_j) q_j, R(n theta_j) k_j>"
            " = sum_j <q_j, R((n-m) theta_j) k_j> (statement 1) = <q, R_(n-m) k>")
    for layout in ("interleaved", "half"):
        _check_code(ev, layout, block)
    return ev.result(STATEMENT, METHOD, "proved")


def _check_code(ev: Evidence, layout: str, block: Callable[[sp.Expr], sp.Matrix]) -> None:
    """RoPE(8).apply(q, m) against the exact R_m q (built from ``block``), then the identity in float64."""
    d, m = 8, sp.Symbol("m", real=True)
    theta_sym, q_sym = sp.symbols(f"theta0:{d // 2}", positive=True), sp.symbols(f"q0:{d}", real=True)
    rotated = evaluator(block_rotation([m * t for t in theta_sym], layout, block) * sp.Matrix(q_sym),
                        [*q_sym, m, *theta_sym])
    theta = exact_theta(d, BASE)
    qv, kv = np.random.default_rng(3).standard_normal((2, d))
    rope = RoPE(d, base=BASE, layout=layout)
    re, im = np.array(pairs(d, layout)).T
    ev.check(f"rope_ref pairs features as the proof does ({layout})",
             all(np.array_equal(a, b) for a, b in zip(pair_indices(d, layout), (re, im), strict=True)))

    positions = sorted({p for pair in POSITION_PAIRS for p in pair})
    want, bound = [], np.empty((len(positions), d))
    for i, p in enumerate(positions):
        want += rotated(*qv, p, *theta)
        bound[i, re] = bound[i, im] = [rotation_bound(np.hypot(qv[a], qv[b]), p * float(t))
                                       for a, b, t in zip(re, im, theta, strict=True)]
    ok, msg = within(np.stack([rope.apply(qv, p) for p in positions]), want, bound.ravel())
    ev.check(f"RoPE(8, layout={layout!r}).apply(q, m) == R_m q at {len(positions)} positions", ok, msg)

    nq, nk, worst = np.linalg.norm(qv), np.linalg.norm(kv), 0.0
    for mm, nn in POSITION_PAIRS:
        gap = rope.apply(qv, mm) @ rope.apply(kv, nn) - qv @ rope.apply(kv, nn - mm)
        worst = max(worst, abs(gap) / (score_bound(nq, nk, d, [mm, nn]) + score_bound(nq, nk, d, [nn - mm])))
    ev.check(f"float64 identity with RoPE(8, layout={layout!r}) at {len(POSITION_PAIRS)} (m, n)",
             worst <= 1, f"worst |lhs - rhs| = {worst:.2g} of its bound")

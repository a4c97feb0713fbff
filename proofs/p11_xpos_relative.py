"""Statement 11: xPos scores depend only on m - n, and the centre cancels.

In words: xPos scales query pair j at position m by zeta_j^((m - c)/gamma) and key pair j at n by
zeta_j^(-(n - c)/gamma). Scalars commute with the 2x2 rotation, so the score is a sum over pairs
of (scale product) x (RoPE pair score); the scale product is zeta_j^((m - n)/gamma) and the pair
score depends on n - m (statement 3), so the whole score is a function of m - n, and c is gone.

    zeta_j^((m-c)/gamma) zeta_j^(-(n-c)/gamma) = zeta_j^((m-n)/gamma)          (zeta_j > 0)
    score(m, n) = sum_j zeta_j^((m-n)/gamma) <R(m theta_j) q_j, R(n theta_j) k_j>
                = sum_j zeta_j^((m-n)/gamma) <q_j, R((n-m) theta_j) k_j>
                = Re sum_j zeta_j^((m-n)/gamma) q_j conj(k_j) e^{i (m-n) theta_j}    (statement 4)

Sympy proves the exponent identity and the whole score for d = 2, 4, 6 in both layouts with
symbolic zeta_j, theta_j, m, n, c, gamma, q, k. Then rope_ref's XPos (d = 8, two centres, two
gammas, both layouts) is compared with the exact vectors zeta_j^((m-c)/gamma) z_j e^{i m theta_j}
and with the exact score, which depends on m - n only, at position pairs shifted together.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, U, block_rotation, pairs, rot2, rotation_bound
from proofs._result import Evidence, Result
from rope_ref import RoPE, XPos

STATEMENT = ("with query pairs scaled by zeta_j^((m-c)/gamma) and key pairs by zeta_j^(-(n-c)/gamma): "
             "score(m, n) = Re sum_j zeta_j^((m-n)/gamma) q_j conj(k_j) e^{i(m-n)theta_j}, a function of m - n "
             "alone for every centre c; XPos.apply computes these vectors and scores")
METHOD = ("sympy: the exponent identity, then score - that sum expands to 0 (d = 2, 4, 6, both layouts, all "
          "symbolic); XPos (d = 8) vectors and scores at 7 shifted (m, n) x 2 centres x 2 gammas vs 40 digits")

DIM, BASE = 8, 10000.0
CENTRES = (0.0, 37.5)
GAMMAS = (512.0, 64.0)
FAMILIES = {7.0: ((10.0, 3.0), (110.0, 103.0), (-90.0, -97.0), (4106.0, 4099.0)),  # m - n: (m, n) pairs
            -250.0: ((0.0, 250.0), (1000.0, 1250.0), (-500.0, -250.0))}


def scaled_rotation(v: sp.Matrix, p: sp.Expr, sign: int, zeta, theta, c, gamma, layout: str) -> sp.Matrix:
    """Pair j of v rotated by p theta_j and scaled by zeta_j^(sign (p - c) / gamma) (sympy)."""
    out = block_rotation([p * t for t in theta], layout) * v
    for (a, b), z in zip(pairs(v.rows, layout), zeta, strict=True):
        factor = z ** (sign * (p - c) / gamma)
        out[a], out[b] = out[a] * factor, out[b] * factor
    return out


def prove() -> Result:
    """Prove statement 11 symbolically, then check XPos vectors and scores against 40 digits."""
    ev = Evidence()
    m, n, c = sp.symbols("m n c", real=True)
    gamma, zeta = sp.symbols("gamma zeta", positive=True)
    product = zeta ** ((m - c) / gamma) * zeta ** (-(n - c) / gamma)
    ev.check("log(zeta^((m-c)/gamma) zeta^(-(n-c)/gamma)) = (m - n)/gamma log zeta (zeta > 0)",
             sp.expand(sp.expand_log(sp.log(product), force=True) - (m - n) / gamma * sp.log(zeta)) == 0)
    for d in (2, 4, 6):
        zs, th = sp.symbols(f"zeta0:{d // 2}", positive=True), sp.symbols(f"theta0:{d // 2}", positive=True)
        q, k = sp.Matrix(sp.symbols(f"q0:{d}", real=True)), sp.Matrix(sp.symbols(f"k0:{d}", real=True))
        for layout in ("interleaved", "half"):
            score = scaled_rotation(q, m, 1, zs, th, c, gamma, layout).dot(
                scaled_rotation(k, n, -1, zs, th, c, gamma, layout))
            relative = sum(z ** ((m - n) / gamma) * sp.Matrix([q[a], q[b]]).dot(rot2((n - m) * t)
                                                                                * sp.Matrix([k[a], k[b]]))
                           for (a, b), z, t in zip(pairs(d, layout), zs, th, strict=True))
            diff = sp.expand(score - relative, trig=True, power_exp=True)
            ev.check(f"d = {d}, {layout}: score(m, n) - sum_j zeta_j^((m-n)/gamma) <q_j, R((n-m) theta_j) k_j> "
                     "reduces to 0", diff == 0 or sp.expand(sp.trigsimp(diff)) == 0)
    ev.note("any d: the score is a sum over pairs of these one-pair terms (block-diagonal, as in statement 3)")
    _check_code(ev)
    return ev.result(STATEMENT, METHOD, "proved")


def scale_error(zeta: float, exponent: float) -> float:
    """Relative bound on the computed zeta_j^e, e = +-(p - c)/gamma, with the table's multiply.

    zeta_j = (2j + 0.4 d) / (1.4 d) takes six roundings (6u); e takes two (p - c, / gamma), so
    zeta^e moves by <= 6u |e| + 2u |e ln zeta|; pow is within 1 ulp (2u); multiplying cos and sin
    by the scale adds u; one u of slack.
    """
    return U * (6.0 * abs(exponent) + 2.0 * abs(exponent * math.log(zeta)) + 4.0)


def _check_code(ev: Evidence) -> None:
    """XPos vectors against zeta^((p-c)/gamma) z e^{i p theta}; scores against the m - n formula."""
    with mpmath.workdps(DPS):
        zeta = [mpmath.mpf(10 * j + 2 * DIM) / (7 * DIM) for j in range(DIM // 2)]  # (2j + 0.4d) / (1.4d)
        theta = [mpmath.power(BASE, mpmath.mpf(-2 * j) / DIM) for j in range(DIM // 2)]
    rng = np.random.default_rng(11)
    qv, kv = rng.standard_normal((2, DIM))
    worst_vec, worst_score, count = 0.0, 0.0, 0
    for layout in ("interleaved", "half"):
        idx = pairs(DIM, layout)
        zq = [mpmath.mpc(float(qv[a]), float(qv[b])) for a, b in idx]
        zk = [mpmath.mpc(float(kv[a]), float(kv[b])) for a, b in idx]
        for c in CENTRES:
            for gamma in GAMMAS:
                xpos = XPos(RoPE(DIM, base=BASE, layout=layout), scale_base=gamma, centre=c)
                for diff, family in FAMILIES.items():
                    with mpmath.workdps(DPS):
                        exact = mpmath.re(mpmath.fsum(
                            z ** (mpmath.mpf(diff) / gamma) * a * mpmath.conj(b) * mpmath.expj(diff * t)
                            for z, a, b, t in zip(zeta, zq, zk, theta, strict=True)))
                    for mm, nn in family:
                        q_rot, k_rot = xpos.apply(qv, mm, role="query"), xpos.apply(kv, nn, role="key")
                        bound = 0.0
                        for j, (a, b) in enumerate(idx):
                            eq, ek = (mm - c) / gamma, -(nn - c) / gamma
                            sq, sk = float(zeta[j]) ** eq, float(zeta[j]) ** ek
                            nq, nk = abs(zq[j]), abs(zk[j])
                            err_q = rotation_bound(1.0, mm * float(theta[j])) + scale_error(float(zeta[j]), eq)
                            err_k = rotation_bound(1.0, nn * float(theta[j])) + scale_error(float(zeta[j]), ek)
                            with mpmath.workdps(DPS):
                                want = zeta[j] ** ((mm - c) / mpmath.mpf(gamma)) * zq[j] * mpmath.expj(mm * theta[j])
                            gap = max(abs(q_rot[a] - want.real), abs(q_rot[b] - want.imag))
                            worst_vec = max(worst_vec, float(gap) / (sq * float(nq) * err_q))
                            bound += sq * sk * float(nq * nk) * (err_q + err_k + (DIM + 2) * U)
                        worst_score = max(worst_score, float(abs(q_rot @ k_rot - exact)) / bound)
                        count += 1
    ev.check("XPos.apply(x, m, 'query') == zeta_j^((m-c)/gamma) z_j e^{i m theta_j} per pair, within the bound",
             worst_vec <= 1, f"worst error {worst_vec:.2g} of its bound")
    ev.check(f"XPos scores == Re sum_j zeta_j^((m-n)/gamma) q_j conj(k_j) e^{{i(m-n)theta_j}} (depends on m - n "
             f"only) at {count} (layout, c, gamma, m, n)", worst_score <= 1,
             f"worst error {worst_score:.2g} of its bound")

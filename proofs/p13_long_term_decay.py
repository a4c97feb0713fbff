"""Statement 13: RoFormer's long-term decay (section 3.4.3): Abel summation and the bound's curve.

In words: write the score as a sum over pairs, h_j e^{i (m-n) theta_j} with h_j = q_j conj(k_j)
(statement 4). Summing by parts moves the oscillating factors into partial sums S_j; the score is
then at most max_j |h_(j+1) - h_j| times sum_j |S_j|, and the average |S_j| shrinks (not
monotonically) as the distance m - n grows.

With N = d/2, phi_j = (m - n) theta_j, S_0 = 0 and S_j = sum_(k=0)^(j-1) e^{i phi_k} (so that
S_(j+1) - S_j = e^{i phi_j}), for any complex h_0, ..., h_N:

    sum_(j=0)^(N-1) h_j e^{i phi_j} = h_N S_N - h_0 S_0 - sum_(j=0)^(N-1) S_(j+1) (h_(j+1) - h_j)

The paper sets h_N = 0 (and S_0 = 0), so the boundary term h_N S_N - h_0 S_0 vanishes:

    sum_(j=0)^(N-1) h_j e^{i phi_j} = -sum_(j=0)^(N-1) S_(j+1) (h_(j+1) - h_j)
    |sum_j h_j e^{i phi_j}| <= (max_j |h_(j+1) - h_j|) sum_(j=1)^(N) |S_j|

The curve (1/N) sum_(j=1)^(N) |S_j| for d = 128, base 1e4 is 32.5, 18.0, 10.2, 4.5, 3.9 at
m - n = 0, 10, 100, 1000, 10000, and it rises at some distances (from 18 to 19, for one).
"""

from __future__ import annotations

from itertools import pairwise

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, U, exact_theta, pairs, score_bound
from proofs._result import Evidence, Result
from rope_ref import RoPE, default_inv_freq

STATEMENT = ("with S_0 = 0, S_j = sum_(k<j) e^{i(m-n)theta_k}, h_j = q_j conj(k_j), h_(d/2) = 0: "
             "sum_(j<d/2) h_j e^{i(m-n)theta_j} = -sum_(j<d/2) S_(j+1)(h_(j+1) - h_j); "
             "(1/(d/2)) sum_(j=1)^(d/2) |S_j| (d = 128, base 1e4) is 32.5, 18.0, 10.2, 4.5, 3.9 at "
             "m - n = 0, 10, 100, 1000, 10000 and not monotone")
METHOD = ("sympy: induction step for any N plus expansion for N = 1..8; RoPE.apply scores (d = 8) vs the Abel "
          "form; the curve in 40-digit mpmath and in float64 with rope_ref.default_inv_freq")

CURVE_DIM, CURVE_BASE = 128, 1e4
QUOTED = {0: 32.5, 10: 18.0, 100: 10.2, 1000: 4.5, 10000: 3.9}  # quoted check values, RoFormer Figure 2


def curve_exact(distance: float, theta: list) -> mpmath.mpf:
    """(1/N) sum_(j=1)^N |S_j| in DPS-digit mpmath."""
    with mpmath.workdps(DPS):
        s, total = mpmath.mpc(0), mpmath.mpf(0)
        for t in theta:
            s += mpmath.expj(distance * t)
            total += abs(s)
        return total / len(theta)


def curve_float64(distances: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """The same curve in float64 for many distances at once."""
    s = np.cumsum(np.exp(1j * distances[:, None] * theta), axis=-1)
    return np.abs(s).mean(axis=-1)


def curve_bound(distance: float, n: int) -> float:
    """Bound on the float64 curve's error: each e^{i r theta_k} is within 2u (|r| + 1) (angle
    rounding <= 2u |r theta_k|, theta_k <= 1; cos, sin <= u each, with slack), each of the <= N
    complex additions in S_j adds <= 2u j, |.| and the mean add less: 2u (|r| N + N + N^2)."""
    return 2 * U * (abs(distance) * n + n + n * n)


def prove() -> Result:
    """Prove the Abel identity symbolically, check it on RoPE scores, and recompute the curve."""
    ev = Evidence()
    # (a) Any N, by induction. L(N) = sum_(j<N) h_j (S_(j+1) - S_j); R(N) = h_N S_N - h_0 S_0 -
    # sum_(j<N) S_(j+1) (h_(j+1) - h_j). L(0) = 0 = R(0); the step is one expansion in free symbols.
    h_n, h_n1, s_n, s_n1, h_0, s_0 = sp.symbols("h_N h_N1 S_N S_N1 h_0 S_0")
    ev.check("base N = 0: R(0) = h_0 S_0 - h_0 S_0 = 0 = L(0)", sp.expand(h_0 * s_0 - h_0 * s_0) == 0)
    step_l = h_n * (s_n1 - s_n)
    step_r = (h_n1 * s_n1 - h_n * s_n) - s_n1 * (h_n1 - h_n)
    ev.check("step: R(N+1) - R(N) - (L(N+1) - L(N)) expands to 0 for arbitrary h, S",
             sp.expand(step_r - step_l) == 0)
    ev.note("so L(N) = R(N) for every N; with S_(j+1) - S_j = e^{i phi_j}, S_0 = 0, h_N = 0 it is the paper's form")
    # (b) Explicitly with S_j built from e^{i (m-n) theta_k}, in the paper's form (h_N = 0).
    r = sp.Symbol("r", real=True)  # r = m - n
    all_ok = True
    for n in range(1, 9):
        theta = sp.symbols(f"theta0:{n}", positive=True)
        h = [*sp.symbols(f"h0:{n}"), 0]
        e = [sp.exp(sp.I * r * t) for t in theta]
        s = [sum(e[:j], sp.Integer(0)) for j in range(n + 1)]
        lhs = sum(h[j] * e[j] for j in range(n))
        rhs = -sum(s[j + 1] * (h[j + 1] - h[j]) for j in range(n))
        all_ok &= sp.expand(lhs - rhs) == 0
    ev.check("N = 1..8, symbolic h_j, r, theta_j, h_N = 0: both sides expand to the same", all_ok)

    _check_code(ev)
    _check_curve(ev)
    return ev.result(STATEMENT, METHOD, "proved")


def _check_code(ev: Evidence) -> None:
    """RoPE(8).apply scores equal Re of the Abel form (exact theta_j), and obey the bound."""
    d, base = 8, 10000.0
    rng = np.random.default_rng(13)
    qv, kv = rng.standard_normal(d), rng.standard_normal(d)
    th = exact_theta(d, base)
    worst, bound_ok = 0.0, True
    for layout in ("interleaved", "half"):
        rope = RoPE(d, base=base, layout=layout)
        with mpmath.workdps(DPS):
            hj = [mpmath.mpc(float(qv[a]), float(qv[b])) * mpmath.conj(mpmath.mpc(float(kv[a]), float(kv[b])))
                  for a, b in pairs(d, layout)] + [mpmath.mpc(0)]
        for mm, nn in ((0.0, 0.0), (7.0, 3.0), (3.0, 250.0)):
            code = rope.apply(qv, mm) @ rope.apply(kv, nn)
            with mpmath.workdps(DPS):
                sj = [mpmath.mpc(0)]
                for t in th:
                    sj.append(sj[-1] + mpmath.expj((mm - nn) * t))
                abel = -sum(sj[j + 1] * (hj[j + 1] - hj[j]) for j in range(d // 2))
                step = max(abs(hj[j + 1] - hj[j]) for j in range(d // 2))
                bound_ok &= abs(abel) <= step * sum(abs(x) for x in sj[1:])
                err = float(abs(code - mpmath.re(abel)))
            worst = max(worst, err / score_bound(np.linalg.norm(qv), np.linalg.norm(kv), d, [mm, nn]))
    ev.check("RoPE(8).apply scores == Re(-sum S_(j+1)(h_(j+1) - h_j)), both layouts, 3 (m, n)", worst <= 1,
             f"worst error {worst:.2g} of the float64 bound")
    ev.check("|sum h_j e^{i phi_j}| <= max|h_(j+1) - h_j| sum |S_j| at those points", bound_ok)


def _check_curve(ev: Evidence) -> None:
    """The curve for d = 128, base 1e4: 40 digits with exact theta, and float64 with rope_ref's theta."""
    theta_mp = exact_theta(CURVE_DIM, CURVE_BASE)
    theta_code = default_inv_freq(CURVE_DIM, CURVE_BASE)
    n = CURVE_DIM // 2
    values = {dist: curve_exact(dist, theta_mp) for dist in QUOTED}
    shown = ", ".join(f"{dist}: {float(v):.4f}" for dist, v in values.items())
    ev.check("curve rounds to 32.5, 18.0, 10.2, 4.5, 3.9 (one decimal)",
             all(round(float(values[dist]), 1) == want for dist, want in QUOTED.items()), shown)
    ev.check("curve decreases along 0, 10, 100, 1000, 10000",
             all(values[a] > values[b] for a, b in pairwise(QUOTED)))
    scan = np.arange(0.0, 101.0)
    fast = curve_float64(scan, theta_code)
    gap = max(abs(fast[int(dist)] - float(curve_exact(dist, theta_mp))) / curve_bound(dist, n) for dist in (0, 10, 100))
    ev.check("float64 curve with rope_ref.default_inv_freq == 40-digit curve", gap <= 1, f"{gap:.2g} of the bound")
    rises = np.nonzero(np.diff(fast) > 0)[0]
    if ev.check("the float64 scan 0..100 finds a distance where the curve rises", rises.size > 0):
        r0 = float(rises[0])
        up = curve_exact(r0 + 1, theta_mp) - curve_exact(r0, theta_mp)
        ev.check(f"not monotone: the curve rises from distance {r0:.0f} to {r0 + 1:.0f} (40 digits)",
                 up > 0, f"{float(curve_exact(r0, theta_mp)):.4f} -> {float(curve_exact(r0 + 1, theta_mp)):.4f}")

"""Statement 6: linear scaling is position interpolation.

In words: dividing every frequency by the factor s and rotating at position m is the same as
keeping the frequencies and rotating at position m / s. So a model trained on positions
[0, L) reads positions [0, s L) as the familiar range [0, L) (Chen et al. 2023,
arXiv:2306.15595), and scores stay relative: they depend on (m - n) / s.

    m (theta_j / s) = (m / s) theta_j,  so  R^(theta/s)_m = R^theta_(m/s),  a = 1
    <R^(theta/s)_m q, R^(theta/s)_n k> = <q, R^theta_((n-m)/s) k>        (statement 3 at m/s, n/s)

Sympy checks the rotation matrices for d = 2, 4, 6, 8 in both layouts with symbolic s, m,
theta_j. Then rope_ref: Linear(s).inv_freq against 40-digit theta_j / s; RoPE(scaling=Linear(s))
at m against RoPE() at m / s, bit for bit when s is a power of two (both sides then round
m theta_j / s once), and both within a float64 bound of the exact rotation otherwise.
"""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from proofs._common import DPS, U, block_rotation, exact_theta, pairs, rotation_bound, within
from proofs._result import Evidence, Result
from rope_ref import RoPE
from rope_ref.scaling import Linear

STATEMENT = ("linear scaling is position interpolation: rotating by m theta_j / s is rotating by (m / s) theta_j, "
             "for every factor s > 0, position m and dimension; a = 1; RoPE(scaling=Linear(s)) at m equals "
             "RoPE() at m / s")
METHOD = ("sympy: R^(theta/s)_m - R^theta_(m/s) = 0 (d = 2..8, both layouts, symbolic s, m, theta_j); "
          "rope_ref: inv_freq vs 40 digits; apply at m vs at m / s, bit for bit for s = 2^k, else within "
          "a float64 bound of the exact rotation")

DIM, BASE = 8, 10000.0
POSITIONS = np.array([0.0, 1.0, 7.0, 100.0, 4095.0, 32768.0, -3.0])
POWERS_OF_TWO = (0.5, 2.0, 4.0, 8.0)
OTHER_FACTORS = (1.5, 3.0, 2.5, 40.0)


def exact_rotation(x: np.ndarray, angles: list, layout: str) -> list:
    """Each pair z_j of x times e^{i angles[j]}, in feature order, to DPS digits."""
    out = [mpmath.mpf(0)] * x.size
    with mpmath.workdps(DPS):
        for (a, b), ang in zip(pairs(x.size, layout), angles, strict=True):
            w = mpmath.mpc(float(x[a]), float(x[b])) * mpmath.expj(ang)
            out[a], out[b] = w.real, w.imag
    return out


def prove() -> Result:
    """Prove statement 6 symbolically, then compare Linear(s) in rope_ref with rotating at m / s."""
    ev = Evidence()
    m, s = sp.Symbol("m", real=True), sp.Symbol("s", positive=True)
    for d in (2, 4, 6, 8):
        theta = sp.symbols(f"theta0:{d // 2}", positive=True)
        for layout in ("interleaved", "half"):
            diff = (block_rotation([m * (t / s) for t in theta], layout)
                    - block_rotation([(m / s) * t for t in theta], layout))
            ev.check(f"d = {d}, {layout}: R^(theta/s)_m - R^theta_(m/s) is the zero matrix",
                     sp.expand(diff).is_zero_matrix)
    ev.note("scores: statement 3 at positions m/s, n/s gives <q, R_((n-m)/s) k>: relative, compressed by s")

    # The code: the frequencies, theta_j / s with two roundings (theta_j, then / s).
    theta = exact_theta(DIM, BASE)
    for s_val in POWERS_OF_TWO + OTHER_FACTORS:
        with mpmath.workdps(DPS):
            want = [t / mpmath.mpf(s_val) for t in theta]
        ok, msg = within(Linear(s_val).inv_freq(DIM, BASE), want, [3 * U * float(w) for w in want])
        ev.check(f"Linear({s_val}).inv_freq(8, 1e4) == theta_j / s within 3u relative", ok, msg)
    ev.check("RoPE(scaling=Linear(s)).attention_factor == 1.0 for every s tested",
             all(RoPE(DIM, scaling=Linear(s_val)).attention_factor == 1.0 for s_val in POWERS_OF_TWO + OTHER_FACTORS))

    x = np.random.default_rng(6).standard_normal(DIM)
    for layout in ("interleaved", "half"):
        plain = RoPE(DIM, base=BASE, layout=layout)
        # s = 2^k: dividing by s is exact (nothing underflows here), so both sides round m theta / s once:
        # fl(fl(theta / s) m) = fl(m theta / s) = fl(theta fl(m / s)).
        xs = np.tile(x, (POSITIONS.size, 1))
        same = all(np.array_equal(RoPE(DIM, base=BASE, layout=layout, scaling=Linear(s_val)).apply(xs, POSITIONS),
                                  plain.apply(xs, POSITIONS / s_val))
                   for s_val in POWERS_OF_TWO)
        ev.check(f"{layout}: RoPE(scaling=Linear(s)).apply(x, m) == RoPE().apply(x, m / s) bit for bit, "
                 f"s in {POWERS_OF_TWO}, {POSITIONS.size} positions", same)
        # Other s: three roundings reach the angle on either side (theta_j, / s, * m or m / s, * theta_j).
        norms = [float(np.hypot(x[a], x[b])) for a, b in pairs(DIM, layout)]
        for s_val in OTHER_FACTORS:
            scaled = RoPE(DIM, base=BASE, layout=layout, scaling=Linear(s_val))
            want, bound = [], []
            for p in POSITIONS:
                with mpmath.workdps(DPS):
                    angles = [mpmath.mpf(float(p)) * t / mpmath.mpf(s_val) for t in theta]
                want += exact_rotation(x, angles, layout)
                per_pair = [rotation_bound(z, float(a), roundings=3) for z, a in zip(norms, angles, strict=True)]
                bound += [per_pair[j] for j in _pair_of_feature(DIM, layout)]
            ok_s, msg_s = within(np.stack([scaled.apply(x, p) for p in POSITIONS]), want, bound)
            ok_p, msg_p = within(np.stack([plain.apply(x, p / s_val) for p in POSITIONS]), want, bound)
            ev.check(f"{layout}, s = {s_val}: Linear(s) at m and RoPE() at m / s both == exact R_(m/s) x",
                     ok_s and ok_p, f"Linear: {msg_s}; at m / s: {msg_p}")
    return ev.result(STATEMENT, METHOD, "proved")


def _pair_of_feature(dim: int, layout: str) -> list[int]:
    """For each feature index, the pair j it belongs to."""
    owner = [0] * dim
    for j, (a, b) in enumerate(pairs(dim, layout)):
        owner[a] = owner[b] = j
    return owner

"""Statement 12: M-RoPE with equal position rows is plain RoPE.

In words: M-RoPE gives each pair j its angle from one of three position rows (temporal, height,
width), with the ordinary frequency theta_j. A text token has the same number m in all three
rows, so every pair turns by m theta_j, whichever row drives it: plain RoPE. This holds for the
sectioned assignment (Qwen2-VL: consecutive sections, section k on row k mod 3) and the
interleaved one (Qwen3-VL: height if j mod 3 = 1 and j < 3 section_1, width if j mod 3 = 2 and
j < 3 section_2, temporal otherwise), since each gives every pair exactly one row.

    angle_j = sum_a pos_a F[a, j],   F[a, j] = theta_j if a = row(j) else 0
            = pos_row(j) theta_j  =  m theta_j   when pos_t = pos_h = pos_w = m

Sympy checks it for symbolic theta_j and positions on the frequency matrices that the proof
builds from the two assignments (several section sizes, 4-section and empty-section cases
included). rope_ref's MultiAxisRoPE.mrope must build the same F (values bit for bit the default
theta_j), and with equal rows its angles and rotations equal RoPE's bit for bit: the products
with the zero entries are exact zeros and adding a zero is exact.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from proofs._result import Evidence, Result
from rope_ref import MultiAxisRoPE, RoPE, default_inv_freq

STATEMENT = ("angle_j = sum_a pos_a F[a, j] with exactly one nonzero F[a, j] = theta_j per pair is m theta_j when "
             "every pos_a = m, for the sectioned (Qwen2-VL) and interleaved (Qwen3-VL) assignments; "
             "MultiAxisRoPE.mrope with equal rows equals RoPE bit for bit")
METHOD = ("sympy on the proof's own F (symbolic theta_j, pos_t, pos_h, pos_w; 10 section configurations); rope_ref: "
          "F's pattern and values, angles and apply vs RoPE bit for bit, both layouts, 7 positions")

# (mrope_section, interleaved); d = 2 * sum(sections).
CONFIGS = (((16, 24, 24), False), ((2, 2, 2), False), ((1, 2, 3), False), ((2, 2, 2, 2), False),
           ((0, 3, 3), False), ((24, 20, 20), True), ((2, 2, 2), True), ((3, 2, 1), True), ((1, 3, 2), True),
           ((4, 0, 2), True))
BASE = 10000.0
POSITIONS = np.array([0.0, 1.0, 2.5, -3.0, 1000.0, 2.0**20 + 1, 131071.0])


def rows(sections: tuple[int, ...], interleaved: bool) -> list[int]:
    """row(j) for each pair, from the assignment rules as stated above (independently of rope_ref)."""
    half = sum(sections)
    if interleaved:
        return [1 if j % 3 == 1 and j < 3 * sections[1] else 2 if j % 3 == 2 and j < 3 * sections[2] else 0
                for j in range(half)]
    return [k % 3 for k, size in enumerate(sections) for _ in range(size)]


def frequency_matrix(row: list[int], theta) -> sp.Matrix:
    """F (3 x d/2): F[row(j), j] = theta_j, zeros elsewhere."""
    return sp.Matrix(3, len(row), lambda a, j: theta[j] if a == row[j] else 0)


def prove() -> Result:
    """Prove statement 12 on each configuration symbolically, then compare MultiAxisRoPE.mrope with RoPE."""
    ev = Evidence()
    pos, m = sp.Matrix(sp.symbols("pos_t pos_h pos_w", real=True)), sp.Symbol("m", real=True)
    sym_ok, one_each = True, True
    for sections, interleaved in CONFIGS:
        row = rows(sections, interleaved)
        theta = sp.symbols(f"theta0:{len(row)}", positive=True)
        f = frequency_matrix(row, theta)
        one_each &= all(sum(1 for a in range(3) if f[a, j] != 0) == 1 for j in range(len(row)))
        angles = f.T * pos
        sym_ok &= all(sp.expand(angles[j] - pos[row[j]] * theta[j]) == 0 for j in range(len(row)))
        sym_ok &= all(sp.expand(angles[j].subs({p: m for p in pos}) - m * theta[j]) == 0 for j in range(len(row)))
    ev.check(f"each of {len(CONFIGS)} assignments gives every pair exactly one nonzero F[a, j]", one_each)
    ev.check("sum_a pos_a F[a, j] = pos_row(j) theta_j, and = m theta_j with pos_t = pos_h = pos_w = m", sym_ok)
    ev.note("for any assignment with one nonzero per column: sum_a m F[a, j] = m sum_a F[a, j] = m theta_j")

    # The code.
    same_f, same_angles, same_apply = True, True, True
    for sections, interleaved in CONFIGS:
        d = 2 * sum(sections)
        row = rows(sections, interleaved)
        want = np.zeros((3, d // 2))
        want[row, np.arange(d // 2)] = default_inv_freq(d, BASE)
        x = np.random.default_rng(d).standard_normal((POSITIONS.size, d))
        equal_rows = np.repeat(POSITIONS[:, None], 3, axis=1)
        for layout in ("interleaved", "half"):
            mrope = MultiAxisRoPE.mrope(d, sections, base=BASE, interleaved=interleaved, layout=layout)
            plain = RoPE(d, base=BASE, layout=layout)
            same_f &= np.array_equal(mrope.frequencies, want)
            same_angles &= np.array_equal(mrope.angles(equal_rows), plain.angles(POSITIONS))
            same_apply &= np.array_equal(mrope.apply(x, equal_rows), plain.apply(x, POSITIONS))
    ev.check("MultiAxisRoPE.mrope(...).frequencies == the proof's F with rope_ref's default theta_j, bit for bit",
             same_f)
    ev.check("mrope.angles(equal rows) == RoPE.angles(m), bit for bit", same_angles)
    ev.check(f"mrope.apply(x, equal rows) == RoPE.apply(x, m), bit for bit ({len(CONFIGS)} configurations x 2 "
             f"layouts x {POSITIONS.size} positions)", same_apply)
    return ev.result(STATEMENT, METHOD, "proved")

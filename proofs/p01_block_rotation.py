"""Statement 1: the 2x2 block R(a) is a rotation, and the blocks form a group.

In words: the block that RoPE applies to each feature pair is orthogonal with determinant 1,
composing two blocks adds their angles, and transposing a block reverses its angle.

    R(a) = [[cos a, -sin a], [sin a, cos a]]
    R(a)^T R(a) = I,   det R(a) = 1,   R(a) R(b) = R(a + b),   R(a)^T = R(-a)

rope_ref.rotation_matrix must build exactly these blocks: it is evaluated at a few angles, in
both layouts and inside a d = 8 matrix, and compared with R(a) in 40-digit arithmetic.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

import rope_ref
from proofs._common import U, evaluator, rot2, vanishes, within
from proofs._result import Evidence, Result

STATEMENT = ("R(a) = [[cos a, -sin a], [sin a, cos a]] has R(a)^T R(a) = I, det R(a) = 1, "
             "R(a) R(b) = R(a + b) and R(a)^T = R(-a) for all real a, b; "
             "rope_ref.rotation_matrix builds these blocks")
METHOD = "sympy: each difference expands (trig) and trigsimps to 0; rotation_matrix vs 40-digit R(a) at 6 angles"

ANGLES = (0.0, 0.5, -1.25, np.pi / 3, 3.0, 1000.0)  # float64 values, read exactly


def prove(rotation_matrix: Callable[..., np.ndarray] = rope_ref.rotation_matrix) -> Result:
    """Prove statement 1 symbolically, then check ``rotation_matrix`` against R(a).

    ``rotation_matrix`` defaults to rope_ref's; tests pass a broken one to show the check bites.
    """
    ev = Evidence()
    a, b = sp.symbols("a b", real=True)
    r = rot2(a)
    ev.check("R(a)^T R(a) - I reduces to 0", vanishes(r.T * r - sp.eye(2)))
    ev.check("det R(a) - 1 reduces to 0", vanishes(r.det() - 1))
    ev.check("R(a) R(b) - R(a + b) reduces to 0", vanishes(r * rot2(b) - rot2(a + b)))
    ev.check("R(a)^T - R(-a) reduces to 0", vanishes(r.T - rot2(-a)))

    # The code: the entries are cos/sin of the exact float64 angle, so each is off by libm's error
    # only: 1 ulp <= u for |value| <= 1; 2u leaves room for a libm that is not quite within 1 ulp.
    exact = evaluator(r, [a])
    for layout in ("interleaved", "half"):
        code = np.stack([rotation_matrix(np.array([x]), layout) for x in ANGLES])
        ok, msg = within(code, [e for x in ANGLES for e in exact(x)], 2 * U)
        ev.check(f"rotation_matrix([a], {layout!r}) == R(a) at a in {len(ANGLES)} angles", ok, msg)
    # Inside a larger matrix, interleaved: block j sits at rows/columns 2j, 2j+1, zeros elsewhere.
    angles = np.array(ANGLES[1:5])
    big = rotation_matrix(angles, "interleaved")
    blocks = sp.diag(*[rot2(x) for x in sp.symbols("x0:4", real=True)])
    ok, msg = within(big, evaluator(blocks, sp.symbols("x0:4", real=True))(*angles), 2 * U)
    ev.check("rotation_matrix(4 angles, 'interleaved') == diag(R(a_0), ..., R(a_3))", ok, msg)
    return ev.result(STATEMENT, METHOD, "proved")

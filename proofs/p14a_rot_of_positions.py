"""Statement 14a (popular wrong formula 1): "RoPE(pos, d) = Rot(pos) . pos" is wrong.

The claim: Rot(pos) = [[cos(2 pi pos/d), -sin(2 pi pos/d)], [sin(2 pi pos/d), cos(2 pi pos/d)]]
multiplies the vector of positions pos = [0, 1, ..., n-1]; for n = d = 8 the result is said to
be [1, 0, 0, 0, 0, 0, 0, 0].

What is wrong, each shown below:
- as written it is undefined: a 2x2 matrix cannot multiply an 8-vector;
- no rotation of any size can give the stated result: rotations keep |pos| = sqrt(140), the
  stated result has norm 1;
- read per position, v(p) = Rot(p) (p, 0)^T = p (cos 2 pi p/d, sin 2 pi p/d): position 0 gives
  (0, 0), and <v(m), v(n)> = m n cos(2 pi (m - n)/d) depends on m and n, not on m - n only;
- one frequency 2 pi/d has period d: Rot(p + d) = Rot(p), so positions 0 and 8 look the same.
RoPE instead rotates the query and key features, pair j by m theta_j with d/2 frequencies
theta_j = base^(-2j/d) (see statements 3 and 4); RoPE(8) tells positions 0 and 8 apart.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from proofs._result import Evidence, Result
from rope_ref import RoPE

STATEMENT = ('popular wrong formula 1: "RoPE(pos, d) = Rot(pos) . pos" with one 2x2 rotation by 2 pi pos/d, applied to '
             'pos = [0..7], d = 8, giving "[1, 0, 0, 0, 0, 0, 0, 0]"')
METHOD = ("sympy: the product's ShapeError, norms, exact per-position values, the score m n cos(2 pi (m-n)/d), "
          "the period d; rope_ref contrast")

N = D = 8
STATED = [1, 0, 0, 0, 0, 0, 0, 0]


def rot(p: sp.Expr, d: sp.Expr) -> sp.Matrix:
    """The claim's Rot(pos): a 2x2 rotation by 2 pi pos / d."""
    a = 2 * sp.pi * p / d
    return sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])


def refute() -> Result:
    """Refute wrong formula 1 and recompute its example."""
    ev = Evidence()
    pos = sp.Matrix(list(range(N)))
    try:
        rot(sp.Symbol("p"), D) * pos
        undefined = False
    except sp.ShapeError:
        undefined = True
    ev.check("as written, Rot(pos) (2x2) . pos (8-vector) is undefined (sympy ShapeError)", undefined)

    ev.check("|pos| = sqrt(140) but the stated result has norm 1: no rotation maps one to the other",
             pos.norm() == sp.sqrt(140) and sp.Matrix(STATED).norm() == 1)

    p, m, n = sp.symbols("p m n", real=True)
    v = [sp.simplify(rot(k, D) * sp.Matrix([k, 0])) for k in range(N)]
    first = [c[0] for c in v]
    ev.check("per position, v(0) = Rot(0) (0, 0) = (0, 0), not a 1", v[0] == sp.zeros(2, 1),
             f"first components of v(0..7): {first}")
    vm, vn = rot(m, D) * sp.Matrix([m, 0]), rot(n, D) * sp.Matrix([n, 0])
    score = vm.dot(vn)
    ev.check("<v(m), v(n)> = m n cos(2 pi (m - n)/d)", sp.expand(score - m * n * sp.cos(2 * sp.pi * (m - n) / D),
                                                                  trig=True) == 0)
    s12, s23 = score.subs({m: 1, n: 2}), score.subs({m: 2, n: 3})
    ev.check("same distance, different score: (m, n) = (1, 2) vs (2, 3)", sp.simplify(s12 - s23) != 0,
             f"{sp.simplify(s12)} vs {sp.simplify(s23)}")

    d = sp.Symbol("d", positive=True)
    ev.check("one frequency 2 pi/d: Rot(p + d) = Rot(p) (positions d apart coincide)",
             sp.expand(rot(p + d, d) - rot(p, d), trig=True) == sp.zeros(2, 2))
    gap = float(np.abs(RoPE(8).matrix(8.0) - RoPE(8).matrix(0.0)).max())
    ev.check("RoPE(8) tells positions 0 and 8 apart (theta_0 = 1: angle 8 rad)", gap > 0.1,
             f"max |R_8 - R_0| = {gap:.3f}")
    return ev.result(STATEMENT, METHOD, "refuted")

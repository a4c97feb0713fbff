"""Statement 14d (popular wrong formula 4): "a 2x2 rotation times a 5-vector of positions, added to it" is wrong.

The claim multiplies one 2x2 rotation matrix with a 5-element vector of positions and adds the
result to that vector.

What is wrong, each shown below:
- the shapes do not agree: (2 x 2) (5 x 1) is undefined, and 5 features cannot even be split
  into pairs;
- adding the input back ruins the rotation even where the shapes fit: for one pair,
  x + R(a) x = 2 cos(a/2) R(a/2) x, a rotation by half the angle scaled by 2 cos(a/2), so norms
  change, det(I + R(a)) = 4 cos^2(a/2) vanishes at a = pi (every x is sent to 0), and the score
  <(I + R(m t)) q, (I + R(n t)) k> depends on m and n, not on m - n only.
"""

from __future__ import annotations

import sympy as sp

from proofs._common import rot2, vanishes
from proofs._result import Evidence, Result

STATEMENT = ('popular wrong formula 4: "a 2x2 rotation matrix times a 5-element vector of positions, '
             'added to that vector"')
METHOD = "sympy: the product's ShapeError; I + R(a) = 2 cos(a/2) R(a/2), its determinant, a score counterexample"


def refute() -> Result:
    """Refute wrong formula 4."""
    ev = Evidence()
    a = sp.Symbol("a", real=True)
    pos = sp.Matrix(list(range(5)))
    try:
        rot2(a) * pos + pos
        undefined = False
    except sp.ShapeError:
        undefined = True
    ev.check("R(a) (2x2) . pos (5-vector) + pos is undefined (sympy ShapeError)", undefined)
    ev.check("5 features cannot be split into pairs", len(pos) % 2 == 1)

    b = sp.Symbol("b", real=True)  # b = a / 2, so that cos a = 2 cos^2 b - 1 expands
    plus = sp.eye(2) + rot2(2 * b)
    ev.check("I + R(a) = 2 cos(a/2) R(a/2): half the angle, scaled by 2 cos(a/2)",
             vanishes(plus - 2 * sp.cos(b) * rot2(b)))
    ev.check("det(I + R(a)) = 4 cos^2(a/2)", vanishes(plus.det() - 4 * sp.cos(b) ** 2))
    ev.check("at a = pi, x + R(pi) x = 0 for every x: the input is lost", sp.eye(2) + rot2(sp.pi) == sp.zeros(2, 2))

    e0 = sp.Matrix([1, 0])

    def score(m, n):
        """<(I + R(m)) e0, (I + R(n)) e0> with theta = 1."""
        return ((sp.eye(2) + rot2(m)) * e0).dot((sp.eye(2) + rot2(n)) * e0)

    s01, s12 = score(0, 1), score(1, 2)
    ev.check("same distance, different score: (m, n) = (0, 1) vs (1, 2)", abs(sp.N(s01 - s12, 30)) > 0.1,
             f"{sp.N(s01, 6)} vs {sp.N(s12, 6)}")
    return ev.result(STATEMENT, METHOD, "refuted")

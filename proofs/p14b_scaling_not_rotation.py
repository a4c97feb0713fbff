"""Statement 14b (popular wrong formula 2): "RoPE(x) = rotate(x) + x = (1 + alpha) x" is wrong.

The claim: rotate(x) = alpha x with alpha in [0, 1], so RoPE(x) = (1 + alpha) x, with worked
examples x = [0..4], alpha = 0.5 -> [0, 1.5, 3, 4.5, 6]; x = [0..9] -> [0, 1.5, 3, 4.5, 6, 6.5,
8, 9, 10, 10.5]; and rotate([0, 1, 2, 3, 4]) = [-2, -1, 0, 1, 2].

What is wrong, each shown below:
- (1 + alpha) x is a scaling: |(1 + alpha) x|^2 - |x|^2 = alpha (alpha + 2) |x|^2 > 0 for
  alpha in (0, 1], x != 0, while a rotation keeps norms;
- positions: if alpha depends on the position, the score (1 + alpha_m)(1 + alpha_n) <q, k>
  depends on m - n only if (1 + alpha_m)^2 = (1 + alpha_0)^2 for all m, i.e. alpha is constant
  (alpha >= 0), and then the score carries no position at all;
- the second example's arithmetic is wrong from the sixth entry on (1.5 * 5 = 7.5, not 6.5);
  the first example is (1.5) x correctly computed;
- rotate([0..4]) = [-2..2] contradicts rotate(x) = alpha x (alpha * 0 = 0, not -2); it is
  x - mean(x), a shift, and not a rotation of x either (norm sqrt(10), not sqrt(30)).
"""

from __future__ import annotations

import sympy as sp

from proofs._result import Evidence, Result

STATEMENT = ('popular wrong formula 2: "RoPE(x) = rotate(x) + x = (1 + alpha) x", alpha in [0, 1], '
             'with its worked examples (alpha = 0.5: [0..9] -> "[0, 1.5, 3, 4.5, 6, 6.5, 8, 9, 10, 10.5]"; '
             'rotate([0..4]) = "[-2..2]")')
METHOD = "sympy: norm change alpha(alpha + 2)|x|^2, solve for a relative score, exact rational recomputation"

HALF = sp.Rational(1, 2)
EXAMPLES = (  # (x, the article's (1 + alpha) x), its decimals read exactly
    (list(range(5)), [sp.Rational(v) for v in "0 1.5 3 4.5 6".split()]),
    (list(range(10)), [sp.Rational(v) for v in "0 1.5 3 4.5 6 6.5 8 9 10 10.5".split()]),
)
ROTATE_X, ROTATE_STATED = list(range(5)), [-2, -1, 0, 1, 2]


def refute() -> Result:
    """Refute wrong formula 2 and recompute its examples exactly."""
    ev = Evidence()
    alpha, sq = sp.symbols("alpha s", positive=True)  # s = |x|^2 > 0
    change = sp.factor(sp.expand((1 + alpha) ** 2 * sq - sq))
    ev.check("|(1 + alpha) x|^2 - |x|^2 = alpha (alpha + 2) |x|^2 > 0 for alpha > 0: not a rotation",
             sp.expand(change - alpha * (alpha + 2) * sq) == 0 and change.is_positive, str(change))

    a0, am = sp.symbols("alpha_0 alpha_m", nonnegative=True)
    roots = sp.solve((1 + am) ** 2 - (1 + a0) ** 2, am)
    ev.check("score(m, m) = score(0, 0) forces (1 + alpha_m)^2 = (1 + alpha_0)^2, so alpha_m = alpha_0",
             roots == [a0], f"nonnegative roots {roots}")
    ev.note("so alpha is constant and (1 + alpha)^2 <q, k> is the same at every (m, n): no position information")

    (x1, stated1), (x2, stated2) = EXAMPLES
    true1 = [(1 + HALF) * v for v in x1]
    ev.check("example 1 arithmetic is right: 1.5 [0..4] = [0, 1.5, 3, 4.5, 6]", true1 == stated1)
    true2 = [(1 + HALF) * v for v in x2]
    wrong = [i for i in range(len(x2)) if true2[i] != stated2[i]]
    ev.check("example 2 arithmetic is wrong: 1.5 [0..9] differs from the article at entries 5..9",
             wrong == [5, 6, 7, 8, 9], f"true {[float(v) for v in true2]}; 1.5 * 5 = {float(true2[5])}, not 6.5")
    c = sp.Symbol("c")  # any number at all
    ev.check("rotate([0..4]) = [-2..2] is not alpha x for any alpha (alpha * 0 = 0, not -2)",
             not sp.solve([c * v - w for v, w in zip(ROTATE_X, ROTATE_STATED, strict=True)], c))
    mean = sp.Rational(sum(ROTATE_X), len(ROTATE_X))
    ev.check("[-2..2] is x - mean(x), a shift",
             [v - mean for v in ROTATE_X] == ROTATE_STATED)
    ev.check("and not a rotation of x: norm sqrt(10) vs sqrt(30)",
             sp.Matrix(ROTATE_STATED).norm() == sp.sqrt(10) and sp.Matrix(ROTATE_X).norm() == sp.sqrt(30))
    return ev.result(STATEMENT, METHOD, "refuted")

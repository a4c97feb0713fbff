"""Statement 14c (popular wrong formula 3): "rotate(x) = x cos theta - sin theta, RoPE(x) = x + rotate(x)" is wrong.

The claim: theta = linspace(0, 2 pi alpha, N) over the N positions, so theta_p = 2 pi alpha p/(N-1);
rotate(x)_p = x_p cos theta_p - sin theta_p; RoPE(x) = x + rotate(x), i.e.
F(x)_p = x_p (1 + cos theta_p) - sin theta_p.

What is wrong, each shown below:
- x cos theta - sin theta is the first component of R(theta) (x, 1): the partner feature of a
  rotation has been replaced by the constant 1;
- F is not linear (so not a rotation): F(x + y) - F(x) - F(y) = sin theta_p, and F(0) = -sin theta != 0;
- F does not keep norms: at p = 0, theta_0 = 0 and F(x)_0 = 2 x_0;
- the angle of position p depends on the sequence length N: theta_p(N) - theta_p(N') =
  2 pi alpha p (N' - N)/((N - 1)(N' - 1)), e.g. pi/3 for N = 4 but pi/7 for N = 8 (alpha = 1/2,
  p = 1), so the same token at the same position is encoded differently when the text grows.
RoPE's angle m theta_j depends on the position m only, never on the length.
"""

from __future__ import annotations

import sympy as sp

from proofs._common import rot2
from proofs._result import Evidence, Result

STATEMENT = ('popular wrong formula 3: "theta = linspace(0, 2 pi alpha, N); rotate(x) = x cos theta - sin theta; '
             'RoPE(x) = x + rotate(x)"')
METHOD = "sympy: the partner-feature identity, additivity defect sin theta_p, theta_p(N) - theta_p(N') in closed form"


def theta(p: sp.Expr, alpha: sp.Expr, n: sp.Expr) -> sp.Expr:
    """linspace(0, 2 pi alpha, N)[p] = 2 pi alpha p / (N - 1)."""
    return 2 * sp.pi * alpha * p / (n - 1)


def claimed(x: sp.Expr, t: sp.Expr) -> sp.Expr:
    """The claim's RoPE(x)_p = x + (x cos theta_p - sin theta_p)."""
    return x + x * sp.cos(t) - sp.sin(t)


def refute() -> Result:
    """Refute wrong formula 3."""
    ev = Evidence()
    x, y, t = sp.symbols("x y theta", real=True)
    ev.check("x cos theta - sin theta = first component of R(theta) (x, 1): the partner is the constant 1",
             sp.expand((rot2(t) * sp.Matrix([x, 1]))[0] - (x * sp.cos(t) - sp.sin(t))) == 0)
    defect = sp.simplify(claimed(x + y, t) - claimed(x, t) - claimed(y, t))
    ev.check("not linear: F(x + y) - F(x) - F(y) = sin theta_p", defect == sp.sin(t), str(defect))
    alpha, p, n, n2 = sp.symbols("alpha p N N2", positive=True)
    at = {alpha: sp.Rational(1, 2), p: 1, n: 4}
    ev.check("F(0) = -sin theta_p is not 0 (alpha = 1/2, N = 4, p = 1)",
             claimed(0, theta(p, alpha, n)).subs(at) == -sp.sqrt(3) / 2,
             str(claimed(0, theta(p, alpha, n)).subs(at)))
    ev.check("norm not kept: position 0 has theta_0 = 0 and F(x)_0 = 2 x_0", claimed(x, theta(0, alpha, n)) == 2 * x)
    shift = sp.simplify(theta(p, alpha, n) - theta(p, alpha, n2)
                        - 2 * sp.pi * alpha * p * (n2 - n) / ((n - 1) * (n2 - 1)))
    ev.check("theta_p(N) - theta_p(N') = 2 pi alpha p (N' - N)/((N - 1)(N' - 1))", shift == 0)
    t4, t8 = theta(1, sp.Rational(1, 2), 4), theta(1, sp.Rational(1, 2), 8)
    ev.check("the same position p = 1 gets another angle when N grows from 4 to 8", t4 != t8, f"{t4} vs {t8}")
    return ev.result(STATEMENT, METHOD, "refuted")

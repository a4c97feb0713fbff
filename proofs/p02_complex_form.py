"""Statement 2: multiplying a pair by e^{ia} is the same as rotating it by R(a).

In words: read the feature pair (x0, x1) as the complex number z = x0 + i x1; then the complex
product z e^{ia} has real and imaginary parts R(a) (x0, x1). This is why RoPE can be computed as
one complex multiplication per pair instead of a d x d matrix product.

    z e^{ia} = (x0 cos a - x1 sin a) + i (x0 sin a + x1 cos a),   i.e.   z e^{ia} <-> R(a) (x0, x1)^T

rope_ref computes the complex form (RoPE.apply, with d = 2 so that theta_0 = 1 and the angle is
the position) and the matrix form (rotation_matrix); both are compared with the proven formula.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from proofs._common import evaluator, rot2, rotation_bound, vanishes, within
from proofs._result import Evidence, Result
from rope_ref import RoPE, rotation_matrix

STATEMENT = ("for real x0, x1, a: (x0 + i x1) e^{ia} = (x0 cos a - x1 sin a) + i (x0 sin a + x1 cos a), "
             "the components of R(a) (x0, x1); RoPE.apply (d = 2) and rotation_matrix compute it")
METHOD = "sympy expand(complex=True) vs the matrix product; rope_ref at 5 angles x 2 layouts vs 40 digits"

X = (0.75, -1.5)  # one feature pair, float64-exact
ANGLES = (0.0, 1.0, -2.5, 7.0, 4096.0)


def prove() -> Result:
    """Prove statement 2 symbolically, then check RoPE.apply and rotation_matrix at a few angles."""
    ev = Evidence()
    x0, x1, a = sp.symbols("x0 x1 a", real=True)
    w = sp.expand((x0 + sp.I * x1) * sp.exp(sp.I * a), complex=True)
    re, im = w.as_real_imag()
    rotated = rot2(a) * sp.Matrix([x0, x1])
    ev.check("Re(z e^{ia}) - (R(a) x)_0 reduces to 0", vanishes(re - rotated[0]))
    ev.check("Im(z e^{ia}) - (R(a) x)_1 reduces to 0", vanishes(im - rotated[1]))

    exact = evaluator(sp.Matrix([re, im]), [x0, x1, a])
    want = [e for ang in ANGLES for e in exact(*X, ang)]
    pair = float(np.hypot(*X))
    bound = np.repeat([rotation_bound(pair, ang) for ang in ANGLES], 2)
    for layout in ("interleaved", "half"):
        # d = 2: theta_0 = base**0 = 1, so position m rotates by exactly the angle m.
        code = np.stack([RoPE(2, layout=layout).apply(np.array(X), ang) for ang in ANGLES])
        ok, msg = within(code, want, bound)
        ev.check(f"RoPE(2, layout={layout!r}).apply(x, m) == z e^{{im}}", ok, msg)
        code = np.stack([rotation_matrix(np.array([ang]), layout) @ np.array(X) for ang in ANGLES])
        ok, msg = within(code, want, bound)
        ev.check(f"rotation_matrix([a], {layout!r}) @ x == z e^{{ia}}", ok, msg)
    return ev.result(STATEMENT, METHOD, "proved")

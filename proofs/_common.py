"""Pieces shared by the proofs: the 2x2 block, block rotations, exact evaluation, float64 bounds.

Symbolic side. ``rot2(a)`` is the block R(a) = [[cos a, -sin a], [sin a, cos a]];
``block_rotation(angles, layout)`` puts R(angle_j) on pair j of a d x d matrix, with the pairs
defined here independently of rope_ref: "interleaved" pairs (2j, 2j+1), "half" pairs (j, j + d/2).

Numeric side. Symbolic results are evaluated in 40-digit mpmath at float64 inputs (read exactly),
so they are "exact" next to float64; rope_ref's output must lie within a bound derived from the
float64 unit roundoff u = 2**-53 (see :func:`rotation_bound` and :func:`score_bound`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import mpmath
import numpy as np
import sympy as sp

U = 2.0**-53  # float64 unit roundoff
DPS = 40  # mpmath digits for "exact" values


def rot2(a: sp.Expr) -> sp.Matrix:
    """The 2x2 rotation block R(a) = [[cos a, -sin a], [sin a, cos a]]."""
    return sp.Matrix([[sp.cos(a), -sp.sin(a)], [sp.sin(a), sp.cos(a)]])


def pairs(dim: int, layout: str) -> list[tuple[int, int]]:
    """The (real, imaginary) feature indices of each pair j, as the proofs define the layouts."""
    h = dim // 2
    if layout == "interleaved":
        return [(2 * j, 2 * j + 1) for j in range(h)]
    if layout == "half":
        return [(j, j + h) for j in range(h)]
    raise ValueError(f"layout must be 'half' or 'interleaved'; got {layout!r}.")


def block_rotation(angles: Sequence[sp.Expr], layout: str,
                   block: Callable[[sp.Expr], sp.Matrix] = rot2) -> sp.Matrix:
    """The d x d matrix (d = 2 len(angles)) applying block(angles[j]) to pair j in ``layout``.

    ``block`` defaults to the rotation :func:`rot2`; tests pass a wrong one to see proofs fail.
    """
    dim = 2 * len(angles)
    mat = sp.zeros(dim, dim)
    for idx, a in zip(pairs(dim, layout), angles, strict=True):
        b = block(a)
        for r in range(2):
            for c in range(2):
                mat[idx[r], idx[c]] = b[r, c]
    return mat


def vanishes(expr: sp.Expr | sp.MatrixBase) -> bool:
    """Whether expr (or every entry of a matrix) is identically 0, shown by sympy rewriting.

    ``expand(trig=True)`` first distributes the arguments (cos(t (n - m)) -> cos(t n - t m)),
    then applies the addition formulas; what is left over is polynomial in sines and cosines of
    independent angles, which ``trigsimp`` reduces with sin^2 + cos^2 = 1. Both steps rewrite
    expr into an equal expression, so True means the identity holds; False means sympy did not
    reduce it to 0 (for the polynomials met here, that the identity is false).
    """
    if isinstance(expr, sp.MatrixBase):
        return all(vanishes(e) for e in expr)
    expanded = sp.expand(expr, trig=True)
    return expanded == 0 or sp.expand(sp.trigsimp(expanded)) == 0


def exact_theta(dim: int, base: float) -> list[mpmath.mpf]:
    """theta_j = base**(-2j/d) to DPS digits, computed here independently of rope_ref."""
    with mpmath.workdps(DPS):
        return [mpmath.power(mpmath.mpf(base), mpmath.mpf(-2 * j) / dim) for j in range(dim // 2)]


def evaluator(expr: sp.Expr | sp.MatrixBase, symbols: Sequence[sp.Symbol]) -> Callable[..., list]:
    """A function of ``symbols`` returning expr's entries (flattened) in DPS-digit mpmath.

    Arguments may be Python/NumPy floats (read exactly) or mpmath numbers.
    """
    fn = sp.lambdify(list(symbols), expr, modules="mpmath")

    def evaluate(*values: object) -> list:
        with mpmath.workdps(DPS):
            args = [v if isinstance(v, mpmath.mpf | mpmath.mpc) else mpmath.mpf(float(v)) for v in values]
            out = fn(*args)
            if isinstance(out, mpmath.matrix):  # lambdify turns a sympy Matrix into one
                return [e for row in out.tolist() for e in row]
            return [out]

    return evaluate


def rotation_bound(pair_norm: float, angle: float, roundings: int = 2) -> float:
    """Bound on |computed - exact| for one rotated component of a pair of norm |z| at angle m theta_j.

    theta_j is correctly rounded (relative error <= u) and fl(m theta_j) adds one more rounding,
    so the angle is off by <= 2u |m theta_j|; cos and sin are within 1 ulp (<= u); the complex
    product adds <= 2u |z| per component. Total, with slack for second-order terms:
    u |z| (2 |m theta_j| + 6). Each further rounding on the way to the angle (theta_j / s, or
    m / s) adds u |m theta_j|: pass their total count as ``roundings``.
    """
    return U * pair_norm * (roundings * abs(angle) + 6.0)


def score_bound(q_norm: float, k_norm: float, dim: int, positions: Sequence[float], theta_max: float = 1.0) -> float:
    """Bound on |computed - exact| for a dot product of vectors, each rotated at one of ``positions``.

    A factor rotated at p carries an error <= u |x| (2 |p| theta_max + 6) (Cauchy-Schwarz over
    the pairs of :func:`rotation_bound`); a d-term float64 dot product adds <= d u |q| |k|; plus
    2u |q| |k| of slack for second-order terms. An unrotated factor is given no position.
    """
    rotations = sum(2.0 * abs(p) * theta_max + 6.0 for p in positions)
    return U * q_norm * k_norm * (rotations + dim + 2.0)


def within(code: np.ndarray, exact: Sequence, bound: np.ndarray | float) -> tuple[bool, str]:
    """Whether every |code - exact| <= bound (elementwise), and a one-line report of the worst point."""
    code = np.asarray(code, dtype=np.float64).ravel()
    with mpmath.workdps(DPS):
        err = np.array([float(abs(mpmath.mpf(float(c)) - e)) for c, e in zip(code, exact, strict=True)])
    bnd = np.broadcast_to(np.asarray(bound, dtype=np.float64), err.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(err == 0, 0.0, err / bnd)
    worst = int(np.argmax(ratio))
    return bool(np.all(err <= bnd)), (f"worst |code - exact| = {err[worst]:.3g} against a bound of "
                                      f"{bnd[worst]:.3g} ({err.size} values)")

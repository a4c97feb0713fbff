"""Exact mode's block kernel: cos and sin of double-double angles, computed in place.

Private to :mod:`rope_ref.exact`, whose docstring gives the method and its error bounds. Each
step is one NumPy ufunc (IEEE +, -, *, rint or floor, each rounded once; never np.cos, np.sin
or a fused multiply-add) writing into a work array of a :class:`Scratch` that is reused for
every block. Allocating and freeing a few hundred 64 KiB temporaries per block instead lets
the C allocator hand memory back to the system and fault it in again, which can make the same
arithmetic three times slower depending on what the process did before.

Example:
    >>> import numpy as np
    >>> from rope_ref._exact_kernel import Scratch, cos_sin
    >>> w = Scratch((2,))
    >>> w.a_hi[:], w.a_lo[:] = [1.0, 2.0**30], 0.0
    >>> (c,), (s,) = cos_sin(w, parts=1)
    >>> c.tolist(), s.tolist()
    ([0.5403023058681398, 0.7867071229411882], [0.8414709848078965, -0.6173264150460421])
"""

from __future__ import annotations

from fractions import Fraction
from math import factorial

import numpy as np

from rope_ref._dd import SPLITTER, split  # Dekker's split (for constants; in place below)

Array = np.ndarray


# pi/2 as a triple-double P1 + P2 + P3: P1 = fl(pi/2), P2 = fl(pi/2 - P1), P3 = fl(pi/2 - P1 - P2)
# (1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33; checked against mpmath
# in tests/test_exact.py).
PIO2 = (float.fromhex("0x1.921fb54442d18p+0"), float.fromhex("0x1.1a62633145c07p-54"),
        float.fromhex("-0x1.f1976b7ed8fbcp-110"))
TWO_OVER_PI = float.fromhex("0x1.45f306dc9c883p-1")  # fl(2/pi): only picks the nearest quarter turn

# sin r = r - r^3/6 + r^5 S(r^2) and cos r = 1 - r^2/2 + r^4 C(r^2), with the Taylor tails
# S(y) = sum_{i=0..6} (-1)^i y^i / (2i + 5)! and C(y) = sum_{i=0..7} (-1)^i y^i / (2i + 4)!, each
# coefficient the float64 rounding of the exact rational; 1/6 as a double-double.
SIXTH = (float(Fraction(1, 6)), float(Fraction(1, 6) - Fraction(float(Fraction(1, 6)))))
SIN_TAIL = tuple(float(Fraction((-1) ** i, factorial(2 * i + 5))) for i in range(7))
COS_TAIL = tuple(float(Fraction((-1) ** i, factorial(2 * i + 4))) for i in range(8))

_PIO2_PARTS = (split(PIO2[0]), split(PIO2[1]))
_SIXTH_PARTS = split(SIXTH[0])


class Scratch:
    """Work arrays of one shape, made on first use of a name (``w.k``) and then reused."""

    def __init__(self, shape: tuple[int, ...]) -> None:
        self.shape = shape

    def __getattr__(self, name: str) -> Array:  # called only for names not made yet
        if name.startswith("__"):
            raise AttributeError(name)
        array = np.empty(self.shape)
        setattr(self, name, array)
        return array


# -- error-free transformations, writing into given arrays (outputs never alias inputs) -----------

def split_into(a: Array, hi: Array, lo: Array) -> None:
    """a = hi + lo with at most 26 significant bits each (Dekker)."""
    np.multiply(a, SPLITTER, out=hi)
    np.subtract(hi, a, out=lo)
    np.subtract(hi, lo, out=hi)
    np.subtract(a, hi, out=lo)


def two_prod_into(a: Array, a_parts: tuple, b: Array | float, b_parts: tuple, p: Array, e: Array,
                  t: Array) -> None:
    """p + e = a * b exactly (Dekker's TwoProduct, no FMA), given the splits of a and b; t is scratch."""
    np.multiply(a, b, out=p)
    (ah, al), (bh, bl) = a_parts, b_parts
    np.multiply(ah, bh, out=e)
    np.subtract(e, p, out=e)
    np.multiply(ah, bl, out=t)
    np.add(e, t, out=e)
    np.multiply(al, bh, out=t)
    np.add(e, t, out=e)
    np.multiply(al, bl, out=t)
    np.add(e, t, out=e)


def two_sum_into(a: Array, b: Array, s: Array, e: Array, t: Array) -> None:
    """s + e = a + b exactly, s = fl(a + b) (Knuth's TwoSum); t is scratch."""
    np.add(a, b, out=s)
    np.subtract(s, a, out=t)
    np.subtract(s, t, out=e)
    np.subtract(a, e, out=e)
    np.subtract(b, t, out=t)
    np.add(e, t, out=e)


def quick_two_sum_into(a: Array, b: Array, s: Array, e: Array) -> None:
    """s + e = a + b exactly when |a| >= |b| or a = 0 (Dekker's FastTwoSum)."""
    np.add(a, b, out=s)
    np.subtract(s, a, out=e)
    np.subtract(b, e, out=e)


def horner_into(y: Array, coefficients: tuple[float, ...], out: Array) -> None:
    """out = sum_i coefficients[i] * y**i by Horner's rule in float64."""
    np.multiply(y, coefficients[-1], out=out)
    np.add(out, coefficients[-2], out=out)
    for c in coefficients[-3::-1]:
        np.multiply(out, y, out=out)
        np.add(out, c, out=out)


# -- the kernel -----------------------------------------------------------------------------------

def angle(w: Scratch, m: Array, m_parts: tuple, theta: tuple, theta_parts: tuple) -> None:
    """w.a_hi + w.a_lo = m * theta_j: m * theta_hi exactly (TwoProduct) plus fl(m * theta_lo)."""
    two_prod_into(m, m_parts, theta[0], theta_parts, w.a_hi, w.a_lo, w.t)
    np.multiply(m, theta[1], out=w.t)
    np.add(w.a_lo, w.t, out=w.a_lo)


def _reduce(w: Scratch) -> None:
    """w.r_hi + w.r_lo = A - k pi/2 and w.n = k mod 4, for A = w.a_hi + w.a_lo, |A| <= 2**44.

    k = rint(a_hi * fl(2/pi)) is within 0.505 of A * 2/pi for |A| <= 2**44, so |r| < 0.794;
    k * P1 and k * P2 are exact (TwoProduct), k * P3 is below 3e-20 and rounded once.
    """
    k, k_parts = w.k, (w.k_hi, w.k_lo)
    np.multiply(w.a_hi, TWO_OVER_PI, out=k)
    np.rint(k, out=k)
    split_into(k, *k_parts)
    two_prod_into(k, k_parts, PIO2[0], _PIO2_PARTS[0], w.b, w.b_err, w.t)  # k P1 = b + b_err
    np.negative(w.b, out=w.b)
    two_sum_into(w.a_hi, w.b, w.s, w.e, w.t)  # a_hi - b = s + e
    np.subtract(w.a_lo, w.b_err, out=w.a_lo)
    two_prod_into(k, k_parts, PIO2[1], _PIO2_PARTS[1], w.b, w.b_err, w.t)  # k P2 = b + b_err
    np.subtract(w.a_lo, w.b, out=w.a_lo)  # (a_lo - err(k P1)) - fl(k P2), below 0.003
    np.subtract(w.e, w.b_err, out=w.e)
    np.multiply(k, PIO2[2], out=w.t)
    np.subtract(w.e, w.t, out=w.e)  # (e - err(k P2)) - k P3
    two_sum_into(w.s, w.a_lo, w.r_hi, w.r_lo, w.t)
    np.add(w.r_lo, w.e, out=w.r_lo)
    # n = k mod 4 = k - 4 floor(k / 4), exact for the integer-valued float k < 2**53.
    np.multiply(k, 0.25, out=w.t)
    np.floor(w.t, out=w.t)
    np.multiply(w.t, 4.0, out=w.t)
    np.subtract(k, w.t, out=w.n)


def _polynomials(w: Scratch) -> None:
    """cos r = w.c_hi + w.c_lo and sin r = w.s_hi + w.s_lo for r = w.r_hi + w.r_lo, |r| <= 0.8."""
    r, r_lo, r_parts = w.r_hi, w.r_lo, (w.r_h, w.r_l)
    split_into(r, *r_parts)
    two_prod_into(r, r_parts, r, r_parts, w.y, w.y_err, w.t)  # r**2 = y + y_err
    split_into(w.y, w.y_h, w.y_l)
    two_prod_into(r, r_parts, w.y, (w.y_h, w.y_l), w.p, w.p_err, w.t)  # r y = p + p_err
    np.multiply(r, w.y_err, out=w.t)
    np.add(w.p_err, w.t, out=w.p_err)  # r**3 = p + p_err (+ r y_err rounded, < 1e-32 off)
    # r**3 / 6 = cubic + cubic_lo, by dd_mul's steps with 1/6 = SIXTH[0] + SIXTH[1].
    split_into(w.p, w.p_h, w.p_l)
    two_prod_into(w.p, (w.p_h, w.p_l), SIXTH[0], _SIXTH_PARTS, w.q, w.q_err, w.t)
    np.multiply(w.p, SIXTH[1], out=w.t)
    np.multiply(w.p_err, SIXTH[0], out=w.u)
    np.add(w.t, w.u, out=w.t)
    np.add(w.q_err, w.t, out=w.q_err)
    quick_two_sum_into(w.q, w.q_err, w.cubic, w.cubic_lo)
    horner_into(w.y, SIN_TAIL, w.quintic)
    np.multiply(w.p, w.y, out=w.t)
    np.multiply(w.t, w.quintic, out=w.quintic)  # r**5 S(r**2), below 0.0026
    np.multiply(w.y, 0.5, out=w.half)
    np.subtract(1.0, w.half, out=w.c_hi)
    np.subtract(1.0, w.c_hi, out=w.c_lo)
    np.subtract(w.c_lo, w.half, out=w.c_lo)  # 1 - y/2 = c_hi + c_lo exactly (FastTwoSum, 1 >= y/2)
    horner_into(w.y, COS_TAIL, w.quartic)
    np.multiply(w.y, w.y, out=w.t)
    np.multiply(w.t, w.quartic, out=w.quartic)  # r**4 C(r**2), below 0.017
    np.negative(w.cubic, out=w.cubic)
    quick_two_sum_into(r, w.cubic, w.s_hi, w.s_lo)  # r - r**3/6 (|r**3 / 6| < |r| / 7)
    # The low part r_lo enters to first order, sin(r) += r_lo cos(r), cos(r) -= r_lo sin(r), with
    # cos(r) ~ c_hi and sin(r) ~ s_hi; the neglected r_lo**2 / 2 is below 2e-33.
    np.subtract(w.s_lo, w.cubic_lo, out=w.s_lo)
    np.add(w.s_lo, w.quintic, out=w.s_lo)
    np.multiply(r_lo, w.c_hi, out=w.t)
    np.add(w.s_lo, w.t, out=w.s_lo)
    np.multiply(w.y_err, 0.5, out=w.t)
    np.subtract(w.c_lo, w.t, out=w.c_lo)
    np.add(w.c_lo, w.quartic, out=w.c_lo)
    np.multiply(r_lo, w.s_hi, out=w.t)
    np.subtract(w.c_lo, w.t, out=w.c_lo)


def _quadrant_weights(w: Scratch) -> None:
    """Weights in {-1, 0, 1} with cos(r + n pi/2) = c cc + s cs and sin(r + n pi/2) = c sc + s ss.

    For n = 0, 1, 2, 3 mod 4 that is (c, s), (-s, c), (-c, -s), (s, -c). Multiplying by 0, 1 or
    -1 and adding 0 are exact, so selecting this way changes no bit (except the sign of a zero).
    """
    np.multiply(w.n, 0.5, out=w.t)
    np.floor(w.t, out=w.t)  # 1 for n = 2, 3
    np.multiply(w.t, -2.0, out=w.sin_sign)
    np.add(w.sin_sign, 1.0, out=w.sin_sign)  # 1, 1, -1, -1
    np.multiply(w.t, -2.0, out=w.swap)
    np.add(w.swap, w.n, out=w.swap)  # n mod 2: 0, 1, 0, 1
    np.multiply(w.swap, -2.0, out=w.cos_sign)
    np.add(w.cos_sign, 1.0, out=w.cos_sign)
    np.multiply(w.cos_sign, w.sin_sign, out=w.cos_sign)  # 1, -1, -1, 1
    np.subtract(1.0, w.swap, out=w.t)  # 1 - n mod 2
    np.multiply(w.t, w.cos_sign, out=w.cc)
    np.multiply(w.swap, w.cos_sign, out=w.cs)
    np.multiply(w.swap, w.sin_sign, out=w.sc)
    np.multiply(w.t, w.sin_sign, out=w.ss)


def cos_sin(w: Scratch, parts: int = 2, out: tuple[Array, ...] | None = None) -> tuple[tuple[Array, ...], ...]:
    """cos and sin of w.a_hi + w.a_lo (|A| <= 2**44) as (hi, lo) double-doubles, or (hi,) for parts=1.

    hi is the float64 rounding of the double-double value. The results go to ``out`` (cos
    parts, then sin parts) if given, else to arrays of w that the next call overwrites.
    """
    _reduce(w)
    _polynomials(w)
    _quadrant_weights(w)
    if parts == 1:  # round once: hi = fl(hi + lo)
        np.add(w.c_hi, w.c_lo, out=w.c_hi)
        np.add(w.s_hi, w.s_lo, out=w.s_hi)
        cos, sin = (w.c_hi,), (w.s_hi,)
    else:
        quick_two_sum_into(w.c_hi, w.c_lo, w.c2_hi, w.c2_lo)
        quick_two_sum_into(w.s_hi, w.s_lo, w.s2_hi, w.s2_lo)
        cos, sin = (w.c2_hi, w.c2_lo), (w.s2_hi, w.s2_lo)
    if out is None:
        out = (w.cos_hi, w.cos_lo)[:parts] + (w.sin_hi, w.sin_lo)[:parts]
    out_cos, out_sin = out[:parts], out[parts:]
    for c, s, oc, os_ in zip(cos, sin, out_cos, out_sin, strict=True):
        np.multiply(c, w.cc, out=oc)
        np.multiply(s, w.cs, out=w.t)
        np.add(oc, w.t, out=oc)
        np.multiply(c, w.sc, out=os_)
        np.multiply(s, w.ss, out=w.t)
        np.add(os_, w.t, out=os_)
    return out_cos, out_sin


def rotate_pairs(w2: Scratch, w4: Scratch, table: tuple, out: Array) -> None:
    """out[k] = fl(u a_k + v b_k), one rounding, for the pairs (u, v) = w2.x stacked on axis 0.

    ``table`` is (hi, lo, split of hi into two parts), each indexed [i, k] for operand i (u, v)
    and output k (re, im): the double-doubles a_k (u's) and b_k (v's). Per output: TwoProducts
    u a_hi = p + e and v b_hi = q + f, TwoSum p + q = s + g, then
    out = s + (((e + f) + (u a_lo + v b_lo)) + g). Both operands and both outputs go through each
    NumPy call at once (stacked on leading axes): few calls on long arrays, each element's
    arithmetic unchanged. w2's arrays have w2.x's shape, w4's one more leading axis of 2; the
    splits of u and v go to w2.x_h, w2.x_l.
    """
    x = w2.x
    split_into(x, w2.x_h, w2.x_l)
    hi, lo, hi_h, hi_l = table
    x4 = x[:, None]
    p, e, t = w4.p, w4.e, w4.t
    two_prod_into(x4, (w2.x_h[:, None], w2.x_l[:, None]), hi, (hi_h, hi_l), p, e, t)  # u a_hi, v b_hi
    two_sum_into(p[0], p[1], w2.s, w2.g, w2.t)
    np.add(e[0], e[1], out=e[0])
    np.multiply(x4, lo, out=t)  # u a_lo, v b_lo
    np.add(t[0], t[1], out=t[0])
    np.add(e[0], t[0], out=e[0])
    np.add(e[0], w2.g, out=e[0])
    np.add(w2.s, e[0], out=out)

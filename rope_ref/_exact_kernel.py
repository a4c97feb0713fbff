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

from rope_ref._dd import SPLITTER, constant, split  # Dekker's split (for constants; in place below)

Array = np.ndarray


# pi/2 as a triple-double P1 + P2 + P3: P1 = fl(pi/2), P2 = fl(pi/2 - P1), P3 = fl(pi/2 - P1 - P2)
# (1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33; checked against mpmath
# in tests/test_exact.py).
PIO2 = (float.fromhex("0x1.921fb54442d18p+0"), float.fromhex("0x1.1a62633145c07p-54"),
        float.fromhex("-0x1.f1976b7ed8fbcp-110"))
TWO_OVER_PI = float.fromhex("0x1.45f306dc9c883p-1")  # fl(2/pi): only picks the nearest quarter turn

# sin r = r + r y S(y) and cos r = 1 - y/2 + y**2 C(y) for y = r**2, Taylor to r**21 and r**22:
# S(y) = sum_{i=0..9} (-1)**(i+1) y**i / (2i + 3)!  and  C(y) = sum_{i=0..9} (-1)**i y**i / (2i + 4)!.
# The first four coefficients of each are double-doubles from the exact rationals (SIN_DD, COS_DD),
# the rest float64 (SIN_TAIL, COS_TAIL, summed by Horner in float64 on y's high part): on |r| <= 0.7934
# those tails are below 4e-9 and 4e-10 relative to S and C, so their few-u error stays below 2**-79.
SIN_DD = tuple(constant(Fraction((-1) ** (i + 1), factorial(2 * i + 3))) for i in range(4))
COS_DD = tuple(constant(Fraction((-1) ** i, factorial(2 * i + 4))) for i in range(4))
SIN_TAIL = tuple(float(Fraction((-1) ** (i + 1), factorial(2 * i + 3))) for i in range(4, 10))
COS_TAIL = tuple(float(Fraction((-1) ** i, factorial(2 * i + 4))) for i in range(4, 10))

_PIO2_PARTS = (split(PIO2[0]), split(PIO2[1]))


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


def mul_into(a: tuple, a_parts: tuple, b: tuple, b_parts: tuple, out: tuple, w: Scratch) -> None:
    """out = a * b for double-doubles a = (hi, lo), b = (hi, lo) given with the splits of their high
    parts: a_hi b_hi exactly (TwoProduct) plus a_hi b_lo + a_lo b_hi rounded, then FastTwoSum.
    Relative error below 2**-104 (the dropped a_lo b_lo is below 2**-106 relative)."""
    two_prod_into(a[0], a_parts, b[0], b_parts, w.m_p, w.m_e, w.m_t)
    np.multiply(a[0], b[1], out=w.m_t)
    np.multiply(a[1], b[0], out=w.m_u)
    np.add(w.m_t, w.m_u, out=w.m_t)
    np.add(w.m_e, w.m_t, out=w.m_e)
    quick_two_sum_into(w.m_p, w.m_e, out[0], out[1])


def add_into(a: tuple, b: tuple, out: tuple, w: Scratch) -> None:
    """out = a + b for double-doubles with |a_hi| >= |b_hi| (FastTwoSum of the high parts, the low
    parts added, FastTwoSum again): relative error below 2**-104 when a and b do not cancel."""
    quick_two_sum_into(a[0], b[0], w.a_s, w.a_e)
    np.add(w.a_e, a[1], out=w.a_e)
    np.add(w.a_e, b[1], out=w.a_e)
    quick_two_sum_into(w.a_s, w.a_e, out[0], out[1])


def _series(w: Scratch, tail: tuple[float, ...], head: tuple, y: tuple, y_parts: tuple, out: tuple) -> None:
    """out = sum_i c_i y**i as an unnormalised double-double (hi + lo, |lo| a few ulp of hi).

    The float64 ``tail`` goes by Horner on y's high part; then each double-double ``head``
    coefficient c_3, c_2, c_1, c_0 in one step t <- c_k + y t: y_hi t_hi exactly by TwoProduct
    (p + e), c_k_hi + p by FastTwoSum (|c_k| > |y t| on |r| <= 0.7934), and the low parts
    (e, y_hi t_lo, y_lo t_hi, c_k_lo and FastTwoSum's error) summed in float64 without
    renormalising: each step adds below 2**-100 relative.
    """
    t_hi, t_lo = out
    horner_into(y[0], tail, t_hi)
    t_lo.fill(0.0)
    for c_hi, c_lo in head[::-1]:
        split_into(t_hi, w.t_h, w.t_l)
        two_prod_into(y[0], y_parts, t_hi, (w.t_h, w.t_l), w.m_p, w.m_e, w.m_t)  # y_hi t_hi = p + e
        np.multiply(y[0], t_lo, out=w.m_t)
        np.multiply(y[1], t_hi, out=w.m_u)
        np.add(w.m_t, w.m_u, out=w.m_t)
        np.add(w.m_e, w.m_t, out=w.m_e)  # e + y_hi t_lo + y_lo t_hi
        np.add(w.m_p, c_hi, out=t_hi)  # FastTwoSum(c_hi, p): error (p - (s - c_hi))
        np.subtract(t_hi, c_hi, out=w.m_t)
        np.subtract(w.m_p, w.m_t, out=w.m_t)
        np.add(w.m_e, w.m_t, out=t_lo)
        np.add(t_lo, c_lo, out=t_lo)


def _polynomials(w: Scratch) -> None:
    """cos r = w.c_hi + w.c_lo and sin r = w.s_hi + w.s_lo for r = w.r_hi + w.r_lo, |r| <= 0.7934.

    sin r = r + r y S(y) and cos r = 1 - y/2 + y**2 C(y), y = r**2, all in double-double
    (SIN_DD, COS_DD and the float64 tails; see the constants). Error: below 2**-72 |sin r| and
    2**-72 cos r (docs/precision.md, "Correct rounding").
    """
    r = (w.r_hi, w.r_lo)
    r_parts = (w.r_h, w.r_l)
    split_into(w.r_hi, *r_parts)
    two_prod_into(w.r_hi, r_parts, w.r_hi, r_parts, w.y0, w.y1, w.t)  # r_hi**2 exactly
    np.multiply(w.r_hi, w.r_lo, out=w.t)
    np.multiply(w.t, 2.0, out=w.t)
    np.add(w.y1, w.t, out=w.y1)  # + 2 r_hi r_lo (r_lo**2 is below 2**-106 relative)
    y = (w.y_hi, w.y_lo)
    quick_two_sum_into(w.y0, w.y1, *y)
    y_parts = (w.y_h, w.y_l)
    split_into(w.y_hi, *y_parts)
    # sin r = r + r * (y * S(y))
    _series(w, SIN_TAIL, SIN_DD, y, y_parts, (w.q_hi, w.q_lo))
    split_into(w.q_hi, w.q_h, w.q_l)
    mul_into(y, y_parts, (w.q_hi, w.q_lo), (w.q_h, w.q_l), (w.q_hi, w.q_lo), w)
    split_into(w.q_hi, w.q_h, w.q_l)
    mul_into(r, r_parts, (w.q_hi, w.q_lo), (w.q_h, w.q_l), (w.q_hi, w.q_lo), w)
    add_into(r, (w.q_hi, w.q_lo), (w.s_hi, w.s_lo), w)
    # cos r = (1 - y/2) + y**2 * C(y)
    _series(w, COS_TAIL, COS_DD, y, y_parts, (w.q_hi, w.q_lo))
    mul_into(y, y_parts, y, y_parts, (w.y2_hi, w.y2_lo), w)
    split_into(w.y2_hi, w.y2_h, w.y2_l)
    split_into(w.q_hi, w.q_h, w.q_l)
    mul_into((w.y2_hi, w.y2_lo), (w.y2_h, w.y2_l), (w.q_hi, w.q_lo), (w.q_h, w.q_l), (w.q_hi, w.q_lo), w)
    np.multiply(w.y_hi, -0.5, out=w.h_hi)
    np.multiply(w.y_lo, -0.5, out=w.h_lo)
    add_into((1.0, 0.0), (w.h_hi, w.h_lo), (w.h_hi, w.h_lo), w)
    add_into((w.h_hi, w.h_lo), (w.q_hi, w.q_lo), (w.c_hi, w.c_lo), w)


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


def rotate_pairs(w2: Scratch, w4: Scratch, table: tuple, out: Array | None = None) -> tuple[Array, Array]:
    """out[k] = fl(u a_k + v b_k), one rounding, for the pairs (u, v) = w2.x stacked on axis 0.

    Returns the unrounded double-double (hi, lo) of each output (w2.s and w4.e[0], overwritten
    by the next call); ``out`` None leaves the rounding to the caller.

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
    if out is not None:
        np.add(w2.s, e[0], out=out)
    return w2.s, e[0]

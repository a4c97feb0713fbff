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

from decimal import Decimal
from fractions import Fraction
from math import factorial

import numpy as np

from rope_ref import _hp
from rope_ref._dd import SPLITTER, constant, split  # Dekker's split (for constants; in place below)

Array = np.ndarray


# pi/2 as a triple-double P1 + P2 + P3: P1 = fl(pi/2), P2 = fl(pi/2 - P1), P3 = fl(pi/2 - P1 - P2)
# (1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33; checked against mpmath
# in tests/test_exact.py).
PIO2 = (float.fromhex("0x1.921fb54442d18p+0"), float.fromhex("0x1.1a62633145c07p-54"),
        float.fromhex("-0x1.f1976b7ed8fbcp-110"))
TWO_OVER_PI = float.fromhex("0x1.45f306dc9c883p-1")  # fl(2/pi): only picks the nearest quarter turn

# cos and sin of r + n pi/2 (n = k mod 4, the quarter turns) for r = j/64 + r1 (j = rint(64 r),
# |r1| <= 1/128) from a table of cos and sin of j/64 + n pi/2 and short Taylor polynomials in r1
# (see _polynomials). |r| < 0.7934 < 51/64 + 1/128, so j runs over -51..51. Each entry of
# cos(j/64) and sin(j/64) is a double-double (hi, lo) of the value computed in decimal at 60
# digits (hi correctly rounded, lo the rest rounded); the quarter turns swap and negate them,
# exactly: (cos, sin)(x + n pi/2) is (c, s), (-s, c), (-c, -s), (s, -c). Entry n * 103 + j + 51
# holds them, with Dekker's split of each hi.
STEP = 64.0
TABLE_J = 51


def _cos_sin_table() -> dict[str, Array]:
    c_parts: tuple[list[float], list[float]] = ([], [])
    s_parts: tuple[list[float], list[float]] = ([], [])
    with _hp.precision(60):
        for j in range(-TABLE_J, TABLE_J + 1):
            for parts, v in zip((c_parts, s_parts), _hp.cos_sin(Decimal(j) / 64), strict=True):
                hi = float(v)
                parts[0].append(hi)
                parts[1].append(float(v - Decimal(hi)))
    c, s = np.array(c_parts), np.array(s_parts)  # (hi, lo) x entries
    cos_rows, sin_rows = np.concatenate([c, -s, -c, s], axis=1), np.concatenate([s, c, -s, -c], axis=1)
    table = {"c_hi": cos_rows[0], "c_lo": cos_rows[1], "s_hi": sin_rows[0], "s_lo": sin_rows[1]}
    for name in ("c", "s"):
        table[name + "_h"], table[name + "_l"] = split(table[name + "_hi"])
    for array in table.values():
        array.flags.writeable = False
    return table


TABLE = _cos_sin_table()
# sin r1 = r1 + r1 y (SIXTH + y S(y)) and cos r1 - 1 = -y/2 + y**2 C(y), y = r1**2, Taylor to r1**9
# and r1**8: -1/6 is a double-double, S(y) = 1/120 - y/5040 + y**2/362880 and
# C(y) = 1/24 - y/720 + y**2/40320 are float64 (their terms are below 2**-32 of the result).
SIXTH = constant(Fraction(-1, 6))
_SIXTH_PARTS = split(SIXTH[0])
SIN_TAIL = tuple(float(Fraction((-1) ** (i + 1), factorial(2 * i + 3))) for i in range(1, 4))
COS_TAIL = tuple(float(Fraction((-1) ** i, factorial(2 * i + 4))) for i in range(3))

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

    def ints(self, name: str) -> Array:
        """A work array of integers (np.intp) of the same shape, made on first use and then reused."""
        if name not in self.__dict__:
            self.__dict__[name] = np.empty(self.shape, dtype=np.intp)
        return self.__dict__[name]


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
    """cos x = w.c_hi + w.c_lo and sin x = w.s_hi + w.s_lo for x = r + n pi/2, r = w.r_hi + w.r_lo
    (|r| <= 0.7934) and n = w.n (0, 1, 2 or 3).

    r = r0 + r1 with r0 = j/64, j = rint(64 r_hi): r1 = (r_hi - r0) + r_lo by TwoSum (r_hi - r0 is
    exact). With (C0, S0) = (cos, sin)(r0 + n pi/2) from TABLE and y = r1**2, s1 = sin r1 and
    cm = cos r1 - 1 (SIXTH, SIN_TAIL, COS_TAIL):

        cos x = C0 + C0 cm - S0 s1,    sin x = S0 + S0 cm + C0 s1,

    each product's high parts by TwoProduct, the two large terms added to C0 or S0 by FastTwoSum,
    and every low part summed in float64. The results are unnormalised double-doubles (|lo| a
    few ulp of hi) within 2**-80 relative of cos x and sin x (docs/precision.md, "Exact mode").
    The quarter turns only swap and negate C0 and S0, so each result is, bit for bit, the one for
    n = 0 swapped and negated: the same bound holds.
    """
    j, idx = w.j, w.ints("idx")
    np.multiply(w.r_hi, STEP, out=j)
    np.rint(j, out=j)
    if j.size and not (np.maximum.reduce(j, axis=None) <= TABLE_J and np.minimum.reduce(j, axis=None) >= -TABLE_J):
        raise ArithmeticError("a reduced angle is outside |r| <= 0.7934")  # cannot happen (see _reduce)
    np.multiply(j, 1.0 / STEP, out=w.t)
    np.subtract(w.r_hi, w.t, out=w.d)  # exact: both are multiples of ulp(r_hi), and |d| <= 1/128
    u_hi, u_lo, u_parts = w.u_hi, w.u_lo, (w.u_h, w.u_l)
    two_sum_into(w.d, w.r_lo, u_hi, u_lo, w.t)  # r1 = u_hi + u_lo, normalised
    np.add(j, TABLE_J, out=j)
    np.multiply(w.n, 2 * TABLE_J + 1, out=w.t)
    np.add(j, w.t, out=j)
    np.copyto(idx, j, casting="unsafe")  # n * 103 + j + 51: the integers 0..411, exactly
    c0 = [np.take(TABLE["c" + part], idx, out=getattr(w, "c0" + part), mode="clip")
          for part in ("_hi", "_lo", "_h", "_l")]
    s0 = [np.take(TABLE["s" + part], idx, out=getattr(w, "s0" + part), mode="clip")
          for part in ("_hi", "_lo", "_h", "_l")]
    # y = r1**2 = y_hi + y_lo: u_hi**2 exactly, plus 2 u_hi u_lo (u_lo**2 is below 2**-106 relative)
    split_into(u_hi, *u_parts)
    y_hi, y_lo = w.y_hi, w.y_lo
    two_prod_into(u_hi, u_parts, u_hi, u_parts, y_hi, y_lo, w.t)
    np.multiply(u_hi, u_lo, out=w.t)
    np.multiply(w.t, 2.0, out=w.t)
    np.add(y_lo, w.t, out=y_lo)
    # q = y (SIXTH + y S(y)): y_hi SIXTH_hi exactly, the rest (below 2**-18 of it) in float64
    q_hi, q_lo, y_parts = w.q_hi, w.q_lo, (w.y_h, w.y_l)
    horner_into(y_hi, SIN_TAIL, w.f)
    np.multiply(w.f, y_hi, out=w.f)
    np.multiply(w.f, y_hi, out=w.f)
    split_into(y_hi, *y_parts)
    two_prod_into(y_hi, y_parts, SIXTH[0], _SIXTH_PARTS, q_hi, q_lo, w.t)
    np.multiply(y_hi, SIXTH[1], out=w.t)
    np.add(q_lo, w.t, out=q_lo)
    np.multiply(y_lo, SIXTH[0], out=w.t)
    np.add(q_lo, w.t, out=q_lo)
    np.add(q_lo, w.f, out=q_lo)
    # s1 = r1 + r1 q: u_hi q_hi exactly (p + e), then FastTwoSum(u_hi, p) (|p| < 2**-15 |u_hi|)
    split_into(q_hi, w.q_h, w.q_l)
    two_prod_into(u_hi, u_parts, q_hi, (w.q_h, w.q_l), w.p, w.e, w.t)
    np.multiply(u_hi, q_lo, out=w.t)
    np.add(w.e, w.t, out=w.e)
    np.multiply(u_lo, q_hi, out=w.t)
    np.add(w.e, w.t, out=w.e)
    np.add(w.e, u_lo, out=w.e)
    s1_hi, s1_lo = w.s1_hi, w.s1_lo
    quick_two_sum_into(u_hi, w.p, s1_hi, s1_lo)
    np.add(s1_lo, w.e, out=s1_lo)
    # cm = cos r1 - 1 = -y/2 + y**2 C(y): -y_hi/2 exactly, the rest (below 2**-17 of it) in float64
    cm_hi, cm_lo = w.cm_hi, w.cm_lo
    horner_into(y_hi, COS_TAIL, cm_lo)
    np.multiply(cm_lo, y_hi, out=cm_lo)
    np.multiply(cm_lo, y_hi, out=cm_lo)
    np.multiply(y_lo, -0.5, out=w.t)
    np.add(cm_lo, w.t, out=cm_lo)
    np.multiply(y_hi, -0.5, out=cm_hi)
    split_into(cm_hi, w.cm_h, w.cm_l)
    split_into(s1_hi, w.s1_h, w.s1_l)
    # cos x = C0 + C0 cm - S0 s1 and sin x = S0 + S0 cm + C0 s1
    for (a_hi, a_lo, a_h, a_l), (b_hi, b_lo, b_h, b_l), sign, (out_hi, lo) in (
            (c0, s0, -1.0, (w.c_hi, w.c_lo)), (s0, c0, 1.0, (w.s_hi, w.s_lo))):
        # a cm = p + e (+ a_hi cm_lo + a_lo cm_hi), b s1 = p2 + e2 (+ b_hi s1_lo + b_lo s1_hi)
        two_prod_into(a_hi, (a_h, a_l), cm_hi, (w.cm_h, w.cm_l), w.p, w.e, w.t)
        two_prod_into(b_hi, (b_h, b_l), s1_hi, (w.s1_h, w.s1_l), w.p2, w.e2, w.t)
        np.multiply(a_hi, cm_lo, out=lo)
        np.multiply(a_lo, cm_hi, out=w.t)
        np.add(lo, w.t, out=lo)
        np.add(lo, w.e, out=lo)
        np.add(lo, a_lo, out=lo)
        np.multiply(b_hi, s1_lo, out=w.t)
        np.add(w.e2, w.t, out=w.e2)
        np.multiply(b_lo, s1_hi, out=w.t)
        np.add(w.e2, w.t, out=w.e2)
        if sign < 0:
            np.subtract(lo, w.e2, out=lo)
            np.negative(w.p2, out=w.p2)
        else:
            np.add(lo, w.e2, out=lo)
        # a_hi + p (|p| < 2**-14 |a_hi|), then + p2 (|p2| <= |r1| < 2**-6.99): below |a_hi| / 2 where
        # a is +-cos(j/64) (>= 0.70) and where it is +-sin(j/64) with j != 0 (>= sin(1/64) > 2**-6.01);
        # where a is +-sin(0) both a_hi and p are 0, and FastTwoSum is exact for a = 0 too
        quick_two_sum_into(a_hi, w.p, w.t2, w.e)
        np.add(lo, w.e, out=lo)
        quick_two_sum_into(w.t2, w.p2, out_hi, w.e)
        np.add(lo, w.e, out=lo)


def cos_sin(w: Scratch, parts: int = 2, out: tuple[Array, ...] | None = None) -> tuple[tuple[Array, ...], ...]:
    """cos and sin of w.a_hi + w.a_lo (|A| <= 2**44) as (hi, lo) double-doubles, or (hi,) for parts=1.

    hi is the float64 rounding of the double-double value. The results go to ``out`` (cos
    parts, then sin parts) if given, else to arrays of w that the next call overwrites.
    """
    _reduce(w)
    _polynomials(w)
    if out is None:
        out = (w.cos_hi, w.cos_lo)[:parts] + (w.sin_hi, w.sin_lo)[:parts]
    out_cos, out_sin = out[:parts], out[parts:]
    for (hi, lo), part in (((w.c_hi, w.c_lo), out_cos), ((w.s_hi, w.s_lo), out_sin)):
        if parts == 1:  # round once: fl(hi + lo)
            np.add(hi, lo, out=part[0])
        else:  # normalise: |lo| <= ulp(hi) / 2
            quick_two_sum_into(hi, lo, *part)
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

"""Statement 5: the two pairing layouts are one rotation in two orders of the features.

In words: gather the even features, then the odd ones (the permutation P); rotating P x in the
"half" layout is the same as rotating x in the "interleaved" layout and then gathering. So a
checkpoint trained with one layout runs in the other after permuting, per head, the output rows
of W_q and W_k by P: every attention score stays the same.

    (P x)_i = x_(pi(i)),  pi = (0, 2, ..., d-2, 1, 3, ..., d-1)
    H_m P = P I_m,  i.e.  half(P x, m) = P interleaved(x, m)
    <H_m P W_q x, H_n P W_k y> = <P I_m W_q x, P I_n W_k y> = <I_m W_q x, I_n W_k y>   (P^T P = I)

H_m and I_m are the rotation matrices of the two layouts at position m. Proved symbolically for
d = 2, 4, 6, 8 (symbolic angles) and for the scores with symbolic W_q, W_k, x, y for d = 2, 4;
then rope_ref's layout_permutation, rotation_matrix and RoPE.apply are checked, the last on a
d = 8, 3-head checkpoint.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from proofs._common import U, block_rotation, rotation_bound
from proofs._result import Evidence, Result
from rope_ref import RoPE, layout_permutation, rotation_matrix

STATEMENT = ("with P gathering even then odd features, half(P x, m) = P interleaved(x, m) for all m; "
             "permuting the rows of W_q, W_k per head by P converts an interleaved checkpoint into a half one "
             "with identical attention scores")
METHOD = ("sympy: H_m P - P I_m = 0 (d = 2..8, symbolic angles) and score difference = 0 (d = 2, 4, symbolic "
          "weights); rope_ref: permutation, matrices, and a 3-head d = 8 checkpoint's scores")

DIMS = (2, 4, 6, 8)
MODEL_DIM, HEADS, HEAD_DIM = 6, 3, 8
POSITIONS = np.array([0.0, 1.0, 2.0, 37.0, 4097.0])


def gather_even_odd(dim: int) -> list[int]:
    """pi = (0, 2, ..., d-2, 1, 3, ..., d-1): the permutation P as the proof defines it."""
    return list(range(0, dim, 2)) + list(range(1, dim, 2))


def permutation_matrix(perm: list[int]) -> sp.Matrix:
    """The matrix P with (P x)_i = x_(perm[i])."""
    return sp.Matrix(len(perm), len(perm), lambda i, j: 1 if perm[i] == j else 0)


def prove() -> Result:
    """Prove statement 5 symbolically, then check rope_ref's permutation, matrices and a converted checkpoint."""
    ev = Evidence()
    for d in DIMS:
        a = sp.symbols(f"a0:{d // 2}", real=True)
        p = permutation_matrix(gather_even_odd(d))
        diff = block_rotation(a, "half") * p - p * block_rotation(a, "interleaved")
        ev.check(f"d = {d}: H P - P I is the zero matrix", diff.is_zero_matrix)
    for d in (2, 4):
        p = permutation_matrix(gather_even_odd(d))
        a, b = sp.symbols(f"a0:{d // 2}", real=True), sp.symbols(f"b0:{d // 2}", real=True)  # m, n angles
        rm, rn = block_rotation(a, "interleaved"), block_rotation(b, "interleaved")
        hm, hn = block_rotation(a, "half"), block_rotation(b, "half")
        wq, wk = sp.Matrix(d, 2, sp.symbols(f"wq0:{2 * d}")), sp.Matrix(d, 2, sp.symbols(f"wk0:{2 * d}"))
        x, y = sp.Matrix(sp.symbols("x0:2")), sp.Matrix(sp.symbols("y0:2"))
        interleaved = (rm * wq * x).dot(rn * wk * y)
        half = (hm * (p * wq) * x).dot(hn * (p * wk) * y)
        ev.check(f"d = {d}: score(half, P W_q, P W_k) - score(interleaved, W_q, W_k) expands to 0",
                 sp.expand(half - interleaved) == 0)

    # The code.
    perm = gather_even_odd(HEAD_DIM)
    ev.check("layout_permutation(8) == pi", layout_permutation(HEAD_DIM).tolist() == perm,
             str(layout_permutation(HEAD_DIM).tolist()))
    pm = np.eye(HEAD_DIM)[perm]
    angles = np.array([0.5, -1.0, 3.0, 1000.0])
    # Both matrices hold cos/sin of the same angles, moved (multiplying by 0/1 and adding zeros is
    # exact): the gap is 0 today; allow each entry the 2u freedom of libm that statement 1 allows.
    gap = np.abs(rotation_matrix(angles, "half") @ pm - pm @ rotation_matrix(angles, "interleaved")).max()
    ev.check("rotation_matrix: H P == P I", gap <= 2 * U, f"max gap {gap:.3g}")

    rng = np.random.default_rng(5)
    wq, wk = (rng.standard_normal((HEADS * HEAD_DIM, MODEL_DIM)) for _ in range(2))
    xs = rng.standard_normal((POSITIONS.size, MODEL_DIM))
    rows = np.concatenate([h * HEAD_DIM + np.array(perm) for h in range(HEADS)])  # P on each head
    inter, half = RoPE(HEAD_DIM, layout="interleaved"), RoPE(HEAD_DIM, layout="half")

    def heads(w, rope):
        """(heads, seq, d) rotated projections x W^T of every position."""
        return rope.apply((xs @ w.T).reshape(-1, HEADS, HEAD_DIM).transpose(1, 0, 2), POSITIONS)

    q_i, k_i, q_h, k_h = heads(wq, inter), heads(wk, inter), heads(wq[rows], half), heads(wk[rows], half)
    # half(P x) and P interleaved(x) are each within rotation_bound of the exact rotation of the same pairs.
    z = np.linalg.norm(q_i.reshape(HEADS, -1, HEAD_DIM // 2, 2), axis=-1).max()
    vec_tol = 2 * rotation_bound(z, POSITIONS.max())
    vec_gap = np.abs(q_h - q_i[..., perm]).max()
    ev.check("RoPE.apply: half(P q, m) == P interleaved(q, m) on the checkpoint", vec_gap <= vec_tol,
             f"max gap {vec_gap:.3g}, bound {vec_tol:.3g}")
    s_i = np.einsum("hmd,hnd->hmn", q_i, k_i)
    s_h = np.einsum("hmd,hnd->hmn", q_h, k_h)
    # Same rotated numbers, summed in another order: |gap| <= 2 d u |q| |k| per score, plus the
    # vector gap above times |k| + |q|.
    nq, nk = np.linalg.norm(q_i, axis=-1), np.linalg.norm(k_i, axis=-1)
    tol = (2 * HEAD_DIM * U) * nq[:, :, None] * nk[:, None, :] + vec_tol * (nq[:, :, None] + nk[:, None, :])
    ratio = (np.abs(s_h - s_i) / tol).max()
    ev.check(f"{HEADS} heads x {POSITIONS.size}^2 scores identical after converting W_q, W_k", ratio <= 1,
             f"worst gap {ratio:.2g} of its bound (max |gap| {np.abs(s_h - s_i).max():.3g})")
    return ev.result(STATEMENT, METHOD, "proved")

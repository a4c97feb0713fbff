"""The complex-number core: features <-> complex pairs, and the rotation z_j * e^{i m theta_j}.

A feature vector x of length d holds d/2 complex numbers z_j. Which two features form z_j is
the *layout*:

========================  ===============================  =====================================
layout                    z_j                              used by
========================  ===============================  =====================================
``"interleaved"``         x[2j] + i x[2j+1]                RoFormer, Meta's LLaMA reference, GPT-J
``"half"``                x[j] + i x[j + d/2]              GPT-NeoX, transformers' rotate_half
========================  ===============================  =====================================

Only the first ``rotary_dim`` features pair up; the rest pass through unchanged.

The rotation itself is one complex multiplication per pair, done by NumPy's complex multiply
for both layouts, so the two layouts give bit-identical results on permuted inputs. Nothing
of size x is built besides the output (and, for "half", a cache-sized scratch buffer): the
table of rotations is positions.shape + (d/2,) and broadcasts.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator

import numpy as np

from rope_ref import _validate

__all__ = [
    "from_complex",
    "layout_permutation",
    "pair_indices",
    "rotate",
    "rotate_cos_sin",
    "rotation_matrix",
    "to_complex",
]

# Complex pairs per block when "half" goes through a scratch buffer (1 MiB of complex128),
# small enough to stay in cache, large enough that the per-call overhead does not matter.
_BLOCK_PAIRS = 1 << 16


def pair_indices(rotary_dim: int, layout: str) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the real and imaginary feature of each pair j = 0 .. rotary_dim/2 - 1.

    Example:
        >>> from rope_ref.rotation import pair_indices
        >>> [a.tolist() for a in pair_indices(6, "interleaved")]
        [[0, 2, 4], [1, 3, 5]]
        >>> [a.tolist() for a in pair_indices(6, "half")]
        [[0, 1, 2], [3, 4, 5]]
    """
    r = _validate.dim(rotary_dim, "rotary_dim")
    lay = _validate.layout(layout)
    j = np.arange(r // 2)
    if lay == "interleaved":
        return 2 * j, 2 * j + 1
    return j, j + r // 2


def layout_permutation(dim: int, rotary_dim: int | None = None) -> np.ndarray:
    """The permutation P with half(P x) = P interleaved(x): even features first, then odd.

    ``x[..., perm]`` applies P. Features past ``rotary_dim`` stay where they are. Applying the
    same permutation to the output rows of W_q and W_k (per head) converts a checkpoint trained
    with the interleaved layout into one for the half layout with identical attention scores.

    Example:
        >>> from rope_ref import layout_permutation
        >>> layout_permutation(8).tolist()
        [0, 2, 4, 6, 1, 3, 5, 7]
        >>> layout_permutation(6, rotary_dim=4).tolist()
        [0, 2, 1, 3, 4, 5]
    """
    d = _validate.dim(dim)
    r = _validate.rotary_dim(rotary_dim, d)
    return np.concatenate([np.arange(0, r, 2), np.arange(1, r, 2), np.arange(r, d)])


def to_complex(x: np.ndarray, layout: str, rotary_dim: int | None = None) -> np.ndarray:
    """The complex pairs z_j of x under ``layout``: complex128 of shape x.shape[:-1] + (r/2,).

    Example:
        >>> import numpy as np
        >>> from rope_ref.rotation import to_complex
        >>> to_complex(np.array([1.0, 2.0, 3.0, 4.0]), "interleaved").tolist()
        [(1+2j), (3+4j)]
        >>> to_complex(np.array([1.0, 2.0, 3.0, 4.0]), "half").tolist()
        [(1+3j), (2+4j)]
    """
    arr = _validate.float_input(x)
    r = _validate.rotary_dim(rotary_dim, _validate.dim(arr.shape[-1], "x.shape[-1]"))
    _validate.fits(8 * arr.size * (_validate.float64_copies(arr) + 1), "x", _validate.shape_text(arr),
                   "its complex pairs")
    xf = _validate.as_float64(arr, "x")
    re, im = pair_indices(r, layout)
    z = np.empty(xf.shape[:-1] + (r // 2,), dtype=np.complex128)
    z.real = xf[..., re]
    z.imag = xf[..., im]
    return z


def from_complex(z: np.ndarray, layout: str) -> np.ndarray:
    """The inverse of :func:`to_complex` (without pass-through features): float64 (..., 2 z.shape[-1]).

    Example:
        >>> from rope_ref.rotation import from_complex
        >>> from_complex(np.array([1 + 3j, 2 + 4j]), "half").tolist()
        [1.0, 2.0, 3.0, 4.0]
    """
    arr = _validate.as_array(z, "z", "an array of complex (or real) numbers with at least one dimension")
    if arr.dtype.kind not in "fc" or arr.ndim == 0:
        raise _validate.fail("z", "an array of complex (or real) numbers with at least one dimension",
                             arr, kind=TypeError)
    _validate.fits(16 * arr.size, "z", _validate.shape_text(arr), "its features")
    h = arr.shape[-1]
    re, im = pair_indices(2 * h, layout) if h else (np.arange(0), np.arange(0))
    out = np.empty(arr.shape[:-1] + (2 * h,), dtype=np.float64)
    out[..., re] = arr.real
    out[..., im] = arr.imag
    return out


def _blocks(lead_shape: tuple[int, ...], pairs_per_row: int, block: int | None = None) -> Iterator[tuple]:
    """Index tuples that tile an array of leading shape ``lead_shape`` in cache-sized blocks.

    Each tuple is some leading integer indices followed by one slice; indexing x[..., :] of
    shape lead_shape + (features,) with it gives a block of about ``block`` pairs (_BLOCK_PAIRS
    when None; one row if that is more). Exact mode uses it too, with its own block size.
    """
    if not lead_shape:
        yield ()
        return
    block = _BLOCK_PAIRS if block is None else block
    below = pairs_per_row  # pairs in one index of the axis being sliced
    axis = len(lead_shape) - 1
    while axis > 0 and below * lead_shape[axis] <= block:
        below *= lead_shape[axis]
        axis -= 1
    step = max(1, block // max(below, 1))
    for outer in np.ndindex(*lead_shape[:axis]):
        for start in range(0, lead_shape[axis], step):
            yield outer + (slice(start, start + step),)


def _blocks_by_table(lead_shape: tuple[int, ...], pairs_per_row: int, tables: list[np.ndarray],
                     block: int | None = None) -> list[tuple]:
    """:func:`_blocks`, reordered so that blocks reading the same rows of the tables follow one
    another: with positions (seq,) and x (batch, heads, seq, d), all heads of a few positions, then
    the next few. Those rows of the tables then come from cache for every head after the first,
    instead of the whole table streaming through once per head.

    ``tables`` are broadcast to (stacked axes...) + lead_shape + (pairs,); only the order in which
    blocks are computed changes, never what is computed for each.
    """
    varying = {a for a, n in enumerate(lead_shape)
               if n > 1 and any(t.strides[t.ndim - len(lead_shape) - 1 + a] for t in tables)}
    return sorted(_blocks(lead_shape, pairs_per_row, block), key=lambda index: tuple(
        i.start if isinstance(i, slice) else i for a, i in enumerate(index) if a in varying))


def rotate(x: np.ndarray, rot: np.ndarray, layout: str, rotary_dim: int | None = None) -> np.ndarray:
    """Multiply each pair z_j of x by the complex number rot[..., j]; pass the rest through.

    This is the whole of RoPE once the table rot = a * e^{i m theta_j} is known: the output
    pair is z_j * rot_j, computed by NumPy's complex multiply (straight from x for
    "interleaved", through a cache-sized scratch buffer for "half").

    Example:
        >>> import numpy as np
        >>> from rope_ref.rotation import rotate
        >>> rotate(np.array([1.0, 0.0, 3.0, 4.0]), np.array([1j, 1.0]), "interleaved").tolist()
        [0.0, 1.0, 3.0, 4.0]

    Parameters:
        x: real features of any float dtype, shape (..., d).
        rot: complex table broadcastable to x.shape[:-1] + (rotary_dim // 2,).
        layout: "half" or "interleaved".
        rotary_dim: features that rotate (even, <= d); None means all of them.

    Returns:
        float64 array of x's shape.

    Raises:
        TypeError, ValueError: for a bad dtype, layout, rotary_dim or a table that does not
        broadcast, an output that overflows float64 from finite x and rot, or an output beyond
        the memory limit (``ROPE_REF_MAX_BYTES``).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        out, known = _rotate_flagged(x, rot, layout, rotary_dim)
    return _refuse_overflow(out, known, x, [rot])


def _refuse_overflow(out: np.ndarray, known: bool, x: object, tables: list[object]) -> np.ndarray:
    """out, unless it holds inf or NaN although x and the tables are finite (an overflow)."""
    if known or _validate._all_finite(out):
        return out
    finite = all(_validate._all_finite(np.asarray(t, dtype=np.complex128 if np.iscomplexobj(t) else np.float64))
                 for t in tables)
    return _validate.finite_output(out, _validate.float_array(x), "x", "the rotated output",
                                   checked=not finite)


def _rotate_flagged(x: np.ndarray, rot: np.ndarray, layout: str, rotary_dim: int | None = None
                    ) -> tuple[np.ndarray, bool]:
    """:func:`rotate`, and whether its output is known to be finite wherever x is.

    When the caller ignores overflow (RoPE.apply does, to refuse it afterwards), the
    floating-point flags of the multiply tell whether any output became inf or NaN from finite
    inputs; True means none did and the table is finite, so the caller need not read the
    output again. False means "not known": check the output.
    """
    arr = _validate.float_input(x)
    d = _validate.dim(arr.shape[-1], "x.shape[-1]")
    r = _validate.rotary_dim(rotary_dim, d)
    lay = _validate.layout(layout)
    h = r // 2
    lead = arr.shape[:-1]
    table = _validate.as_array(rot, "rot", "an array of complex numbers")
    # The output and x's float64 copies, and the table as complex128 (a copy unless it already is).
    _validate.fits(8 * arr.size * _validate.float64_copies(arr) + 16 * table.size * (table.dtype != np.complex128),
                   "x", _validate.shape_text(arr), "the rotated output and its work arrays")
    xf = np.ascontiguousarray(_validate.as_float64(arr, "x"))
    if table.dtype.kind not in "fc":
        raise _validate.fail("rot", "an array of complex numbers", table, kind=TypeError)
    try:
        table = np.broadcast_to(source := table.astype(np.complex128, copy=False), lead + (h,))
    except ValueError:
        raise _validate.fail("rot", f"broadcastable to x.shape[:-1] + (rotary_dim // 2,) = {lead + (h,)}",
                             _validate.Shown(f"shape {table.shape}")) from None

    out = np.empty_like(xf)
    # A block holds at most _BLOCK_PAIRS pairs, or one row of h pairs if that is more.
    scratch = None
    if lay == "half":
        scratch = np.empty(max(1, min(max(_BLOCK_PAIRS, h), math.prod(lead) * h)), dtype=np.complex128)
    with _watch_overflow() as flags:
        for index in _blocks_by_table(lead, h, [table]):
            xb, ob = xf[index], out[index]
            if r < d:
                ob[..., r:] = xb[..., r:]
            if scratch is None:
                # Adjacent float64 pairs *are* complex128 numbers: views, no copy.
                np.multiply(xb[..., :r].view(np.complex128), table[index], out=ob[..., :r].view(np.complex128))
            else:
                z = scratch[: math.prod(xb.shape[:-1]) * h].reshape(xb.shape[:-1] + (h,))
                halves = z.view(np.float64).reshape(z.shape + (2,)).swapaxes(-1, -2)  # (..., 2, h): re, im
                # np.positive copies (the same bits) in the order that suits both arrays, where
                # copyto would follow the scratch's order and copy two values at a time.
                np.positive(xb[..., :r].reshape(halves.shape), out=halves)
                np.multiply(z, table[index], out=z)
                np.copyto(ob[..., :r].reshape(halves.shape), halves)
    return out, bool(flags.clean and np.isfinite(source).all())


class _Flags:
    """np.errstate's ``call``: notes whether a NumPy call raised the overflow or invalid flag."""

    def __init__(self, watching: bool) -> None:
        self.clean = watching  # True while watched and no flag raised

    def __call__(self, kind: str, flag: int) -> None:
        self.clean = False


@contextlib.contextmanager
def _watch_overflow() -> Iterator[_Flags]:
    """Watch the NumPy calls inside for overflow when the caller ignores it (RoPE.apply does, and
    refuses inf afterwards with rope_ref._validate.finite_output); else leave its warnings alone.

    From finite inputs, IEEE arithmetic makes inf or NaN only by overflowing (or by inf - inf
    after one), which raises a flag NumPy reports: if ``clean`` stays True, every output is
    finite wherever the inputs (x and the tables) are.
    """
    errors = np.geterr()
    flags = _Flags(errors["over"] == errors["invalid"] == "ignore")
    if not flags.clean:
        yield flags
        return
    with np.errstate(over="call", invalid="call", call=flags):
        yield flags


def rotate_cos_sin(x: np.ndarray, cos: np.ndarray, sin: np.ndarray, layout: str,
                   rotary_dim: int | None = None, scale: float | np.ndarray = 1.0,
                   inverse: bool = False) -> np.ndarray:
    """Rotate x by the angles whose cos and sin are given, times ``scale``; or undo that.

    The table is a (cos + i sin) per pair, or conj(cos + i sin) / a with ``inverse``; a is the
    ``scale`` (the attention factor, or per-pair xPos scales), broadcasting against cos.

    Example:
        >>> import numpy as np
        >>> from rope_ref.rotation import rotate_cos_sin
        >>> rotate_cos_sin(np.array([1.0, 0.0]), np.array([0.0]), np.array([1.0]), "half", scale=2.0).tolist()
        [0.0, 2.0]

    Raises:
        TypeError, ValueError: as :func:`rotate`; an output that overflows float64 from finite
        inputs is refused.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        out, known = _rotate_cos_sin_flagged(x, cos, sin, layout, rotary_dim, scale, inverse)
    return _refuse_overflow(out, known, x, [cos, sin, scale])


def _rotate_cos_sin_flagged(x: np.ndarray, cos: np.ndarray, sin: np.ndarray, layout: str,
                            rotary_dim: int | None = None, scale: float | np.ndarray = 1.0,
                            inverse: bool = False) -> tuple[np.ndarray, bool]:
    """:func:`rotate_cos_sin`, and whether its output is known to be finite (:func:`_rotate_flagged`)."""
    c, s, a = (_real(v, name) for v, name in ((cos, "cos"), (sin, "sin"), (scale, "scale")))
    try:
        shape = np.broadcast_shapes(c.shape, s.shape, a.shape)
    except ValueError:
        raise _validate.fail("cos, sin and scale", "of shapes that broadcast together",
                             _validate.Shown(f"shapes {c.shape}, {s.shape} and {a.shape}")) from None
    _validate.fits(16 * math.prod(shape), "cos", f"tables of shape {shape}", "the table of rotations")
    table = np.empty(shape, dtype=np.complex128)
    # Written straight into the table's parts, with no temporaries: (c a, s a) or (c / a, -s / a).
    if a.ndim == 0 and a == 1.0:  # times or divided by 1: the same numbers
        table.real = c
        if inverse:
            np.negative(s, out=table.imag)
        else:
            table.imag = s
    elif inverse:
        np.divide(c, a, out=table.real)
        np.negative(s, out=table.imag)
        np.divide(table.imag, a, out=table.imag)
    else:
        np.multiply(c, a, out=table.real)
        np.multiply(s, a, out=table.imag)
    return _rotate_flagged(x, table, layout, rotary_dim)


def _real(value: object, name: str) -> np.ndarray:
    """A real array (bool, integer or float) as float64, copied only when it has another dtype."""
    arr = _validate.as_array(value, name, "an array of real numbers")
    if arr.dtype.kind not in "biuf":
        raise _validate.fail(name, "an array of real numbers", arr if arr.ndim else value, kind=TypeError)
    return arr.astype(np.float64, copy=False)


def rotation_matrix(angles: np.ndarray, layout: str = "half", dim: int | None = None,
                    attention_factor: float = 1.0) -> np.ndarray:
    """The explicit (dim, dim) matrix a * R: 2x2 rotation blocks [[c, -s], [s, c]] on each pair.

    For teaching and cross-checks only (it is d x d where the rotation needs d numbers).
    ``rotation_matrix(angles, layout, dim) @ x`` equals RoPE's output for one position. In the
    interleaved layout the matrix is block diagonal; in the half layout it is the same matrix
    in the permuted basis of :func:`layout_permutation`.

    Example:
        >>> import numpy as np
        >>> from rope_ref import rotation_matrix
        >>> rotation_matrix(np.array([np.pi / 2]), "interleaved").round(12).tolist()
        [[0.0, -1.0], [1.0, 0.0]]

    Parameters:
        angles: the d/2 angles m * theta_j of one position, shape (r/2,).
        layout: "half" or "interleaved".
        dim: total features d >= r (the rest pass through); None means 2 * len(angles).
        attention_factor: a, multiplying the rotation blocks (not the pass-through).

    Returns:
        float64 array of shape (dim, dim).

    Raises:
        TypeError, ValueError: for bad angles, layout, dim or attention_factor (finite and > 0), or
        a matrix beyond the memory limit (``ROPE_REF_MAX_BYTES``, default 4 GiB: d up to 23170).
    """
    ang = _validate.positions(angles, "angles")
    if ang.ndim != 1 or ang.size == 0:
        raise _validate.fail("angles", "a non-empty 1-D array (one angle per pair)",
                             _validate.Shown(f"shape {ang.shape}"))
    r = 2 * ang.size
    d = r if dim is None else _validate.dim(dim)
    _validate.rotary_dim(r, d)
    a = _validate.positive_real(attention_factor, "attention_factor")
    _validate.fits(8 * d * d, "angles" if dim is None else "dim",
                   f"dim = {d}" if dim is not None else f"{ang.size} angles (dim = {d})", "the (dim, dim) matrix")
    re, im = pair_indices(r, layout)
    c, s = a * np.cos(ang), a * np.sin(ang)
    m = np.zeros((d, d))
    m[re, re] = c
    m[re, im] = -s
    m[im, re] = s
    m[im, im] = c
    m[np.arange(r, d), np.arange(r, d)] = 1.0
    return m

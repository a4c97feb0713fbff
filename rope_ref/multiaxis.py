"""Multi-axis RoPE for images and video: axial 2-D/3-D, learned ("mixed") frequencies, M-RoPE.

All of them are one rule: a position has A coordinates (a trailing axis of ``positions``), and
pair j rotates by

    angle_j = sum_a pos_a * F[a, j]

for a frequency matrix F of shape (A, r/2). The variants differ only in F:

- axial (Heo et al. 2024, "Rotary Position Embedding for Vision Transformer",
  arXiv:2403.13298): the pairs are split into A consecutive blocks, block a rotates with
  coordinate a and its own ladder theta_k = base**(-2k / (r/A)) (RoPE-ViT uses base 100);
- Pixtral: axis 0 (height) takes the even and axis 1 (width) the odd frequencies of one
  base**(-2j/r) ladder, in two consecutive blocks;
- mixed: F is given (learned per pair and axis);
- M-RoPE (Qwen2-VL, transformers ``mrope_section``): the default ladder theta_j split into
  consecutive sections, section k driven by coordinate k mod 3 (temporal, height, width); the
  Qwen3-VL interleaved form takes height for j mod 3 = 1 and width for j mod 3 = 2 within
  their section lengths, temporal otherwise.

Which features form pair j is the layout, as for :class:`rope_ref.RoPE`: with "interleaved"
the blocks are contiguous feature blocks; with "half" they are the pairs (j, j + r/2).
Positions are taken as given: class tokens, 1-based or normalised coordinates are the
caller's convention. transformers passes M-RoPE position ids as (3, batch, seq): use
``np.moveaxis(position_ids, 0, -1)``.

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> from rope_ref.multiaxis import MultiAxisRoPE
    >>> mrope = MultiAxisRoPE.mrope(128, mrope_section=(16, 24, 24))
    >>> x = np.random.default_rng(0).standard_normal((5, 128))
    >>> text = np.repeat(np.arange(5.0)[:, None], 3, axis=1)     # equal rows: a text token
    >>> bool((mrope.apply(x, text) == RoPE(128).apply(x, np.arange(5.0))).all())
    True
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from rope_ref import _cr, _dd, _hp, _validate
from rope_ref._backend import DD, Exact, Float64, backend, fits
from rope_ref.exact import theta_dd

__all__ = ["MultiAxisRoPE"]


_MAX_FREQUENCY = 2.0**995  # Dekker's split (exact mode's TwoProduct) stays finite below it


def _on_ladder(ladder_dim: int, base: float, index: np.ndarray) -> DD:
    """F from its ladder: F[a, j] = theta_index[a, j] (0 where index is -1), in whichever arithmetic
    rope_ref._dd runs (a module-level function, so that the RoPE pickles)."""
    ladder, _ = _dd.theta(ladder_dim, base)
    values = np.empty(index.shape, dtype=object)
    zero = _hp.value(0.0)
    for a, j in np.ndindex(*index.shape):
        values[a, j] = zero if index[a, j] < 0 else ladder[index[a, j]]
    return values, np.zeros(index.shape)


@dataclass(frozen=True, eq=False)
class MultiAxisRoPE:
    """RoPE whose angle is a sum over coordinates: angle_j = sum_a pos[..., a] * F[a, j].

    Example:
        >>> import numpy as np
        >>> from rope_ref import MultiAxisRoPE
        >>> rope2d = MultiAxisRoPE.axial(64, axes=2, base=100.0)
        >>> grid = np.stack(np.meshgrid(np.arange(4.0), np.arange(4.0), indexing="ij"), axis=-1)  # (4, 4, 2)
        >>> rope2d.apply(np.ones((4, 4, 64)), grid).shape
        (4, 4, 64)

    Parameters:
        dim: features per head d (even).
        frequencies: F, shape (axes, rotary_dim // 2), finite.
        layout: "half" or "interleaved".
        rotary_dim: features that rotate (2 * F.shape[1] when None); must equal 2 * F.shape[1].
        precision: "float64", or "exact": angles as double-doubles (F + frequencies_lo), cos and
            sin by rope_ref.exact, every angle, table value and output correctly rounded (for
            the exact F: the constructors' formula, else frequencies + frequencies_lo); the same
            bits on every machine.
        frequencies_lo: the low parts of F when F is itself a rounded double-double (the
            constructors pass theta_dd's), or None for F taken as exact.

    Raises:
        TypeError, ValueError: naming the argument, the value and what is allowed.
    """

    dim: int
    frequencies: np.ndarray = field(repr=False)
    layout: str = "half"
    # None (the default) means 2 * frequencies.shape[1]; always an int after construction.
    rotary_dim: int = None  # type: ignore[assignment]
    precision: str = "float64"
    frequencies_lo: np.ndarray | None = field(default=None, repr=False)
    #: M-RoPE's section sizes when built by :meth:`mrope` (what the frequencies do not record once
    #: interleaved); None otherwise. Not part of equality.
    mrope_section: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    #: (ladder_dim, base) when every non-zero F[a, j] is base**(-2i / ladder_dim) for some i (the
    #: constructors set it, and dataclasses.replace keeps it): exact mode then rounds with respect to
    #: those exact values; None takes frequencies + frequencies_lo as exact.
    _ladder: tuple[int, float] | None = field(default=None, repr=False, compare=False)
    # F as a rope_ref._cr.Freq, made in __post_init__ from the fields above.
    _exact_freq: _cr.Freq = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]
    # The arithmetic of ``precision``, chosen once (rope_ref._backend).
    _backend: Float64 | Exact = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "dim", _validate.dim(self.dim))
        freq = _validate.positions(self.frequencies, "frequencies")
        if freq.ndim != 2 or freq.shape[0] < 1 or freq.shape[1] < 1:
            raise _validate.fail("frequencies", "a 2-D array of shape (axes, rotary_dim // 2)",
                                 _validate.Shown(f"shape {freq.shape}"))
        r = _validate.rotary_dim(self.rotary_dim if self.rotary_dim is not None else 2 * freq.shape[1], self.dim)
        if r != 2 * freq.shape[1]:
            raise _validate.fail("frequencies", f"of shape (axes, rotary_dim // 2 = {r // 2})",
                                 _validate.Shown(f"shape {freq.shape}"))
        if np.any(np.abs(freq) > _MAX_FREQUENCY):
            raise _validate.fail("frequencies", "of magnitude <= 2**995 (exact products need it)",
                                 float(freq.flat[int(np.argmax(np.abs(freq)))]))
        freq = freq.copy()
        freq.flags.writeable = False
        set_(self, "frequencies", freq)
        set_(self, "rotary_dim", r)
        set_(self, "layout", _validate.layout(self.layout))
        if self.mrope_section is not None:
            sec = self.mrope_section
            if not isinstance(sec, (tuple, list)) or not all(_validate.is_integer(v) and v >= 0 for v in sec) \
                    or sum(sec) != self.frequencies.shape[1]:
                raise _validate.fail("mrope_section", f"None, or section sizes adding up to rotary_dim // 2 = "
                                     f"{self.frequencies.shape[1]}", sec)
            set_(self, "mrope_section", tuple(int(v) for v in sec))
        set_(self, "_backend", backend(self.precision))
        low = np.zeros_like(freq) if self.frequencies_lo is None else _validate.positions(self.frequencies_lo,
                                                                                           "frequencies_lo")
        if low.shape != freq.shape or np.any(np.abs(low) > np.spacing(np.abs(freq))):
            raise _validate.fail("frequencies_lo", f"None or the low parts (|lo| <= ulp) of shape {freq.shape}",
                                 _validate.Shown(f"shape {low.shape}"))
        low = low.copy()
        low.flags.writeable = False
        set_(self, "frequencies_lo", low)
        set_(self, "_exact_freq", _cr.Freq(self.frequencies, low))
        if self._ladder is not None:
            set_(self, "_exact_freq", self._ladder_freq(*self._ladder))

    def _ladder_freq(self, ladder_dim: int, base: float) -> _cr.Freq:
        """F with the formula of a ladder: every non-zero entry is theta_i = base**(-2i / ladder_dim)
        for some i (the constructors' ladders), so that exact mode rounds with respect to those exact
        values. ValueError if F is not on that ladder."""
        hi, lo = theta_dd(ladder_dim, base)
        index = np.full(self.frequencies.shape, -1)
        for i in range(hi.size):
            index[(self.frequencies == hi[i]) & (self.frequencies_lo == lo[i]) & (index < 0)] = i
        if np.any((index < 0) & (self.frequencies != 0)):
            raise _validate.fail("_ladder", "(ladder_dim, base) whose frequencies base**(-2i / ladder_dim) include "
                                 "every non-zero entry of frequencies (with frequencies_lo)", (ladder_dim, base))

        index.flags.writeable = False
        return _cr.Freq(self.frequencies, self.frequencies_lo, functools.partial(_on_ladder, ladder_dim, base, index))

    @property
    def _freq(self) -> DD:
        """F as a double-double (frequencies, frequencies_lo), with its exact values (rope_ref._cr.Freq)."""
        return self._exact_freq

    @property
    def axes(self) -> int:
        """A, the number of coordinates per position."""
        return int(self.frequencies.shape[0])

    # -- constructors ----------------------------------------------------------------------------

    @classmethod
    def axial(cls, dim: int, axes: int = 2, base: float = 100.0, layout: str = "half",
              rotary_dim: int | None = None, precision: str = "float64") -> MultiAxisRoPE:
        """Axial RoPE: A consecutive blocks of pairs, block a rotated by coordinate a with
        theta_k = base**(-2k / (r / A)), k = 0 .. r/(2A) - 1.

        Example:
            >>> MultiAxisRoPE.axial(8, axes=2, base=100.0).frequencies.tolist()
            [[1.0, 0.1, 0.0, 0.0], [0.0, 0.0, 1.0, 0.1]]
        """
        d = _validate.dim(dim)
        r = _validate.rotary_dim(rotary_dim, d)
        if not _validate.is_integer(axes) or axes < 1:
            raise _validate.fail("axes", "an integer >= 1", axes, kind=TypeError if not _validate.is_integer(axes)
                                 else ValueError)
        if (r // 2) % axes:
            raise _validate.fail("axes", f"a divisor of rotary_dim // 2 = {r // 2} (each axis gets the same "
                                 "number of pairs)", axes)
        per_axis = r // 2 // axes
        ladder = theta_dd(2 * per_axis, base)
        freq, low = np.zeros((2, axes, r // 2))
        for a in range(axes):
            freq[a, a * per_axis:(a + 1) * per_axis] = ladder[0]
            low[a, a * per_axis:(a + 1) * per_axis] = ladder[1]
        return cls(d, freq, layout, r, precision, low, _ladder=(2 * per_axis, base))

    @classmethod
    def pixtral(cls, dim: int, base: float = 10000.0, layout: str = "half",
                rotary_dim: int | None = None, precision: str = "float64") -> MultiAxisRoPE:
        """Pixtral's 2-D RoPE: pairs j < r/4 take height with theta_(2j), the rest take width
        with theta_(2(j - r/4) + 1), from one ladder theta_i = base**(-2i/r).

        Example:
            >>> MultiAxisRoPE.pixtral(8, base=10000.0).frequencies.tolist()
            [[1.0, 0.01, 0.0, 0.0], [0.0, 0.0, 0.1, 0.001]]
        """
        d = _validate.dim(dim)
        r = _validate.rotary_dim(rotary_dim, d)
        if (r // 2) % 2:
            raise _validate.fail("rotary_dim", "a multiple of 4 (half the pairs per axis)", r)
        hi, lo = theta_dd(r, base)
        q = r // 4
        freq, low = np.zeros((2, 2, r // 2))
        freq[0, :q], freq[1, q:] = hi[0::2], hi[1::2]
        low[0, :q], low[1, q:] = lo[0::2], lo[1::2]
        return cls(d, freq, layout, r, precision, low, _ladder=(r, base))

    @classmethod
    def mrope(cls, dim: int, mrope_section: Sequence[int], base: float = 10000.0, interleaved: bool = False,
              layout: str = "half", precision: str = "float64") -> MultiAxisRoPE:
        """M-RoPE: the default ladder theta_j with each pair assigned to one of three coordinates.

        Sectioned (Qwen2-VL): consecutive sections of the given sizes, section k driven by
        coordinate k mod 3. Interleaved (Qwen3-VL): height if j mod 3 = 1 and j < 3 * section[1],
        width if j mod 3 = 2 and j < 3 * section[2], temporal otherwise. The section sizes add
        up to dim // 2.

        Example:
            >>> m = MultiAxisRoPE.mrope(12, mrope_section=(2, 2, 2))
            >>> (m.frequencies != 0).astype(int).tolist()
            [[1, 1, 0, 0, 0, 0], [0, 0, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1]]
            >>> m3 = MultiAxisRoPE.mrope(12, mrope_section=(2, 2, 2), interleaved=True)
            >>> (m3.frequencies != 0).astype(int).tolist()
            [[1, 0, 0, 1, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 1, 0, 0, 1]]
        """
        d = _validate.dim(dim)
        sections = list(mrope_section) if isinstance(mrope_section, Sequence) else None
        if not sections or not all(_validate.is_integer(s) and s >= 0 for s in sections):
            raise _validate.fail("mrope_section", "a sequence of integers >= 0", mrope_section, kind=TypeError)
        if sum(sections) != d // 2:
            raise _validate.fail("mrope_section", f"sizes adding up to dim // 2 = {d // 2}", mrope_section)
        if not isinstance(interleaved, bool):
            raise _validate.fail("interleaved", "True or False", interleaved, kind=TypeError)
        j = np.arange(d // 2)
        if interleaved:
            if len(sections) != 3:
                raise _validate.fail("mrope_section", "three sizes (temporal, height, width) when interleaved",
                                     mrope_section)
            row = np.zeros(d // 2, dtype=int)
            row[(j % 3 == 1) & (j < 3 * sections[1])] = 1
            row[(j % 3 == 2) & (j < 3 * sections[2])] = 2
        else:
            row = np.repeat(np.arange(len(sections)) % 3, sections)
        hi, lo = theta_dd(d, base)
        freq, low = np.zeros((2, 3, d // 2))
        freq[row, j], low[row, j] = hi, lo
        return cls(d, freq, layout, d, precision, low, tuple(int(v) for v in sections), _ladder=(d, base))

    # -- angles and rotation ---------------------------------------------------------------------

    def _positions(self, positions: object) -> np.ndarray:
        pos = _validate.positions(positions)
        if pos.ndim == 0 or pos.shape[-1] != self.axes:
            raise _validate.fail("positions", f"an array whose last axis holds the {self.axes} coordinates",
                                 _validate.Shown(f"shape {pos.shape}"))
        return pos

    def _fits(self, pos: np.ndarray, work: str, x: np.ndarray | None, name: str, what: str) -> None:
        """Refuse, before allocating, tables (and a rotation of x) beyond the memory limit."""
        h, b = self.rotary_dim // 2, self._backend
        entries = pos.size // self.axes * h
        per_entry = b.WORK[work] + b.SUM_WORK + b.SUM_WORK_PER_AXIS * self.axes
        fits(per_entry, entries, x, name, lambda: f"shape {pos.shape}" if x is None
             else f"{_validate.shape_text(x)} at positions of shape {pos.shape}", what)

    def angles(self, positions: object) -> np.ndarray:
        """sum_a pos[..., a] F[a, j]: positions.shape[:-1] + (rotary_dim // 2,), float64.

        In float64 mode each product is rounded once and the sum is taken in axis order; in exact
        mode the sum is correctly rounded. Either way products with F = 0 are exact zeros, so a
        pair driven by one coordinate has exactly the angle plain RoPE gives it.

        Example:
            >>> MultiAxisRoPE.axial(4, axes=2, base=100.0).angles([[3.0, 5.0]]).tolist()
            [[3.0, 5.0]]
        """
        pos = self._positions(positions)
        self._fits(pos, "angles", None, "positions", "the angles and their work arrays")
        return self._backend.angles_sum(pos, self._freq)

    def cos_sin(self, positions: object) -> tuple[np.ndarray, np.ndarray]:
        """cos and sin of :meth:`angles` (in exact mode of the exact angle sum, correctly rounded)."""
        pos = self._positions(positions)
        self._fits(pos, "cos_sin", None, "positions", "the cos and sin tables and their work arrays")
        return self._backend.cos_sin_sum(pos, self._freq)

    def apply(self, x: object, positions: object) -> np.ndarray:
        """Rotate x: pair j by angle_j = sum_a pos_a F[a, j]; positions (..., axes) broadcast
        against x.shape[:-1] (without their last axis).

        Raises:
            TypeError, ValueError: as :meth:`rope_ref.RoPE.apply`: bad or masked x or positions, an
                output that would overflow float64, output and work arrays beyond the memory limit
                (``ROPE_REF_MAX_BYTES``), or float64-mode positions beyond the reach of float64 angles.
        """
        return self._checked(x, positions, False, "x")

    def invert(self, y: object, positions: object) -> np.ndarray:
        """Undo :meth:`apply`."""
        return self._checked(y, positions, True, "y")

    def _checked(self, x: object, positions: object, inverse: bool, name: str) -> np.ndarray:
        arr = _validate.features_input(x, name, self.dim)
        pos = self._positions(positions)
        _validate.broadcast_positions(pos[..., 0], arr.shape[:-1], "positions[..., 0]")
        self._fits(pos, "rotate", arr, name, "the rotated output and its work arrays")
        xf = _validate.as_float64(arr, name)
        with np.errstate(over="ignore", invalid="ignore"):
            out, known = self._backend.rotate_sum(xf, pos, self._freq, self.layout, self.rotary_dim, inverse)
        return _validate.finite_output(out, xf, name, "the rotated output", checked=known)

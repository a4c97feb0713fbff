"""RoPE: one frozen specification tying frequencies, layout, rotary_dim and scaling together.

This is the only module that knows all three stages: frequencies -> angles -> rotation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from rope_ref import _validate, rotation
from rope_ref._backend import DD, Exact, Float64, backend, default_seq_len, fits, frequencies
from rope_ref.frequencies import Scaling

__all__ = ["Layout", "Precision", "RoPE"]

Layout = Literal["half", "interleaved"]
"""The two pairings of features: "half" pairs x[j] with x[j + r/2], "interleaved" x[2j] with x[2j + 1]."""
Precision = Literal["float64", "exact"]
"""The two arithmetics: plain "float64", or "exact" (double-double, one rounding per output)."""


@dataclass(frozen=True)
class RoPE:
    """Rotary Position Embedding: rotate feature pair j at position m by the angle m * theta_j.

    With the pairs of x read as complex numbers z_j (see ``layout``),

        RoPE(x, m)_j = a * z_j * exp(i * m * theta_j),   theta_j = base ** (-2j / r),

    for j < r/2 (r = ``rotary_dim``); features past r pass through unchanged and a is the
    scaling rule's attention factor (1 without one). Attention scores between a rotated query
    at m and a rotated key at n depend on m - n only (RoFormer, Su et al. 2021,
    arXiv:2104.09864).

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE
        >>> rope = RoPE(4, base=10000.0, layout="interleaved")
        >>> rope.inv_freq().tolist()
        [1.0, 0.01]
        >>> rope.apply(np.array([1.0, 0.0, 1.0, 0.0]), positions=np.pi / 2).round(6).tolist()
        [0.0, 1.0, 0.999877, 0.015707]

    Parameters:
        dim: d, the number of features per head (even, >= 2).
        base: the frequency base ("rope_theta"), finite, > 0 and != 1.
        layout: "half" (GPT-NeoX, transformers' rotate_half) or "interleaved" (RoFormer,
            Meta's LLaMA reference, GPT-J).
        rotary_dim: the number of leading features that rotate (even, in [2, dim]); None means
            dim. The frequencies use it: theta_j = base ** (-2j / rotary_dim).
        scaling: a context-extension rule (a :class:`rope_ref.frequencies.Scaling`), or None.
        precision: "float64": angles m * theta_j and their cos/sin in plain float64, for |m| below
            the point where their error bound reaches half of the output (2**52 / A, A =
            max_j theta_j (4 + |ln theta_j|): about 2**50 for plain RoPE); further out cos/sin and
            rotations are refused. "exact": every angle, cos/sin value and rotated output correctly
            rounded (the float64 nearest its exact value, for the float inputs and the exact
            frequencies) for |m theta_j| <= 2**44, the same bits on every machine (see
            :mod:`rope_ref.exact`). A scaling rule's frequencies are its formula in
            double-double (``inv_freq_dd``), which float64 mode rounds once.

    Raises:
        TypeError, ValueError: naming the argument, the value and what is allowed. Every method that
            allocates checks first that its output and work arrays, computed from the shapes, fit the
            memory limit (the environment variable ``ROPE_REF_MAX_BYTES``, default 4 GiB), and refuses
            with a ValueError naming the argument, the size needed and the limit otherwise.
    """

    dim: int
    base: float = 10000.0
    layout: Layout = "half"
    # None (the default) means dim; __post_init__ resolves it, so it is always an int afterwards.
    rotary_dim: int = None  # type: ignore[assignment]
    scaling: Scaling | None = None
    precision: Precision = "float64"
    # The arithmetic of ``precision``, chosen once (rope_ref._backend).
    _backend: Float64 | Exact = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]
    # The frequencies (hi, lo) when they do not depend on seq_len, computed once (~1 ms).
    _static_freq: DD | None = field(default=None, init=False, repr=False, compare=False)
    # The frequencies of a seq_len-dependent rule at up to 64 sequence lengths asked for (read-only arrays).
    _freq_by_len: dict[float | None, DD] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "dim", _validate.dim(self.dim))
        set_(self, "base", _validate.base(self.base))
        set_(self, "layout", _validate.layout(self.layout))
        set_(self, "rotary_dim", _validate.rotary_dim(self.rotary_dim, self.dim))
        if self.scaling is not None and not isinstance(self.scaling, Scaling):
            raise _validate.fail("scaling", "None or a rope_ref.frequencies.Scaling rule", self.scaling,
                                 kind=TypeError)
        set_(self, "_backend", backend(self.precision))
        if self.scaling is not None:
            self.scaling.check(self.rotary_dim, self.base)  # e.g. LongRoPE's factor lists against rotary_dim
            _validate.attention_factor(self.scaling.attention_factor, "scaling", self.scaling)
        if self.scaling is None or not self.scaling.depends_on_seq_len:
            set_(self, "_static_freq", self._frequencies(None))

    # -- frequencies -------------------------------------------------------------------------

    def inv_freq(self, seq_len: float | None = None) -> np.ndarray:
        """theta_j after the scaling rule, float64 of shape (rotary_dim // 2,).

        ``seq_len`` matters only to rules that depend on it (dynamic NTK, LongRoPE).

        Example:
            >>> from rope_ref import RoPE
            >>> RoPE(8, base=100.0).inv_freq().tolist()
            [1.0, 0.31622776601683794, 0.1, 0.03162277660168379]
        """
        return self._frequencies(_validate.seq_len(seq_len))[0].copy()

    def inv_freq_for(self, positions: object, seq_len: float | None = None) -> np.ndarray:
        """The inv_freq that :meth:`apply` uses for these positions: seq_len, when omitted, is
        max(positions) + 1 for rules that depend on it (dynamic NTK, LongRoPE).

        Example:
            >>> from rope_ref import RoPE
            >>> from rope_ref.scaling import DynamicNTK
            >>> rope = RoPE(8, scaling=DynamicNTK(2.0, 4096))
            >>> bool((rope.inv_freq_for([0, 8191]) == rope.inv_freq(8192)).all())
            True
        """
        return self._resolve(positions, seq_len)[1][0].copy()

    def _frequencies(self, seq_len: float | None) -> DD:
        """theta_j after the scaling rule as a double-double (hi = inv_freq), the same in both modes."""
        if self._static_freq is not None:
            return self._static_freq
        rule = self.scaling
        key = seq_len if rule is not None and rule.depends_on_seq_len else None
        cached = self._freq_by_len.get(key)
        if cached is None:
            cached = frequencies(rule, self.rotary_dim, self.base, key)
            cached = type(cached)(*(t.copy() for t in cached), formula=cached._formula)  # the rule's own arrays
            cached[0].flags.writeable = cached[1].flags.writeable = False
            if len(self._freq_by_len) >= 64:  # a bounded memo (cleared whole: safe when threads share the RoPE)
                self._freq_by_len.clear()
            self._freq_by_len[key] = cached
        return cached

    @property
    def attention_factor(self) -> float:
        """a, the factor that multiplies the rotated output (1.0 without a scaling rule)."""
        return 1.0 if self.scaling is None else float(self.scaling.attention_factor)

    def _resolve(self, positions: object, seq_len: float | None) -> tuple[np.ndarray, DD]:
        """Validated float64 positions and the frequencies (hi, lo) that apply to them."""
        pos, length = self._resolve_length(positions, seq_len)
        return pos, self._frequencies(length)

    def _resolve_length(self, positions: object, seq_len: float | None) -> tuple[np.ndarray, float | None]:
        """Validated float64 positions and the sequence length the scaling rule sees."""
        pos = _validate.positions(positions)
        length = _validate.seq_len(seq_len)
        if length is None and self.scaling is not None and self.scaling.depends_on_seq_len:
            if pos.size == 0:
                raise _validate.fail("seq_len", "given when positions is empty (it defaults to "
                                     "max(positions) + 1)", seq_len)
            length = default_seq_len(pos)
            if length <= 0:
                raise _validate.fail("seq_len", "a finite real number > 0; it defaults to max(positions) + 1, "
                                     "so pass it explicitly for all-negative positions", length)
        return pos, length

    # -- angles and tables ---------------------------------------------------------------------

    def angles(self, positions: object, seq_len: float | None = None) -> np.ndarray:
        """m * theta_j for each position m: float64 of shape positions.shape + (rotary_dim // 2,).

        In exact mode: m * theta_j computed in double-double and rounded once.

        Example:
            >>> from rope_ref import RoPE
            >>> RoPE(4, base=100.0).angles([0, 1, 2]).tolist()
            [[0.0, 0.0], [1.0, 0.1], [2.0, 0.2]]
        """
        pos, freq = self._resolve(positions, seq_len)
        self._fits_tables(pos, "angles", "the angles")
        return self._backend.angles(pos, freq)

    def _fits_tables(self, pos: np.ndarray, work: str, what: str) -> None:
        """Refuse tables of positions.shape + (rotary_dim // 2,) beyond the memory limit."""
        h = self.rotary_dim // 2
        fits(self._backend.WORK[work], pos.size * h, None, "positions",
             lambda: f"shape {pos.shape} (tables of {pos.size} x {h} entries)", f"{what} and their work arrays")

    def cos_sin(self, positions: object, seq_len: float | None = None, *,
                scaled: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """cos and sin of :meth:`angles`, each positions.shape + (rotary_dim // 2,).

        One value per pair (not duplicated per feature as some frameworks cache it). With
        ``scaled=True`` both are multiplied by :attr:`attention_factor`, as transformers'
        rotary embedding returns them.

        Example:
            >>> from rope_ref import RoPE
            >>> cos, sin = RoPE(4).cos_sin([0, 1])
            >>> cos.shape, float(cos[0, 0]), float(sin[0, 0])
            ((2, 2), 1.0, 0.0)
        """
        scaled = _validate.flag(scaled, "scaled")
        pos, length = self._resolve_length(positions, seq_len)
        a = self.attention_factor_at(length) if scaled else 1.0
        self._fits_tables(pos, "cos_sin" if a == 1.0 else "cos_sin_scaled", "the cos and sin tables")
        return self._backend.cos_sin(pos, self._frequencies(length), a)

    def attention_factor_at(self, seq_len: float | None = None) -> float:
        """a at a sequence length: :attr:`attention_factor`, except for a rule whose factor switches
        with the length (PhiMoE's short and long mscale).

        Example:
            >>> from rope_ref import RoPE
            >>> from rope_ref.scaling import LongRoPEMscale
            >>> rule = LongRoPEMscale((1.0, 1.0), (4.0, 4.0), 4096, short_mscale=1.1, long_mscale=1.25)
            >>> rope = RoPE(4, scaling=rule)
            >>> rope.attention_factor_at(4096), rope.attention_factor_at(4097)
            (1.1, 1.25)
        """
        return 1.0 if self.scaling is None else float(self.scaling.attention_factor_for(_validate.seq_len(seq_len)))

    def _rotate(self, x: object, positions: object, seq_len: float | None, inverse: bool, name: str,
                what: str) -> np.ndarray:
        """x rotated by a * e^{i m theta_j} (or by its inverse), tables broadcast against x; refused before
        anything is allocated when the output and work arrays would pass the memory limit, and
        afterwards when the output overflows float64."""
        arr = _validate.features_input(x, name, self.dim)
        pos, length = self._resolve_length(positions, seq_len)
        _validate.broadcast_positions(pos, arr.shape[:-1])
        fits(self._backend.WORK["rotate"], pos.size * (self.rotary_dim // 2), arr, name,
             lambda: f"{_validate.shape_text(arr)} at positions of shape {pos.shape}",
             "the rotated output and its work arrays")
        xf = _validate.as_float64(arr, name)
        with np.errstate(over="ignore", invalid="ignore"):
            out, known = self._backend.rotate(xf, pos, self._frequencies(length), self.layout, self.rotary_dim,
                                              self.attention_factor_at(length), inverse)
        return _validate.finite_output(out, xf, name, what, checked=known)

    def inv_freq_dd_for(self, positions: object, seq_len: float | None = None) -> DD:
        """The frequencies :meth:`apply` uses for these positions as a double-double (hi, lo):
        the scaling rule's formula (or theta_j) before its one rounding; ``hi`` is
        :meth:`inv_freq_for`. Exact mode rotates with hi + lo, float64 mode with hi.

        Example:
            >>> from rope_ref import RoPE
            >>> hi, lo = RoPE(4).inv_freq_dd_for([0, 1])
            >>> hi.tolist(), bool(lo[1] != 0)   # 0.01 is not a float64
            ([1.0, 0.01], True)
        """
        return self._resolve(positions, seq_len)[1]

    # -- rotation ------------------------------------------------------------------------------

    def apply(self, x: object, positions: object, seq_len: float | None = None) -> np.ndarray:
        """Rotate x: a * z_j * e^{i m theta_j} on each pair, pass-through features copied.

        Example:
            >>> import numpy as np
            >>> from rope_ref import RoPE
            >>> q = np.ones((3, 8))                       # (seq, d)
            >>> RoPE(8).apply(q, positions=np.arange(3)).shape
            (3, 8)

        Parameters:
            x: features of any real float dtype, shape (..., dim); read exactly.
            positions: real positions (negative and fractional allowed) broadcastable to
                x.shape[:-1]: (seq,) fits (batch, heads, seq, d); (seq, 1) fits
                (batch, seq, heads, d).
            seq_len: current sequence length for rules that depend on it; defaults to
                max(positions) + 1.

        Returns:
            float64 array of x's shape.

        Raises:
            TypeError: x is not a real float array, or positions are not real (a masked array is
                refused: its mask would be ignored).
            ValueError: x.shape[-1] != dim, positions do not broadcast or are not finite, the
                rotated output would overflow float64, the output and work arrays would pass the
                memory limit (``ROPE_REF_MAX_BYTES``, default 4 GiB), or, in float64 mode,
                positions are so large that the angles' error bound reaches half of the output.
        """
        return self._rotate(x, positions, seq_len, False, "x", "a * z_j * e^{i m theta_j}")

    def invert(self, y: object, positions: object, seq_len: float | None = None) -> np.ndarray:
        """Undo :meth:`apply`: rotate by -m * theta_j and divide by the attention factor.

        Example:
            >>> import numpy as np
            >>> from rope_ref import RoPE
            >>> rope, x = RoPE(8), np.arange(8.0)
            >>> bool(np.allclose(rope.invert(rope.apply(x, 5), 5), x, rtol=0, atol=1e-14))
            True
        """
        return self._rotate(y, positions, seq_len, True, "y", "z_j * e^{-i m theta_j} / a")

    def matrix(self, position: float, seq_len: float | None = None) -> np.ndarray:
        """The explicit (dim, dim) matrix of :meth:`apply` at one position (for teaching).

        Example:
            >>> import numpy as np
            >>> from rope_ref import RoPE
            >>> rope, x = RoPE(8, layout="interleaved"), np.arange(8.0)
            >>> bool(np.allclose(rope.matrix(3.0) @ x, rope.apply(x, 3.0), rtol=0, atol=1e-13))
            True
        """
        pos = _validate.positions(position, "position")
        if pos.ndim != 0:
            raise _validate.fail("position", "a single real number", _validate.Shown(f"shape {pos.shape}"))
        return rotation.rotation_matrix(self.angles(pos, seq_len), self.layout, self.dim,
                                        self.attention_factor)

"""xPos: RoPE with a per-pair exponential scale that decays with relative distance.

xPos (Sun et al. 2022, "A Length-Extrapolatable Transformer", arXiv:2212.10554) multiplies
pair j of a query at position m by zeta_j**((m - c) / gamma) and pair j of a key at n by
zeta_j**(-(n - c) / gamma), with

    zeta_j = (2j + 0.4 d) / (1.4 d),   gamma = scale_base (512 by default),

on top of the RoPE rotation. The score then carries zeta_j**((m - n) / gamma): a decay that,
like RoPE itself, depends only on m - n. The centre c cancels in scores but not in the
rotated vectors: rotary-embedding-torch and flash-attn use c = len // 2, torchscale starts its
positions at -(len + offset) // 2, so rope-ref takes c as a parameter (0 by default).

Example:
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> from rope_ref.xpos import XPos
    >>> xpos = XPos(RoPE(8))
    >>> q, k = np.ones(8), np.ones(8)
    >>> s1 = xpos.apply(q, 10, role="query") @ xpos.apply(k, 3, role="key")
    >>> s2 = xpos.apply(q, 110, role="query") @ xpos.apply(k, 103, role="key")
    >>> bool(abs(s1 - s2) < 1e-12)
    True
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from rope_ref import _cr, _validate, exact
from rope_ref._backend import Exact, Float64, backend, fits
from rope_ref.rope import RoPE

__all__ = ["ROLES", "XPos"]

ROLES = ("query", "key")
"""The two roles of XPos.apply: queries are scaled by zeta_j**((m - c)/gamma), keys by its inverse."""
_MAX_EXPONENT = 700.0  # |ln(scale)| below this keeps exp() and its reciprocal normal float64 numbers


def _relative(value: tuple[Decimal, Decimal]) -> tuple[Decimal, Decimal]:
    """(k, relative radius) -> (k, absolute radius)."""
    k, rel = value
    return k, abs(k) * rel


@dataclass(frozen=True)
class XPos:
    """xPos scales on top of a :class:`rope_ref.RoPE`.

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE, XPos
        >>> xpos = XPos(RoPE(4, layout="interleaved"), scale_base=512.0)
        >>> xpos.apply(np.array([1.0, 0.0, 1.0, 0.0]), 0, role="query").tolist()  # no rotation, scale 1
        [1.0, 0.0, 1.0, 0.0]
        >>> q = xpos.apply(np.ones(4), 512, role="query")   # pair j scaled by zeta_j ** 1
        >>> bool(np.allclose(np.hypot(q[0::2], q[1::2]), np.sqrt(2) * xpos.zeta()))
        True

    Parameters:
        rope: the rotation (its dim, base, layout, rotary_dim and scaling).
        scale_base: gamma, the length over which the scale changes by a factor zeta_j.
        centre: c, subtracted from positions in the scale's exponent (not in the rotation).

    Raises:
        TypeError, ValueError: for a rope that is not a RoPE, or a scale_base or centre that is
        not a finite real number (scale_base > 0); at apply time, positions farther than
        about 558 * scale_base from the centre (the scale would leave float64).
    """

    rope: RoPE
    scale_base: float = 512.0
    centre: float = 0.0
    # The arithmetic of the rope's precision, chosen once (rope_ref._backend).
    _backend: Float64 | Exact = field(default=None, init=False, repr=False, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if not isinstance(self.rope, RoPE):
            raise _validate.fail("rope", "a rope_ref.RoPE", self.rope, kind=TypeError)
        object.__setattr__(self, "_backend", backend(self.rope.precision))
        object.__setattr__(self, "scale_base", _validate.positive_real(self.scale_base, "scale_base"))
        object.__setattr__(self, "centre", _validate.finite_real(self.centre, "centre"))

    def zeta(self) -> np.ndarray:
        """zeta_j = (2j + 0.4 d) / (1.4 d) = (10j + 2d) / (7d) for the d = rotary_dim rotating features.

        Example:
            >>> from rope_ref import RoPE
            >>> XPos(RoPE(4)).zeta().round(6).tolist()
            [0.285714, 0.642857]
        """
        return self._zeta_dd()[0]

    def _zeta_dd(self) -> exact.DD:
        """zeta_j as a double-double: the exact rational (10j + 2d) / (7d), rounded, plus its rest."""
        d = self.rope.rotary_dim
        num = 10.0 * np.arange(d // 2) + 2.0 * d  # exact integers
        den = np.full_like(num, 7.0 * d)
        hi = num / den
        p, e = exact.two_prod(hi, den)  # hi * den == p + e exactly
        return hi, ((num - p) - e) / den

    def scale_dd(self, positions: object, role: str = "query") -> exact.DD:
        """zeta_j**(+-(m - c) / gamma) as a double-double, from exp and log in double-double.

        The exponent t = +-(m - c) / gamma is itself a double-double (m - c exactly by TwoSum, the
        division in double-double), so the power is correct to ~1e-30 relative and the same on
        every machine (no libm pow). The result also carries, for exact mode's correct rounding,
        ``size`` (|t ln zeta_j|, which bounds its relative error as (1 + size) 2**-97) and
        ``exact(m, j)``: the exact scale of pair j at position m in decimal (rope_ref._cr).
        """
        pos = _validate.positions(positions)
        sign = 1.0 if _validate.choice(role, "role", ROLES) == "query" else -1.0
        h = self.rope.rotary_dim // 2
        fits(self._backend.WORK["scale"], pos.size * h, None, "positions",
             lambda: f"shape {pos.shape} (tables of {pos.size} x {h} entries)", "the scales and their work arrays")
        with np.errstate(over="ignore", invalid="ignore"):
            shifted = exact.two_sum(pos[..., None], np.full(pos.shape + (1,), -float(self.centre)))
            t = exact._dd.div(shifted, exact._dd.as_dd(np.full(pos.shape + (1,), sign * self.scale_base)))
        z_hi, z_lo = self._zeta_dd()
        log_hi, log_lo = exact.dd_log(z_hi)
        # zeta_j**t = exp(t ln zeta_j) is computed for |t ln zeta_j| < 700 (exp stays inside float64).
        reach = _MAX_EXPONENT / float(np.max(np.abs(log_hi)))
        if t[0].size and not float(np.max(np.abs(t[0]))) <= reach:
            worst = float(pos.flat[int(np.argmax(np.abs(pos - self.centre)))])
            raise _validate.fail("positions", f"within scale_base * {reach:.6g} = {reach * self.scale_base:.6g} of "
                                 f"centre = {self.centre!r} (beyond it zeta_j**((m - c) / scale_base) leaves float64)",
                                 worst)
        log_zeta = exact.dd_add((log_hi, log_lo), (z_lo / z_hi, np.zeros_like(z_lo)))  # ln(hi + lo), first order
        shape = np.broadcast_shapes(t[0].shape, log_zeta[0].shape)
        t_hi, t_lo = (np.broadcast_to(part, shape) for part in t)
        log_b = tuple(np.broadcast_to(part, shape) for part in log_zeta)
        hi, lo = exact.dd_exp(exact.dd_mul((t_hi, t_lo), log_b))
        d = self.rope.rotary_dim
        centre, gamma = float(self.centre), sign * float(self.scale_base)

        def exact_scale(m: float, j: int) -> Any:
            def scale(digits: int) -> tuple[Decimal, Decimal]:
                with decimal.localcontext() as ctx:
                    ctx.prec = digits + 10
                    exponent = (Decimal(m) - Decimal(centre)) / Decimal(gamma)
                    log_z = (Decimal(10 * j + 2 * d) / Decimal(7 * d)).ln()
                    k = (exponent * log_z).exp()
                    ctx.prec = digits
                    return +k, Decimal(10) ** (2 - digits) * (1 + abs(exponent * log_z))

            return scale

        return _cr.Scale(hi, lo, np.abs(t_hi * log_b[0]), exact_scale)

    def scale(self, positions: object, role: str = "query") -> np.ndarray:
        """zeta_j**(+-(m - c) / gamma), correctly rounded: positions.shape + (rotary_dim // 2,), + for queries.

        Each value is the float64 nearest the exact power (t exact, zeta_j the exact rational),
        in both precisions: the double-double's rounding is checked against its error bound
        (1 + |t ln zeta_j|) 2**-97 relative and, where that cannot settle it, the power is
        computed again in decimal (rope_ref._cr).

        Example:
            >>> from rope_ref import RoPE
            >>> XPos(RoPE(4), scale_base=512.0).scale([512.0]).round(6).tolist()   # zeta ** 1
            [[0.285714, 0.642857]]
        """
        pos = _validate.positions(positions)
        scales = self.scale_dd(pos, role)
        eps = np.abs(scales[0]) * (1.0 + scales.size) * (2.0**-97 * _cr.WIDEN)
        out, unsettled = _cr.round_checked(scales[0], scales[1], eps)
        if unsettled.any():
            flat_pos = np.broadcast_to(pos[..., None], out.shape)
            for index in zip(*np.nonzero(unsettled), strict=True):
                k = scales.exact(float(flat_pos[index]), int(index[-1]))
                out[index] = _cr.settle(lambda digits, k=k: _relative(k(digits)))
        return out

    def apply(self, x: object, positions: object, role: str = "query", seq_len: float | None = None) -> np.ndarray:
        """Rotate x as RoPE does and scale pair j by zeta_j**(+-(m - c) / gamma).

        Parameters:
            x: features (..., dim) of any real float dtype.
            positions: broadcastable to x.shape[:-1], as for RoPE.apply.
            role: "query" (scale zeta**(m/gamma)) or "key" (its inverse).
            seq_len: passed to the RoPE's scaling rule.

        Returns:
            float64 array of x's shape; pass-through features are copied unscaled.

        Raises:
            TypeError, ValueError: as :meth:`rope_ref.RoPE.apply`: bad or masked x or positions, an
                output that would overflow float64, output and work arrays beyond the memory limit
                (``ROPE_REF_MAX_BYTES``, default 4 GiB), or float64-mode positions beyond the reach of
                float64 angles; and positions too far from the centre for the scale.
        """
        return self._checked(x, positions, role, seq_len, False, "x")

    def invert(self, y: object, positions: object, role: str = "query", seq_len: float | None = None) -> np.ndarray:
        """Undo :meth:`apply` for the same positions and role."""
        return self._checked(y, positions, role, seq_len, True, "y")

    def _checked(self, x: object, positions: object, role: str, seq_len: float | None, inverse: bool,
                 name: str) -> np.ndarray:
        """x rotated and scaled (or that undone): refused before anything is allocated when the output
        and work arrays would pass the memory limit, and afterwards when the output overflows float64."""
        rope = self.rope
        arr = _validate.features_input(x, name, rope.dim)
        pos = _validate.positions(positions)
        _validate.broadcast_positions(pos, arr.shape[:-1])
        mine = _validate.choice(role, "role", ROLES)
        other = ROLES[1 - ROLES.index(mine)]
        fits(self._backend.WORK["rotate_scaled"], pos.size * (rope.rotary_dim // 2), arr, name,
             lambda: f"{_validate.shape_text(arr)} at positions of shape {pos.shape}",
             "the rotated and scaled output and its work arrays")
        xf = _validate.as_float64(arr, name)
        with np.errstate(over="ignore", invalid="ignore"):
            out, known = self._backend.rotate_scaled(xf, pos, rope.inv_freq_dd_for(pos, seq_len),
                                                     lambda swap: self.scale_dd(pos, other if swap else mine),
                                                     rope.layout, rope.rotary_dim, rope.attention_factor, inverse)
        return _validate.finite_output(out, xf, name, "the rotated and scaled output", checked=known)

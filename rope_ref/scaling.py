"""Context-extension rules: each turns the default frequencies into scaled ones, plus a factor a.

Every rule is a frozen dataclass with validated parameters, passed to ``RoPE(scaling=...)``.
Names follow transformers' ``rope_type`` strings where one exists. Where libraries disagree
on what a name means, the transformers meaning has the common name and the other meanings
have names of their own (:class:`DynamicNTKFixed` for vLLM's "dynamic", :class:`DeepSeekYaRN` for
vLLM's DeepSeek attention factor). keras-hub's "dynamic" is none of the NTK rules: it divides every
frequency by s**(d / (d - 2)), which is ``Linear(s ** (d / (d - 2)))``.

In every formula d is the rotary dimension, j = 0 .. d/2 - 1, theta_j = base**(-2j/d)
(correctly rounded, :func:`rope_ref.default_inv_freq`) and s is the scaling factor.

Example:
    >>> from rope_ref import RoPE
    >>> from rope_ref.scaling import YaRN
    >>> rope = RoPE(128, base=10000.0, scaling=YaRN(factor=4.0, original_max_position_embeddings=4096))
    >>> round(rope.attention_factor, 4)
    1.1386
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from rope_ref import _dd, _validate
from rope_ref._dd import DD
from rope_ref._scaling_base import _ONE, _arguments, _blend, _factor, _ntk_log_base, _over, _positive, _Rule
from rope_ref._scaling_longrope import LongRoPE, LongRoPEMscale
from rope_ref._scaling_yarn import DeepSeekYaRN, YaRN, get_mscale

__all__ = [
    "DeepSeekYaRN",
    "DynamicNTK",
    "DynamicNTKFixed",
    "Linear",
    "Llama3",
    "LongRoPE",
    "LongRoPEMscale",
    "NTKAware",
    "Proportional",
    "YaRN",
    "get_mscale",
]


@dataclass(frozen=True)
class Linear(_Rule):
    """Position interpolation (Chen et al. 2023, arXiv:2306.15595; transformers "linear").

    inv_freq_j = theta_j / s, a = 1: the same as evaluating the default RoPE at m / s.

    Example:
        >>> Linear(4.0).inv_freq(4, 10000.0).tolist()
        [0.25, 0.0025]
    """

    factor: float
    rope_type: ClassVar[str] = "linear"

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _factor(self.factor, "factor"))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return _over(_dd.theta(rotary_dim, base), self.factor)


@dataclass(frozen=True)
class NTKAware(_Rule):
    """NTK-aware base change (bloc97 2023; rotary-embedding-torch ``theta_rescale_factor``).

    base' = base * s**(d / (d - 2)); then the default rule with base'. theta_0 = 1 is kept
    and the lowest frequency theta_(d/2-1) is divided by exactly s. a = 1.

    Example:
        >>> from rope_ref import RoPE
        >>> scaled, default = NTKAware(4.0).inv_freq(8, 10000.0), RoPE(8).inv_freq()
        >>> float(scaled[0]), round(float(scaled[-1] / default[-1]), 12)
        (1.0, 0.25)
    """

    factor: float
    rope_type: ClassVar[str] = "ntk_aware"

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _factor(self.factor, "factor"))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return _dd.theta_from_log(rotary_dim, _ntk_log_base(rotary_dim, base, _dd.as_dd(self.factor), "factor",
                                                            self.factor))


@dataclass(frozen=True)
class DynamicNTK(_Rule):
    """Dynamic NTK (transformers "dynamic"): the NTK base grows with the current length.

    With L = max_position_embeddings and s_len = max(seq_len, L):
    base' = base * (s * s_len / L - (s - 1))**(d / (d - 2)); inv_freq = default with base';
    a = 1. While seq_len <= L this is the default rule. transformers recomputes it when
    max(position_ids) + 1 exceeds the cached length, so keys cached earlier were rotated with
    another base; here the caller passes ``seq_len`` (RoPE defaults it to max(positions) + 1).

    Example:
        >>> from rope_ref import RoPE
        >>> rule = DynamicNTK(factor=2.0, max_position_embeddings=4096)
        >>> bool((rule.inv_freq(128, 1e4, seq_len=4096) == RoPE(128).inv_freq()).all())
        True
    """

    factor: float
    max_position_embeddings: int
    rope_type: ClassVar[str] = "dynamic"
    depends_on_seq_len: ClassVar[bool] = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _factor(self.factor, "factor"))
        object.__setattr__(self, "max_position_embeddings",
                           _positive(self.max_position_embeddings, "max_position_embeddings"))

    def growth(self, seq_len: float | None = None) -> DD:
        """s * s_len / L - (s - 1) as a double-double (seq_len None means max_position_embeddings;
        otherwise it must be a finite real number > 0)."""
        seq_len = _validate.seq_len(seq_len)
        limit = float(self.max_position_embeddings)
        length = limit if seq_len is None else max(float(seq_len), limit)
        with np.errstate(over="ignore", invalid="ignore"):
            scaled = _dd.mul(_dd.div(_dd.as_dd(length), _dd.as_dd(limit)), _dd.as_dd(self.factor))
            return _dd.sub(scaled, _dd.two_sum(self.factor, -1.0))

    def _log_base(self, rotary_dim: int, base: float, seq_len: float | None) -> DD:
        limit = self.max_position_embeddings
        given = f"factor = {self.factor!r}, max_position_embeddings = {limit!r}"
        at_limit = seq_len is None or float(seq_len) <= limit
        culprit, value = (f"factor ({given})", self.factor) if at_limit else (f"seq_len ({given})", seq_len)
        return _ntk_log_base(rotary_dim, base, self.growth(seq_len), culprit, value)

    def ntk_base(self, rotary_dim: int, base: float, seq_len: float | None = None) -> float:
        """base' for the given length (seq_len None means max_position_embeddings), rounded to float64."""
        return float(_dd.exp(self._log_base(*_arguments(rotary_dim, base, seq_len)))[0])

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return _dd.theta_from_log(rotary_dim, self._log_base(rotary_dim, base, seq_len))


@dataclass(frozen=True)
class DynamicNTKFixed(_Rule):
    """vLLM's "dynamic": the transformers rule evaluated once at seq_len = s * L.

    base' = base * (s**2 - s + 1)**(d / (d - 2)), independent of the current length; a = 1.

    Example:
        >>> fixed = DynamicNTKFixed(2.0).inv_freq(128, 1e4)
        >>> dynamic = DynamicNTK(2.0, 4096).inv_freq(128, 1e4, seq_len=8192)
        >>> bool(abs(fixed / dynamic - 1).max() < 1e-14)
        True
    """

    factor: float
    rope_type: ClassVar[str] = "dynamic_fixed"

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _factor(self.factor, "factor"))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        s = self.factor
        with np.errstate(over="ignore", invalid="ignore"):
            growth = _dd.add(_dd.sub(_dd.two_prod(s, s), (s, 0.0)), _ONE)  # s**2 - s + 1, exactly
        return _dd.theta_from_log(rotary_dim, _ntk_log_base(rotary_dim, base, growth, "factor", s))


@dataclass(frozen=True)
class Llama3(_Rule):
    """Llama 3.x frequency smoothing (Meta llama-models ``apply_scaling``; transformers "llama3").

    With wavelen_j = 2 pi / theta_j, low_wl = L0 / low_freq_factor, high_wl = L0 / high_freq_factor:
    wavelen_j < high_wl keeps theta_j; wavelen_j > low_wl gives theta_j / s; in between,
    smooth = (L0 / wavelen_j - low_freq_factor) / (high_freq_factor - low_freq_factor) and
    inv_freq_j = (1 - smooth) theta_j / s + smooth theta_j. a = 1.

    When high_freq_factor == low_freq_factor (Llama 4 Scout) the band collapses to the single
    wavelength L0 / low_freq_factor and the formula is 0 / 0 there; rope-ref defines it as the
    limit, a step: smooth = 0 (theta_j / s) at that wavelength, as vLLM does.

    Example:
        >>> from rope_ref import RoPE
        >>> f = Llama3().inv_freq(128, 500000.0)
        >>> theta = RoPE(128, base=500000.0).inv_freq()
        >>> int((f == theta).sum()), int((f == theta / 8).sum())
        (29, 29)
    """

    factor: float = 8.0
    low_freq_factor: float = 1.0
    high_freq_factor: float = 4.0
    original_max_position_embeddings: int = 8192
    rope_type: ClassVar[str] = "llama3"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "factor", _factor(self.factor, "factor"))
        set_(self, "low_freq_factor", _positive(self.low_freq_factor, "low_freq_factor"))
        set_(self, "high_freq_factor", _positive(self.high_freq_factor, "high_freq_factor"))
        set_(self, "original_max_position_embeddings",
             _positive(self.original_max_position_embeddings, "original_max_position_embeddings"))
        if self.original_max_position_embeddings > 2.0**53:  # its wavelength ratios must stay in double-double range
            raise _validate.fail("original_max_position_embeddings", "at most 2**53 (a token count float64 holds "
                                 "exactly)", self.original_max_position_embeddings)
        if self.high_freq_factor < self.low_freq_factor:
            raise _validate.fail("high_freq_factor", f">= low_freq_factor = {self.low_freq_factor} (the band "
                                 "between the two wavelengths would be inverted)", self.high_freq_factor)

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        """theta_j (kept), theta_j / s (divided) or the blend, decided on the exact wavelengths."""
        theta = _dd.theta(rotary_dim, base)
        over = _over(theta, self.factor)
        l0 = _dd.as_dd(float(self.original_max_position_embeddings))
        wavelen = _dd.div(_dd.TWO_PI, theta)
        kept = _dd.less(wavelen, _dd.div(l0, _dd.as_dd(self.high_freq_factor)))
        if self.high_freq_factor == self.low_freq_factor:
            return _dd.select(kept, theta, over)  # the collapsed band: the limit, a step
        divided = _dd.less(_dd.div(l0, _dd.as_dd(self.low_freq_factor)), wavelen)
        smooth = _dd.div(_dd.sub(_dd.div(l0, wavelen), _dd.as_dd(self.low_freq_factor)),
                         _dd.two_sum(self.high_freq_factor, -self.low_freq_factor))
        blend = _blend(theta, over, _dd.sub(_ONE, smooth))
        return _dd.select(kept, theta, _dd.select(divided, over, blend))


@dataclass(frozen=True)
class Proportional(_Rule):
    """transformers "proportional" partial rotary: head_dim stays in the exponent.

    With the RoPE's rotary_dim set to the whole head_dim h and k = floor(p * h / 2):
    inv_freq_j = base**(-2j / h) / s for j < k and 0 after (those pairs do not rotate).
    Plain partial rotary (``RoPE(rotary_dim=...)``) instead puts r = p * h in the exponent.

    Example:
        >>> Proportional(partial_rotary_factor=0.5).inv_freq(8, 10000.0).tolist()
        [1.0, 0.1, 0.0, 0.0]
    """

    partial_rotary_factor: float
    factor: float = 1.0
    rope_type: ClassVar[str] = "proportional"

    def __post_init__(self) -> None:
        p = _positive(self.partial_rotary_factor, "partial_rotary_factor")
        if p > 1:
            raise _validate.fail("partial_rotary_factor", "in (0, 1]", self.partial_rotary_factor)
        object.__setattr__(self, "partial_rotary_factor", p)
        object.__setattr__(self, "factor", _factor(self.factor, "factor"))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        rotated = int(self.partial_rotary_factor * rotary_dim // 2)
        hi, lo = _over(_dd.theta(rotary_dim, base), self.factor)
        hi[rotated:], lo[rotated:] = 0.0, 0.0
        return hi, lo

"""Context-extension rules: each turns the default frequencies into scaled ones, plus a factor a.

Every rule is a frozen dataclass with validated parameters, passed to ``RoPE(scaling=...)``.
Names follow transformers' ``rope_type`` strings where one exists. Where libraries disagree
on what a name means, the transformers meaning has the common name and the other meanings
have names of their own (:class:`NTKAware` for keras-hub's "dynamic", :class:`DynamicNTKFixed`
for vLLM's "dynamic", :class:`DeepSeekYaRN` for vLLM's DeepSeek attention factor).

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

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from rope_ref import _validate
from rope_ref.exact import DD, dd_mul, reciprocal_dd, theta_dd
from rope_ref.frequencies import Scaling, default_inv_freq

__all__ = [
    "DeepSeekYaRN",
    "DynamicNTK",
    "DynamicNTKFixed",
    "Linear",
    "Llama3",
    "LongRoPE",
    "NTKAware",
    "Proportional",
    "YaRN",
    "get_mscale",
]


def _positive(value: object, name: str) -> float:
    return _validate.positive_real(value, name)


def _factor(value: object, name: str) -> float:
    """A scaling factor: finite, in [2**-995, 2**995] (frequencies are divided by it as double-doubles,
    whose error-free products need both it and its reciprocal below 2**995)."""
    result = _validate.to_float(value, name, f"a finite real number in {_validate.BASE_RANGE}")
    if not _validate.BASE_MIN <= result <= _validate.BASE_MAX:
        raise _validate.fail(name, f"a finite real number in {_validate.BASE_RANGE}", value)
    return result


def _optional_positive(value: object, name: str) -> float | None:
    return None if value is None else _validate.positive_real(value, name)


def _ntk_base(base: float, growth: float, rotary_dim: int, culprit: str = "factor", value: object = None) -> float:
    """base * growth**(d / (d - 2)); for d = 2 the only frequency is theta_0 = 1 whatever the
    base, so the base is left as it is (the exponent would divide by zero).

    The result must stay in the range of ``base`` (:data:`rope_ref._validate.BASE_RANGE`); if it
    does not, the error names ``culprit`` (the public argument that made it too large).
    """
    if rotary_dim == 2:
        return base
    try:
        result = base * growth ** (rotary_dim / (rotary_dim - 2))
    except OverflowError:
        result = math.inf
    if not _validate.BASE_MIN <= result <= _validate.BASE_MAX:
        raise _validate.fail(culprit, f"small enough that the NTK base base * growth**(d / (d - 2)) stays within "
                             f"{_validate.BASE_RANGE} (base = {base!r}, d = {rotary_dim})",
                             growth if value is None else value, f"It would be {result:.6g}.")
    return result


def _times(theta: DD, factor: np.ndarray | float) -> DD:
    """theta (a double-double) times a float64 factor, as a double-double."""
    f = np.broadcast_to(np.asarray(factor, dtype=np.float64), theta[0].shape)
    return dd_mul(theta, (f, np.zeros_like(f)))


def _over(theta: DD, divisor: np.ndarray | float) -> DD:
    """theta (a double-double) divided by float64 divisors, as a double-double."""
    d = np.broadcast_to(np.asarray(divisor, dtype=np.float64), theta[0].shape)
    return dd_mul(theta, reciprocal_dd(d))


def get_mscale(scale: float, mscale: float = 1.0) -> float:
    """YaRN's attention temperature: 1 if scale <= 1, else 0.1 * mscale * ln(scale) + 1.

    Example:
        >>> round(get_mscale(4.0), 6), get_mscale(0.5)
        (1.138629, 1.0)
    """
    return 1.0 if scale <= 1.0 else 0.1 * mscale * math.log(scale) + 1.0


@dataclass(frozen=True)
class Linear(Scaling):
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

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return default_inv_freq(rotary_dim, base) / self.factor

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return _over(theta_dd(rotary_dim, base), self.factor)


@dataclass(frozen=True)
class NTKAware(Scaling):
    """NTK-aware base change (bloc97 2023; rotary-embedding-torch ``theta_rescale_factor``;
    keras-hub's "dynamic").

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

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return self.inv_freq_dd(rotary_dim, base)[0]

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return theta_dd(rotary_dim, _ntk_base(base, self.factor, rotary_dim))


@dataclass(frozen=True)
class DynamicNTK(Scaling):
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

    def ntk_base(self, rotary_dim: int, base: float, seq_len: float | None = None) -> float:
        """base' for the given length (seq_len None means max_position_embeddings)."""
        limit = self.max_position_embeddings
        length = limit if seq_len is None else max(float(seq_len), limit)
        with np.errstate(over="ignore"):
            growth = float(np.float64(self.factor) * length / limit - (self.factor - 1.0))
            if not math.isfinite(growth):  # s * length overflowed; the same value in another order
                growth = float(np.float64(self.factor) * (length / limit) - (self.factor - 1.0))
        given = f"factor = {self.factor!r}, max_position_embeddings = {self.max_position_embeddings!r}"
        if seq_len is None or length == limit:
            return _ntk_base(base, growth, rotary_dim, f"factor ({given})", self.factor)
        return _ntk_base(base, growth, rotary_dim, f"seq_len ({given})", seq_len)

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return self.inv_freq_dd(rotary_dim, base, seq_len)[0]

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return theta_dd(rotary_dim, self.ntk_base(rotary_dim, base, seq_len))


@dataclass(frozen=True)
class DynamicNTKFixed(Scaling):
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

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return self.inv_freq_dd(rotary_dim, base)[0]

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        s = self.factor
        return theta_dd(rotary_dim, _ntk_base(base, s * s - s + 1.0, rotary_dim, "factor", s))


@dataclass(frozen=True)
class YaRN(Scaling):
    """YaRN (Peng et al. 2023, arXiv:2309.00071; transformers "yarn").

    correction_dim(r) = d ln(L0 / (2 pi r)) / (2 ln base); low = correction_dim(beta_fast),
    high = correction_dim(beta_slow), floored and ceiled when ``truncate``, then clamped to
    [0, d - 1] (high += 0.001 if they meet). ramp_j = clip((j - low) / (high - low), 0, 1) and
    inv_freq_j = theta_j / s * ramp_j + theta_j * (1 - ramp_j): high frequencies (j < low) are
    kept, low ones (j > high) interpolated. a = ``attention_factor`` if given, else
    get_mscale(s, mscale) / get_mscale(s, mscale_all_dim) when both are set and non-zero
    (DeepSeek-V2/V3), else get_mscale(s). beta_fast / beta_slow of 0 or None mean 32 / 1, as in
    transformers.

    Example:
        >>> rule = YaRN(factor=4.0, original_max_position_embeddings=4096)
        >>> rule.correction_range(128, 10000.0)
        (20, 46)
    """

    factor: float
    original_max_position_embeddings: int
    beta_fast: float | None = 32.0
    beta_slow: float | None = 1.0
    mscale: float | None = None
    mscale_all_dim: float | None = None
    attention_factor: float | None = None
    truncate: bool = True
    rope_type: ClassVar[str] = "yarn"

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "factor", _factor(self.factor, "factor"))
        set_(self, "original_max_position_embeddings",
             _positive(self.original_max_position_embeddings, "original_max_position_embeddings"))
        set_(self, "beta_fast", _positive(32.0 if self.beta_fast is None or self.beta_fast == 0 else self.beta_fast,
                                          "beta_fast"))
        set_(self, "beta_slow", _positive(1.0 if self.beta_slow is None or self.beta_slow == 0 else self.beta_slow,
                                          "beta_slow"))
        if self.beta_fast < self.beta_slow:  # type: ignore[operator]
            raise _validate.fail("beta_fast", f">= beta_slow = {self.beta_slow!r} (beta_fast sets the start of the "
                                 "ramp, beta_slow its end; swapped, the ramp would run backwards)", self.beta_fast)
        for name in ("mscale", "mscale_all_dim"):
            value = getattr(self, name)
            if value is not None:
                set_(self, name, _validate.nonnegative_real(value, name))
        set_(self, "attention_factor", _optional_positive(self.attention_factor, "attention_factor"))
        set_(self, "truncate", _validate.flag(self.truncate, "truncate"))
        _validate.attention_factor(self.attention_scaling, "mscale, mscale_all_dim and attention_factor", self)
        for name in ("beta_fast", "beta_slow"):  # correction_dim takes ln(L0 / (2 pi beta))
            with np.errstate(over="ignore", under="ignore"):
                l0, beta = np.float64(self.original_max_position_embeddings), np.float64(getattr(self, name))
                ratio = l0 / (beta * 2 * np.pi)
            if not 0 < ratio < np.inf:
                raise _validate.fail(f"{name} and original_max_position_embeddings", "such that "
                                     "original_max_position_embeddings / (2 pi beta) is a positive float64 number",
                                     _validate.Shown(f"{name} = {getattr(self, name)!r} and "
                                                     f"original_max_position_embeddings = "
                                                     f"{self.original_max_position_embeddings!r}"))

    def correction_dim(self, rotations: float, rotary_dim: int, base: float) -> float:
        """The (fractional) pair index whose wavelength fits ``rotations`` times in L0."""
        return rotary_dim * math.log(self.original_max_position_embeddings / (rotations * 2 * math.pi)) / (
            2 * math.log(base))

    def correction_range(self, rotary_dim: int, base: float) -> tuple[float, float]:
        """(low, high) after truncation and clamping, before the low == high adjustment."""
        low = self.correction_dim(float(self.beta_fast), rotary_dim, base)  # type: ignore[arg-type]
        high = self.correction_dim(float(self.beta_slow), rotary_dim, base)  # type: ignore[arg-type]
        if self.truncate:
            low, high = math.floor(low), math.ceil(high)
        return max(low, 0), min(high, rotary_dim - 1)

    def ramp(self, rotary_dim: int, base: float) -> np.ndarray:
        """ramp_j in [0, 1]: 0 keeps theta_j (extrapolation), 1 divides it by s (interpolation)."""
        low, high = self.correction_range(rotary_dim, base)
        if low == high:
            high += 0.001  # as transformers: avoids 0 / 0 when the range collapses
        j = np.arange(rotary_dim // 2, dtype=np.float64)
        return np.clip((j - low) / (high - low), 0.0, 1.0)

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        theta = default_inv_freq(rotary_dim, base)
        ramp = self.ramp(rotary_dim, base)
        blend = theta * (1.0 - ramp * (1.0 - 1.0 / self.factor))
        return np.where(ramp == 0.0, theta, np.where(ramp == 1.0, theta / self.factor, blend))

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        """theta_j exactly where the ramp is 0, theta_j / s where it is 1, theta_j times the float64
        blend factor 1 - ramp (1 - 1/s) in between."""
        theta = theta_dd(rotary_dim, base)
        ramp = self.ramp(rotary_dim, base)
        kept, divided = _times(theta, 1.0 - ramp * (1.0 - 1.0 / self.factor)), _over(theta, self.factor)
        pick = [np.where(ramp == 0.0, t, np.where(ramp == 1.0, q, b)) for t, q, b in zip(theta, divided, kept,
                                                                                          strict=True)]
        return pick[0], pick[1]

    @property
    def attention_scaling(self) -> float:
        if self.attention_factor is not None:
            return self.attention_factor
        if self.mscale and self.mscale_all_dim:
            return get_mscale(self.factor, self.mscale) / get_mscale(self.factor, self.mscale_all_dim)
        return get_mscale(self.factor)


@dataclass(frozen=True)
class DeepSeekYaRN(YaRN):
    """YaRN with vLLM's DeepSeek attention factor: a = get_mscale(s, mscale) /
    get_mscale(s, mscale_all_dim), unset values counting as mscale = 1 and mscale_all_dim = 0.

    It differs from :class:`YaRN` (transformers) when only one of the two is set: with mscale
    0.707 and mscale_all_dim 0, transformers ignores mscale (a = get_mscale(s)) while this
    gives get_mscale(s, 0.707). An explicit ``attention_factor`` multiplies the result.

    Example:
        >>> hf = YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0)
        >>> vllm = DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0)
        >>> round(hf.attention_scaling, 4), round(vllm.attention_scaling, 4)
        (1.3689, 1.2608)
    """

    rope_type: ClassVar[str] = "deepseek_yarn"

    @property
    def attention_scaling(self) -> float:
        mscale = 1.0 if self.mscale is None else self.mscale
        mscale_all_dim = 0.0 if self.mscale_all_dim is None else self.mscale_all_dim
        a = get_mscale(self.factor, mscale) / get_mscale(self.factor, mscale_all_dim)
        return a * (1.0 if self.attention_factor is None else self.attention_factor)


@dataclass(frozen=True)
class Llama3(Scaling):
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
        if self.high_freq_factor < self.low_freq_factor:
            raise _validate.fail("high_freq_factor", f">= low_freq_factor = {self.low_freq_factor} (the band "
                                 "between the two wavelengths would be inverted)", self.high_freq_factor)

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        theta = default_inv_freq(rotary_dim, base)
        l0, s = float(self.original_max_position_embeddings), self.factor
        wavelen = 2 * math.pi / theta
        low_wl, high_wl = l0 / self.low_freq_factor, l0 / self.high_freq_factor
        out = np.where(wavelen > low_wl, theta / s, theta)
        medium = (wavelen >= high_wl) & (wavelen <= low_wl)
        if self.high_freq_factor == self.low_freq_factor:
            return np.where(medium, theta / s, out)  # the collapsed band: the limit, a step
        smooth = (l0 / wavelen - self.low_freq_factor) / (self.high_freq_factor - self.low_freq_factor)
        return np.where(medium, (1 - smooth) * theta / s + smooth * theta, out)

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        """theta_j (kept), theta_j / s (divided) or theta_j times the float64 smoothing factor
        (1 - smooth) / s + smooth, as double-doubles."""
        theta = theta_dd(rotary_dim, base)
        freq = self.inv_freq(rotary_dim, base)
        kept, divided = freq == theta[0], freq == theta[0] / self.factor
        coefficient = np.ones_like(freq)  # every pair is kept or divided when the band has collapsed
        if self.high_freq_factor != self.low_freq_factor:
            wavelen = 2 * math.pi / theta[0]
            smooth = (self.original_max_position_embeddings / wavelen - self.low_freq_factor) / (
                self.high_freq_factor - self.low_freq_factor)
            coefficient = np.where(kept | divided, 1.0, (1 - smooth) / self.factor + smooth)
        blended, over = _times(theta, coefficient), _over(theta, self.factor)
        pick = [np.where(kept, t, np.where(divided, q, b)) for t, q, b in zip(theta, over, blended, strict=True)]
        return pick[0], pick[1]


@dataclass(frozen=True)
class LongRoPE(Scaling):
    """LongRoPE (Ding et al. 2024, arXiv:2402.13753; Phi-3; transformers "longrope").

    inv_freq_j = theta_j / ext_j with ext = long_factor if seq_len > L0 else short_factor
    (seq_len = max(positions) + 1 in transformers, which switches every position to the long
    factors at once; vLLM decides once from the serving length). s = ``factor``, or
    max_position_embeddings / L0 when it is not given. a = ``attention_factor`` if given, else
    1 if s <= 1, else sqrt(1 + ln(s) / ln(L0)).

    Example:
        >>> rule = LongRoPE((1.0, 2.0), (4.0, 8.0), 4096, max_position_embeddings=131072)
        >>> rule.inv_freq(4, 100.0, seq_len=4096).tolist(), rule.inv_freq(4, 100.0, seq_len=4097).tolist()
        ([1.0, 0.05], [0.25, 0.0125])
        >>> round(rule.attention_scaling, 5)
        1.19024
    """

    short_factor: tuple[float, ...]
    long_factor: tuple[float, ...]
    original_max_position_embeddings: int
    factor: float | None = None
    max_position_embeddings: int | None = None
    attention_factor: float | None = None
    rope_type: ClassVar[str] = "longrope"
    depends_on_seq_len: ClassVar[bool] = True
    _scale: float = field(default=1.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("short_factor", "long_factor"):
            value = getattr(self, name)
            arr = _validate.as_array(value, name, "a non-empty sequence of real numbers")
            if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iuf":
                raise _validate.fail(name, "a non-empty sequence of real numbers", value, kind=TypeError)
            arr = arr.astype(np.float64)
            if not np.all(np.isfinite(arr)) or np.any(arr < _validate.BASE_MIN) or np.any(arr > _validate.BASE_MAX):
                raise _validate.fail(name, f"numbers in {_validate.BASE_RANGE}", value)
            set_(self, name, tuple(arr.tolist()))
        set_(self, "original_max_position_embeddings",
             _positive(self.original_max_position_embeddings, "original_max_position_embeddings"))
        set_(self, "factor", None if self.factor is None else _factor(self.factor, "factor"))
        set_(self, "max_position_embeddings", _optional_positive(self.max_position_embeddings,
                                                                 "max_position_embeddings"))
        set_(self, "attention_factor", _optional_positive(self.attention_factor, "attention_factor"))
        if self.factor is None and self.max_position_embeddings is None:
            raise _validate.fail("factor", "given, or derivable as max_position_embeddings / "
                                 "original_max_position_embeddings", None)
        scale = self.factor if self.factor is not None else (
            self.max_position_embeddings / self.original_max_position_embeddings)  # type: ignore[operator]
        set_(self, "_scale", float(scale))
        if not math.isfinite(self._scale) or self._scale <= 0:
            raise _validate.fail("max_position_embeddings", "such that max_position_embeddings / "
                                 "original_max_position_embeddings is a positive float64 number",
                                 self.max_position_embeddings)
        if self.attention_factor is None and self._scale > 1.0 and self.original_max_position_embeddings <= 1.0:
            raise _validate.fail("original_max_position_embeddings", "> 1 when the attention factor "
                                 "sqrt(1 + ln(s) / ln(original_max_position_embeddings)) is derived (pass "
                                 "attention_factor otherwise)", self.original_max_position_embeddings)

    def check(self, rotary_dim: int, base: float) -> None:
        """Both factor lists must have rotary_dim // 2 entries; the attention factor must be usable."""
        _validate.attention_factor(self.attention_scaling, "attention_factor and original_max_position_embeddings",
                                   self)
        for name in ("short_factor", "long_factor"):
            size = len(getattr(self, name))
            if size != rotary_dim // 2:
                raise _validate.fail(name, f"a list of rotary_dim // 2 = {rotary_dim // 2} factors",
                                     _validate.Shown(f"{size} factors"))

    @property
    def scale(self) -> float:
        """s: ``factor``, or max_position_embeddings / original_max_position_embeddings."""
        return self._scale

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        long = seq_len is not None and seq_len > self.original_max_position_embeddings
        name = "long_factor" if long else "short_factor"
        ext = np.asarray(getattr(self, name))
        if ext.size != rotary_dim // 2:
            raise _validate.fail(f"{name} length", f"rotary_dim // 2 = {rotary_dim // 2}", ext.size)
        return default_inv_freq(rotary_dim, base) / ext

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        self.inv_freq(rotary_dim, base, seq_len)  # validates the factor list's length
        long = seq_len is not None and seq_len > self.original_max_position_embeddings
        return _over(theta_dd(rotary_dim, base), np.asarray(self.long_factor if long else self.short_factor))

    @property
    def attention_scaling(self) -> float:
        if self.attention_factor is not None:
            return self.attention_factor
        if self.scale <= 1.0:
            return 1.0
        return math.sqrt(1.0 + math.log(self.scale) / math.log(self.original_max_position_embeddings))


@dataclass(frozen=True)
class Proportional(Scaling):
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

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        rotated = int(self.partial_rotary_factor * rotary_dim // 2)
        freq = np.zeros(rotary_dim // 2)
        freq[:rotated] = default_inv_freq(rotary_dim, base)[:rotated]
        return freq / self.factor

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        rotated = int(self.partial_rotary_factor * rotary_dim // 2)
        hi, lo = _over(theta_dd(rotary_dim, base), self.factor)
        hi[rotated:], lo[rotated:] = 0.0, 0.0
        return hi, lo

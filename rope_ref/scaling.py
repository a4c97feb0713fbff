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

import abc
import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import ClassVar

import numpy as np

from rope_ref import _dd, _validate
from rope_ref._dd import DD
from rope_ref.frequencies import Scaling

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


_ZERO, _ONE = (0.0, 0.0), (1.0, 0.0)
_THOUSANDTH = _dd.constant(Fraction(1, 1000))
_TENTH = _dd.constant(Fraction(1, 10))
_LN_BASE_MAX = 995 * _dd.LN2[0]  # ln(2**995): base' must stay within [2**-995, 2**995]


def _ntk_log_base(rotary_dim: int, base: float, growth: DD, culprit: str, value: object) -> DD:
    """ln base' = ln base + d / (d - 2) ln growth for the NTK base base' = base * growth**(d / (d - 2)),
    in double-double (growth a double-double; for d = 2, whose only frequency is theta_0 = 1
    whatever the base, ln base).

    base' must stay within the range of ``base`` (:data:`rope_ref._validate.BASE_RANGE`); if it
    does not, the error names ``culprit`` (the public argument that made it too large).
    """
    log_base = _dd.log(np.float64(base))
    if rotary_dim == 2:
        return log_base
    with np.errstate(over="ignore", invalid="ignore"):
        log_growth = _dd.log(growth) if np.isfinite(growth[0]) else (np.inf, 0.0)
        result = _dd.add(log_base, _dd.mul(_dd.ratio(np.float64(rotary_dim), rotary_dim - 2), log_growth))
    if not abs(float(result[0])) <= _LN_BASE_MAX:
        raise _validate.fail(culprit, f"small enough that the NTK base base * growth**(d / (d - 2)) stays within "
                             f"{_validate.BASE_RANGE} (base = {base!r}, d = {rotary_dim})", value,
                             f"Its natural logarithm would be {float(result[0]):.6g}.")
    return result


def _over(theta: DD, divisor: object) -> DD:
    """theta (a double-double) divided by float64 divisors, as a double-double."""
    return _dd.div(theta, _dd.as_dd(divisor))


def _blend(theta: DD, over: DD, weight: DD) -> DD:
    """weight * theta / s + (1 - weight) * theta: the interpolated share ``weight`` of a pair."""
    return _dd.add(_dd.mul(over, weight), _dd.mul(theta, _dd.sub(_ONE, weight)))


def get_mscale(scale: float, mscale: float = 1.0) -> float:
    """YaRN's attention temperature: 1 if scale <= 1, else 0.1 * mscale * ln(scale) + 1.

    Computed in double-double (0.1 the exact decimal) and rounded once.

    Example:
        >>> round(get_mscale(4.0), 6), get_mscale(0.5)
        (1.138629, 1.0)
    """
    return float(_mscale_dd(scale, mscale)[0])


def _mscale_dd(scale: float, mscale: float) -> DD:
    """:func:`get_mscale` as a double-double (0.1 the exact decimal)."""
    if scale <= 1.0:
        return _ONE
    with np.errstate(over="ignore", invalid="ignore"):  # a huge mscale gives inf or NaN, refused by the rule
        return _dd.add(_dd.mul(_dd.mul(_TENTH, _dd.as_dd(float(mscale))), _dd.log(np.float64(scale))), _ONE)


class _Rule(Scaling):
    """A built-in rule: its one formula is :meth:`inv_freq_dd`, and float64 is that rounded once."""

    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        return np.asarray(self.inv_freq_dd(rotary_dim, base, seq_len)[0], dtype=np.float64).copy()

    @abc.abstractmethod
    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        """The rule's formula, evaluated in double-double."""


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

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return _over(_dd.theta(rotary_dim, base), self.factor)


@dataclass(frozen=True)
class NTKAware(_Rule):
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

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
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
        """s * s_len / L - (s - 1) as a double-double (seq_len None means max_position_embeddings)."""
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
        return float(_dd.exp(self._log_base(rotary_dim, base, seq_len))[0])

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
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

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        s = self.factor
        with np.errstate(over="ignore", invalid="ignore"):
            growth = _dd.add(_dd.sub(_dd.two_prod(s, s), (s, 0.0)), _ONE)  # s**2 - s + 1, exactly
        return _dd.theta_from_log(rotary_dim, _ntk_log_base(rotary_dim, base, growth, "factor", s))


@dataclass(frozen=True)
class YaRN(_Rule):
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
        """The (fractional) pair index whose wavelength fits ``rotations`` times in L0,
        d ln(L0 / (2 pi rotations)) / (2 ln base), rounded to float64."""
        return float(self._correction_dd(rotations, rotary_dim, base)[0])

    def _correction_dd(self, rotations: float, rotary_dim: int, base: float) -> DD:
        """:meth:`correction_dim` as a double-double."""
        wavelengths = _dd.div(_dd.as_dd(float(self.original_max_position_embeddings)),
                              _dd.mul(_dd.as_dd(float(rotations)), _dd.TWO_PI))
        return self._per_log_base(_dd.log(wavelengths), rotary_dim, base)

    @staticmethod
    def _per_log_base(log_value: DD, rotary_dim: int, base: float) -> DD:
        """d * log_value / (2 ln base)."""
        return _dd.div(_dd.mul(_dd.as_dd(float(rotary_dim)), log_value),
                       _dd.mul(_dd.as_dd(2.0), _dd.log(np.float64(base))))

    def _range_dd(self, rotary_dim: int, base: float) -> tuple[DD, DD, DD]:
        """(low, high, high - low) as double-doubles; high - low straight from its own formula
        d ln(beta_fast / beta_slow) / (2 ln base) when neither end is truncated or clamped."""
        low = self._correction_dd(float(self.beta_fast), rotary_dim, base)  # type: ignore[arg-type]
        high = self._correction_dd(float(self.beta_slow), rotary_dim, base)  # type: ignore[arg-type]
        if self.truncate:
            low, high = _dd.as_dd(_dd.floor(low)), _dd.neg(_dd.as_dd(_dd.floor(_dd.neg(high))))
        top = _dd.as_dd(float(rotary_dim - 1))
        clamped = bool(_dd.less(low, _ZERO) or _dd.less(top, high))
        low, high = _dd.select(_dd.less(low, _ZERO), _ZERO, low), _dd.select(_dd.less(top, high), top, high)
        if self.truncate or clamped:
            return low, high, _dd.sub(high, low)
        betas = _dd.div(_dd.as_dd(float(self.beta_fast)), _dd.as_dd(float(self.beta_slow)))  # type: ignore[arg-type]
        return low, high, self._per_log_base(_dd.log(betas), rotary_dim, base)

    def correction_range(self, rotary_dim: int, base: float) -> tuple[float, float]:
        """(low, high) after truncation and clamping, before the low == high adjustment, rounded
        to float64 (integers when ``truncate``)."""
        low, high = (float(t[0]) for t in self._range_dd(rotary_dim, base)[:2])
        return (int(low), int(high)) if self.truncate else (low, high)

    def _ramp_dd(self, rotary_dim: int, base: float) -> DD:
        low, high, span = self._range_dd(rotary_dim, base)
        if float(low[0]) == float(high[0]) and float(low[1]) == float(high[1]):
            span = _THOUSANDTH  # as transformers, high += 0.001: avoids 0 / 0 when the range collapses
        j = _dd.as_dd(np.arange(rotary_dim // 2, dtype=np.float64))
        ramp = _dd.div(_dd.sub(j, low), span)
        ramp = _dd.select(_dd.less(ramp, _ZERO), _ZERO, ramp)
        return _dd.select(_dd.less(_ONE, ramp), _ONE, ramp)

    def ramp(self, rotary_dim: int, base: float) -> np.ndarray:
        """ramp_j in [0, 1]: 0 keeps theta_j (extrapolation), 1 divides it by s (interpolation)."""
        return np.asarray(self._ramp_dd(rotary_dim, base)[0], dtype=np.float64)

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        theta = _dd.theta(rotary_dim, base)
        return _blend(theta, _over(theta, self.factor), self._ramp_dd(rotary_dim, base))

    @property
    def attention_scaling(self) -> float:
        if self.attention_factor is not None:
            return self.attention_factor
        if self.mscale and self.mscale_all_dim:  # the ratio in double-double, rounded once
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                ratio = _dd.div(_mscale_dd(self.factor, self.mscale), _mscale_dd(self.factor, self.mscale_all_dim))
            return float(ratio[0])
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
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            a = _dd.div(_mscale_dd(self.factor, mscale), _mscale_dd(self.factor, mscale_all_dim))
            if self.attention_factor is not None:
                a = _dd.mul(a, _dd.as_dd(self.attention_factor))
        return float(a[0])


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
        if self.high_freq_factor < self.low_freq_factor:
            raise _validate.fail("high_freq_factor", f">= low_freq_factor = {self.low_freq_factor} (the band "
                                 "between the two wavelengths would be inverted)", self.high_freq_factor)

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
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
class LongRoPE(_Rule):
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

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        long = seq_len is not None and seq_len > self.original_max_position_embeddings
        name = "long_factor" if long else "short_factor"
        ext = np.asarray(getattr(self, name))
        if ext.size != rotary_dim // 2:
            raise _validate.fail(f"{name} length", f"rotary_dim // 2 = {rotary_dim // 2}", ext.size)
        return _over(_dd.theta(rotary_dim, base), ext)

    @property
    def attention_scaling(self) -> float:
        if self.attention_factor is not None:
            return self.attention_factor
        if self.scale <= 1.0:
            return 1.0
        ratio = _dd.div(_dd.log(np.float64(self.scale)), _dd.log(np.float64(self.original_max_position_embeddings)))
        return float(_dd.sqrt(_dd.add(_ONE, ratio))[0])


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

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        rotated = int(self.partial_rotary_factor * rotary_dim // 2)
        hi, lo = _over(_dd.theta(rotary_dim, base), self.factor)
        hi[rotated:], lo[rotated:] = 0.0, 0.0
        return hi, lo


#: The one rope-type registry: rope_type string -> rule class, read from each rule's ``rope_type``.
_BY_ROPE_TYPE: dict[str, type[Scaling]] = {
    cls.rope_type: cls for cls in (Linear, NTKAware, DynamicNTK, DynamicNTKFixed, YaRN, DeepSeekYaRN, Llama3,
                                   LongRoPE, Proportional)}

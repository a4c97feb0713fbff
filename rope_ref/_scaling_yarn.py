"""The YaRN family: transformers' YaRN, vLLM's DeepSeek variant and YaRN's attention temperature.

Re-exported by :mod:`rope_ref.scaling`, where the rules are documented API.

Example:
    >>> from rope_ref.scaling import YaRN
    >>> YaRN(factor=4.0, original_max_position_embeddings=4096).correction_range(128, 10000.0)
    (20, 46)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from rope_ref import _dd, _validate
from rope_ref._dd import DD
from rope_ref._scaling_base import (
    _ONE,
    _TENTH,
    _THOUSANDTH,
    _ZERO,
    _arguments,
    _blend,
    _factor,
    _optional_positive,
    _over,
    _positive,
    _renamed_keywords,
    _Rule,
)

__all__ = ["DeepSeekYaRN", "YaRN", "get_mscale"]


def get_mscale(scale: float, mscale: float = 1.0) -> float:
    """YaRN's attention temperature: 1 if scale <= 1, else 0.1 * mscale * ln(scale) + 1.

    Computed in double-double (0.1 the exact decimal) and rounded once.

    Example:
        >>> round(get_mscale(4.0), 6), get_mscale(0.5)
        (1.138629, 1.0)

    Raises:
        TypeError, ValueError: scale is not a finite real number > 0, mscale not a finite real number
            >= 0, or the result would not be a finite float64 number (nan, inf and negative values have
            no temperature).
    """
    scale = _validate.positive_real(scale, "scale")
    mscale = _validate.nonnegative_real(mscale, "mscale")
    with np.errstate(over="ignore", invalid="ignore"):
        result = float(_mscale_dd(scale, mscale)[0])
    if not np.isfinite(result):
        raise _validate.fail("mscale", f"small enough that 0.1 * mscale * ln(scale) + 1 is finite (scale = {scale!r})",
                             mscale)
    return result


def _mscale_dd(scale: float, mscale: float) -> DD:
    """:func:`get_mscale` as a double-double (0.1 the exact decimal)."""
    if scale <= 1.0:
        return _ONE
    with np.errstate(over="ignore", invalid="ignore"):  # a huge mscale gives inf or NaN, refused by the rule
        return _dd.add(_dd.mul(_dd.mul(_TENTH, _dd.as_dd(float(mscale))), _dd.log(np.float64(scale))), _ONE)


@_renamed_keywords({"attention_factor": "attention_factor_override"})
@dataclass(frozen=True)
class YaRN(_Rule):
    """YaRN (Peng et al. 2023, arXiv:2309.00071; transformers "yarn").

    correction_dim(r) = d ln(L0 / (2 pi r)) / (2 ln base); low = correction_dim(beta_fast),
    high = correction_dim(beta_slow), floored and ceiled when ``truncate``, then clamped to
    [0, d - 1] (high += 0.001 if they meet). ramp_j = clip((j - low) / (high - low), 0, 1) and
    inv_freq_j = theta_j / s * ramp_j + theta_j * (1 - ramp_j): high frequencies (j < low) are
    kept, low ones (j > high) interpolated. beta_fast / beta_slow of 0 or None mean 32 / 1, as
    in transformers.

    The attention factor a (:attr:`attention_factor`) is ``attention_factor_override`` when given
    (transformers' config key ``attention_factor``), else get_mscale(s, mscale) /
    get_mscale(s, mscale_all_dim) when both are set and non-zero (DeepSeek-V2/V3), else
    get_mscale(s). It is computed from the current fields each time, so
    ``dataclasses.replace(rule, factor=...)`` gives the new factor's a.

    The keyword ``attention_factor=`` of earlier releases still sets ``attention_factor_override``,
    with a DeprecationWarning, for one release.

    Example:
        >>> rule = YaRN(factor=4.0, original_max_position_embeddings=4096)
        >>> rule.correction_range(128, 10000.0)
        (20, 46)
        >>> round(rule.attention_factor, 6), YaRN(4.0, 4096, attention_factor_override=1.5).attention_factor
        (1.138629, 1.5)
    """

    factor: float
    original_max_position_embeddings: int
    beta_fast: float | None = 32.0
    beta_slow: float | None = 1.0
    mscale: float | None = None
    mscale_all_dim: float | None = None
    attention_factor_override: float | None = None
    truncate: bool = True
    rope_type: ClassVar[str] = "yarn"
    #: The inputs of the attention factor, as error messages name them.
    _attention_inputs: ClassVar[str] = "mscale, mscale_all_dim and attention_factor_override"

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
        set_(self, "attention_factor_override", _optional_positive(self.attention_factor_override,
                                                                   "attention_factor_override"))
        set_(self, "truncate", _validate.flag(self.truncate, "truncate"))
        _validate.attention_factor(self.attention_factor, self._attention_inputs, self)
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
        d ln(L0 / (2 pi rotations)) / (2 ln base), rounded to float64; rotations must be a finite real
        number > 0 (and rotary_dim, base as for a RoPE)."""
        rotary_dim, base, _ = _arguments(rotary_dim, base)
        rotations = _validate.positive_real(rotations, "rotations")
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            result = float(self._correction_dd(rotations, rotary_dim, base)[0])
        if not np.isfinite(result):
            raise _validate.fail("rotations", "such that original_max_position_embeddings / (2 pi rotations) is a "
                                 "positive float64 number", rotations)
        return result

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
        low, high = (float(t[0]) for t in self._range_dd(*_arguments(rotary_dim, base)[:2])[:2])
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
        return np.asarray(self._ramp_dd(*_arguments(rotary_dim, base)[:2])[0], dtype=np.float64)

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        theta = _dd.theta(rotary_dim, base)
        return _blend(theta, _over(theta, self.factor), self._ramp_dd(rotary_dim, base))

    @property
    def attention_factor(self) -> float:
        """a: ``attention_factor_override`` if given, else the mscale ratio when mscale and
        mscale_all_dim are both non-zero, else get_mscale(factor)."""
        if self.attention_factor_override is not None:
            return self.attention_factor_override
        if self.mscale and self.mscale_all_dim:  # the ratio in double-double, rounded once
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                ratio = _dd.div(_mscale_dd(self.factor, self.mscale), _mscale_dd(self.factor, self.mscale_all_dim))
            return float(ratio[0])
        return get_mscale(self.factor)


@_renamed_keywords({"attention_factor": "attn_factor"})
@dataclass(frozen=True)
class DeepSeekYaRN(YaRN):
    """YaRN with vLLM's DeepSeek attention factor: a = get_mscale(s, mscale) /
    get_mscale(s, mscale_all_dim) * attn_factor, unset values counting as mscale = 1,
    mscale_all_dim = 0 and attn_factor = 1.

    It differs from :class:`YaRN` (transformers) when only one of the two is set: with mscale
    0.707 and mscale_all_dim 0, transformers ignores mscale (a = get_mscale(s)) while this
    gives get_mscale(s, 0.707). ``attn_factor`` (vLLM's name and config key) multiplies the
    ratio; it is not an override. vLLM's rule has no override, so ``attention_factor_override``
    must stay None here (ValueError otherwise): for a fixed a, use
    ``YaRN(..., attention_factor_override=a)``, whose frequencies are the same.

    The keyword ``attention_factor=`` of earlier releases, which was this multiplier, still sets
    ``attn_factor``, with a DeprecationWarning, for one release.

    Example:
        >>> hf = YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0)
        >>> vllm = DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0)
        >>> round(hf.attention_factor, 4), round(vllm.attention_factor, 4)
        (1.3689, 1.2608)
        >>> round(DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0, attn_factor=2.0).attention_factor, 4)
        2.5216
    """

    attn_factor: float | None = 1.0
    rope_type: ClassVar[str] = "deepseek_yarn"
    _attention_inputs: ClassVar[str] = "mscale, mscale_all_dim and attn_factor"

    def __post_init__(self) -> None:
        if self.attention_factor_override is not None:
            raise _validate.fail("attention_factor_override", "None for DeepSeekYaRN: vLLM's DeepSeek rule has no "
                                 "override, and its attn_factor multiplies the mscale ratio (for a fixed attention "
                                 "factor use YaRN(..., attention_factor_override=a), whose frequencies are the same)",
                                 self.attention_factor_override)
        object.__setattr__(self, "attn_factor", 1.0 if self.attn_factor is None else
                           _validate.positive_real(self.attn_factor, "attn_factor"))
        super().__post_init__()

    @property
    def attention_factor(self) -> float:
        """a = get_mscale(s, mscale) / get_mscale(s, mscale_all_dim) * attn_factor (vLLM's DeepSeek rule)."""
        mscale = 1.0 if self.mscale is None else self.mscale
        mscale_all_dim = 0.0 if self.mscale_all_dim is None else self.mscale_all_dim
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            a = _dd.div(_mscale_dd(self.factor, mscale), _mscale_dd(self.factor, mscale_all_dim))
            a = _dd.mul(a, _dd.as_dd(float(self.attn_factor)))  # type: ignore[arg-type]
        return float(a[0])

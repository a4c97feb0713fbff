"""LongRoPE: per-pair rescale factors, short or long by the sequence length.

Re-exported by :mod:`rope_ref.scaling`, where the rule is documented API.

Example:
    >>> from rope_ref.scaling import LongRoPE
    >>> LongRoPE((1.0, 2.0), (4.0, 8.0), 4096, factor=32.0).scale
    32.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from rope_ref import _dd, _validate
from rope_ref._dd import DD
from rope_ref._scaling_base import _ONE, _factor, _optional_positive, _over, _positive, _renamed_keywords, _Rule

__all__ = ["LongRoPE"]


@_renamed_keywords({"attention_factor": "attention_factor_override"})
@dataclass(frozen=True)
class LongRoPE(_Rule):
    """LongRoPE (Ding et al. 2024, arXiv:2402.13753; Phi-3; transformers "longrope").

    inv_freq_j = theta_j / ext_j with ext = long_factor if seq_len > L0 else short_factor
    (seq_len = max(positions) + 1 in transformers, which switches every position to the long
    factors at once; vLLM decides once from the serving length). s = ``factor``, or
    max_position_embeddings / L0 when it is not given.

    The attention factor a (:attr:`attention_factor`) is ``attention_factor_override`` when given
    (transformers' config key ``attention_factor``), else 1 if s <= 1, else
    sqrt(1 + ln(s) / ln(L0)), computed from the current fields each time. The keyword
    ``attention_factor=`` of earlier releases still sets ``attention_factor_override``, with a
    DeprecationWarning, for one release.

    Example:
        >>> rule = LongRoPE((1.0, 2.0), (4.0, 8.0), 4096, max_position_embeddings=131072)
        >>> rule.inv_freq(4, 100.0, seq_len=4096).tolist(), rule.inv_freq(4, 100.0, seq_len=4097).tolist()
        ([1.0, 0.05], [0.25, 0.0125])
        >>> round(rule.attention_factor, 5)
        1.19024
    """

    short_factor: tuple[float, ...]
    long_factor: tuple[float, ...]
    original_max_position_embeddings: int
    factor: float | None = None
    max_position_embeddings: int | None = None
    attention_factor_override: float | None = None
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
        set_(self, "attention_factor_override", _optional_positive(self.attention_factor_override,
                                                                   "attention_factor_override"))
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
        derived = self.attention_factor_override is None and self._scale > 1.0
        if derived and self.original_max_position_embeddings <= 1.0:
            raise _validate.fail("original_max_position_embeddings", "> 1 when the attention factor "
                                 "sqrt(1 + ln(s) / ln(original_max_position_embeddings)) is derived (pass "
                                 "attention_factor_override otherwise)", self.original_max_position_embeddings)

    def check(self, rotary_dim: int, base: float) -> None:
        """Both factor lists must have rotary_dim // 2 entries; the attention factor must be usable."""
        _validate.attention_factor(self.attention_factor,
                                   "attention_factor_override and original_max_position_embeddings", self)
        for name in ("short_factor", "long_factor"):
            size = len(getattr(self, name))
            if size != rotary_dim // 2:
                raise _validate.fail(name, f"a list of rotary_dim // 2 = {rotary_dim // 2} factors",
                                     _validate.Shown(f"{size} factors"))

    @property
    def scale(self) -> float:
        """s: ``factor``, or max_position_embeddings / original_max_position_embeddings."""
        return self._scale

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        long = seq_len is not None and seq_len > self.original_max_position_embeddings
        name = "long_factor" if long else "short_factor"
        ext = np.asarray(getattr(self, name))
        if ext.size != rotary_dim // 2:
            raise _validate.fail(f"{name} length", f"rotary_dim // 2 = {rotary_dim // 2}", ext.size)
        return _over(_dd.theta(rotary_dim, base), ext)

    @property
    def attention_factor(self) -> float:
        """a: ``attention_factor_override`` if given, else 1 if s <= 1, else sqrt(1 + ln(s) / ln(L0))."""
        if self.attention_factor_override is not None:
            return self.attention_factor_override
        if self.scale <= 1.0:
            return 1.0
        ratio = _dd.div(_dd.log(np.float64(self.scale)), _dd.log(np.float64(self.original_max_position_embeddings)))
        return float(_dd.sqrt(_dd.add(_ONE, ratio))[0])


@dataclass(frozen=True)
class LongRoPEMscale(LongRoPE):
    """PhiMoE's LongRoPE as transformers computes it (rope-ref's name "longrope_mscale").

    transformers' PhiMoE rotary module recomputes its frequencies at every call without a
    sequence length, so they come from ``short_factor`` at every length; its cos and sin are
    multiplied by ``short_mscale`` while seq_len <= L0 and by ``long_mscale`` beyond (the config
    keys of PhiMoE's ``rope_scaling``). ``long_factor`` is kept as the config gives it.
    :attr:`attention_factor` is the short factor; :meth:`attention_factor_for` switches.

    Example:
        >>> rule = LongRoPEMscale((1.0, 2.0), (4.0, 8.0), 4096, short_mscale=1.1, long_mscale=1.2432)
        >>> rule.inv_freq(4, 100.0, seq_len=8192).tolist()      # the short factors, even past L0
        [1.0, 0.05]
        >>> rule.attention_factor_for(100), rule.attention_factor_for(8192)
        (1.1, 1.2432)
    """

    short_mscale: float | None = None
    long_mscale: float | None = None
    rope_type: ClassVar[str] = "longrope_mscale"

    def __post_init__(self) -> None:
        if self.factor is None and self.max_position_embeddings is None:  # s is not used: a factor of 1 stands in
            object.__setattr__(self, "factor", 1.0)
        super().__post_init__()
        if self.attention_factor_override is not None:
            raise _validate.fail("attention_factor_override", "None for LongRoPEMscale (its factors are short_mscale "
                                 "and long_mscale)", self.attention_factor_override)
        for name in ("short_mscale", "long_mscale"):
            value = getattr(self, name)
            if value is None:
                raise _validate.fail(name, "given (PhiMoE's rope_scaling carries it)", value)
            object.__setattr__(self, name, _positive(value, name))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        return super()._inv_freq_dd(rotary_dim, base, None)  # short factors at every length

    @property
    def attention_factor(self) -> float:
        """a up to original_max_position_embeddings: ``short_mscale``."""
        return float(self.short_mscale)  # type: ignore[arg-type]

    def attention_factor_for(self, seq_len: float | None = None) -> float:
        """``long_mscale`` when seq_len > original_max_position_embeddings, else ``short_mscale``."""
        seq_len = _validate.seq_len(seq_len)
        long = seq_len is not None and seq_len > self.original_max_position_embeddings
        return float(self.long_mscale if long else self.short_mscale)  # type: ignore[arg-type]


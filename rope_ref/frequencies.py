"""Rotation frequencies theta_j and the interface every context-extension rule implements.

RoPE rotates feature pair j by the angle m * theta_j, with (RoFormer, Su et al. 2021,
arXiv:2104.09864, eq. 15)

    theta_j = base ** (-2j / d),   j = 0 .. d/2 - 1,

where d is the rotary dimension. A context-extension rule replaces this vector (the
"inverse frequencies", ``inv_freq`` in transformers) and may add an attention factor a that
multiplies the rotated output.
"""

from __future__ import annotations

import abc
import warnings
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.exact import theta_dd

__all__ = ["Scaling", "default_inv_freq"]


def default_inv_freq(rotary_dim: int, base: float = 10000.0) -> np.ndarray:
    """The RoFormer frequencies theta_j = base**(-2j/d), j = 0 .. d/2 - 1, in float64.

    Example:
        >>> from rope_ref import default_inv_freq
        >>> default_inv_freq(4, base=10000.0).tolist()
        [1.0, 0.01]

    Parameters:
        rotary_dim: d, the number of features that rotate (even, >= 2).
        base: the frequency base ("rope_theta"), finite, > 0 and != 1.

    Returns:
        float64 array of shape (rotary_dim // 2,), theta_0 = 1 first, each theta_j correctly
        rounded (computed as a double-double by :func:`rope_ref.exact.theta_dd`).

    Raises:
        TypeError, ValueError: for a rotary_dim or base outside the ranges above.
    """
    # np.power(base, -2j/d) can be several ulp off when d is not a power of two (the exponent
    # -2j/d is rounded before the power: np.power(1e7, -np.arange(0, 810, 2) / 810)[244] is
    # 8.54 ulp off, tests/test_precision.py); the double-double value rounds correctly.
    return theta_dd(rotary_dim, base)[0]


class Scaling(abc.ABC):
    """A rule that turns (rotary_dim, base, seq_len) into (inv_freq, attention factor a).

    Subclasses are small frozen dataclasses with validated parameters (see
    :mod:`rope_ref.scaling`). ``RoPE`` calls :meth:`inv_freq` with the sequence length only
    when :attr:`depends_on_seq_len` is true; otherwise ``seq_len`` is ``None``.
    """

    #: Whether inv_freq changes with the current sequence length (dynamic NTK, LongRoPE).
    depends_on_seq_len: bool = False

    @abc.abstractmethod
    def inv_freq(self, rotary_dim: int, base: float, seq_len: float | None = None) -> np.ndarray:
        """The scaled inverse frequencies, float64 of shape (rotary_dim // 2,)."""

    def inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The scaled frequencies as a double-double (hi, lo), for exact mode.

        The built-in rules (:mod:`rope_ref.scaling`) compute their formula here, and their
        :meth:`inv_freq` is this value rounded once; exact mode also evaluates that formula in
        decimal, and rounds every result correctly with respect to its exact value. For a rule
        written outside rope-ref, exact mode takes hi + lo as the exact frequencies: the default
        takes the float64 values of :meth:`inv_freq` as exact.
        """
        freq = np.asarray(self.inv_freq(rotary_dim, base, seq_len), dtype=np.float64)
        return freq, np.zeros_like(freq)

    def check(self, rotary_dim: int, base: float) -> None:
        """Raise ValueError, naming the rule's parameter, if the rule cannot serve this RoPE.

        ``RoPE`` calls it at construction (and then computes the frequencies of rules that do
        not depend on seq_len, refusing non-finite ones). The default does nothing; rules whose
        parameters must match rotary_dim (LongRoPE's factor lists) override it.
        """
        return None  # a hook with a default (no-op), not an abstract method

    @property
    def attention_factor(self) -> float:
        """a, the factor that multiplies cos and sin, so the rotated output: 1.0 unless the rule
        says otherwise (YaRN's get_mscale, LongRoPE's sqrt(1 + ln s / ln L0), an explicit
        ``attention_factor_override``). It is what :attr:`rope_ref.RoPE.attention_factor` returns
        and what transformers calls ``attention_scaling``.

        Example:
            >>> from rope_ref.scaling import Linear, YaRN
            >>> Linear(4.0).attention_factor, round(YaRN(4.0, 4096).attention_factor, 6)
            (1.0, 1.138629)
        """
        legacy = _legacy_attention_scaling(type(self))
        if legacy is not None:  # a subclass written before the rename (it was warned at definition)
            value = legacy.__get__(self, type(self)) if hasattr(legacy, "__get__") else legacy
            return float(value)
        return 1.0

    def attention_factor_for(self, seq_len: float | None = None) -> float:
        """a at a sequence length: :attr:`attention_factor` for every rule but those whose factor
        switches with the length (PhiMoE's short/long mscale, :class:`rope_ref.scaling.LongRoPEMscale`).
        seq_len must be None or a finite real number > 0 (ValueError otherwise)."""
        _validate.seq_len(seq_len)
        return self.attention_factor

    @property
    def attention_scaling(self) -> float:
        """Deprecated alias of :attr:`attention_factor`, kept for one release; warns (DeprecationWarning)."""
        warnings.warn("Scaling.attention_scaling is deprecated; use Scaling.attention_factor (the same value, "
                      "the name RoPE.attention_factor has).", DeprecationWarning, stacklevel=2)
        return self.attention_factor

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Warn when a subclass still defines ``attention_scaling``: it keeps working for one release
        (read as its attention factor) but should be renamed ``attention_factor``."""
        super().__init_subclass__(**kwargs)
        if "attention_scaling" in vars(cls) and "attention_factor" not in vars(cls):
            warnings.warn(f"{cls.__qualname__} defines attention_scaling, which rope-ref now calls attention_factor; "
                          "rename it (attention_scaling is read as the attention factor for one more release).",
                          DeprecationWarning, stacklevel=3)


def _legacy_attention_scaling(cls: type) -> Any:
    """The ``attention_scaling`` a subclass of :class:`Scaling` defines below any ``attention_factor``
    (the name before the rename), or None."""
    for klass in cls.__mro__:
        if klass is Scaling:
            return None
        if "attention_factor" in vars(klass):
            return None
        if "attention_scaling" in vars(klass):
            return vars(klass)["attention_scaling"]
    return None

"""Hypothesis strategies shared by the test modules; every draw is labelled at the call site."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

LAYOUTS = ("half", "interleaved")

bases = st.sampled_from([10.0, 100.0, 500.0, 10000.0, 500000.0, 1e6])


def positions(max_magnitude: float = 2.0**20) -> st.SearchStrategy[float]:
    """Positions by magnitude: small integers, large integers, negative and fractional values."""
    return st.one_of(
        st.integers(-16, 16).map(float),
        st.integers(-int(max_magnitude), int(max_magnitude)).map(float),
        st.floats(-max_magnitude, max_magnitude, allow_nan=False, allow_infinity=False),
    )


def features(dim: int, batch: int = 1) -> st.SearchStrategy[np.ndarray]:
    """Feature vectors of moderate magnitude: no overflow in squared norms, and nothing so
    small that squares or products underflow, where relative bounds give way to absolute ones
    (tests/test_rope.py covers subnormal input on its own)."""
    # |v| > 1e-100 keeps squares (in norms) and products (in rotations) far above the subnormal range.
    value = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False).filter(lambda v: v == 0 or abs(v) > 1e-100)
    return hnp.arrays(np.float64, (batch, dim), elements=value)

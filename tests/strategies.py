"""Hypothesis strategies shared by the test modules; every draw is labelled at the call site."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

LAYOUTS = ("half", "interleaved")

layouts = st.sampled_from(LAYOUTS)
bases = st.sampled_from([10.0, 100.0, 500.0, 10000.0, 500000.0, 1e6])


@st.composite
def dims(draw: st.DrawFn, max_dim: int = 64) -> tuple[int, int]:
    """(dim, rotary_dim) with rotary_dim even in [2, dim]; partial rotary about half the time."""
    dim = draw(st.integers(1, max_dim // 2), label="dim / 2") * 2
    partial = draw(st.booleans(), label="partial rotary")
    rotary = draw(st.integers(1, dim // 2), label="rotary_dim / 2") * 2 if partial else dim
    return dim, rotary


def positions(max_magnitude: float = 2.0**20) -> st.SearchStrategy[float]:
    """Positions by magnitude: small integers, large integers, negative and fractional values."""
    return st.one_of(
        st.integers(-16, 16).map(float),
        st.integers(-int(max_magnitude), int(max_magnitude)).map(float),
        st.floats(-max_magnitude, max_magnitude, allow_nan=False, allow_infinity=False),
    )


def features(dim: int, batch: int = 1) -> st.SearchStrategy[np.ndarray]:
    """Feature vectors of moderate magnitude: no overflow in squared norms, and nothing so
    small that products underflow, where relative error bounds give way to absolute ones
    (tests/test_rope.py covers subnormal input on its own)."""
    value = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False).filter(lambda v: v == 0 or abs(v) > 1e-200)
    return hnp.arrays(np.float64, (batch, dim), elements=value)

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
    # |v| >= 1e-100 keeps squares (in norms) and products (in rotations) far above the subnormal range.
    # The same values as floats(-1e3, 1e3) without 0 < |v| < 1e-100, built directly: a .filter
    # makes hypothesis reject and redraw array elements, which cost about half the suite's time.
    value = st.one_of(st.sampled_from([0.0, -0.0]), st.floats(1e-100, 1e3), st.floats(-1e3, -1e-100))
    return hnp.arrays(np.float64, (batch, dim), elements=value)


# -- hostile input (tests/test_fuzz.py) --------------------------------------------------------------

def hostile_numbers() -> st.SearchStrategy[object]:
    """Anything a user might pass where a number is expected: every float (nan, inf, subnormal,
    huge), integers far beyond float64, NumPy scalars, bools, None and text."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.floats(min_value=-1e6, max_value=1e6),
        st.integers(-(2**1100), 2**1100),
        st.integers(-5, 70_000),
        st.sampled_from([None, True, "1", "", 1j, np.float32("nan"), np.int64(2**62), np.float16(65504)]),
        st.floats(width=32).map(np.float32),
    )


def hostile_arrays(max_side: int = 4, dim: int = 8) -> st.SearchStrategy[np.ndarray]:
    """Float arrays of shape (n, dim) with any finite value (subnormal to 1.7e308), empty axes too."""
    value = st.floats(allow_nan=False, allow_infinity=False)
    return st.integers(0, max_side).flatmap(lambda n: hnp.arrays(np.float64, (n, dim), elements=value))


def hostile_positions(size: int) -> st.SearchStrategy[np.ndarray]:
    """Positions of any finite magnitude (and, rarely, nan or inf)."""
    return hnp.arrays(np.float64, (size,), elements=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False), st.integers(-70_000, 70_000).map(float),
        st.floats(allow_nan=True, allow_infinity=True)))

"""rope_ref.testing: tolerances from the dtype, and failure messages that say where and by how much."""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import RoPE
from rope_ref.testing import assert_rope_close, rope_tolerance

from implementations import textbook


def test_float32_output_of_a_correct_rope_passes_and_float64_tolerance_rejects_it():
    rope = RoPE(64)
    x = np.random.default_rng(0).standard_normal((8, 64))
    expected = rope.apply(x, np.arange(8))
    assert_rope_close(expected.astype(np.float32), expected, dtype="float32")
    with pytest.raises(AssertionError):
        assert_rope_close(expected.astype(np.float32), expected, dtype="float64")


def test_angle_precision_widens_the_tolerance_with_position():
    x = np.random.default_rng(1).standard_normal((4, 64))
    pos = np.array([0, 1000, 100000, 1000000])
    expected = RoPE(64).apply(x, pos)
    float32_recipe = textbook(x, pos, dim=64, angle_dtype=np.float32)
    with pytest.raises(AssertionError):
        assert_rope_close(float32_recipe, expected, dtype="float32")  # storage-only tolerance
    assert_rope_close(float32_recipe, expected, dtype="float32", max_angle=float(pos.max()))  # angles in float32
    assert rope_tolerance(expected, dtype="float32", max_angle=1e6) > 1e3 * rope_tolerance(expected, dtype="float32")


def test_failure_message_opens_with_the_summary_and_lists_the_worst_points():
    expected = np.zeros((2, 3, 8))
    actual = expected.copy()
    actual[1, 2, 5] = 0.5
    actual[0, 0, 0] = 0.25
    with pytest.raises(AssertionError) as info:
        assert_rope_close(actual, expected, dtype="float32")
    message = str(info.value)
    first = message.splitlines()[0]
    assert "2 of 48 elements exceed atol" in first and "max abs error 0.5" in first
    lines = message.splitlines()
    assert "at (1, 2, 5)" in lines[1] and "actual 0.5" in lines[1]
    assert "at (0, 0, 0)" in lines[2]


def test_nan_and_shape_mismatch_fail():
    with pytest.raises(AssertionError, match="1 of 2 elements"):
        assert_rope_close(np.array([np.nan, 0.0]), np.zeros(2), dtype="float64")
    with pytest.raises(AssertionError, match="shapes differ"):
        assert_rope_close(np.zeros(3), np.zeros(2), dtype="float64")


def test_bad_dtype():
    with pytest.raises(ValueError, match="dtype must be"):
        assert_rope_close(np.zeros(2), np.zeros(2), dtype="float8")

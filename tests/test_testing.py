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
    with pytest.raises(AssertionError, match="float64 angles"):  # float64 angles required
        assert_rope_close(float32_recipe, expected, dtype="float32", max_angle=float(pos.max()), angle_dtype="float64")
    # the default for a float32 output accepts float32 angles (as transformers forms them), or declared
    assert_rope_close(float32_recipe, expected, dtype="float32", max_angle=float(pos.max()))
    assert_rope_close(float32_recipe, expected, dtype="float32", max_angle=float(pos.max()), angle_dtype="float32")
    with pytest.raises(AssertionError, match="float64 or float32 angles"):  # one position off fails the default
        assert_rope_close(RoPE(64).apply(x, pos + 1), expected, dtype="float32", max_angle=float(pos.max()))
    storage = rope_tolerance(expected, dtype="float32", angle_dtype="float64")
    assert rope_tolerance(expected, dtype="float32", max_angle=1e6, angle_dtype="float32") > 1e3 * storage
    assert rope_tolerance(expected, dtype="float32", max_angle=1e6, angle_dtype="float64") < 1.01 * storage


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


def test_a_tolerance_that_cannot_tell_right_from_wrong_fails_as_not_checkable():
    """float16 at position 2^31 with float32 angles: zeros would pass the tolerance, so nothing passes."""
    x = np.random.default_rng(2).standard_normal((2, 64))
    expected = RoPE(64).apply(x, [2**31 - 1, 2**31 - 2])
    for angle_dtype in ("float32", None):  # declared, or the default (float64 or float32 angles)
        with pytest.raises(AssertionError, match="not checkable at this precision"):
            assert_rope_close(np.zeros_like(expected), expected, dtype="float16", max_angle=2.0**31,
                              angle_dtype=angle_dtype)
    with pytest.raises(AssertionError, match="not checkable"):
        assert_rope_close(expected, expected, dtype="float16", max_angle=2.0**31, angle_dtype="float32")
    # float64 angles stay checkable there, and an output that meets their bound passes the default verdict
    assert_rope_close(expected, expected, dtype="float16", max_angle=2.0**31)


def test_zeros_fail_wherever_the_tolerance_is_checkable():
    x = np.random.default_rng(3).standard_normal((4, 64))
    pos = np.array([0, 10, 4096, 65536])
    expected = RoPE(64).apply(x, pos)
    for dtype in ("float64", "float32", "float16", "bfloat16"):
        for angle_dtype in ("float64", "float32"):
            with pytest.raises(AssertionError, match=r"exceed atol|not checkable"):
                assert_rope_close(np.zeros_like(expected), expected, dtype=dtype, max_angle=65536.0,
                                  angle_dtype=angle_dtype)

"""Bad input gets a TypeError or ValueError naming the argument and the offending value."""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import RoPE, default_inv_freq, layout_permutation, rotation_matrix
from rope_ref.rotation import rotate

from checks import assert_rejected

X8 = np.ones((3, 8))

# (id, call, exception type, substrings the message must contain: the argument and the value)
CASES = [
    ("odd_dim", lambda: RoPE(7), ValueError, ["dim", "7", "even"]),
    ("zero_dim", lambda: RoPE(0), ValueError, ["dim", "0"]),
    ("float_dim", lambda: RoPE(8.0), TypeError, ["dim", "8.0"]),
    ("bool_dim", lambda: RoPE(True), TypeError, ["dim", "True"]),
    ("odd_rotary_dim", lambda: RoPE(64, rotary_dim=63), ValueError, ["rotary_dim", "63", "dim=64"]),
    ("rotary_dim_above_dim", lambda: RoPE(8, rotary_dim=10), ValueError, ["rotary_dim", "10", "[2, dim=8]"]),
    ("rotary_dim_zero", lambda: RoPE(8, rotary_dim=0), ValueError, ["rotary_dim", "0"]),
    ("rotary_dim_str", lambda: RoPE(8, rotary_dim="4"), TypeError, ["rotary_dim", "'4'"]),
    ("base_zero", lambda: RoPE(8, base=0.0), ValueError, ["base", "0.0", "> 0"]),
    ("base_negative", lambda: RoPE(8, base=-10000.0), ValueError, ["base", "-10000.0"]),
    ("base_one", lambda: RoPE(8, base=1.0), ValueError, ["base", "1.0", "!= 1"]),
    ("base_inf", lambda: RoPE(8, base=float("inf")), ValueError, ["base", "inf"]),
    ("base_nan", lambda: RoPE(8, base=float("nan")), ValueError, ["base", "nan"]),
    ("base_str", lambda: RoPE(8, base="1e4"), TypeError, ["base", "'1e4'"]),
    ("layout_unknown", lambda: RoPE(8, layout="neox"), ValueError, ["layout", "'neox'", "'half'"]),
    ("layout_gptj_hint", lambda: RoPE(8, layout="gptj"), ValueError, ["layout", "'gptj'", "'interleaved'"]),
    ("layout_not_str", lambda: RoPE(8, layout=1), TypeError, ["layout", "1"]),
    ("precision_unknown", lambda: RoPE(8, precision="float32"), ValueError, ["precision", "'float32'"]),
    ("scaling_wrong_type", lambda: RoPE(8, scaling={"rope_type": "linear"}), TypeError, ["scaling", "rope_type"]),
    ("positions_nan", lambda: RoPE(8).apply(X8, [0.0, np.nan, 1.0]), ValueError, ["positions", "nan", "finite"]),
    ("positions_inf", lambda: RoPE(8).apply(X8, [0.0, 1.0, np.inf]), ValueError, ["positions", "inf"]),
    ("positions_complex", lambda: RoPE(8).apply(X8, np.array([1j, 0, 0])), TypeError, ["positions", "complex"]),
    ("positions_bool", lambda: RoPE(8).apply(X8, np.array([True, False, True])), TypeError, ["positions", "bool"]),
    ("positions_str", lambda: RoPE(8).apply(X8, "0:3"), TypeError, ["positions", "'0:3'"]),
    ("positions_huge_int", lambda: RoPE(8).apply(X8, np.array([2**60, 0, 0])), ValueError,
     ["positions", str(2**60), "2**53"]),
    ("positions_do_not_broadcast", lambda: RoPE(8).apply(X8, np.arange(4)), ValueError,
     ["positions", "(4,)", "(3,)"]),
    ("positions_enlarge_x", lambda: RoPE(8).apply(X8, np.zeros((2, 3))), ValueError,
     ["positions", "(2, 3)", "enlarge"]),
    ("x_integer", lambda: RoPE(8).apply(np.ones((3, 8), dtype=np.int64), np.arange(3)), TypeError,
     ["x", "int64", "float"]),
    ("x_complex", lambda: RoPE(8).apply(np.ones((3, 8), dtype=complex), np.arange(3)), TypeError,
     ["x", "complex128"]),
    ("x_bool", lambda: RoPE(8).apply(np.ones((3, 8), dtype=bool), np.arange(3)), TypeError, ["x", "bool"]),
    ("x_scalar", lambda: RoPE(8).apply(np.float64(1.0), 0), ValueError, ["x", "1.0", "dimension"]),
    ("x_wrong_last_dim", lambda: RoPE(8).apply(np.ones((3, 6)), np.arange(3)), ValueError,
     ["x.shape[-1]", "6", "dim = 8"]),
    ("y_wrong_last_dim", lambda: RoPE(8).invert(np.ones((3, 6)), np.arange(3)), ValueError, ["y.shape[-1]", "6"]),
    ("x_longdouble_inexact", lambda: RoPE(2).apply(np.array([1, 1], np.longdouble) + np.longdouble(2.0) ** -60, 0),
     ValueError, ["x", "float64"]),
    ("seq_len_negative", lambda: RoPE(8).apply(X8, np.arange(3), seq_len=-1), ValueError, ["seq_len", "-1"]),
    ("seq_len_nan", lambda: RoPE(8).angles([1.0], seq_len=float("nan")), ValueError, ["seq_len", "nan"]),
    ("matrix_position_array", lambda: RoPE(8).matrix(np.arange(2)), ValueError, ["position", "(2,)"]),
    ("inv_freq_odd_dim", lambda: default_inv_freq(5), ValueError, ["rotary_dim", "5"]),
    ("permutation_rotary_dim", lambda: layout_permutation(8, rotary_dim=12), ValueError, ["rotary_dim", "12"]),
    ("matrix_angles_2d", lambda: rotation_matrix(np.zeros((2, 2))), ValueError, ["angles", "(2, 2)"]),
    ("rotate_table_shape", lambda: rotate(X8, np.ones((3, 3), complex), "half"), ValueError,
     ["rot", "(3, 3)", "(3, 4)"]),
    ("rotate_table_dtype", lambda: rotate(X8, np.ones((3, 4), object), "half"), TypeError, ["rot", "object"]),
]


@pytest.mark.parametrize("call,kind,needles", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_with_a_message_naming_it(call, kind, needles):
    message = assert_rejected(call, kind, needles)
    assert message.endswith(".") or message.endswith(")")  # a sentence, not a bare repr


def test_longdouble_values_exact_in_float64_are_accepted():
    assert RoPE(2).apply(np.array([1.5, -2.0], np.longdouble), 0).tolist() == [1.5, -2.0]

"""Bad input gets a TypeError or ValueError naming the argument and the offending value."""

from __future__ import annotations

import os

import numpy as np
import pytest

from rope_ref import MultiAxisRoPE, RoPE, XPos, default_inv_freq, from_hf_config, layout_permutation, rotation_matrix
from rope_ref.hf import ConfigError
from rope_ref.rotation import rotate
from rope_ref.scaling import DynamicNTK, DynamicNTKFixed, Linear, Llama3, LongRoPE, NTKAware, YaRN
from rope_ref.testing import assert_rope_close, rope_tolerance

from checks import assert_rejected, refuse_open

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


# Limits derived from what the arithmetic represents, huge Python integers, and flags and strings
# that used to be accepted without a check.
LIMITS = [
    ("base_frequencies_underflow", lambda: RoPE(8, base=1e305), ValueError, ["base", "1e+305", "2**995"]),
    ("base_frequencies_overflow", lambda: RoPE(8, base=1e-305), ValueError, ["base", "1e-305", "2**-995"]),
    ("base_huge_int", lambda: RoPE(8, base=10**400), ValueError, ["base", "1329 bits", "too large for float64"]),
    ("base_enormous_int", lambda: RoPE(8, base=10**5000), ValueError, ["base", "16610 bits"]),
    ("dim_huge_int", lambda: RoPE(10**400), ValueError, ["dim", "1329 bits", "2**20"]),
    ("dim_too_large", lambda: RoPE(2**21), ValueError, ["dim", str(2**21), "[2, 2**20]"]),
    ("seq_len_huge_int", lambda: RoPE(8).apply(X8, np.arange(3), seq_len=10**400), ValueError,
     ["seq_len", "too large for float64"]),
    ("scaled_not_bool", lambda: RoPE(8).cos_sin([1.0], scaled="no"), TypeError, ["scaled", "'no'", "True or False"]),
    ("layout_empty", lambda: RoPE(8, layout=""), ValueError, ["layout", "''"]),
    ("angles_overflow", lambda: RoPE(8, base=2.0**-995).angles(1e300), ValueError,
     ["positions", "1e+300", "m * theta_j", "overflow"]),
    ("llama3_l0_huge", lambda: Llama3(original_max_position_embeddings=1e308), ValueError,
     ["original_max_position_embeddings", "2**53", "1e+308"]),
    ("beyond_float64_reach", lambda: RoPE(8, base=2.0**-995).apply(np.ones(8), 1e300), ValueError,
     ["positions", "1e+300", "float64 mode", "not checkable"]),
    ("output_overflow", lambda: RoPE(8).apply(np.full(8, 1.7e308), 1.0), ValueError, ["x", "1.7e+308", "overflow"]),
    ("output_overflow_invert", lambda: RoPE(8).invert(np.full(8, 1.7e308), 1.0), ValueError, ["y", "1.7e+308"]),
    ("ntk_factor_overflow", lambda: RoPE(8, scaling=NTKAware(1e250)), ValueError, ["factor", "1e+250", "NTK base"]),
    ("factor_beyond_exact_division", lambda: YaRN(1e308, 4096), ValueError, ["factor", "1e+308", "2**995"]),
    ("ntk_fixed_factor_overflow", lambda: RoPE(8, scaling=DynamicNTKFixed(1e200)), ValueError, ["factor", "1e+200"]),
    ("dynamic_seq_len_overflow", lambda: RoPE(8, scaling=DynamicNTK(2.0, 4096)).apply(X8, np.arange(3), seq_len=1e300),
     ValueError, ["seq_len", "1e+300", "max_position_embeddings = 4096"]),
    ("factor_huge_int", lambda: Linear(10**400), ValueError, ["factor", "too large for float64"]),
    ("yarn_betas_swapped", lambda: YaRN(4.0, 4096, beta_fast=1.0, beta_slow=32.0), ValueError,
     ["beta_fast", "1.0", "beta_slow = 32.0"]),
    ("yarn_beta_log_overflow", lambda: YaRN(4.0, 4096, beta_slow=5e-324), ValueError,
     ["beta_slow", "original_max_position_embeddings"]),
    ("yarn_attention_overflow", lambda: YaRN(4.0, 4096, mscale=1e308, mscale_all_dim=1e-3), ValueError,
     ["mscale", "attention factor", "2**100"]),
    ("yarn_truncate_not_bool", lambda: YaRN(4.0, 4096, truncate="yes"), TypeError, ["truncate", "'yes'"]),
    ("yarn_mscale_huge_int", lambda: YaRN(4.0, 4096, mscale=10**400), ValueError, ["mscale", "too large"]),
    ("longrope_short_factor_length", lambda: RoPE(8, scaling=LongRoPE((1.0,), (1.0,) * 4, 4096, factor=2.0)),
     ValueError, ["short_factor", "rotary_dim // 2 = 4", "1 factors"]),
    ("longrope_long_factor_length", lambda: RoPE(8, scaling=LongRoPE((1.0,) * 4, (1.0,) * 5, 4096, factor=2.0)),
     ValueError, ["long_factor", "5 factors"]),
    ("longrope_l0_one", lambda: LongRoPE((1.0,) * 4, (1.0,) * 4, 1, factor=2.0), ValueError,
     ["original_max_position_embeddings", "> 1", "got 1.0"]),
    ("longrope_l0_half", lambda: LongRoPE((1.0,) * 4, (1.0,) * 4, 0.5, factor=2.0), ValueError,
     ["original_max_position_embeddings", "0.5"]),
    ("xpos_key_scale_overflow", lambda: XPos(RoPE(8)).apply(np.ones(8), 1e6, role="key"), ValueError,
     ["positions", "1000000.0", "scale_base", "centre"]),
    ("xpos_exact_scale_overflow", lambda: XPos(RoPE(8, precision="exact")).apply(np.ones(8), -1e6), ValueError,
     ["positions", "-1000000.0"]),
    ("xpos_centre_huge_int", lambda: XPos(RoPE(8), centre=10**400), ValueError, ["centre", "too large"]),
    ("multiaxis_frequencies_too_large", lambda: MultiAxisRoPE(4, np.array([[1e300, 1.0]])), ValueError,
     ["frequencies", "1e+300", "2**995"]),
    ("multiaxis_positions_ragged", lambda: MultiAxisRoPE.axial(8, 2).apply(np.ones(8), [[1.0], 2.0]), TypeError,
     ["positions", "rectangular"]),
    ("close_complex_actual", lambda: assert_rope_close(np.ones(4) + 1j, np.ones(4), dtype="float64"), TypeError,
     ["actual", "complex128", "real"]),
    ("close_max_angle_inf", lambda: assert_rope_close(np.ones(4), np.ones(4), dtype="float64", max_angle=np.inf),
     ValueError, ["max_angle", "inf", "finite"]),
    ("close_expected_inf", lambda: assert_rope_close(np.ones(4), np.full(4, np.inf), dtype="float64"), ValueError,
     ["expected", "inf"]),
    ("close_worst_negative", lambda: assert_rope_close(np.ones(1), np.ones(1), dtype="float32", worst=-1),
     ValueError, ["worst", "-1"]),
    ("tolerance_overflow", lambda: rope_tolerance(np.full(2, 1e308), dtype="float32", max_angle=1e300), ValueError,
     ["max_angle", "1e+300", "finite"]),
    ("tolerance_attention_factor_zero", lambda: rope_tolerance(np.ones(2), dtype="float32", attention_factor=0.0),
     ValueError, ["attention_factor", "0.0"]),
    ("config_huge_int", lambda: from_hf_config({"hidden_size": 64, "num_attention_heads": 8,
                                                "rope_scaling": {"rope_type": "linear", "factor": 10**400}}),
     ConfigError, ["config['rope_scaling']['factor']", "float64"]),
    ("config_deeply_nested_dict", lambda: from_hf_config(_nested(200)), ConfigError, ["config", "nested deeper"]),
]


def _nested(depth: int) -> dict:
    top = inner = {}
    for _ in range(depth):
        inner["a"] = {}
        inner = inner["a"]
    return top


def test_inf_never_passes_against_a_finite_expected():
    with pytest.raises(AssertionError, match="4 of 4 elements"):
        assert_rope_close(np.full(4, np.inf), np.full(4, 1e308), dtype="float64")


@pytest.mark.parametrize("call,kind,needles", [c[1:] for c in CASES + LIMITS], ids=[c[0] for c in CASES + LIMITS])
def test_bad_input_is_rejected_with_a_message_naming_it(call, kind, needles):
    message = assert_rejected(call, kind, needles)
    assert message.endswith(".") or message.endswith(")")  # a sentence, not a bare repr


def test_longdouble_values_exact_in_float64_are_accepted():
    assert RoPE(2).apply(np.array([1.5, -2.0], np.longdouble), 0).tolist() == [1.5, -2.0]


def _config_file(tmp_path, kind):
    """A config path that is not a readable JSON object file, made in tmp_path."""
    path = tmp_path / "config.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "deep":
        path.write_text("[" * 10_000 + "]" * 10_000)
    elif kind == "huge_int":
        path.write_text('{"hidden_size": 1' + "0" * 400 + ', "num_attention_heads": 8}')
    elif kind == "nan":
        path.write_text('{"hidden_size": 64, "num_attention_heads": 8, "rope_theta": NaN}')
    elif kind == "duplicate_key":
        path.write_text('{"rope_theta": 1.0, "rope_theta": 10000.0}')
    return path


@pytest.mark.parametrize("kind,needles", [
    ("directory", ["not a regular file", "a directory"]),
    ("fifo", ["not a regular file", "a FIFO"]),  # refused without opening it for a blocking read
    ("deep", ["not valid JSON", "nested deeper than 64"]),
    ("huge_int", ["not valid JSON", "too large for float64"]),
    ("nan", ["not valid JSON", "NaN"]),
    ("duplicate_key", ["not valid JSON", "'rope_theta' appears twice"]),
])
def test_config_files_that_are_not_json_objects(tmp_path, kind, needles):
    path = _config_file(tmp_path, kind)
    message = assert_rejected(lambda: from_hf_config(path), ConfigError, ["config file", str(path), *needles])
    assert message.endswith(".")


def test_unreadable_config_file(tmp_path, monkeypatch):
    """Root reads a chmod 000 file anyway, so the refusal of the open is injected as well."""
    path = tmp_path / "config.json"
    path.write_text("{}")
    refuse_open(monkeypatch, path)
    assert_rejected(lambda: from_hf_config(path), ConfigError, [str(path), "cannot be opened", "Permission denied"])


@pytest.mark.parametrize("argv,needle", [
    (["table", "--dim", "8", "--base", "1e305", "--json"], "base"),
    (["table", "--dim", "8", "--layout", ""], "layout"),
    (["bench", "--shape", "100000,100000,128"], "--shape"),
    (["bench", "--shape", "1,2,8", "--repeat", "100000000"], "--repeat"),
    (["bench", "--shape", "1,2,8", "--exact-tables", "999999999999"], "--exact-tables"),
    (["audit", "--samples", "100000000000"], "samples"),
    (["golden", "generate", "--out", "/dev/null", "--force"], "/dev/null"),
])
def test_command_line_usage_errors(argv, needle, capsys):
    """Exit 2 with one line on stderr naming the option: no traceback, no memory blow-up, no output."""
    from rope_ref.cli import main

    assert main(argv) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and captured.out == ""

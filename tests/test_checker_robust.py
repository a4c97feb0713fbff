"""check() never raises for what fn does, and fits real interfaces (seq_len, offsets, contexts)."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from rope_ref import MultiAxisRoPE, RoPE, XPos, check
from rope_ref.scaling import DynamicNTK, LongRoPE

DIM = 32
ROPE = RoPE(DIM)


def correct(x, positions):
    return ROPE.apply(x, positions)


class TorchLike:
    """Stands in for a torch tensor: detach/cpu/float/numpy, a dtype string, no __array__."""

    def __init__(self, a, dtype="torch.float32", grad=False):
        self.a, self.dtype, self.requires_grad = a, dtype, grad

    def detach(self):
        return TorchLike(self.a, self.dtype)

    def cpu(self):
        return self

    def float(self):
        return TorchLike(self.a.astype(np.float32), "torch.float32")

    def numpy(self):
        if self.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy()")
        if "bfloat16" in self.dtype:
            raise TypeError("Got unsupported ScalarType BFloat16")
        return self.a


class ArrayLike:
    def __init__(self, a):
        self.a = a

    def __array__(self, dtype=None, copy=None):
        return self.a if dtype is None else self.a.astype(dtype)


def _sleeper(x, positions):
    time.sleep(5)
    return correct(x, positions)


def _mutator(x, positions):
    y = correct(x, positions)
    x[...] = 0
    positions[...] = -7
    return y


MISBEHAVING = [
    ("raises", lambda x, p: (_ for _ in ()).throw(RuntimeError("CUDA out of memory")), "CUDA out of memory"),
    ("nan", lambda x, p: np.full(np.shape(x), np.nan), "non-finite"),
    ("inf", lambda x, p: np.full(np.shape(x), np.inf), "non-finite"),
    ("wrong_shape", lambda x, p: correct(x, p)[:, :-2], "shape"),
    ("list", lambda x, p: correct(x, p).tolist(), "returned a list"),
    ("complex", lambda x, p: correct(x, p).astype(complex), "complex"),
    ("integers", lambda x, p: np.zeros(np.shape(x), np.int64), "int64"),
    ("string", lambda x, p: "rotated", "returned a str"),
]


def test_a_function_that_returns_none_and_leaves_x_alone_is_an_in_place_rotation_that_did_not_happen():
    """Real in-place kernels have written to a copy and returned None (bytedance-iaas/vllm#59): read as x
    unchanged, the check fails naming no_rotation, and the note says what fn did."""
    report = check(lambda x, p: None, dim=DIM, dtype="float32")
    assert not report.passed and report.diagnosis.causes == ["no_rotation"], str(report)
    assert any("returned None and left x unchanged" in n for n in report.notes)


@pytest.mark.parametrize("name,fn,needle", MISBEHAVING, ids=[m[0] for m in MISBEHAVING])
def test_misbehaving_functions_fail_with_the_reason(name, fn, needle):
    for dtype in (None, "float32"):  # dtype inferred from the first call, or declared
        report = check(fn, dim=DIM, dtype=dtype)
        assert not report.passed
        failed = [c for c in report.cases if c.status == "fail"]
        assert failed and all(needle in (c.reason or "") for c in failed), str(report)
        json.dumps(report.as_dict(), allow_nan=False)
        str(report)


def test_a_hanging_function_times_out_once_and_is_not_called_again():
    start = time.perf_counter()
    report = check(_sleeper, dim=DIM, dtype="float64", timeout=0.2)
    assert time.perf_counter() - start < 3
    assert not report.passed
    reasons = [c.reason for c in report.cases if c.status == "fail"]
    assert "timeout of 0.2 s" in reasons[0] and all("not run" in r for r in reasons[1:])


def test_a_function_that_mutates_its_arguments_is_judged_on_the_original_inputs():
    report = check(_mutator, dim=DIM, dtype="float64")
    assert report.passed, str(report)
    assert "modifies x in place" in report.notes


@pytest.mark.parametrize("wrap,dtype", [
    (lambda y: TorchLike(y.astype(np.float32)), "float32"),
    (lambda y: TorchLike(y.astype(np.float32), grad=True), "float32"),
    (lambda y: TorchLike(y.astype(np.float32), "torch.bfloat16"), "float32"),
    (lambda y: ArrayLike(y), "float64"),
    (lambda y: y.astype(np.float16), "float16"),
], ids=["torch_like", "requires_grad", "torch_bfloat16", "array_protocol", "numpy_float16"])
def test_framework_like_outputs_are_converted(wrap, dtype):
    report = check(lambda x, p: wrap(correct(x, p)), dim=DIM, dtype=dtype)
    assert report.passed, str(report)


def test_dtype_is_inferred_from_the_dtype_name_bfloat16_included():
    for name, dtype in (("torch.bfloat16", "bfloat16"), ("torch.float16", "float16"), ("torch.float32", "float32")):
        report = check(lambda x, p, name=name: TorchLike(correct(x, p).astype(np.float32), name), dim=DIM)
        assert report.dtype == dtype, name


def test_dtype_inference_survives_a_function_that_raises():
    def raises(x, positions):
        raise ValueError("no")

    report = check(raises, dim=DIM)
    assert report.dtype == "float64" and not report.passed
    assert any("could not be inferred" in n for n in report.notes)


# -- LongRoPE and seq_len ------------------------------------------------------------------------

LONG = LongRoPE(tuple(1.0 + 0.1 * j for j in range(DIM // 2)), tuple(1.0 + 2.0 * j for j in range(DIM // 2)), 4096,
                factor=32.0)


@pytest.mark.parametrize("mistake", ["negated", "shifted", "narrower", "no_factor", "zeros"])
def test_failing_longrope_implementations_are_diagnosed_without_crashing(mistake):
    rope = RoPE(DIM, scaling=LONG)

    def fn(x, positions):
        p = np.asarray(positions, dtype=np.float64)
        if mistake == "negated":
            return rope.apply(x, -p, float(np.max(p)) + 1)
        if mistake == "shifted":
            return rope.apply(x, p + 1, float(np.max(p)) + 1)
        if mistake == "narrower":
            return RoPE(DIM, rotary_dim=DIM - 8, scaling=LongRoPE(LONG.short_factor[:12], LONG.long_factor[:12],
                                                                  4096, factor=32.0)).apply(x, p)
        if mistake == "no_factor":
            return rope.apply(x, p) / rope.attention_factor
        return np.zeros(np.shape(x))

    report = check(fn, dim=DIM, scaling=LONG, dtype="float64")
    assert not report.passed
    expected = {"negated": "opposite_direction", "shifted": "position_offset", "narrower": "smaller_rotary_dim",
                "no_factor": "missing_attention_factor", "zeros": "unexplained"}[mistake]
    assert report.diagnosis.cause == expected, str(report)
    json.dumps(report.as_dict(), allow_nan=False)


def test_seq_len_cases_go_only_to_functions_that_take_seq_len():
    rope = RoPE(128, scaling=DynamicNTK(2.0, 4096))

    def with_seq_len(x, positions, seq_len):
        return rope.apply(x, positions, seq_len)

    def serving(x, positions):  # computes once with a serving length of 16384, as vLLM does
        return rope.apply(x, positions, 16384)

    def default(x, positions):  # max(positions) + 1, as transformers does
        return rope.apply(x, positions)

    report = check(with_seq_len, rope=rope, dtype="float64", seq_len=16384)
    assert report.passed and not any(c.status == "skipped" for c in report.cases), str(report)
    keyword = check(lambda x, positions, *, seq_len=None: rope.apply(x, positions, seq_len), rope=rope,
                    dtype="float64")
    assert keyword.passed and not any(c.status == "skipped" for c in keyword.cases), str(keyword)
    report = check(serving, rope=rope, dtype="float64", seq_len=16384)
    skipped = {c.name for c in report.cases if c.status == "skipped"}
    assert report.passed and skipped == {"dynamic_f2_d128_seq4096", "dynamic_f2_d128_seq8192"}, str(report)
    report = check(default, rope=rope, dtype="float64")
    skipped = [c for c in report.cases if c.status == "skipped"]
    assert report.passed and {c.name for c in skipped} == {"dynamic_f2_d128_seq4096", "dynamic_f2_d128_seq8192"}
    assert all("takes no seq_len" in c.reason for c in skipped)
    wrong = check(default, rope=rope, dtype="float64", seq_len=16384)  # declared 16384, computes max + 1
    assert not wrong.passed


def test_golden_cases_that_pin_seq_len_are_answered_with_it():
    rope = RoPE(128, scaling=DynamicNTK(2.0, 4096))
    report = check(lambda x, p, seq_len: rope.apply(x, p, seq_len), rope=rope, dtype="float64")
    names = {c.name: c.status for c in report.cases}
    assert names["dynamic_f2_d128_seq4096"] == names["dynamic_f2_d128_seq8192"] == "pass", str(report)


def test_max_position_keeps_every_case_inside_the_context():
    report = check(correct, dim=DIM, dtype="float64", max_position=2048)
    assert report.passed
    assert all(c.max_position < 2048 for c in report.cases if c.status != "skipped")
    assert any(c.status == "skipped" and "max_position" in c.reason for c in report.cases) or all(
        c.source != "golden" for c in report.cases)


def test_offset_interface_for_decode_style_apis():
    def decode(x, offset):
        assert isinstance(offset, int)
        return ROPE.apply(x, offset + np.arange(x.shape[0]))

    report = check(decode, dim=DIM, dtype="float64", interface="offset")
    assert report.passed, str(report)
    shifted = check(lambda x, offset: decode(x, offset + 1), dim=DIM, dtype="float64", interface="offset")
    assert shifted.diagnosis.cause == "position_offset" and shifted.diagnosis.parameter == 1.0, str(shifted)


def test_explicit_positions_and_fractional_cases():
    report = check(correct, dim=DIM, dtype="float64", positions=[0, 7, 100000], fractional=True)
    names = [c.name for c in report.cases]
    assert "explicit_positions" in names and "random_fractional_positions" in names and report.passed


def test_nothing_checkable_fails_with_the_reason():
    report = check(correct, dim=DIM, dtype="bfloat16", angle_dtype="float32", golden=False,
                   positions=[2**31 - 1, 2**31 - 2])
    assert report.passed  # random cases below 2^20 stay checkable at bfloat16 with float32 angles
    assert [c.status for c in report.cases if c.name == "explicit_positions"] == ["not_checkable"]
    # by default float64 angles are accepted too, and this float64 oracle meets their bound even there
    default = check(correct, dim=DIM, dtype="bfloat16", golden=False, positions=[2**31 - 1, 2**31 - 2])
    assert [(c.status, c.angle_dtype) for c in default.cases if c.name == "explicit_positions"] == [
        ("pass", "float64")]
    # bfloat16 angles: even positions below 64 carry errors as large as the output
    only = check(correct, dim=DIM, dtype="bfloat16", angle_dtype="bfloat16", golden=False)
    assert not only.passed and "no case is checkable" in only.reason, str(only)
    assert "no case is checkable" in str(only) and json.loads(json.dumps(only.as_dict()))["reason"]


def test_an_oracle_overflow_is_a_skipped_case_not_a_crash():
    xpos = XPos(RoPE(DIM), scale_base=1.0)
    report = check(lambda x, p: np.zeros(np.shape(x)), rope=xpos, role="key", dtype="float64", golden=False,
                   positions=[2**30])
    case = next(c for c in report.cases if c.name == "explicit_positions")
    assert case.status == "skipped" and not report.passed


def test_multiaxis_and_xpos_go_through_the_same_check():
    grid = MultiAxisRoPE.axial(64, axes=2, base=100.0, layout="interleaved")
    assert check(lambda x, p: grid.apply(x, p), rope=grid, dtype="float64").passed
    swapped = check(lambda x, p: grid.apply(x, np.asarray(p)[:, ::-1]), rope=grid, dtype="float64")
    assert swapped.diagnosis.cause == "axes_swapped", str(swapped)
    xpos = XPos(RoPE(64), scale_base=512.0)
    assert check(lambda x, p: xpos.apply(x, p, "query"), rope=xpos, dtype="float64").passed
    key = check(lambda x, p: xpos.apply(x, p, "key"), rope=xpos, dtype="float64")
    assert key.diagnosis.cause == "other_role", str(key)
    golden = [c for c in check(lambda x, p: xpos.apply(x, p, "query"), rope=xpos, dtype="float64").cases
              if c.source == "golden"]
    assert golden  # the xPos golden case with these parameters runs


def test_bad_declarations_raise_naming_the_argument():
    with pytest.raises(ValueError, match="angle_dtype"):
        check(correct, dim=DIM, angle_dtype="float8")
    with pytest.raises(ValueError, match="interface"):
        check(correct, dim=DIM, interface="batch")
    with pytest.raises(ValueError, match="max_position"):
        check(correct, dim=DIM, max_position=-1)
    with pytest.raises(ValueError, match="layer_type"):
        check(correct, dim=DIM, layer_type="sliding_attention")
    with pytest.raises(TypeError, match="rope"):
        check(correct, rope="llama")
    with pytest.raises(ValueError, match="timeout"):
        check(correct, dim=DIM, timeout=0)


def test_an_empty_layout_is_refused_not_read_as_half():
    with pytest.raises(ValueError, match="layout"):
        check(correct, dim=DIM, layout="")


GEMMA3 = {"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "head_dim": 256,
          "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0}


def test_layer_type_declares_the_rope_of_that_layer():
    from rope_ref import from_hf_config

    local = from_hf_config(GEMMA3, layer_type="sliding_attention")
    fn = lambda x, p: local.apply(x, p)  # noqa: E731
    assert check(fn, config=GEMMA3, layer_type="sliding_attention", dtype="float64").passed
    report = check(fn, config=GEMMA3, layer_type="full_attention", dtype="float64")
    assert report.diagnosis.cause == "other_base" and report.diagnosis.parameter == 10000.0, str(report)
    with pytest.raises(ValueError, match="sliding_attention"):
        check(fn, config=GEMMA3, layer_type="chunked_attention")


def test_a_multi_axis_config_says_it_checks_text_positions_only():
    from rope_ref import MultiAxisRoPE, from_hf_config, from_hf_config_multiaxis

    qwen2vl = {"model_type": "qwen2_vl", "hidden_size": 1536, "num_attention_heads": 12, "rope_theta": 1000000.0,
               "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}}
    text = from_hf_config(qwen2vl)
    report = check(lambda x, p: text.apply(x, p), config=qwen2vl, dtype="float64")
    assert report.passed and any("from_hf_config_multiaxis" in n for n in report.notes)
    grid = from_hf_config_multiaxis(qwen2vl)
    assert isinstance(grid, MultiAxisRoPE)
    assert check(lambda x, p: grid.apply(x, p), rope=grid, dtype="float64").passed

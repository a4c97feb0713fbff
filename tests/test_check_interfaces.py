"""check on the interfaces kernels really have (batched positions, fn(q, k, positions), in place, prefill
then decode), the call schedule that exposes state, the measurement, and the conveniences around them."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rope_ref import RoPE, check
from rope_ref.scaling import Llama3

from implementations import textbook

DIM = 32
ROPE = RoPE(DIM)


# -- batched positions (batch, seq) -------------------------------------------------------------------------

def batched(x, positions):
    """A correct kernel on x (batch, seq, d) and position ids (batch, seq): each sequence its own positions."""
    assert x.ndim == 3 and positions.shape == x.shape[:2]
    return ROPE.apply(x, positions)


def batched_arange(x, positions):
    """GPT-NeoX in transformers 4.26 (huggingface/transformers#22161): row i of every sequence at position i."""
    return ROPE.apply(x, np.broadcast_to(np.arange(x.shape[1]), x.shape[:2]))


def test_a_correct_batched_kernel_passes_left_padding_and_packed_sequences():
    report = check(batched, dim=DIM, interface="batched", dtype="float64")
    assert report.passed, str(report)
    names = {c.name for c in report.cases if c.status == "pass"}
    assert {"left_padding", "packed_sequences", "random_positions_below_1048576"} <= names


def test_a_batched_kernel_that_numbers_rows_itself_ignores_the_positions():
    report = check(batched_arange, dim=DIM, interface="batched", dtype="float64")
    assert report.diagnosis.causes == ["positions_ignored"], str(report)
    assert "rotates row i by i" in report.measurement.behaviour["rows"] or "positions" in report.measurement.behaviour


def test_batched_explicit_positions_take_one_row_per_sequence():
    report = check(batched, dim=DIM, interface="batched", dtype="float64", positions=[[0, 1, 2, 3], [7, 7, 0, 1]])
    assert next(c for c in report.cases if c.name == "explicit_positions").status == "pass"


# -- fn(q, k, positions): grouped-query attention -------------------------------------------------------------

def qk(q, k, positions):
    assert q.shape[1] != k.shape[1]  # two query heads per key head
    return ROPE.apply(q, positions[:, None]), ROPE.apply(k, positions[:, None])


def test_a_correct_qk_kernel_is_found_from_its_signature_and_passes():
    report = check(qk, dim=DIM, dtype="float64")
    assert report.passed, str(report)


def test_a_qk_kernel_that_forgets_the_keys_is_named_per_head():
    def keys_forgotten(q, k, positions):
        return ROPE.apply(q, positions[:, None]), k

    report = check(keys_forgotten, dim=DIM, dtype="float64")
    assert report.diagnosis.causes == ["no_rotation"], str(report)
    assert "key head 0 come back unrotated" in report.diagnosis.explanation


# -- in place ---------------------------------------------------------------------------------------------------

def test_an_in_place_kernel_that_returns_none_is_read_from_x():
    def in_place(x, positions):
        x[...] = ROPE.apply(x, positions)

    report = check(in_place, dim=DIM, dtype="float32")
    assert report.passed, str(report)
    assert any("rotates x in place" in n for n in report.notes)


# -- offset APIs: prefill, then decode ---------------------------------------------------------------------------

def decode(x, offset):
    return ROPE.apply(x, offset + np.arange(x.shape[0]))


def test_a_correct_offset_api_passes_prefill_then_decode():
    report = check(decode, dim=DIM, interface="offset", dtype="float64")
    assert report.passed, str(report)
    assert next(c for c in report.cases if c.name == "prefill_then_decode").status == "pass"


class GrowingCache:
    """A cos/sin cache built for the length of the first call and reused for later, longer offsets:
    decode steps past it are rotated with the last cached position."""

    def __init__(self):
        self.table = None

    def __call__(self, x, offset):
        if self.table is None:
            self.table = offset + np.arange(x.shape[0])
        pos = np.minimum(offset + np.arange(x.shape[0]), self.table[-1])
        return ROPE.apply(x, pos)


def test_a_call_order_dependence_fails():
    """An output that depends on the calls before it fails (the first case, run again at the end, agrees
    with itself here; the later cases do not agree with the oracle)."""
    report = check(GrowingCache(), dim=DIM, interface="offset", dtype="float64")
    assert not report.passed
    assert next(c for c in report.cases if c.name == "random_positions_below_64").status == "pass"


# -- the schedule: a short case after the long ones ------------------------------------------------------------

def test_a_dynamic_base_kept_from_a_longer_call_is_stateful():
    """transformers' dynamic NTK before the fix of huggingface/transformers#25306 kept the base of the
    longest call: the first case, run again at the end, comes back different."""
    from rope_ref.scaling import DynamicNTK

    rule = DynamicNTK(2.0, 64)

    class KeepsLongest:
        def __init__(self):
            self.longest = 0.0

        def __call__(self, x, positions):
            self.longest = max(self.longest, float(np.max(positions)) + 1.0)
            return RoPE(DIM, scaling=rule).apply(x, positions, seq_len=self.longest)

    report = check(KeepsLongest(), dim=DIM, scaling=rule, dtype="float64", max_position=4096)
    assert report.diagnosis.causes == ["stateful"], str(report)
    rerun = next(c for c in report.cases if c.name == "rerun::random_positions_below_64")
    assert rerun.status == "fail"
    assert "run again after the longer cases, came back different" in report.diagnosis.explanation


# -- the measurement -----------------------------------------------------------------------------------------------

def _llama3(j, r, base, factor, low, high, l0):
    """Llama 3.1's rule written from Meta's apply_scaling (not rope_ref): theta_j after smoothing."""
    theta = base ** (-2.0 * j / r)
    wavelen = 2 * math.pi / theta
    if wavelen < l0 / high:
        return theta
    if wavelen > l0 / low:
        return theta / factor
    smooth = (l0 / wavelen - low) / (high - low)
    return (1 - smooth) * theta / factor + smooth * theta


def test_a_wrong_llama3_low_freq_factor_is_shown_pair_by_pair_and_named():
    """The smoothing band moves: the report lists exactly the pairs whose frequency differs, with the
    measured ratio, and names the parameter with its value."""
    r, base = 128, 500000.0
    declared = Llama3(8.0, low_freq_factor=1.0, high_freq_factor=4.0, original_max_position_embeddings=8192)
    wrong = np.array([_llama3(j, r, base, 8.0, 2.0, 4.0, 8192) for j in range(r // 2)])
    right = np.array([_llama3(j, r, base, 8.0, 1.0, 4.0, 8192) for j in range(r // 2)])

    def ported(x, positions):
        ang = np.asarray(positions, dtype=np.float64)[:, None] * wrong
        x1, x2 = x[:, : r // 2].astype(np.float64), x[:, r // 2:].astype(np.float64)
        return np.concatenate([x1 * np.cos(ang) - x2 * np.sin(ang), x2 * np.cos(ang) + x1 * np.sin(ang)], axis=1)

    report = check(ported, dim=r, base=base, scaling=declared, dtype="float64")
    assert report.diagnosis.causes == ["scaling_parameter"], str(report)
    assert report.diagnosis.parameter == 2.0 and "low_freq_factor 2 instead of 1" in report.diagnosis.explanation
    differ = np.flatnonzero(np.abs(wrong / right - 1) > 1e-12)
    ratios = [p.ratio for p in report.measurement.pairs]
    assert ratios == pytest.approx(wrong / right, rel=1e-9)
    assert f"pairs {differ[0]}-{differ[-1]}: frequency x" in "\n".join(report.measurement.lines), str(report)


def test_the_measurement_reads_pairing_pass_through_and_gain():
    """Interleaved pairs where half was declared, and a gain of 1.25 on a partial rotary: read off unit vectors."""
    wrong = RoPE(DIM, layout="interleaved")
    report = check(lambda x, p: wrong.apply(x, p), dim=DIM, dtype="float64")
    assert report.measurement.measured_pairs == [(2 * j, 2 * j + 1) for j in range(DIM // 2)]
    assert not report.measurement.pairing_as_declared
    gained = check(lambda x, p: textbook(x, p, dim=DIM, rotary_dim=16, gain=1.25), dim=DIM, rotary_dim=16,
                   dtype="float64")
    assert gained.diagnosis.causes == ["attention_factor"] and gained.diagnosis.parameter == 1.25
    assert all(p.gain == pytest.approx((1.25, 1.25)) for p in gained.measurement.pairs)
    assert gained.measurement.pass_through == []


def fused_qk_norm_rope(x, positions, eps=1e-6):
    """A fused QK-norm + RoPE kernel as Qwen3 serving stacks run it (TensorRT-LLM's fusedQKNormRope, vLLM's
    fused_qk_norm_rope): each head is RMS-normalised with its learned weight, then rotated."""
    weight = 1.0 + 0.01 * np.arange(x.shape[-1])
    x = np.asarray(x, dtype=np.float64)
    normed = x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight
    return ROPE.apply(normed, positions)


def test_a_function_that_is_not_linear_in_x_is_reported_as_such():
    """A fused kernel checked as if it were RoPE alone: the measurement finds fn(x1 + x2) != fn(x1) + fn(x2)."""
    report = check(fused_qk_norm_rope, dim=DIM, dtype="float64")
    assert report.diagnosis.causes == ["not_linear"], str(report)
    assert "fn(x1 + x2) differs from fn(x1) + fn(x2)" in report.diagnosis.explanation


# -- conveniences -------------------------------------------------------------------------------------------------

def test_a_torch_function_given_numpy_gets_a_one_line_hint():
    def torch_style(x, positions):
        return x.float() * 1.0  # torch's Tensor.float; NumPy has none

    report = check(torch_style, dim=DIM)
    assert report.diagnosis.causes == ["fn_failed"]
    assert "rope_ref.interop.from_torch" in report.diagnosis.explanation and "--torch" in str(report)


def test_the_dtype_probe_gives_a_seq_len_to_functions_that_take_one():
    from rope_ref.scaling import DynamicNTK

    rule = DynamicNTK(2.0, 4096)

    def strict(x, positions, seq_len):
        if seq_len is None:
            raise TypeError("seq_len must be an int")
        return RoPE(DIM, scaling=rule).apply(x, positions, seq_len=seq_len).astype(np.float32)

    report = check(strict, dim=DIM, scaling=rule)
    assert report.dtype == "float32" and "dtype inferred from fn's output: float32" in report.notes
    assert report.passed, str(report)


def test_with_a_config_the_cases_stay_in_the_models_context():
    config = {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 2, "max_position_embeddings": 4096}
    rope = RoPE(DIM)
    report = check(lambda x, p: rope.apply(x, p), config=config, dtype="float64")
    assert max(c.max_position for c in report.cases if c.status != "skipped") < 4096
    assert any("model's context of 4096 positions" in n for n in report.notes)
    beyond = check(lambda x, p: rope.apply(x, p), config=config, dtype="float64", max_position=math.inf)
    assert max(c.max_position for c in beyond.cases if c.status != "skipped") > 4096


def test_the_measurement_reads_each_position_axis():
    """Axial 2-D RoPE with its axes read in reverse: the pairs of one axis turn with the other axis."""
    from rope_ref import MultiAxisRoPE

    axial = MultiAxisRoPE.axial(DIM, axes=2)
    report = check(lambda x, p: axial.apply(x, p[:, ::-1]), rope=axial, dtype="float64")
    assert report.diagnosis.causes == ["axes_swapped"], str(report)
    lines = report.measurement.lines
    half = DIM // 4
    assert f"axis 0: pairs 0-{half - 1}: frequency 0 (does not rotate with the position)" in lines
    assert any(line.startswith(f"axis 1: pairs 0-{half - 1}: turns at") for line in lines), lines

"""Hypothesis fuzz over constructor arguments and inputs: every call either gives finite values
(for finite input) or raises TypeError or ValueError (rope-ref's own errors subclass them)
naming an argument; never a silent NaN or inf, never another exception."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rope_ref import MultiAxisRoPE, RoPE, XPos, from_hf_config
from rope_ref import scaling as sc
from rope_ref.testing import assert_rope_close, rope_tolerance

from strategies import hostile_arrays, hostile_numbers, hostile_positions

ARGUMENT_NAMES = ("dim", "base", "layout", "rotary_dim", "precision", "scaling", "factor", "max_position_embeddings",
                  "original_max_position_embeddings", "beta_fast", "beta_slow", "mscale", "attention_factor",
                  "attention_factor_override", "attn_factor",
                  "low_freq_factor", "high_freq_factor", "short_factor", "long_factor", "partial_rotary_factor",
                  "positions", "seq_len", "x", "scale_base", "centre", "axes", "actual", "expected", "max_angle",
                  "config", "truncate")

RULES = {
    "linear": lambda n: sc.Linear(n[0]),
    "ntk_aware": lambda n: sc.NTKAware(n[0]),
    "dynamic": lambda n: sc.DynamicNTK(n[0], n[1]),
    "dynamic_fixed": lambda n: sc.DynamicNTKFixed(n[0]),
    "yarn": lambda n: sc.YaRN(n[0], n[1], beta_fast=n[2], beta_slow=n[3], mscale=n[4], mscale_all_dim=n[5]),
    "deepseek_yarn": lambda n: sc.DeepSeekYaRN(n[0], n[1], mscale=n[4], attn_factor=n[5]),
    "llama3": lambda n: sc.Llama3(n[0], n[2], n[3], n[1]),
    "longrope": lambda n: sc.LongRoPE((n[2],) * 4, (n[3],) * 4, n[1], factor=n[0],
                                      attention_factor_override=n[4]),
    "proportional": lambda n: sc.Proportional(n[0], n[1]),
}


def _outcome(call):
    """call()'s result, or None when it raised TypeError/ValueError naming an argument."""
    try:
        return call()
    except (TypeError, ValueError) as err:
        message = str(err)
        assert any(name in message for name in ARGUMENT_NAMES), f"{type(err).__name__} names no argument: {message}"
        return None


def _assert_finite(result, given_input):
    if result is None or not np.all(np.isfinite(given_input)):
        return
    for part in result if isinstance(result, tuple) else (result,):
        assert np.all(np.isfinite(part)), "a NaN or inf came out of finite input"


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_rope_constructor_and_apply(data):
    dim = data.draw(st.one_of(st.sampled_from([2, 4, 8]), hostile_numbers()), label="dim")
    base = data.draw(st.one_of(st.just(10000.0), hostile_numbers()), label="base")
    precision = data.draw(st.sampled_from(["float64", "exact"]), label="precision")
    rule = data.draw(st.sampled_from([None, *RULES]), label="rule")
    numbers = [data.draw(hostile_numbers(), label=f"rule parameter {i}") for i in range(6)]
    x = data.draw(hostile_arrays(), label="x")
    positions = data.draw(hostile_positions(len(x)), label="positions")
    seq_len = data.draw(st.one_of(st.none(), hostile_numbers()), label="seq_len")
    rope = _outcome(lambda: RoPE(dim, base=base, precision=precision,
                                 scaling=None if rule is None else RULES[rule](numbers)))
    if rope is None:
        return
    if x.shape[-1] != rope.dim:
        return
    x_before, positions_before = x.copy(), positions.copy()
    out = _outcome(lambda: rope.apply(x, positions, seq_len=seq_len))
    _assert_finite(out, x)
    assert np.array_equal(x, x_before) and np.array_equal(positions, positions_before, equal_nan=True)  # not mutated
    assert out is None or not np.shares_memory(out, x)  # not aliased
    if out is not None:
        back = _outcome(lambda: rope.invert(out, positions, seq_len=seq_len))
        _assert_finite(back, out)
    _assert_finite(_outcome(lambda: rope.cos_sin(positions, seq_len=seq_len, scaled=True)), positions)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_xpos_and_multiaxis(data):
    scale_base = data.draw(st.one_of(st.just(512.0), hostile_numbers()), label="scale_base")
    centre = data.draw(st.one_of(st.just(0.0), hostile_numbers()), label="centre")
    precision = data.draw(st.sampled_from(["float64", "exact"]), label="precision")
    role = data.draw(st.sampled_from(["query", "key"]), label="role")
    x = data.draw(hostile_arrays(), label="x")
    positions = data.draw(hostile_positions(len(x)), label="positions")
    xpos = _outcome(lambda: XPos(RoPE(8, precision=precision), scale_base=scale_base, centre=centre))
    if xpos is not None:
        _assert_finite(_outcome(lambda: xpos.apply(x, positions, role=role)), x)
    base = data.draw(st.one_of(st.just(100.0), hostile_numbers()), label="axial base")
    grid = np.stack([positions, positions[::-1]], axis=-1)
    rope2d = _outcome(lambda: MultiAxisRoPE.axial(8, 2, base=base, precision=precision))
    if rope2d is not None:
        _assert_finite(_outcome(lambda: rope2d.apply(x, grid)), x)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_assert_rope_close_never_passes_garbage(data):
    expected = data.draw(hostile_arrays(3, 4), label="expected")
    actual = data.draw(st.one_of(hostile_arrays(3, 4), st.just(np.full((2, 4), np.nan)),
                                 st.just(np.full((2, 4), np.inf))), label="actual")
    max_angle = data.draw(st.one_of(st.just(0.0), hostile_numbers()), label="max_angle")
    factor = data.draw(st.one_of(st.just(1.0), hostile_numbers()), label="attention_factor")
    try:
        assert_rope_close(actual, expected, dtype="float32", max_angle=max_angle, attention_factor=factor)
    except AssertionError:
        return
    except (TypeError, ValueError) as err:
        assert any(name in str(err) for name in ARGUMENT_NAMES), str(err)
        return
    # It passed: then every element is within a finite tolerance of a finite expected value.
    atol = rope_tolerance(expected, dtype="float32", max_angle=max_angle, attention_factor=factor)
    assert np.isfinite(atol) and actual.shape == expected.shape
    assert np.all(np.isfinite(actual)) and np.all(np.abs(actual - expected) <= atol)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_from_hf_config_numbers(data):
    keys = ["hidden_size", "num_attention_heads", "rope_theta", "partial_rotary_factor", "max_position_embeddings"]
    config = {k: data.draw(st.one_of(st.sampled_from([64, 8, 10000.0, 1.0, 4096]), hostile_numbers()), label=k)
              for k in keys}
    rule = data.draw(st.sampled_from(["linear", "dynamic", "yarn", "llama3", "longrope"]), label="rope_type")
    block = {"rope_type": rule, "factor": data.draw(hostile_numbers(), label="factor"),
             "original_max_position_embeddings": data.draw(hostile_numbers(), label="L0")}
    if rule == "longrope":
        block |= {"short_factor": [data.draw(hostile_numbers(), label="short")] * 4, "long_factor": [2.0] * 4}
    if rule == "llama3":
        block |= {"low_freq_factor": 1.0, "high_freq_factor": data.draw(hostile_numbers(), label="high")}
    config["rope_scaling"] = block
    rope = _outcome(lambda: from_hf_config(config))
    if rope is not None:
        _assert_finite(_outcome(lambda: rope.apply(np.ones(rope.dim), np.array(3.0))), np.ones(1))


@pytest.mark.parametrize("value", [10**400, -(10**400), 10**5000], ids=["1e400", "-1e400", "1e5000"])
def test_numbers_of_any_python_size_are_refused_clearly(value):
    for call in (lambda: RoPE(8, base=value), lambda: RoPE(value), lambda: sc.Linear(value),
                 lambda: RoPE(8).apply(np.ones(8), 0.0, seq_len=value), lambda: XPos(RoPE(8), scale_base=value),
                 lambda: rope_tolerance(np.ones(2), dtype="float32", max_angle=value)):
        with pytest.raises(ValueError, match="bits"):
            call()

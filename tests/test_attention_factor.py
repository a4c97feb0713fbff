"""One vocabulary: ``attention_factor`` is the resolved factor a of every rule.

Each rule's ``attention_factor`` is checked against its formula computed independently in mpmath
(tests/test_rule_formulas.py sweeps random parameters of the same formulas); the explicit inputs
are ``attention_factor_override`` (YaRN, LongRoPE: transformers' config key ``attention_factor``)
and ``attn_factor`` (DeepSeekYaRN: vLLM's multiplier). The old names keep working for one release
with a DeprecationWarning (pytest runs with warnings as errors, so every use here is inside
pytest.warns).
"""

from __future__ import annotations

import dataclasses
import inspect
import warnings

import mpmath as mp
import numpy as np
import pytest

from rope_ref import RoPE, Scaling, default_inv_freq, from_hf_config
from rope_ref.scaling import (
    DeepSeekYaRN,
    DynamicNTK,
    DynamicNTKFixed,
    Linear,
    Llama3,
    LongRoPE,
    NTKAware,
    Proportional,
    YaRN,
)

PHI = (1.0, 2.0)  # LongRoPE factor lists for rotary_dim 4


def mscale(s: float, m: float = 1.0) -> mp.mpf:
    """YaRN's get_mscale: 0.1 m ln s + 1 for s > 1, else 1."""
    return mp.mpf(1) if s <= 1 else mp.mpf(m) * mp.log(mp.mpf(s)) / 10 + 1


def longrope_a(s: float, l0: float) -> mp.mpf:
    """LongRoPE's sqrt(1 + ln s / ln L0) for s > 1, else 1."""
    return mp.mpf(1) if s <= 1 else mp.sqrt(1 + mp.log(mp.mpf(s)) / mp.log(mp.mpf(l0)))


def assert_rounded(got: float, want: mp.mpf) -> None:
    """got is want rounded once (half an ulp, plus the double-double's few 2**-104)."""
    assert isinstance(got, float)
    with mp.workdps(60):
        bound = 0.5 * float(np.spacing(float(want))) + float(want) * 2.0**-98
        assert abs(mp.mpf(got) - want) <= bound, (got, want)


with mp.workdps(60):
    CASES = [  # (rule, a from its formula in mpmath)
        (YaRN(4.0, 4096), mscale(4.0)),
        (YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0), mscale(40.0, 0.707) / mscale(40.0, 1.0)),
        (YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0), mscale(40.0)),  # transformers: one unset -> get_mscale(s)
        (YaRN(0.5, 4096), mp.mpf(1)),
        (YaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0, attention_factor_override=0.75), mp.mpf(0.75)),
        (DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0), mscale(40.0, 0.707)),
        (DeepSeekYaRN(40.0, 4096), mscale(40.0)),  # mscale 1, mscale_all_dim 0 when unset
        (DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0, attn_factor=1.5),
         mscale(40.0, 0.707) / mscale(40.0, 1.0) * mp.mpf(1.5)),
        (DeepSeekYaRN(8.0, 4096, mscale=1.0, mscale_all_dim=0.5, attn_factor=None), mscale(8.0) / mscale(8.0, 0.5)),
        (LongRoPE(PHI, PHI, 4096, factor=32.0), longrope_a(32.0, 4096)),
        (LongRoPE(PHI, PHI, 4096, max_position_embeddings=131072), longrope_a(32.0, 4096)),
        (LongRoPE(PHI, PHI, 4096, factor=0.5), mp.mpf(1)),
        (LongRoPE(PHI, PHI, 4096, factor=32.0, attention_factor_override=1.25), mp.mpf(1.25)),
        (Linear(4.0), mp.mpf(1)),
        (NTKAware(4.0), mp.mpf(1)),
        (DynamicNTK(4.0, 4096), mp.mpf(1)),
        (DynamicNTKFixed(4.0), mp.mpf(1)),
        (Llama3(), mp.mpf(1)),
        (Proportional(0.5, 2.0), mp.mpf(1)),
    ]


@pytest.mark.parametrize("rule,want", CASES, ids=[repr(c[0])[:90] for c in CASES])
def test_attention_factor_is_the_rules_formula(rule, want):
    assert_rounded(rule.attention_factor, want)
    rope = RoPE(4, scaling=rule)
    assert rope.attention_factor == rule.attention_factor
    cos, sin = rope.cos_sin([3.0], scaled=True)
    plain_cos, plain_sin = rope.cos_sin([3.0])
    assert np.array_equal(cos, plain_cos * rule.attention_factor)
    assert np.array_equal(sin, plain_sin * rule.attention_factor)


@pytest.mark.parametrize("rule,want", CASES[:6], ids=[repr(c[0])[:90] for c in CASES[:6]])
def test_attention_scaling_is_a_deprecated_alias(rule, want):
    with pytest.warns(DeprecationWarning, match="attention_scaling is deprecated; use Scaling.attention_factor"):
        value = rule.attention_scaling
    assert value == rule.attention_factor


def test_a_scaling_subclass_written_with_the_old_name_still_counts_and_is_warned_about():
    with pytest.warns(DeprecationWarning, match="OldRule defines attention_scaling.*attention_factor"):
        class OldRule(Scaling):
            def inv_freq(self, rotary_dim, base, seq_len=None):
                return default_inv_freq(rotary_dim, base)

            @property
            def attention_scaling(self):
                return 1.5

    rule = OldRule()
    assert rule.attention_factor == 1.5  # read, not silently replaced by the default 1.0
    assert RoPE(8, scaling=rule).attention_factor == 1.5
    x = np.ones((1, 8))
    # a multiplies the rotated output (where it enters the product changes the last bit, not more)
    np.testing.assert_allclose(RoPE(8, scaling=rule).apply(x, [2.0]), 1.5 * RoPE(8).apply(x, [2.0]), rtol=4e-16,
                               atol=0)


def test_a_subclass_with_the_new_name_is_not_warned_about():
    with warnings.catch_warnings():
        warnings.simplefilter("error")

        class NewRule(Scaling):
            def inv_freq(self, rotary_dim, base, seq_len=None):
                return default_inv_freq(rotary_dim, base)

            @property
            def attention_factor(self):
                return 2.0

    assert RoPE(8, scaling=NewRule()).attention_factor == 2.0


def test_the_override_field_keeps_its_place_in_the_dataclass():
    yarn = list(inspect.signature(YaRN).parameters)
    assert yarn == ["factor", "original_max_position_embeddings", "beta_fast", "beta_slow", "mscale",
                    "mscale_all_dim", "attention_factor_override", "truncate"]
    longrope = list(inspect.signature(LongRoPE).parameters)
    assert longrope == ["short_factor", "long_factor", "original_max_position_embeddings", "factor",
                        "max_position_embeddings", "attention_factor_override"]
    assert list(inspect.signature(DeepSeekYaRN).parameters)[-1] == "attn_factor"
    assert inspect.signature(DeepSeekYaRN).parameters["attn_factor"].default == 1.0
    assert YaRN(4.0, 4096, 32.0, 1.0, None, None, 1.25).attention_factor_override == 1.25  # positional


@pytest.mark.parametrize("make,new", [
    (lambda **k: YaRN(4.0, 4096, **k), "attention_factor_override"),
    (lambda **k: LongRoPE(PHI, PHI, 4096, factor=8.0, **k), "attention_factor_override"),
    (lambda **k: DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0, **k), "attn_factor"),
])
def test_the_old_keyword_still_works_for_one_release(make, new):
    with pytest.warns(DeprecationWarning, match=rf"\(attention_factor=\.\.\.\) is deprecated; pass {new}="):
        old = make(attention_factor=1.25)
    assert old == make(**{new: 1.25})
    assert getattr(old, new) == 1.25
    with pytest.raises(TypeError, match=f"got both attention_factor= .* and {new}="):
        make(attention_factor=1.25, **{new: 1.25})


def test_deepseek_multiplier_and_override_do_not_mix():
    a = DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0).attention_factor
    assert DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=1.0, attn_factor=2.0).attention_factor == 2 * a
    with pytest.raises(ValueError, match="attention_factor_override must be None for DeepSeekYaRN"):
        DeepSeekYaRN(40.0, 4096, attention_factor_override=2.0)
    with pytest.raises(ValueError, match="attention_factor_override"):
        dataclasses.replace(DeepSeekYaRN(40.0, 4096), attention_factor_override=2.0)
    assert DeepSeekYaRN(40.0, 4096, attn_factor=None).attn_factor == 1.0


@pytest.mark.parametrize("rule,at_8", [
    (YaRN(4.0, 4096), mscale(8.0)),
    (YaRN(4.0, 4096, mscale=0.707, mscale_all_dim=1.0), mscale(8.0, 0.707) / mscale(8.0, 1.0)),
    (YaRN(4.0, 4096, attention_factor_override=1.25), mp.mpf(1.25)),
    (DeepSeekYaRN(4.0, 4096, mscale=0.707, attn_factor=2.0), mscale(8.0, 0.707) * 2),
    (LongRoPE(PHI, PHI, 4096, factor=4.0), longrope_a(8.0, 4096)),
    (LongRoPE(PHI, PHI, 4096, factor=4.0, attention_factor_override=1.25), mp.mpf(1.25)),
])
def test_replace_gives_the_new_factors_attention_factor(rule, at_8):
    """The factor is resolved when read, never stored into an input field: replace(rule, factor=8)
    is the rule at factor 8, with no warning and nothing applied twice (the multiplier once)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        moved = dataclasses.replace(rule, factor=8.0)
        back = dataclasses.replace(moved, factor=4.0)
    with mp.workdps(60):
        assert_rounded(moved.attention_factor, at_8)
    assert back == rule and back.attention_factor == rule.attention_factor


def test_replace_of_a_rule_made_with_the_old_keyword_does_not_apply_it_twice():
    with pytest.warns(DeprecationWarning):
        rule = DeepSeekYaRN(4.0, 4096, mscale=0.707, attention_factor=2.0)
    moved = dataclasses.replace(rule, factor=8.0)
    assert moved.attn_factor == 2.0
    assert_rounded(moved.attention_factor, mscale(8.0, 0.707) * 2)


@pytest.mark.parametrize("block,want", [
    ({"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096, "attention_factor": 0.5},
     mp.mpf(0.5)),
    ({"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096}, mscale(4.0)),
    ({"rope_type": "longrope", "short_factor": [1.0] * 32, "long_factor": [2.0] * 32,
      "original_max_position_embeddings": 4096, "attention_factor": 1.25}, mp.mpf(1.25)),
    ({"rope_type": "longrope", "short_factor": [1.0] * 32, "long_factor": [2.0] * 32,
      "original_max_position_embeddings": 4096}, longrope_a(32.0, 4096)),
])
def test_config_key_attention_factor_is_the_override(block, want):
    config = {"hidden_size": 512, "num_attention_heads": 8, "max_position_embeddings": 131072, "rope_scaling": block}
    rope = from_hf_config(config)
    assert_rounded(rope.attention_factor, want)
    given = block.get("attention_factor")
    assert rope.scaling.attention_factor_override == given  # type: ignore[union-attr]

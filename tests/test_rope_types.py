"""One rope-type registry (rope_ref._rope_types): which rope_type string means which rule.

from_hf_config, the golden catalogue, model sets and check's declared parameters all ask it; the
config reader keeps only how a config's keys become each rule's fields.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from rope_ref import _rope_types, from_hf_config, scaling
from rope_ref.frequencies import Scaling
from rope_ref.golden.catalogue import build_rope
from rope_ref.hf import ConfigError
from rope_ref.models import _keys as _hf_keys

#: One valid scaling block (config vocabulary) per rope_type transformers defines, for a config of
#: head dim 64 with max_position_embeddings 131072.
TRANSFORMERS_BLOCKS = {
    "linear": {"factor": 4.0},
    "dynamic": {"factor": 2.0},
    "yarn": {"factor": 4.0, "original_max_position_embeddings": 4096, "attention_factor": 1.25},
    "llama3": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
               "original_max_position_embeddings": 8192},
    "longrope": {"short_factor": [1.0] * 32, "long_factor": [2.0] * 32, "original_max_position_embeddings": 4096},
    "proportional": {"partial_rotary_factor": 0.5},
}

#: One rule of every class, with non-default values where the class has them.
SAMPLES = [
    scaling.Linear(4.0), scaling.NTKAware(2.0), scaling.DynamicNTK(2.0, 4096), scaling.DynamicNTKFixed(2.0),
    scaling.YaRN(40.0, 4096, 16.0, 2.0, 0.707, 1.0, 1.25, False),
    scaling.DeepSeekYaRN(40.0, 4096, mscale=0.707, mscale_all_dim=0.5, attn_factor=1.5),
    scaling.Llama3(16.0, 1.0, 1.0, 8192),
    scaling.LongRoPE((1.0, 2.0), (3.0, 4.0), 4096, factor=8.0, max_position_embeddings=32768,
                     attention_factor_override=1.1),
    scaling.LongRoPEMscale((1.0, 2.0), (3.0, 4.0), 4096, max_position_embeddings=131072, short_mscale=1.1,
                           long_mscale=1.2432),
    scaling.Proportional(0.25, 2.0),
]


def _config(rope_type: str | None, block: dict | None = None) -> dict:
    rope_scaling = {**(block or {}), "rope_type": rope_type}
    return {"hidden_size": 512, "num_attention_heads": 8, "max_position_embeddings": 131072,
            "rope_scaling": rope_scaling}


def test_every_rule_round_trips_through_the_registry():
    public_rules = {obj for name in scaling.__all__ if inspect.isclass(obj := getattr(scaling, name))
                    and issubclass(obj, Scaling)}
    assert set(_rope_types.RULES) == public_rules  # no rule of rope_ref.scaling is left out
    assert len(_rope_types.BY_ROPE_TYPE) == len(_rope_types.RULES)  # each rule has a rope_type of its own
    for cls in _rope_types.RULES:
        assert _rope_types.BY_ROPE_TYPE[cls.rope_type] is cls
        assert _rope_types.rule_class(cls.rope_type) is cls
        assert _rope_types.find(cls.rope_type) is cls
    for rope_type, cls in _rope_types.BY_ROPE_TYPE.items():
        assert cls.rope_type == rope_type
    for alias, name in _rope_types.ALIASES.items():
        assert _rope_types.rule_class(alias) is _rope_types.BY_ROPE_TYPE[name]
    for name in _rope_types.NO_SCALING:
        assert _rope_types.rule_class(name) is None and name not in _rope_types.BY_ROPE_TYPE


def test_the_config_reader_reads_exactly_the_transformers_types():
    """One key mapping per rule transformers defines, no more (the registry says which types those are)."""
    assert set(TRANSFORMERS_BLOCKS) == set(_rope_types.TRANSFORMERS_TYPES)
    assert set(_hf_keys._READERS) == {_rope_types.BY_ROPE_TYPE[t] for t in _rope_types.TRANSFORMERS_TYPES}


@pytest.mark.parametrize("rope_type", _rope_types.allowed(transformers=True))
def test_from_hf_config_accepts_every_transformers_type_and_alias(rope_type):
    name = _rope_types.ALIASES.get(rope_type, rope_type)
    rope = from_hf_config(_config(rope_type, TRANSFORMERS_BLOCKS.get(name)))
    expected = _rope_types.rule_class(rope_type)
    assert (rope.scaling is None) if expected is None else type(rope.scaling) is expected


@pytest.mark.parametrize("rope_type", ["ntk_aware", "dynamic_fixed", "deepseek_yarn", "bogus", "YaRN", ""])
def test_from_hf_config_refuses_other_types_listing_the_allowed_ones(rope_type):
    with pytest.raises(ConfigError) as info:
        from_hf_config(_config(rope_type, {"factor": 2.0}))
    message = str(info.value)
    assert f"must be one of {_rope_types.allowed(transformers=True)}; got {rope_type!r}" in message
    assert _rope_types.allowed(transformers=True) == sorted(
        {*_rope_types.NO_SCALING, *_rope_types.TRANSFORMERS_TYPES, "su"})


def test_the_golden_catalogue_takes_every_registry_name_and_refuses_others():
    for rope_type in _rope_types.allowed():
        name = _rope_types.ALIASES.get(rope_type, rope_type)
        rule = _rope_types.rule_class(rope_type)
        sample = next((r for r in SAMPLES if type(r) is rule), None)
        block = {"rope_type": rope_type} if sample is None else {**_hf_keys._block_of_rule(sample),
                                                                  "rope_type": rope_type}
        rope = build_rope({"head_dim": 4, "rope_theta": 1e4, "layout": "half", "rope_scaling": block}, "float64")
        assert (rope.scaling is None) if rule is None else rope.scaling == sample, name
    with pytest.raises(ValueError, match=r"rope_type must be one of \[.*'deepseek_yarn'.*\]; got 'bogus'"):
        build_rope({"head_dim": 8, "rope_theta": 1e4, "layout": "half", "rope_scaling": {"rope_type": "bogus"}})


@pytest.mark.parametrize("rule", SAMPLES, ids=[type(r).__name__ for r in SAMPLES])
def test_a_rule_round_trips_through_config_vocabulary(rule):
    block = _hf_keys._block_of_rule(rule)
    assert block["rope_type"] == rule.rope_type
    assert "attention_factor_override" not in block  # the config key is attention_factor
    init_fields = {f.name for f in dataclasses.fields(rule) if f.init}
    assert len(block) == len(init_fields) + 1
    assert _hf_keys._rule_from_block(block) == rule


def test_transformers_types_read_by_from_hf_config_are_what_the_catalogue_builds():
    """The reader's key mapping and the catalogue's generic one agree (attention_factor included)."""
    for rope_type, block in TRANSFORMERS_BLOCKS.items():
        rope = from_hf_config(_config(rope_type, block))
        assert _hf_keys._rule_from_block(_hf_keys._block_of_rule(rope.scaling)) == rope.scaling, rope_type
    yarn = from_hf_config(_config("yarn", TRANSFORMERS_BLOCKS["yarn"])).scaling
    assert yarn.attention_factor_override == 1.25 and yarn.attention_factor == 1.25


def test_deepseek_blocks_carry_the_multiplier_as_attn_factor_and_refuse_an_override():
    rule = _hf_keys._rule_from_block({"rope_type": "deepseek_yarn", "factor": 40.0,
                                      "original_max_position_embeddings": 4096, "mscale": 0.707, "attn_factor": 2.0})
    assert rule.attn_factor == 2.0 and rule.attention_factor_override is None
    with pytest.raises(ValueError, match="attention_factor_override must be None for DeepSeekYaRN"):
        _hf_keys._rule_from_block({"rope_type": "deepseek_yarn", "factor": 40.0,
                                   "original_max_position_embeddings": 4096, "attention_factor": 2.0})

"""from_hf_config on the RoPE fields of eleven real config.json files, against 50-digit mpmath values.

The expected values in tests/data/configs/expected.json come from tests/make_config_values.py,
which implements the documented formulas with mpmath alone and never imports rope_ref.
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from rope_ref import from_hf_config
from rope_ref.frequencies import default_inv_freq

DATA = pathlib.Path(__file__).parent / "data" / "configs"
EXPECTED = json.loads((DATA / "expected.json").read_text())["configs"]
U = 2.0**-53


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_matches_mpmath(name):
    entry = EXPECTED[name]
    rope = from_hf_config(DATA / entry["fixture"])
    assert rope.dim == entry["head_dim"]
    assert rope.rotary_dim == entry["rotary_dim"]
    assert rope.base == float(entry["base"])
    theta = default_inv_freq(rope.rotary_dim, rope.base)
    for case in entry["cases"]:
        seq_len = case["seq_len"]
        got = rope.inv_freq(seq_len)
        expected = np.array([float(v) for v in case["inv_freq"]])
        # Rules are evaluated in float64 from correctly rounded theta_j: the kept and divided pairs
        # are within 1 ulp, blended pairs (YaRN ramp, Llama 3 smoothing) within a few ulp of theta_j.
        assert np.all(np.abs(got - expected) <= 8 * U * theta), (name, seq_len)
        a = float(case["attention_factor"])
        assert abs(rope.attention_factor - a) <= 4 * U * a, (name, rope.attention_factor, a)


def test_the_fixtures_cover_every_rule_kind():
    rules = {e["rule"] for e in EXPECTED.values()}
    assert {"default", "llama3", "longrope", "yarn"} <= rules


@pytest.mark.parametrize("name,layout", [("llama-4-scout-17b-16e", "interleaved"), ("deepseek-v3", "interleaved"),
                                         ("llama-3.1-8b", "half"), ("gpt-neox-20b", "half"),
                                         ("qwen2-vl-7b-instruct", "half")])
def test_fixture_layouts(name, layout):
    assert from_hf_config(DATA / EXPECTED[name]["fixture"]).layout == layout


def test_longrope_fixture_switches_at_l0():
    rope = from_hf_config(DATA / "phi-3-mini-128k-instruct.json")
    assert not np.array_equal(rope.inv_freq(4096), rope.inv_freq(4097))
    x = np.ones((2, 96))
    assert np.array_equal(rope.apply(x, [0, 4095]), rope.apply(x, [0, 4095], seq_len=4096))

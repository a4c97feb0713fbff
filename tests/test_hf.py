"""from_hf_config on hand-written configs: precedence of keys, layouts, every error names its key.

The real models' configs are in tests/data/configs/ and tested in tests/test_hf_fixtures.py.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

from rope_ref import RoPE, describe_hf_config, from_hf_config
from rope_ref.cli import main
from rope_ref.hf import ConfigError, ConfigWarning
from rope_ref.scaling import DynamicNTK, Linear, Llama3, LongRoPE, Proportional, YaRN

LLAMA = {"hidden_size": 4096, "num_attention_heads": 32, "rope_theta": 10000.0, "max_position_embeddings": 4096,
         "model_type": "llama"}


def cfg(**changes):
    out = dict(LLAMA)
    out.update(changes)
    return out


def test_plain_config_is_default_rope():
    assert from_hf_config(LLAMA) == RoPE(128, base=10000.0, layout="half")


def test_head_dim_precedence():
    assert from_hf_config(cfg(head_dim=256)).dim == 256  # Gemma style
    assert from_hf_config(cfg(head_dim=None)).dim == 128  # null head_dim falls back
    assert from_hf_config(cfg(model_type="deepseek_v3", qk_rope_head_dim=64, head_dim=192)).dim == 64  # MLA
    assert from_hf_config(cfg(qk_rope_head_dim=64, head_dim=192)).dim == 192  # llama reads head_dim only
    gptj = {"n_embd": 4096, "n_head": 16, "rotary_dim": 64, "model_type": "gptj"}
    rope = from_hf_config(gptj)
    assert (rope.dim, rope.rotary_dim, rope.layout) == (256, 64, "interleaved")


def test_partial_rotary_keys():
    neox = {"hidden_size": 6144, "num_attention_heads": 64, "rotary_pct": 0.25, "rotary_emb_base": 10000,
            "model_type": "gpt_neox"}
    assert from_hf_config(neox).rotary_dim == 24
    # GPT-NeoX's config reads rotary_pct, not partial_rotary_factor (which it leaves at the top level)
    assert from_hf_config(dict(neox, partial_rotary_factor=0.5)).rotary_dim == 24
    phi = cfg(model_type="phi")
    assert from_hf_config(dict(phi, partial_rotary_factor=0.25)).rotary_dim == 32
    assert from_hf_config(phi).rotary_dim == 64  # PhiConfig's default fraction is 0.5
    assert from_hf_config(cfg(model_type="phi", rope_parameters={"rope_type": "default", "rope_theta": 5e5,
                                                                 "partial_rotary_factor": 0.25})).rotary_dim == 32
    # Llama's own default rule rotates the whole head whatever the config says (a note says so)
    info = describe_hf_config(cfg(partial_rotary_factor=0.5))
    assert info.rope.rotary_dim == 128
    assert any("partial_rotary_factor 0.5 is ignored" in note for note in info.notes)


def test_base_precedence():
    assert from_hf_config(cfg(rope_parameters={"rope_type": "default", "rope_theta": 1e6})).base == 1e6
    no_theta = dict(LLAMA)
    del no_theta["rope_theta"]
    assert from_hf_config(no_theta).base == 10000.0


@pytest.mark.parametrize("key", ["rope_scaling", "rope_parameters"])
@pytest.mark.parametrize("type_key", ["type", "rope_type"])
def test_scaling_block_under_either_name_and_type_key(key, type_key):
    rope = from_hf_config(cfg(**{key: {type_key: "linear", "factor": 4.0}}))
    assert rope.scaling == Linear(4.0)


def test_every_rule_is_read():
    assert from_hf_config(cfg(rope_scaling={"type": "dynamic", "factor": 2.0})).scaling == DynamicNTK(2.0, 4096)
    yarn = from_hf_config(cfg(max_position_embeddings=16384, rope_scaling={
        "rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 4096, "beta_fast": 32,
        "beta_slow": 1, "mscale": 0.707, "mscale_all_dim": 0.707}))
    assert yarn.scaling == YaRN(4.0, 4096, mscale=0.707, mscale_all_dim=0.707)
    # YaRN without factor (or with it misspelled): transformers refuses the block, and so does rope-ref
    for block in ({"rope_type": "yarn", "original_max_position_embeddings": 4096},
                  {"rope_type": "yarn", "factr": 4.0, "original_max_position_embeddings": 4096}):
        with pytest.raises(ConfigError, match=r"\['factor'\] is required for rope_type 'yarn'"):
            from_hf_config(cfg(max_position_embeddings=32768, rope_scaling=block))
    llama3 = from_hf_config(cfg(rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                              "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}))
    assert llama3.scaling == Llama3(8.0, 1.0, 4.0, 8192)
    prop = from_hf_config(cfg(head_dim=256, rope_parameters={"rope_type": "proportional", "rope_theta": 1e6,
                                                             "partial_rotary_factor": 0.25}))
    assert (prop.rotary_dim, prop.scaling) == (256, Proportional(0.25))


def test_a_top_level_l0_beats_the_block_as_transformers_builds_the_module():
    """transformers' LongRoPE/YaRN/Llama 3 rules re-read the config as they build the module, and a top-level
    original_max_position_embeddings then replaces the block's (measured for Llama and Phi-3, whose config
    class also declares the key); rope-ref reads the same and says which one it ignored."""
    block = {"type": "longrope", "short_factor": [1.0] * 64, "long_factor": [2.0] * 64,
             "original_max_position_embeddings": 2048}
    for model_type in ("phi3", "llama"):
        with pytest.warns(ConfigWarning, match=r"\['rope_scaling'\]\['original_max_position_embeddings'\] \(2048\) "
                                               rf"is ignored: transformers' {model_type} config takes"):
            rope = from_hf_config(cfg(model_type=model_type, max_position_embeddings=131072,
                                      original_max_position_embeddings=4096, rope_scaling=block))
        assert rope.scaling.original_max_position_embeddings == 4096
        assert rope.scaling.scale == 32.0
    old = from_hf_config(cfg(max_position_embeddings=131072, rope_scaling=dict(block, type="su")))
    assert isinstance(old.scaling, LongRoPE) and old.scaling.original_max_position_embeddings == 2048


def test_mrope_means_default_frequencies():
    rope = from_hf_config(cfg(rope_scaling={"type": "mrope", "mrope_section": [16, 24, 24]}))
    assert rope.scaling is None


@pytest.mark.parametrize("model_type,extra,layout", [
    ("llama4_text", {}, "interleaved"), ("cohere", {}, "interleaved"), ("deepseek_v3", {}, "interleaved"),
    ("deepseek_v3", {"rope_interleave": False}, "half"), ("qwen2", {}, "half"), ("gpt_neox", {}, "half"),
])
def test_layout_follows_the_modelling_code(model_type, extra, layout):
    assert from_hf_config(cfg(model_type=model_type, **extra)).layout == layout
    assert from_hf_config(cfg(model_type=model_type, **extra), layout="half").layout == "half"


def test_text_config_is_used_when_the_top_level_has_no_attention_fields():
    nested = {"model_type": "llama4", "text_config": dict(LLAMA, model_type="llama4_text", rope_theta=5e5)}
    rope = from_hf_config(nested)
    assert (rope.dim, rope.base, rope.layout) == (128, 5e5, "interleaved")


def test_per_layer_type_blocks_need_a_layer_type():
    blocks = {"full_attention": {"rope_type": "default", "rope_theta": 1e6},
              "sliding_attention": {"rope_type": "default", "rope_theta": 1e4}}
    gemma3 = cfg(model_type="gemma3_text", rope_parameters=blocks)
    with pytest.raises(ValueError, match="layer_type"):
        from_hf_config(gemma3)
    assert from_hf_config(gemma3, layer_type="full_attention").base == 1e6
    assert from_hf_config(gemma3, layer_type="sliding_attention").base == 1e4
    # LlamaConfig keeps no block per layer type: transformers reads the nested blocks as one untyped
    # block (the default rule, base 10000), and rope-ref does the same, saying what it ignores
    with pytest.warns(ConfigWarning, match="ignores 'full_attention', 'sliding_attention'"):
        assert from_hf_config(cfg(rope_parameters=blocks)).base == 10000.0


def test_config_from_a_path(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg(rope_scaling={"type": "linear", "factor": 2.0})))
    assert from_hf_config(path).scaling == Linear(2.0)
    assert from_hf_config(str(path)) == from_hf_config(path)


BAD = [
    ("unknown_type", cfg(rope_scaling={"rope_type": "magic", "factor": 2.0}), "'magic'"),
    ("missing_factor", cfg(rope_scaling={"rope_type": "linear"}), "['factor'] is required"),
    ("llama3_missing_key", cfg(rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0}),
     "['high_freq_factor'] is required"),
    ("longrope_missing_short", cfg(rope_scaling={"type": "longrope", "long_factor": [1.0] * 64}),
     "['short_factor'] is required"),
    ("dynamic_without_max", {"hidden_size": 64, "num_attention_heads": 1, "rope_scaling":
                             {"type": "dynamic", "factor": 2.0}}, "['max_position_embeddings'] is required"),
    ("no_head_dim", {"rope_theta": 1e4}, "'head_dim', or 'hidden_size' and 'num_attention_heads'"),
    ("odd_rotary", {"hidden_size": 4096, "num_attention_heads": 32, "partial_rotary_factor": 0.31},
     "rotary_dim must be an even integer"),
    ("bad_partial", cfg(partial_rotary_factor=1.5), "partial_rotary_factor"),
    ("factor_string", cfg(rope_scaling={"type": "linear", "factor": "2"}), "['factor'] must be a finite number"),
    ("negative_factor", cfg(rope_scaling={"type": "linear", "factor": -2.0}), "factor must be a finite real"),
    ("scaling_not_object", cfg(rope_scaling="linear"), "config['rope_scaling'] must be an object"),
    ("base_zero", cfg(rope_theta=0.0), "config['rope_theta'] must be"),
]


@pytest.mark.parametrize("config,needle", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_configs_name_the_key(config, needle):
    with pytest.raises(ValueError) as info:
        from_hf_config(config)
    assert needle in str(info.value), str(info.value)


def test_bad_files(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        from_hf_config(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ValueError, match="is not valid JSON"):
        from_hf_config(broken)
    array = tmp_path / "array.json"
    array.write_text("[1, 2]")
    with pytest.raises(ValueError, match="must hold a JSON object"):
        from_hf_config(array)
    with pytest.raises(TypeError, match="config must be a dict or the path"):
        from_hf_config(42)


def test_cli_table_reads_a_config(tmp_path, capsys):
    path = tmp_path / "config.json"
    path.write_text(json.dumps(cfg(rope_scaling={"type": "dynamic", "factor": 2.0})))
    assert main(["table", "--config", str(path), "--positions", "8190:8192", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rope = from_hf_config(path)
    assert data["dim"] == 128 and "DynamicNTK" in data["scaling"]
    # seq_len defaults to max(positions) + 1 = 8192: the dynamic base has grown
    assert [r["theta"] for r in data["rows"][:64]] == rope.inv_freq(8192).tolist()
    assert not np.array_equal(rope.inv_freq(8192), rope.inv_freq())
    assert main(["table", "--config", str(path), "--dim", "8"]) == 2
    assert main(["table", "--config", str(tmp_path / "nope.json")]) == 2
    assert "does not exist" in capsys.readouterr().err


GEMMA3_OLD = {"model_type": "gemma3_text", "hidden_size": 2560, "num_attention_heads": 8, "head_dim": 256,
              "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0, "max_position_embeddings": 131072,
              "rope_scaling": {"rope_type": "linear", "factor": 8.0}, "sliding_window_pattern": 6}


def test_per_layer_old_gemma3_keys_resolve_each_layer_type():
    full = from_hf_config(GEMMA3_OLD, layer_type="full_attention")
    sliding = from_hf_config(GEMMA3_OLD, layer_type="sliding_attention")
    assert (full.base, full.scaling) == (1000000.0, Linear(8.0))  # rope_scaling: full-attention layers only
    assert (sliding.base, sliding.scaling) == (10000.0, None)


def test_per_layer_modernbert_keys_and_new_form_blocks():
    bert = {"model_type": "modernbert", "hidden_size": 768, "num_attention_heads": 12,
            "global_rope_theta": 160000.0, "local_rope_theta": 10000.0}
    assert from_hf_config(bert, layer_type="full_attention").base == 160000.0
    assert from_hf_config(bert, layer_type="sliding_attention").base == 10000.0
    new = dict(bert, rope_parameters={"full_attention": {"rope_type": "default", "rope_theta": 1e6},
                                      "sliding_attention": {"rope_type": "default", "rope_theta": 1e4}})
    assert from_hf_config(new, layer_type="full_attention").base == 1e6  # the blocks beat the old keys


@pytest.mark.parametrize("layer_type,match", [
    (None, r"needs layer_type= one of \['full_attention', 'sliding_attention'\]"),
    ("global", r"has no layer type 'global'; use one of \['full_attention', 'sliding_attention'\]"),
])
def test_per_layer_config_needs_a_valid_layer_type(layer_type, match):
    with pytest.raises(ValueError, match=match):
        from_hf_config(GEMMA3_OLD, layer_type=layer_type)


def test_layer_type_for_a_config_without_per_layer_rope():
    with pytest.raises(ValueError, match=r"layer_type must be None \(this config has one RoPE for every layer\)"):
        from_hf_config(LLAMA, layer_type="sliding_attention")
    gemma2 = cfg(model_type="gemma2", layer_types=["sliding_attention", "full_attention"])
    assert from_hf_config(gemma2, layer_type="sliding_attention") == from_hf_config(gemma2)  # one RoPE for both
    with pytest.raises(ValueError, match=r"one of \['full_attention', 'sliding_attention'\], or None"):
        from_hf_config(gemma2, layer_type="chunked")


def test_describe_says_where_the_rope_came_from():
    from rope_ref import describe_hf_config
    assert describe_hf_config(LLAMA).source == "registry entry 'llama'"
    with pytest.warns(ConfigWarning, match="model type 'brand_new_model' is not in rope-ref's registry.*strict=True"):
        unknown = describe_hf_config(cfg(model_type="brand_new_model"))
    assert "not in rope-ref's registry" in unknown.source and unknown.rope == from_hf_config(LLAMA)
    with pytest.raises(ConfigError, match="refused \\(strict\\): model type 'brand_new_model'"):
        describe_hf_config(cfg(model_type="brand_new_model"), strict=True)
    deepseek = describe_hf_config(cfg(model_type="deepseek_v3", qk_rope_head_dim=64))
    assert (deepseek.rope.layout, deepseek.output_order) == ("interleaved", "half")
    vl = describe_hf_config(cfg(model_type="qwen2_vl", rope_scaling={"type": "mrope", "mrope_section": [16, 24, 24]}))
    assert vl.multi_axis == "mrope" and any("text-position" in n for n in vl.notes)


def test_degenerate_defaults_are_refused_with_what_transformers_does():
    with pytest.raises(ValueError, match=r"refused: glm4_moe with head dim 42 and rotary dim 21 .* builds 11 "
                                         r"frequencies"):
        from_hf_config({"model_type": "glm4_moe", "hidden_size": 4096, "num_attention_heads": 96,
                        "partial_rotary_factor": 0.5})
    with pytest.raises(ValueError, match=r"refused: .*'partial_rotary_factor'\] is 4.0"):
        from_hf_config({"model_type": "efficientloftr", "hidden_size": 256, "num_attention_heads": 8,
                        "rope_parameters": {"rope_type": "default", "rope_theta": 1e4, "partial_rotary_factor": 4.0}})


def test_multiaxis_from_config():
    from rope_ref import MultiAxisRoPE, from_hf_config_multiaxis
    qwen3 = cfg(model_type="qwen3_vl", head_dim=128,
                rope_parameters={"rope_type": "default", "rope_theta": 5e6, "mrope_section": [24, 20, 20],
                                 "mrope_interleaved": True})
    got = from_hf_config_multiaxis(qwen3)
    want = MultiAxisRoPE.mrope(128, mrope_section=(24, 20, 20), base=5e6, interleaved=True)
    assert np.array_equal(got.frequencies, want.frequencies)
    pixtral = {"model_type": "pixtral", "hidden_size": 1024, "num_attention_heads": 16,
               "rope_parameters": {"rope_type": "axial", "rope_theta": 10000.0}}
    assert np.array_equal(from_hf_config_multiaxis(pixtral).frequencies, MultiAxisRoPE.pixtral(64).frequencies)
    with pytest.raises(ValueError, match="no multi-axis RoPE"):
        from_hf_config_multiaxis(LLAMA)


def test_a_vision_language_model_gives_its_language_models_rope():
    from rope_ref import describe_hf_config, from_hf_config_multiaxis
    vl = {"model_type": "video_llama_3",
          "text_config": {"model_type": "qwen2", "hidden_size": 3584, "num_attention_heads": 28, "rope_theta": 1e6},
          "vision_config": {"hidden_size": 1152, "num_attention_heads": 16,
                            "rope_parameters": {"rope_type": "axial", "rope_theta": 10000.0}}}
    info = describe_hf_config(vl)
    assert (info.rope.dim, info.rope.base, info.source) == (128, 1e6, "registry entry 'qwen2'")
    assert any("2-D (axial)" in n for n in info.notes)
    vision = from_hf_config_multiaxis(vl)
    assert (vision.dim, vision.axes, vision.layout) == (72, 2, "half")
    with pytest.raises(ValueError, match="refused: sam2_video is a vision model whose RoPE is 2-D"):
        from_hf_config({"model_type": "sam2_video", "memory_attention_hidden_size": 256,
                        "memory_attention_num_attention_heads": 1, "memory_attention_downsample_rate": 1})


def test_ernie_vl_text_rope_is_the_plain_ladder_and_its_3d_rule_alternates_height_and_width():
    from rope_ref import from_hf_config_multiaxis
    ernie = {"model_type": "ernie4_5_vl_moe", "text_config": {"hidden_size": 2560, "num_attention_heads": 20,
                                                             "rope_parameters": {"rope_type": "default",
                                                                                 "rope_theta": 500000.0}}}
    rope = from_hf_config(ernie)
    assert (rope.dim, rope.layout, rope.scaling) == (128, "interleaved", None)
    multi = from_hf_config_multiaxis(ernie)  # default sections (22, 22, 20)
    driver = np.argmax(multi.frequencies != 0, axis=0)
    assert driver[:4].tolist() == [1, 2, 1, 2] and set(driver[44:].tolist()) == {0}
    text = np.repeat(np.arange(5.0)[:, None], 3, axis=1)
    x = np.random.default_rng(0).standard_normal((5, 128))
    assert np.allclose(multi.apply(x, text), rope.apply(x, np.arange(5.0)), rtol=0, atol=1e-12)


def test_a_layer_type_without_rope_says_so():
    nope = cfg(model_type="gemma3_text", rope_parameters={"full_attention": {"rope_type": "default",
                                                                             "rope_theta": 1e6},
                                                          "sliding_attention": None})
    assert from_hf_config(nope, layer_type="full_attention").base == 1e6
    with pytest.raises(ValueError, match=r"\['sliding_attention'\] is null: layers of type 'sliding_attention' use "
                                         r"no RoPE"):
        from_hf_config(nope, layer_type="sliding_attention")


@pytest.mark.parametrize("config,message", [
    ({"hidden_size": 64, "num_attention_heads": 2, "rope_theta": -5},
     "config['rope_theta'] must be a finite real number > 0 and != 1"),
    ({"hidden_size": 64, "num_attention_heads": 2, "rope_scaling": {"rope_type": "linear", "factor": 2.0,
                                                                     "rope_theta": 1}},
     "config['rope_scaling']['rope_theta'] must be a finite real number > 0 and != 1"),
    ({"model_type": "llava", "text_config": {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 2,
                                             "rope_theta": 0}},
     "config['text_config']['rope_theta'] must be a finite real number > 0"),
    ({"hidden_size": 64, "num_attention_heads": 2,
      "rope_scaling": {"rope_type": "longrope", "short_factor": 5, "long_factor": [1.0] * 16,
                       "original_max_position_embeddings": 4096}},
     "config['rope_scaling']['short_factor'] must be a list of numbers, one per rotated pair; got 5."),
])
def test_errors_name_the_config_key_and_its_path(config, message):
    with pytest.raises(ConfigError) as info:
        from_hf_config(config)
    assert message in str(info.value)


def test_layer_idx_names_a_layer_and_refuses_one_without_rope():
    llama4 = {"model_type": "llama4_text", "hidden_size": 512, "num_attention_heads": 4, "num_hidden_layers": 8,
              "rope_theta": 500000.0}
    from rope_ref import describe_hf_config

    assert describe_hf_config(llama4).nope_layers == (3, 7)  # every fourth layer, as transformers defaults
    assert describe_hf_config({**llama4, "no_rope_layers": [1, 0, 1, 1, 1, 1, 1, 1]}).nope_layers == (1,)
    with pytest.raises(ConfigError, match="layer 7 of this llama4_text config has no RoPE"):
        from_hf_config(llama4, layer_idx=7)
    with pytest.raises(ConfigError, match=r"layer_idx must be an integer in \[0, 7\]; got 8"):
        from_hf_config(llama4, layer_idx=8)
    gemma3 = {"model_type": "gemma3_text", "hidden_size": 1152, "num_attention_heads": 4, "head_dim": 256,
              "rope_theta": 1000000.0, "rope_local_base_freq": 10000.0,
              "layer_types": ["sliding_attention"] * 5 + ["full_attention"]}
    assert from_hf_config(gemma3, layer_idx=0).base == 10000.0 and from_hf_config(gemma3, layer_idx=5).base == 1e6
    with pytest.raises(ConfigError, match="disagrees with layer_idx 5"):
        from_hf_config(gemma3, layer_idx=5, layer_type="sliding_attention")


def test_keys_given_twice_or_with_the_wrong_type_are_read_as_transformers_reads_them():
    """transformers takes rope_scaling over rope_parameters (an empty one included), keeps a null rope_type,
    and its config classes refuse a string where a bool belongs."""
    both = cfg(rope_parameters={"rope_type": "default"}, rope_scaling={"type": "linear", "factor": 4.0})
    with pytest.warns(ConfigWarning, match=r"config\['rope_parameters'\] is ignored: the config also gives "
                                           r"config\['rope_scaling'\], which transformers' llama config reads"):
        assert from_hf_config(both).scaling == Linear(4.0)
    assert from_hf_config(cfg(rope_parameters={}, rope_scaling={"rope_type": "linear", "factor": 4.0})).scaling \
        == Linear(4.0)
    with pytest.raises(ConfigError, match=r"\['rope_type'\] is null"):
        from_hf_config(cfg(rope_scaling={"rope_type": None, "type": "linear", "factor": 4.0}))
    with pytest.raises(ConfigError, match=r"config\['rope_interleave'\] must be true or false; got 'false'"):
        from_hf_config(cfg(model_type="deepseek_v3", qk_rope_head_dim=64, rope_interleave="false"))


# --- keys a config leaves out: the config class's defaults (rope_ref/models/_defaults.py) -------------------------

GEMMA3_4B = Path(__file__).resolve().parent / "data" / "model_sets" / "gemma-3-4b-it.json"


def test_gemma_3_4b_reads_its_text_config_with_gemma3_text_defaults():
    """google/gemma-3-4b-it's text_config gives hidden_size and rope_scaling only; head_dim 256, 8 heads
    and the bases 1e6 / 1e4 are Gemma3TextConfig's defaults (the Gemma 3 report's 4B shape)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing here is an assumption: no warning, and strict reads it too
        full = describe_hf_config(GEMMA3_4B, layer_type="full_attention", strict=True)
        sliding = describe_hf_config(GEMMA3_4B, layer_type="sliding_attention", strict=True)
    assert (full.rope.dim, full.rope.base, full.rope.scaling) == (256, 1e6, Linear(8.0))
    assert (sliding.rope.dim, sliding.rope.base, sliding.rope.scaling) == (256, 1e4, None)
    note = next(n for n in full.notes if n.startswith("from the gemma3_text config class's defaults"))
    assert "head_dim 256" in note and "num_attention_heads 8" in note


@pytest.mark.parametrize("config,check", [
    # the issue's list: what transformers' config classes fill in, against the old common rule
    ({"model_type": "mixtral", "hidden_size": 4096, "num_attention_heads": 32},
     lambda r: r.base == 1e6),
    ({"model_type": "qwen3", "hidden_size": 2048, "num_attention_heads": 32},
     lambda r: (r.dim, r.rotary_dim) == (128, 128)),
    ({"model_type": "deepseek_v3", "hidden_size": 7168, "num_attention_heads": 128},
     lambda r: (r.dim, r.layout) == (64, "interleaved")),
    ({"model_type": "phi", "hidden_size": 2048, "num_attention_heads": 32},
     lambda r: (r.dim, r.rotary_dim) == (64, 32)),
])
def test_a_minimal_config_gets_its_family_defaults(config, check):
    assert check(from_hf_config(config))


def test_phi3_without_its_original_length_reads_phi3configs():
    """Phi3Config's original_max_position_embeddings is 4096: a 128k LongRoPE config that leaves it out
    scales from 4096 (a = sqrt(1 + ln 32 / ln 4096)), not from max_position_embeddings (a = 1)."""
    phi3 = {"model_type": "phi3", "hidden_size": 3072, "num_attention_heads": 32, "max_position_embeddings": 131072,
            "rope_scaling": {"type": "longrope", "short_factor": [1.0] * 48, "long_factor": [2.0] * 48}}
    rope = from_hf_config(phi3)
    assert rope.scaling.original_max_position_embeddings == 4096
    assert rope.attention_factor == pytest.approx(math.sqrt(1 + math.log(32) / math.log(4096)), rel=1e-15)


def test_keys_the_family_module_ignores_are_ignored_with_a_note():
    """GPT-J's module uses base 10000 and its rotary_dim whatever the block says; Llama's default rule
    rotates the whole head whatever partial_rotary_factor says."""
    gptj = describe_hf_config({"model_type": "gptj", "n_embd": 4096, "n_head": 16, "rotary_dim": 64,
                               "rope_theta": 500000.0})
    assert (gptj.rope.base, gptj.rope.rotary_dim) == (10000.0, 64)
    assert any("config['rope_theta'] (500000.0) is ignored" in n for n in gptj.notes)


def test_a_misspelled_or_unknown_model_type_warns_and_strict_refuses():
    glm = {"model_type": "glm-4", "hidden_size": 4096, "num_attention_heads": 32, "partial_rotary_factor": 0.5}
    with pytest.warns(ConfigWarning, match=r"model type 'glm-4' is not in rope-ref's registry.*rope-ref check "
                                           r"--transformers"):
        from_hf_config(glm)
    with pytest.raises(ConfigError, match=r"refused \(strict\): model type 'glm-4' is not in rope-ref's registry"):
        from_hf_config(glm, strict=True)
    # a wrapper type transformers does not know, around a text_config it does, warns too
    wrapped = {"model_type": "GLMASR", "text_config": {"model_type": "llama", "hidden_size": 2048,
                                                       "num_attention_heads": 16}}
    with pytest.warns(ConfigWarning, match="model type 'GLMASR' is not in rope-ref's registry"):
        from_hf_config(wrapped)


def test_a_string_where_a_config_class_wants_a_bool_is_refused():
    with pytest.raises(ConfigError, match=r"refused: config\['use_mem_rope'\] must be true or false; got 'false'"):
        from_hf_config({"model_type": "zamba2", "hidden_size": 2560, "num_attention_heads": 32,
                        "use_mem_rope": "false"})

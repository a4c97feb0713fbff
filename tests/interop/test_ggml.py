"""ggml's own rope op (ggml_rope_ext / ggml_rope_multi, what llama.cpp runs) against the oracle.

Every mode passes ``check`` at default settings against the RoPE it computes; the scaling
parameters (freq_scale, YaRN, freq_factors) against rope-ref's rules; wrong declarations fail with
the cause named; and the GGUF variant goes from a file's metadata to ggml's kernel to the verdict.
Where ggml departs from the oracle the observed outcome is asserted and the ggml source line is
quoted (ggml as bundled in ggml-python 0.0.45, src/ggml-cpu/ops.cpp and src/ggml.c).
"""

from __future__ import annotations

import doctest
import math
import pathlib
import sys

import numpy as np
import pytest

pytest.importorskip("ggml")

from impls import llama3_rope_freqs

from rope_ref import MultiAxisRoPE, RoPE, check
from rope_ref.interop import _ggml, from_ggml, from_ggml_gguf
from rope_ref.scaling import Linear, Llama3, LongRoPE, YaRN


def _cause(report):
    diagnosis = report.as_dict()["diagnosis"]
    return None if diagnosis is None else diagnosis["cause"]


def _max_error_below_64(report):
    return max(c["max_abs_error"] for c in report.as_dict()["cases"] if c["name"] == "random_positions_below_64")


# -- every mode, at default settings -----------------------------------------------------------------

MODES = {
    # ggml NORM: rotate_pairs(n_dims, 1, cache, src, dst, 1) -> pair (i0, i0 + 1): adjacent features.
    "norm": (dict(mode="norm", n_dims=64), RoPE(64, layout="interleaved")),
    "norm_partial": (dict(mode="norm", n_dims=32, head_dim=64), RoPE(64, layout="interleaved", rotary_dim=32)),
    # ggml NEOX: rotate_pairs(n_dims, n_dims/2, ...) -> pair (i, i + n_dims/2); the rest copied.
    "neox": (dict(mode="neox", n_dims=64), RoPE(64)),
    "neox_partial": (dict(mode=2, n_dims=16, head_dim=64), RoPE(64, rotary_dim=16)),
    "neox_base5e5_d128": (dict(mode="neox", n_dims=128, freq_base=500000.0), RoPE(128, base=500000.0)),
    # MROPE: "half" pairs, sector = i % sum(sections); the ladder is not reset per section.
    "mrope": (dict(mode="mrope", n_dims=64, sections=(8, 12, 12)), MultiAxisRoPE.mrope(64, (8, 12, 12))),
    # IMROPE with equal sections: every pair is t, h or w (none falls through to the 4th row).
    "imrope": (dict(mode="imrope", n_dims=48, sections=(8, 8, 8)),
               MultiAxisRoPE.mrope(48, (8, 8, 8), interleaved=True)),
    # VISION: n_dims = head_dim/2, pairs (i, i + n_dims), the ladder base^(-2k/n_dims) restarting
    # per section (indep_sects): Qwen2-VL's ViT 2-D RoPE, rope-ref's axial RoPE with two axes.
    "vision": (dict(mode="vision", n_dims=32, sections=(16, 16)), MultiAxisRoPE.axial(64, axes=2, base=10000.0)),
}


@pytest.mark.parametrize("name", sorted(MODES))
def test_every_mode_passes_against_the_rope_it_computes(name):
    kwargs, rope = MODES[name]
    report = check(from_ggml(**kwargs), rope=rope)
    assert report.passed, str(report)
    assert report.as_dict()["angle_dtype"] == "float32"
    # Near the origin ggml is within float32 rounding of the output: a few ulp of 1 (2^-23 = 1.2e-7).
    assert _max_error_below_64(report) < 3e-5


def test_heads_axis_is_ggml_ne1():
    x = np.random.default_rng(0).standard_normal((5, 3, 32)).astype(np.float32)
    positions = np.arange(5) * 7
    fn = from_ggml(mode="neox", n_dims=32)
    y = fn(x, positions)
    assert y.shape == x.shape and y.dtype == np.float32
    for h in range(3):
        np.testing.assert_array_equal(y[:, h], fn(np.ascontiguousarray(x[:, h]), positions))
    np.testing.assert_allclose(y, RoPE(32).apply(x, positions[:, None]), atol=2e-6)


def test_angles_are_a_float32_ladder_of_repeated_products():
    # ops.cpp ggml_rope_cache_init: `float theta = theta_base; ... theta *= theta_scale;` with
    # `theta_scale = powf(freq_base, -2.0f/n_dims)`: theta_i = p * theta_scale^i formed by i float32
    # products, not p * base^(-2i/d) rounded once. Emulating that ladder in float32 reproduces ggml
    # to float32 rounding of cos; the oracle differs by 0.03 at p ~ 1e6 (within check's float32-angle
    # recipe, which is why check passes at default settings and fails angle_dtype="float64").
    d, positions = 64, np.array([1000003, 777777, 65537])
    x = np.zeros((3, d), np.float32)
    x[:, :d // 2] = 1.0  # "half": y[:, :d/2] = cos(theta)
    y = from_ggml(mode="neox", n_dims=d)(x, positions)
    scale = np.float32(10000.0) ** np.float32(-2.0 / d)
    ladder = np.zeros((3, d // 2), np.float32)
    for row, p in enumerate(positions):
        theta = np.float32(p)
        for i in range(d // 2):
            ladder[row, i], theta = theta, np.float32(theta * scale)
    assert np.abs(y[:, :d // 2] - np.cos(ladder.astype(np.float64))).max() < 1e-6
    assert np.abs(y[:, :d // 2] - RoPE(d).cos_sin(positions)[0]).max() > 1e-2
    strict = check(from_ggml(mode="neox", n_dims=d), dim=d, angle_dtype="float64")
    assert not strict.passed and _cause(strict) == "float32_angles"


# -- scaling --------------------------------------------------------------------------------------------


def test_freq_scale_is_linear_scaling_by_its_inverse():
    # rope_yarn: `float theta_interp = freq_scale * theta_extrap;` and, with ext_factor 0, theta = theta_interp.
    assert check(from_ggml(mode="neox", n_dims=64, freq_scale=0.25), dim=64, scaling=Linear(4.0)).passed


def test_yarn_matches_with_ggml_applying_the_mscale_itself():
    # rope_yarn, ext_factor != 0: the ramp `rope_yarn_ramp(corr_dims[0], corr_dims[1], i0)` over pair
    # i0/2 with ggml_rope_yarn_corr_dims' floor/ceil (ggml.c) is YaRN's ramp with truncate=True, and
    # `mscale *= 1.0f + 0.1f * logf(1.0f / freq_scale);` is YaRN's default attention factor
    # 0.1 ln s + 1: ggml with attn_factor=1 is transformers' YaRN.
    fn = from_ggml(mode="neox", n_dims=64, freq_scale=0.25, ext_factor=1.0, n_ctx_orig=4096)
    assert check(fn, dim=64, scaling=YaRN(4.0, 4096)).passed
    # So an implementation (or a declaration) without that factor is told apart from ggml:
    unscaled = check(fn, dim=64, scaling=YaRN(4.0, 4096, attention_factor_override=1.0))
    assert not unscaled.passed and _cause(unscaled) == "attention_factor"
    # llama.cpp's DeepSeek-V2/V3 path passes attn_factor = 1 / (1 + 0.1 ln s), cancelling ggml's factor
    # (the model's mscale goes into the attention logits): the op's output is then unscaled YaRN.
    cancel = from_ggml(mode="neox", n_dims=64, freq_scale=0.25, ext_factor=1.0, n_ctx_orig=4096,
                       attn_factor=1.0 / (1.0 + 0.1 * math.log(4.0)))
    assert check(cancel, dim=64, scaling=YaRN(4.0, 4096, attention_factor_override=1.0)).passed


def test_rope_freqs_tensor_is_llama3s_rule():
    # ggml_rope_cache_init: `rope_yarn(theta/ff, ...)`, ff = freq_factors[i0/2]: each theta divided.
    d, base = 64, 500000.0
    fn = from_ggml(mode="norm", n_dims=d, freq_base=base, freq_factors=llama3_rope_freqs(d, base))
    assert check(fn, rope=RoPE(d, base=base, layout="interleaved", scaling=Llama3())).passed


def test_longrope_short_factors_and_the_long_factors_bug():
    d, rng = 64, np.random.default_rng(1)
    short = tuple(float(v) for v in np.round(1 + rng.random(d // 2), 3))
    long_ = tuple(float(v) for v in np.round(2 + 10 * rng.random(d // 2), 3))
    rope = RoPE(d, scaling=LongRoPE(short, long_, 4096, max_position_embeddings=131072))
    right = from_ggml(mode="neox", n_dims=d, freq_factors=np.array(short), attn_factor=rope.attention_factor)
    assert check(right, rope=rope, max_position=4096).passed
    # The bug: the long factors used for a short prompt. check reads it as a rule evaluated at
    # one fixed sequence length beyond the original context.
    wrong = from_ggml(mode="neox", n_dims=d, freq_factors=np.array(long_), attn_factor=rope.attention_factor)
    report = check(wrong, rope=rope, max_position=4096)
    assert not report.passed and _cause(report) == "seq_len_ignored"


# -- wrong declarations fail ------------------------------------------------------------------------------


def test_norm_declared_half_fails_as_the_other_layout():
    report = check(from_ggml(mode="norm", n_dims=64), dim=64, layout="half")
    assert not report.passed and _cause(report) == "other_layout"


def test_wrong_base_fails_as_another_base():
    report = check(from_ggml(mode="neox", n_dims=64), dim=64, base=500000.0)
    assert not report.passed and _cause(report) == "other_base"


def test_imrope_pairs_beyond_the_sections_take_the_fourth_position_row():
    # ggml_mrope_cache_init, is_imrope: h if `sector % 3 == 1 && sector < 3 * sections[1]`, w likewise,
    # t if `sector % 3 == 0 && sector < 3 * sections[0]`, else `theta = theta_e` (the 4th row);
    # transformers' Qwen3-VL (and MultiAxisRoPE.mrope(interleaved=True)) gives those pairs the
    # temporal position. With unequal sections (12, 10, 10) pairs 31 (31 % 3 = 1, 31 >= 30) falls
    # through. llama.cpp fills the 4th row of a text token with 0 (llama-graph.cpp
    # llm_graph_input_pos::set_input: `pos_data[3 * n_tokens + i] = 0; // 4th dim is 0`), which
    # from_ggml copies for 3 coordinates: that pair is not rotated and check fails.
    rope = MultiAxisRoPE.mrope(64, (12, 10, 10), interleaved=True)
    fn = from_ggml(mode="imrope", n_dims=64, sections=(12, 10, 10))
    report = check(fn, rope=rope)
    assert not report.passed
    # With the temporal position in the 4th row, ggml is transformers' interleaved M-RoPE.
    assert check(lambda x, p: fn(x, np.concatenate([p, p[:, :1]], axis=1)), rope=rope).passed


# -- from a GGUF file: metadata -> ggml's kernel -> the verdict ------------------------------------------------

GGUF_CASES = [("llama_3_1", None, {}), ("llama_2", None, {}), ("qwen2_yarn", None, {}), ("qwen2_vl", None, {}),
              ("phi3_longrope", None, {"factors": "short"}), ("deepseek_v3", None, {}), ("gemma3", 0, {}),
              ("gemma3", 5, {}), ("gpt_neox", None, {})]


@pytest.mark.parametrize(("plan", "layer", "kwargs"), GGUF_CASES, ids=[f"{p}-{lay}" for p, lay, _ in GGUF_CASES])
def test_gguf_metadata_to_ggml_kernel_passes_against_from_gguf(plan, layer, kwargs, tmp_path):
    pytest.importorskip("gguf")
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    try:
        import gguf_files
    finally:
        sys.path.pop(0)
    from rope_ref import from_gguf

    path = getattr(gguf_files, f"plan_{plan}")().write(tmp_path / f"{plan}.gguf")
    rope = from_gguf(path, layer=layer)
    limit = {"max_position": 4096} if plan == "phi3_longrope" else {}  # short factors: prompts within L0
    report = check(from_ggml_gguf(path, layer=layer, **kwargs), rope=rope, **limit)
    assert report.passed, str(report)


def test_gguf_arguments_follow_llama_cpp():
    from rope_ref.gguf import GGUFInfo

    info = GGUFInfo(path="m.gguf", arch="gemma3", rope_type="neox", n_rot=16, head_dim=16, freq_base=1e6,
                    freq_base_swa=1e4, scaling={"type": "linear", "factor": 8.0, "ext_factor": 0.0,
                                                "swa_scale_one": True},
                    n_layer=6, swa_layers=(True,) * 5 + (False,))
    full, sliding = _ggml.ggml_arguments(info, layer=5), _ggml.ggml_arguments(info, layer=0)
    assert (full["freq_base"], full["freq_scale"]) == (1e6, 0.125)
    assert (sliding["freq_base"], sliding["freq_scale"]) == (1e4, 1.0)
    phi = GGUFInfo(path="p.gguf", arch="phi3", rope_type="neox", n_rot=8, head_dim=8, freq_base=1e4,
                   freq_base_swa=None, freq_factors={"rope_factors_long": np.ones(4), "rope_factors_short": np.ones(4)})
    with pytest.raises(ValueError, match="factors='short' or 'long'"):
        _ggml.ggml_arguments(phi)
    other = GGUFInfo(path="q.gguf", arch="qwen2", rope_type="neox", n_rot=8, head_dim=8, freq_base=1e4,
                     freq_base_swa=None, scaling={"type": "yarn", "factor": 4.0, "yarn_log_multiplier": 0.1})
    with pytest.raises(ValueError, match="yarn_log_multiplier"):
        _ggml.ggml_arguments(other)


# -- bad arguments never reach ggml (its assertions abort the process) ------------------------------------

BAD = [
    (dict(mode="rope", n_dims=8), ValueError, "mode"),
    (dict(mode=1, n_dims=8), ValueError, "mode"),
    (dict(mode="neox", n_dims=7), ValueError, "n_dims"),
    (dict(mode="neox", n_dims=8.0), TypeError, "n_dims"),
    (dict(mode="neox", n_dims=8, head_dim=4), ValueError, "head_dim"),
    (dict(mode="vision", n_dims=8, head_dim=8, sections=(4, 4)), ValueError, "head_dim"),
    (dict(mode="neox", n_dims=8, freq_base=0.0), ValueError, "freq_base"),
    (dict(mode="neox", n_dims=8, freq_scale=math.inf), ValueError, "freq_scale"),
    (dict(mode="neox", n_dims=8, ext_factor=1.0), ValueError, "n_ctx_orig"),
    (dict(mode="neox", n_dims=8, freq_factors=np.ones(3)), ValueError, "freq_factors"),
    (dict(mode="neox", n_dims=8, freq_factors=np.array([1.0, 0.0, 1.0, 1.0])), ValueError, "freq_factors"),
    (dict(mode="neox", n_dims=8, sections=(2, 2)), ValueError, "sections"),
    (dict(mode="mrope", n_dims=8), TypeError, "sections"),
    (dict(mode="mrope", n_dims=8, sections=(2, 2, 2)), ValueError, "sections"),
    (dict(mode="mrope", n_dims=8, sections=(0, 0, 0, 4)), ValueError, "sections"),
    (dict(mode="mrope", n_dims=8, sections=(1, 1, 1, 1, 0)), ValueError, "sections"),
]


@pytest.mark.parametrize(("kwargs", "kind", "name"), BAD, ids=[f"{k['mode']}-{n}-{i}" for i, (k, _, n) in
                                                                enumerate(BAD)])
def test_bad_arguments_raise_naming_them(kwargs, kind, name):
    with pytest.raises(kind, match=name):
        from_ggml(**kwargs)


@pytest.mark.parametrize(("x", "positions", "name"), [
    (np.zeros((3, 6), np.float32), np.arange(3), "x"),            # head_dim < n_dims
    (np.zeros((3, 8), np.float32), np.arange(4), "positions"),    # shape
    (np.zeros((3, 8), np.float32), np.array([0.0, 0.5, 1.0]), "fractional"),
    (np.zeros((3, 8), np.float32), np.array([0, 1, 2**31]), "int32"),
])
def test_bad_calls_raise(x, positions, name):
    with pytest.raises(ValueError, match=name):
        from_ggml(mode="neox", n_dims=8)(x, positions)


def test_empty_input_and_multi_position_shapes():
    fn = from_ggml(mode="mrope", n_dims=8, sections=(2, 1, 1))
    assert fn(np.zeros((0, 8), np.float32), np.zeros((0, 3), int)).shape == (0, 8)
    x = np.random.default_rng(2).standard_normal((4, 8)).astype(np.float32)
    text = np.arange(4) * 3
    # (n,) positions are a text token: rows t, h, w equal, so M-RoPE is plain "half" RoPE.
    np.testing.assert_array_equal(fn(x, text), fn(x, np.stack([text] * 3, axis=1)))
    np.testing.assert_allclose(fn(x, text), RoPE(8).apply(x, text), atol=2e-6)
    with pytest.raises(ValueError, match="positions"):
        fn(x, np.zeros((4, 5), int))


def test_docstring_examples_run():
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(_ggml, _ggml.__name__) if t.examples]
    assert tests
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0

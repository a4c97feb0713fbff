"""The numbers that docs/divergences.md, docs/variants.md and docs/conventions.md state, computed
independently (mpmath, plain integer arithmetic, or the real library where it is installed), and
checked to be what the page says.

Each test computes a value, formats it as the page does, and asserts that the page states it, so a
page that drifts from the computation (or a library that changes) fails here.
"""

from __future__ import annotations

import json
import math
import pathlib
import re

import mpmath
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _page(name: str) -> str:
    """The page with every run of whitespace made one space (the prose wraps anywhere)."""
    return " ".join((DOCS / f"{name}.md").read_text(encoding="utf-8").split())


def _states(page: str, text: str) -> None:
    assert text in _page(page), f"docs/{page}.md should state {text!r} (computed independently)"


def _mscale(s, mu):
    """YaRN's m(s, mu) = 0.1 mu ln s + 1 (arXiv:2309.00071), in 50-digit arithmetic."""
    with mpmath.workdps(50):
        return 0.1 * mpmath.mpf(mu) * mpmath.log(s) + 1


# -- DeepSeek's temperature (divergences.md) ---------------------------------------------------------


@pytest.mark.parametrize(("model", "mscale_all_dim", "stated"), [("DeepSeek-V3", "1", "1.874"),
                                                                 ("DeepSeek-V2", "0.707", "1.590")])
def test_deepseek_softmax_factor_is_mscale_all_dim_squared(model, mscale_all_dim, stated):
    value = _mscale(40, mpmath.mpf(mscale_all_dim)) ** 2
    assert f"{float(value):.3f}" == stated, (model, value)
    _states("divergences", f"m(40, {mscale_all_dim})^2 = {stated}")


@pytest.mark.parametrize(("config_name", "mscale"), [("DeepseekV3Config", 1.0), ("DeepseekV2Config", 0.707)])
def test_transformers_multiplies_the_softmax_scale_and_not_cos_sin(config_name, mscale):
    """transformers' DeepSeek attention: softmax scale times m(s, mscale_all_dim)^2, cos/sin times 1."""
    transformers = pytest.importorskip("transformers")
    module = {"DeepseekV3Config": "deepseek_v3", "DeepseekV2Config": "deepseek_v2"}[config_name]
    modeling = __import__(f"transformers.models.{module}.modeling_{module}", fromlist=["_"])
    rope = {"rope_type": "yarn", "factor": 40.0, "original_max_position_embeddings": 4096, "mscale": mscale,
            "mscale_all_dim": mscale, "rope_theta": 10000.0, "beta_fast": 32, "beta_slow": 1}
    config = getattr(transformers, config_name)(
        hidden_size=16, num_attention_heads=2, num_key_value_heads=2, qk_nope_head_dim=4, qk_rope_head_dim=4,
        v_head_dim=4, kv_lora_rank=4, q_lora_rank=None, max_position_embeddings=163840, rope_parameters=rope,
        vocab_size=10, intermediate_size=8, moe_intermediate_size=8, num_hidden_layers=1)
    prefix = "DeepseekV3" if module == "deepseek_v3" else "DeepseekV2"
    attention = getattr(modeling, f"{prefix}Attention")(config, 0)
    rotary = getattr(modeling, f"{prefix}RotaryEmbedding")(config)
    expected = float(_mscale(40, mscale) ** 2)
    assert attention.scaling * math.sqrt(8) == pytest.approx(expected, rel=1e-12)   # qk_head_dim 4 + 4
    assert rotary.attention_scaling == pytest.approx(1.0, rel=1e-12)


def test_yarn_mscale_divergence_numbers():
    """s = 40, mscale 0.707, mscale_all_dim 0: transformers m(40), vLLM m(40, 0.707) / m(40, 0)."""
    hf, vllm = _mscale(40, 1), _mscale(40, mpmath.mpf("0.707")) / _mscale(40, 0)
    _states("divergences", f"transformers gives $a = {float(hf):.4f}$ and vLLM $a = {float(vllm):.4f}$")
    _states("divergences", f"({float(hf):.4f}/{float(vllm):.4f})^2 = {float((hf / vllm) ** 2):.2f}")


# -- keras-hub's "dynamic" (divergences.md, golden catalogue) -----------------------------------------


def test_keras_hub_factor_for_the_page_example():
    d, s = 128, 2
    factor = mpmath.mpf(s) ** (mpmath.mpf(d) / (d - 2))
    assert f"{float(factor):.4f}" == "2.0221"
    _states("divergences", f"(2.0221 for $s = {s}$, $d = {d}$)")
    _states("divergences", "`Linear(s ** (d / (d - 2)))`")
    assert "keras-hub | static NTK-aware" not in _page("divergences")


def test_keras_hub_dynamic_divides_every_frequency_by_the_same_factor():
    """Run keras-hub's layer: the angle of every pair at position 1 is theta_j / s^(d/(d-2)).
    An NTK-aware rule would keep theta_0 = 1 (ratio 1 for pair 0) and fail here."""
    keras_hub = pytest.importorskip("keras_hub")
    keras = pytest.importorskip("keras")
    d, s = 128, 2.0
    layer = keras_hub.layers.RotaryEmbedding(max_wavelength=10000, scaling_factor=s, rope_type="dynamic")
    x = np.zeros((1, 2, d), dtype="float32")
    x[..., : d // 2] = 1.0                                      # half layout: pair j = (x_j, x_{j + d/2})
    y = keras.ops.convert_to_numpy(layer(x))[0, 1].astype(np.float64)   # position 1
    angles = np.arctan2(y[d // 2:], y[: d // 2])
    theta = np.array([float(mpmath.mpf(10000) ** (-mpmath.mpf(2 * j) / d)) for j in range(d // 2)])
    factor = float(mpmath.mpf(s) ** (mpmath.mpf(d) / (d - 2)))
    # float32 angles and inverse frequencies: a few float32 ulps of relative error.
    np.testing.assert_allclose(angles * factor / theta, 1.0, rtol=2e-6, atol=0)


def test_golden_comment_no_longer_calls_ntk_aware_keras_hubs_dynamic():
    manifest = json.loads((ROOT / "golden" / "v1" / "manifest.json").read_text(encoding="utf-8"))
    [case] = [c for c in manifest["cases"] if c["id"] == "ntk_aware_f2_d128"]
    assert "keras" not in case["comment"], case["comment"]


# -- transformers' dynamic NTK depends on history (divergences.md) ------------------------------------


def test_transformers_dynamic_ntk_keeps_the_largest_base_until_a_call_below_L():
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from transformers.models.llama.modeling_llama import LlamaRotaryEmbedding

    from rope_ref import RoPE
    from rope_ref.scaling import DynamicNTK

    d, L = 128, 4096
    calls, stated = [16384, 8192, 4096, 4095, 8192], [16384, 16384, 16384, 4096, 8192]
    _states("divergences", f"hf_length({calls}, L) == {stated}")
    config = transformers.LlamaConfig(hidden_size=d, num_attention_heads=1, head_dim=d, max_position_embeddings=L,
                                      rope_parameters={"rope_type": "dynamic", "factor": 2.0, "rope_theta": 1e4})
    rotary = LlamaRotaryEmbedding(config)
    reference = RoPE(d, scaling=DynamicNTK(2.0, L))
    for n, effective in zip(calls, stated, strict=True):
        rotary(torch.zeros(1, 1, d), torch.tensor([[n - 1]]))          # max(position_ids) + 1 = n
        got = rotary.inv_freq.double().numpy()
        # transformers computes the base and inv_freq in float32.
        np.testing.assert_allclose(got, reference.inv_freq(seq_len=effective), rtol=5e-6, atol=0,
                                   err_msg=f"call of length {n}: expected the frequencies of {effective}")


# -- xPos (variants.md, divergences.md) ----------------------------------------------------------------


def test_xpos_overflow_points():
    """(7/2)^(n/512) against the float16 and float32 maxima, in 50-digit arithmetic."""
    with mpmath.workdps(50):
        growth = mpmath.log(mpmath.mpf(7) / 2) / 512
        n16 = mpmath.log(65504) / growth
        n32 = mpmath.log(mpmath.mpf(2) ** 128 * (1 - mpmath.mpf(2) ** -24)) / growth
    assert (int(mpmath.floor(n16)) + 1, int(mpmath.floor(n32)) + 1) == (4533, 36261)
    _states("variants", f"\\approx {float(n16):.1f}$, so position {int(mpmath.floor(n16)) + 1} is the first")
    _states("variants", f"$n \\approx {float(n32):.1f}$ (first overflowing position {int(mpmath.floor(n32)) + 1})")
    _states("variants", f"== ({float(n16):.1f}, {float(n32):.1f})")
    assert "\\approx 4534" not in _page("variants")


@pytest.mark.parametrize(("length", "offset"), [(7, 0), (6, 1), (1000, 0), (999, 24)])
def test_torchscale_start_rounds_down_after_negation(length, offset):
    """torchscale's min_pos = -(length + offset) // 2 is -ceil(total / 2); the others use floor."""
    total = length + offset
    assert -(length + offset) // 2 == -math.ceil(total / 2)
    assert math.ceil(total / 2) - total // 2 == total % 2


def test_both_pages_give_torchscale_the_same_start():
    for page in ("variants", "divergences"):
        _states(page, "`-(length + offset) // 2`")
        _states(page, "\\lceil \\ell/2 \\rceil")
        assert "minus half the length plus offset" not in _page(page)


# -- axial ladder (variants.md) ------------------------------------------------------------------------


@pytest.mark.parametrize(("r", "axes"), [(64, 2), (96, 3)])
def test_axial_ladder_in_k(r, axes):
    from rope_ref import MultiAxisRoPE

    _states("variants", "$k = 0, \\dots, r/(2A) - 1$")
    per_block = r // (2 * axes)
    ladder = [float(mpmath.mpf(100) ** (-mpmath.mpf(2 * k) / (r // axes))) for k in range(per_block)]
    frequencies = MultiAxisRoPE.axial(r, axes=axes, base=100.0).frequencies
    for a in range(axes):
        block = slice(a * per_block, (a + 1) * per_block)
        np.testing.assert_allclose(frequencies[a, block], ladder, rtol=1e-15, atol=0)
        assert np.count_nonzero(frequencies[a]) == per_block


# -- Llama 4 (variants.md) -----------------------------------------------------------------------------


def test_llama4_nope_layers_are_every_fourth():
    transformers = pytest.importorskip("transformers")
    flags = transformers.Llama4TextConfig(num_hidden_layers=48).no_rope_layers
    nope = [i for i, uses_rope in enumerate(flags) if not uses_rope]
    assert nope == list(range(3, 48, 4)) and len(nope) == 12
    _states("variants", "layers 3, 7, 11, ..., counting from 0, so 12 of 48")


def test_llama4_temperature_values():
    def tau(m):
        return 1 + mpmath.mpf("0.1") * mpmath.log(1 + mpmath.floor(mpmath.mpf(m + 1) / 8192))

    values = [tau(m) for m in (8190, 8191, 131071, 10**7 - 1)]
    assert values[0] == 1
    stated = [f"{float(v):.4f}" for v in values[1:]]
    _states("variants", f"{stated[0]} from position 8191, {stated[1]} at position 131071")
    _states("variants", f"{stated[2]} at position $10^7 - 1$")


def test_llama4_temperature_formula_against_transformers(monkeypatch):
    """Run transformers' Llama 4 attention on a NoPE layer (floor_scale 4, attn_scale 0.5, so that
    20 positions cross several floors) and compare the query it scales with the page's formula."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from transformers.models.llama4 import modeling_llama4

    config = transformers.Llama4TextConfig(hidden_size=8, num_attention_heads=1, num_key_value_heads=1, head_dim=8,
                                           num_hidden_layers=4, floor_scale=4, attn_scale=0.5, intermediate_size=8,
                                           intermediate_size_mlp=8, vocab_size=10)
    config._attn_implementation = "eager"
    attention = modeling_llama4.Llama4TextAttention(config, layer_idx=3)
    assert not attention.use_rope
    captured = {}

    def capture(module, query, key, value, mask, **kwargs):
        captured["query"] = query.detach().double()
        return torch.zeros(query.shape[0], query.shape[2], query.shape[1], query.shape[3]), None

    monkeypatch.setattr(modeling_llama4, "eager_attention_forward", capture)
    with torch.no_grad():
        attention.q_proj.weight.copy_(torch.eye(8))
        attention(torch.ones(1, 20, 8), position_embeddings=None, attention_mask=None)
    got = captured["query"][0, 0, :, 0].numpy()
    expected = [float(1 + mpmath.mpf("0.5") * mpmath.log(1 + mpmath.floor(mpmath.mpf(m + 1) / 4))) for m in range(20)]
    # transformers computes the factor in float32.
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=0)


# -- DeepSeek-V2's layout (conventions.md) -------------------------------------------------------------


def test_deepseek_v2_has_no_rope_interleave():
    transformers = pytest.importorskip("transformers")
    import inspect

    from transformers.models.deepseek_v2 import modeling_deepseek_v2

    assert not hasattr(transformers.DeepseekV2Config(), "rope_interleave")
    assert "rope_interleave" not in inspect.getsource(modeling_deepseek_v2)
    assert "view_as_complex" in inspect.getsource(modeling_deepseek_v2.apply_rotary_emb)
    assert transformers.DeepseekV3Config().rope_interleave is True
    page = _page("conventions")
    assert "DeepSeek-V2/V3 (with `rope_interleave`" not in page
    _states("conventions", "its config has no `rope_interleave`")


def _glyphs(tex: str) -> int:
    """About how many symbols a line of TeX shows: commands that draw one symbol count 1,
    layout (\\operatorname, braces, &, \\cr, spaces, subscript marks) counts 0."""
    tex = re.sub(r"\\(operatorname|cr)\b", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "#", tex)                       # \langle, \rangle, ...
    return len(re.sub(r"[{}&_\s]", "", tex))


def test_checkpoint_conversion_formula_is_split_into_short_lines():
    """The conversion formula (once a single line of about 120 symbols, cut mid-word at 1280 px) is
    an aligned block whose lines show at most 60 symbols each."""
    text = (DOCS / "conventions.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"^\$\$\n(.*?)\n\$\$$", text, flags=re.S | re.M) if "W_q" in b]
    lines = [line for line in block.splitlines() if not line.startswith(("\\begin", "\\end"))]
    assert "\\begin{aligned}" in block and len(lines) == 3, block
    assert max(_glyphs(line) for line in lines) <= 60, [_glyphs(line) for line in lines]
    assert _glyphs(" ".join(lines)) > 100                       # the metric sees the unsplit formula as long

"""rope_ref.gguf: GGUF files written as convert_hf_to_gguf writes them, read as llama.cpp reads them.

Expected values come from ggml's kernel formulas written out in NumPy here (ggml-cpu rope_yarn,
ggml_rope_yarn_corr_dims), not from rope-ref's rules.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import numpy as np
import pytest

import rope_ref
from rope_ref import MultiAxisRoPE, RoPE

gguf = pytest.importorskip("gguf")


def write(path, arch, keys=(), tensors=(), *, n_embd=64, n_head=2, n_layer=2, ctx=4096):
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(n_layer)
    writer.add_context_length(ctx)
    writer.add_embedding_length(n_embd)
    writer.add_head_count(n_head)
    for method, *args in keys:
        getattr(writer, method)(*args)
    for name, data in tensors:
        writer.add_tensor(name, np.asarray(data, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return str(path)


def ggml_inv_freq(n_dims, base, freq_scale=1.0, ext_factor=0.0, n_ctx_orig=4096, beta_fast=32.0, beta_slow=1.0,
                  ff=None):
    """ggml-cpu rope_yarn's theta per unit position, pair by pair, in float64."""
    def corr_dim(n_rot):
        return n_dims * math.log(n_ctx_orig / (n_rot * 2 * math.pi)) / (2 * math.log(base))
    low = max(0.0, math.floor(corr_dim(beta_fast)))
    high = min(n_dims - 1.0, math.ceil(corr_dim(beta_slow)))
    out = []
    for i in range(n_dims // 2):
        extrap = base ** (-2 * i / n_dims) / (1.0 if ff is None else ff[i])
        interp = freq_scale * extrap
        theta = interp
        if ext_factor != 0:
            y = (i - low) / max(0.001, high - low)
            mix = (1 - min(1.0, max(0.0, y))) * ext_factor
            theta = interp * (1 - mix) + extrap * mix
        out.append(theta)
    return np.array(out)


def ggml_apply(x, pos, n_dims, inv_freq, mode, mscale=1.0):
    """ggml's rotation: NORM pairs (2i, 2i+1), NEOX pairs (i, i + n_dims/2); the rest pass through."""
    y = x.astype(np.float64).copy()
    for p_idx, p in enumerate(pos):
        for i, f in enumerate(inv_freq):
            a, b = (2 * i, 2 * i + 1) if mode == "norm" else (i, i + n_dims // 2)
            c, s = math.cos(p * f) * mscale, math.sin(p * f) * mscale
            x0, x1 = x[p_idx, a], x[p_idx, b]
            y[p_idx, a], y[p_idx, b] = x0 * c - x1 * s, x0 * s + x1 * c
    return y


X = np.random.default_rng(0).standard_normal((6, 32))
POS = np.arange(6) * 37.0


def test_llama_norm_is_interleaved_with_the_default_base(tmp_path):
    path = write(tmp_path / "llama.gguf", "llama", [("add_rope_freq_base", 10000.0)])
    rope = rope_ref.from_gguf(path)
    assert isinstance(rope, RoPE) and rope.layout == "interleaved" and rope.dim == 32 and rope.scaling is None
    expected = ggml_apply(X, POS, 32, ggml_inv_freq(32, 10000.0), "norm")
    np.testing.assert_allclose(rope.apply(X, POS), expected, rtol=0, atol=1e-12)


def test_llama_rope_freqs_divide_the_frequencies(tmp_path):
    ff = np.array([1, 1, 1, 2, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8], dtype=np.float32)
    path = write(tmp_path / "llama31.gguf", "llama", [("add_rope_freq_base", 500000.0)],
                 [("rope_freqs.weight", ff)])
    rope = rope_ref.from_gguf(path)
    expected = ggml_apply(X, POS, 32, ggml_inv_freq(32, 500000.0, ff=ff.astype(float)), "norm")
    np.testing.assert_allclose(rope.apply(X, POS), expected, rtol=0, atol=1e-12)
    info = rope_ref.describe_gguf(path)
    assert info.sources["freq_factors.rope_freqs"] == "tensor rope_freqs.weight"
    assert info.sources["freq_base"] == "llama.rope.freq_base"


def test_qwen2_yarn_matches_ggml_rope_yarn(tmp_path):
    keys = [("add_rope_freq_base", 1000000.0), ("add_rope_scaling_type", gguf.RopeScalingType.YARN),
            ("add_rope_scaling_factor", 4.0), ("add_rope_scaling_orig_ctx_len", 4096)]
    path = write(tmp_path / "qwen2.gguf", "qwen2", keys)
    rope = rope_ref.from_gguf(path)
    assert rope.layout == "half"
    inv = ggml_inv_freq(32, 1e6, freq_scale=0.25, ext_factor=1.0, n_ctx_orig=4096)
    np.testing.assert_allclose(rope.inv_freq(), inv, rtol=1e-14, atol=0)
    # llama-context.cpp: yarn_attn_factor = get_mscale(4) / (1 + 0.1 ln 4); ggml multiplies by 1 + 0.1 ln 4
    mscale = (0.1 * math.log(4) + 1) / (1 + 0.1 * math.log(4)) * (1 + 0.1 * math.log(4))
    np.testing.assert_allclose(rope.apply(X, POS), ggml_apply(X, POS, 32, inv, "neox", mscale), rtol=0, atol=1e-12)
    info = rope_ref.describe_gguf(path)
    assert info.sources["scaling.yarn_beta_fast"] == "llama.cpp default"
    assert info.sources["scaling.type"] == "qwen2.rope.scaling.type"


def test_phi3_longrope_factor_tensors(tmp_path):
    short = np.linspace(1.0, 1.5, 16, dtype=np.float32)
    long = np.linspace(1.0, 8.0, 16, dtype=np.float32)
    keys = [("add_rope_scaling_orig_ctx_len", 4096), ("add_rope_scaling_attn_factors", 1.19)]
    path = write(tmp_path / "phi3.gguf", "phi3", keys, [("rope_factors_long.weight", long),
                                                        ("rope_factors_short.weight", short)], ctx=131072)
    rope = rope_ref.from_gguf(path)
    np.testing.assert_allclose(rope.inv_freq(seq_len=4096), ggml_inv_freq(32, 10000.0, ff=short.astype(float)),
                               rtol=1e-15)
    np.testing.assert_allclose(rope.inv_freq(seq_len=8192), ggml_inv_freq(32, 10000.0, ff=long.astype(float)),
                               rtol=1e-15)
    assert rope.attention_factor == float(np.float32(1.19))


def test_gemma3_sliding_layers_use_base_10000_and_no_linear_factor(tmp_path):
    keys = [("add_rope_freq_base", 1000000.0), ("add_rope_scaling_type", gguf.RopeScalingType.LINEAR),
            ("add_rope_scaling_factor", 8.0), ("add_sliding_window", 512), ("add_key_length", 32)]
    path = write(tmp_path / "gemma3.gguf", "gemma3", keys, n_layer=12, n_embd=128, n_head=4)
    info = rope_ref.describe_gguf(path)
    assert info.swa_layers == tuple(il % 6 < 5 for il in range(12))
    sliding, full = rope_ref.from_gguf(path, layer=0), rope_ref.from_gguf(path, layer=5)
    np.testing.assert_allclose(sliding.inv_freq(), ggml_inv_freq(32, 10000.0), rtol=1e-15)
    np.testing.assert_allclose(full.inv_freq(), ggml_inv_freq(32, 1e6, freq_scale=1 / 8), rtol=1e-15)
    with pytest.raises(ValueError, match=r"layers' RoPEs differ.*pass layer="):
        rope_ref.from_gguf(path)
    with pytest.raises(ValueError, match="layer must be an index in \\[0, 12\\)"):
        rope_ref.from_gguf(path, layer=12)


def test_qwen2vl_mrope_sections(tmp_path):
    keys = [("add_rope_freq_base", 1000000.0), ("add_rope_dimension_sections", [4, 6, 6, 0])]
    path = write(tmp_path / "qwen2vl.gguf", "qwen2vl", keys)
    rope = rope_ref.from_gguf(path)
    assert isinstance(rope, MultiAxisRoPE) and rope.layout == "half"
    theta = ggml_inv_freq(32, 1e6)
    axis = np.repeat([0, 1, 2], [4, 6, 6])  # ggml mrope: sector < s0 -> t, < s0 + s1 -> h, else w
    expected = np.zeros((3, 16))
    expected[axis, np.arange(16)] = theta
    np.testing.assert_allclose(rope.frequencies, expected, rtol=1e-15)
    assert rope_ref.describe_gguf(path).sections == (4, 6, 6, 0)


@pytest.mark.parametrize("log_mul", [0.1, 1.0, 0.0, None])
def test_deepseek2_softmax_scale_factor(log_mul, tmp_path):
    """llama.cpp deepseek2: kq_scale = mscale**2 / sqrt(head_dim), mscale = 1 + L ln s (L as stored, float32)."""
    keys = [("add_rope_dimension_count", 16), ("add_rope_scaling_type", gguf.RopeScalingType.YARN),
            ("add_rope_scaling_factor", 40.0), ("add_rope_scaling_orig_ctx_len", 4096)]
    if log_mul is not None:
        keys.append(("add_rope_scaling_yarn_log_mul", log_mul))
    info = rope_ref.describe_gguf(write(tmp_path / "ds.gguf", "deepseek2", keys))
    stored = 0.0 if log_mul is None else float(np.float32(log_mul))
    assert math.isclose(info.softmax_scale_factor, (1.0 + stored * math.log(40.0)) ** 2, rel_tol=1e-15)
    assert "yarn_log_multiplier" in info.sources["softmax_scale_factor"]


def test_softmax_scale_factor_is_one_elsewhere(tmp_path):
    """Only deepseek2's graph scales the softmax; a YaRN qwen2 and an unscaled deepseek2 give 1."""
    yarn = [("add_rope_scaling_type", gguf.RopeScalingType.YARN), ("add_rope_scaling_factor", 4.0),
            ("add_rope_scaling_orig_ctx_len", 4096), ("add_rope_scaling_yarn_log_mul", 0.1)]
    qwen = rope_ref.describe_gguf(write(tmp_path / "q.gguf", "qwen2", yarn))
    plain = rope_ref.describe_gguf(write(tmp_path / "d.gguf", "deepseek2", [("add_rope_dimension_count", 16)]))
    assert qwen.softmax_scale_factor == 1.0 and plain.softmax_scale_factor == 1.0
    assert "softmax_scale_factor" in qwen.sources and "softmax_scale_factor" in plain.sources


def test_refusals(tmp_path):
    with pytest.raises(ValueError, match=r"'nosuch' is not in llama\.cpp's rope-type table"):
        rope_ref.from_gguf(write(tmp_path / "a.gguf", "nosuch"))
    with pytest.raises(ValueError, match=r"rope\.scaling\.type = 'dynamic'"):
        rope_ref.from_gguf(write(tmp_path / "b.gguf", "llama", [("add_string", "llama.rope.scaling.type", "dynamic")]))
    with pytest.raises(ValueError, match=r"yarn_ext_factor = 0\.5"):
        # grok's loader reads yarn_ext_factor (src/models/grok.cpp); qwen2's would ignore it
        rope_ref.from_gguf(write(tmp_path / "c.gguf", "grok", [("add_rope_scaling_yarn_ext_factor", 0.5)]))
    with pytest.raises(ValueError, match="uses no RoPE"):
        rope_ref.from_gguf(write(tmp_path / "d.gguf", "gpt2"))
    corrupt = tmp_path / "bad.gguf"
    corrupt.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 40)
    with pytest.raises(ValueError, match=r"bad\.gguf.*not a readable GGUF file"):
        rope_ref.from_gguf(corrupt)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.gguf"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="is not a regular file \\(a FIFO\\)"):
        rope_ref.from_gguf(fifo)


def test_missing_extra_names_it(tmp_path, monkeypatch):
    path = write(tmp_path / "llama.gguf", "llama")
    monkeypatch.setitem(sys.modules, "gguf", None)
    with pytest.raises(ImportError, match=r"pip install 'rope-ref\[gguf\]'"):
        rope_ref.from_gguf(path)


def test_import_rope_ref_does_not_load_gguf():
    subprocess.run([sys.executable, "-c", "import rope_ref, sys; assert 'gguf' not in sys.modules"], check=True)


@pytest.mark.parametrize(("arch", "beta_fast", "read"), [
    ("qwen2", 32.0, False),   # llama.cpp's qwen2 loader never reads rope.scaling.yarn_beta_fast
    ("mistral3", 16.0, True),  # src/models/mistral3.cpp reads both betas
    ("grok", 16.0, True),      # src/models/grok.cpp reads all four yarn_* keys
])
def test_yarn_beta_keys_count_only_where_llama_cpp_reads_them(tmp_path, arch, beta_fast, read):
    keys = [("add_rope_scaling_type", gguf.RopeScalingType.YARN), ("add_rope_scaling_factor", 4.0),
            ("add_rope_scaling_orig_ctx_len", 4096), ("add_rope_scaling_yarn_beta_fast", 16.0)]
    info = rope_ref.describe_gguf(write(tmp_path / f"{arch}.gguf", arch, keys))
    assert info.scaling["yarn_beta_fast"] == beta_fast
    ignored = [n for n in info.notes if "yarn_beta_fast = 16.0 is ignored" in n]
    assert bool(ignored) is not read, info.notes
    assert info.sources["scaling.yarn_beta_fast"] == (f"{arch}.rope.scaling.yarn_beta_fast" if read
                                                      else "llama.cpp default")


def test_grok_beta_fast_defaults_to_8(tmp_path):
    keys = [("add_rope_scaling_type", gguf.RopeScalingType.YARN), ("add_rope_scaling_factor", 4.0),
            ("add_rope_scaling_orig_ctx_len", 4096)]
    assert rope_ref.describe_gguf(write(tmp_path / "grok.gguf", "grok", keys)).scaling["yarn_beta_fast"] == 8.0

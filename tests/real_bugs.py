"""Real RoPE bugs from public issue trackers, re-expressed in NumPy, to test ``rope_ref.check`` against.

Every entry of :data:`BUGS` reproduces one bug that somebody reported in a public GitHub issue, pull
request or commit (``RealBug.source`` names it). None is invented: the reproduction follows what the
report shows the code did, re-written from scratch in small NumPy code (no code is copied). The entries
exist so that the checker can be tested on mistakes nobody on this project imagined, in the shapes real
code has (stateful caches, decode-offset APIs, batches of position rows, query/key pairs with different
head counts, in-place kernels).

Conventions:

- ``fn`` never imports rope_ref; ``declared`` (the keyword arguments of ``rope_ref.check`` that say what
  the code *meant*) may.
- Numbers (head dim, base, factors, context lengths) follow the report where it gives them; where it does
  not, the named model's published values or typical ones are used. The mechanism of every bug does not
  depend on them.
- Arithmetic is float64 unless the bug is about precision; then the low precision is emulated: bfloat16 by
  round-to-nearest-even on the float32 bits (as in tests/implementations.py), float16 with NumPy's float16,
  float32 with NumPy's float32. Outputs carry ``RealBug.dtype`` (bfloat16 values are returned in float32
  arrays, since NumPy has no bfloat16; the entry then declares ``dtype="bfloat16"``).
- Interfaces (``RealBug.interface``): "positions" fn(x, positions) with x (n, d) and positions (n,) (or
  (n, 3) for M-RoPE); "seq_len" fn(x, positions, seq_len); "offset" fn(x, offset), row i at offset + i;
  "batched" fn(x, positions), x (batch, seq, d), positions (batch, seq); "qk" fn(q, k, positions) ->
  (q2, k2), q (n, hq, d), k (n, hk, d), hq != hk; "inplace" fn(x, positions) -> None, rotating x in place.
- Stateful reproductions are small classes holding the cache the real code held; they are deterministic, and
  their state is the point: use ``copy.deepcopy(bug.fn)`` for a run that must start from a fresh instance.

:func:`self_test` shows, for every entry, that fn deviates from the correct RoPE (``_reference`` below, an
independent float64 implementation written as complex multiplication) in the way the entry claims, and
asserts it. ``python tests/real_bugs.py`` runs it and prints one line per bug.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from rope_ref import MultiAxisRoPE, RoPE
from rope_ref.scaling import DynamicNTK, Llama3, LongRoPE, Proportional, YaRN
from rope_ref.xpos import XPos

__all__ = ["BUGS", "RealBug", "self_test"]


@dataclass(frozen=True)
class RealBug:
    """One real, publicly reported RoPE bug and its NumPy reproduction."""

    id: str  # lowercase snake_case, unique
    source: str  # "owner/repo#1234 title" or "owner/repo@<commit> title"
    summary: str  # what the real code did and what it should have done
    fn: Callable[..., Any]  # the reproduction (NumPy only, never imports rope_ref)
    declared: dict[str, Any]  # keyword arguments for rope_ref.check: what the code meant
    interface: str  # "positions", "seq_len", "offset", "batched", "qk" or "inplace"
    causes: tuple[str, ...]  # the cause(s) the checker should name, structure first
    parameter: float | None  # the fitted parameter of the first cause, where it has one
    dtype: str = "float32"  # the dtype fn's output carries


BUGS: list[RealBug] = []
_CLAIMS: dict[str, Callable[[RealBug], str]] = {}


def _register(bug: RealBug, claim: Callable[[RealBug], str]) -> None:
    assert bug.id not in _CLAIMS, bug.id
    BUGS.append(bug)
    _CLAIMS[bug.id] = claim


# -- low-precision emulation -------------------------------------------------------------------------

def _bf16(a: Any) -> np.ndarray:
    """Round to bfloat16 (nearest even on the float32 bits), returned as float32."""
    bits = np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return (((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16).astype(np.uint32).view(np.float32)


def _f16(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.float64).astype(np.float16)


def _f32(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.float64).astype(np.float32)


def _f64(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=np.float64)


# -- the idioms real RoPE code is written in (used by the reproductions) ------------------------------

def _inv_freq(r: int, base: float) -> np.ndarray:
    """1 / base ** (arange(0, r, 2) / r), as the sources write it."""
    return 1.0 / base ** (np.arange(0, r, 2, dtype=np.float64) / r)


def _rotate_half(x: np.ndarray) -> np.ndarray:
    """GPT-NeoX / transformers: cat(-x2, x1) for the halves x1, x2."""
    h = x.shape[-1] // 2
    return np.concatenate([-x[..., h:], x[..., :h]], axis=-1)


def _rotate_every_two(x: np.ndarray) -> np.ndarray:
    """GPT-J / Meta complex view: (x0, x1, x2, x3, ...) -> (-x1, x0, -x3, x2, ...)."""
    out = np.empty_like(x)
    out[..., 0::2] = -x[..., 1::2]
    out[..., 1::2] = x[..., 0::2]
    return out


def _cat(a: np.ndarray) -> np.ndarray:
    """torch.cat((freqs, freqs), dim=-1): the table for rotate_half."""
    return np.concatenate([a, a], axis=-1)


def _interleave(a: np.ndarray) -> np.ndarray:
    """repeat_interleave(freqs, 2, dim=-1): the table for rotate_every_two."""
    return np.repeat(a, 2, axis=-1)


def _neox(x: np.ndarray, ang: np.ndarray, r: int | None = None, gain: float = 1.0) -> np.ndarray:
    """x * cos + rotate_half(x) * sin on the first r features, cos/sin = cat(ang, ang) * gain."""
    r = x.shape[-1] if r is None else r
    rot, rest = x[..., :r], x[..., r:]
    e = _cat(ang)
    return np.concatenate([rot * (np.cos(e) * gain) + _rotate_half(rot) * (np.sin(e) * gain), rest], axis=-1)


def _gptj(x: np.ndarray, ang: np.ndarray, r: int | None = None, gain: float = 1.0) -> np.ndarray:
    """x * cos + rotate_every_two(x) * sin on the first r features, cos/sin = repeat_interleave(ang, 2)."""
    r = x.shape[-1] if r is None else r
    rot, rest = x[..., :r], x[..., r:]
    e = _interleave(ang)
    return np.concatenate([rot * (np.cos(e) * gain) + _rotate_every_two(rot) * (np.sin(e) * gain), rest],
                          axis=-1)


def _angles(positions: Any, inv_freq: np.ndarray) -> np.ndarray:
    return _f64(positions)[..., None] * inv_freq


# -- the context-extension rules, written from their definitions (float64) ----------------------------

def _llama3_inv_freq(r: int, base: float, factor: float, low: float = 1.0, high: float = 4.0,
                     l0: float = 8192.0) -> np.ndarray:
    inv = _inv_freq(r, base)
    wavelen = 2 * math.pi / inv
    smooth = (l0 / wavelen - low) / (high - low)
    blend = (1 - smooth) * inv / factor + smooth * inv
    return np.where(wavelen < l0 / high, inv, np.where(wavelen > l0 / low, inv / factor, blend))


def _yarn_mscale(factor: float, mscale: float = 1.0) -> float:
    return 1.0 if factor <= 1 else 0.1 * mscale * math.log(factor) + 1.0


def _yarn_inv_freq(r: int, base: float, factor: float, l0: float, beta_fast: float = 32.0, beta_slow: float = 1.0,
                   truncate: bool = True, high_clamp: float | None = None) -> np.ndarray:
    """transformers' _compute_yarn_parameters; high_clamp replaces its upper clamp r - 1."""
    pos_freqs = base ** (np.arange(0, r, 2, dtype=np.float64) / r)
    extrapolation, interpolation = 1.0 / pos_freqs, 1.0 / (factor * pos_freqs)

    def correction_dim(rotations: float) -> float:
        return r * math.log(l0 / (rotations * 2 * math.pi)) / (2 * math.log(base))

    low, high = correction_dim(beta_fast), correction_dim(beta_slow)
    if truncate:
        low, high = math.floor(low), math.ceil(high)
    low, high = max(low, 0), min(high, r - 1 if high_clamp is None else high_clamp)
    if low == high:
        high += 0.001
    ramp = np.clip((np.arange(r // 2, dtype=np.float64) - low) / (high - low), 0.0, 1.0)
    keep = 1.0 - ramp  # transformers' inv_freq_extrapolation_factor
    return interpolation * (1 - keep) + extrapolation * keep


def _ntk_base(base: float, r: int, factor: float, max_pos: float, seq_len: float) -> float:
    """Dynamic NTK: base * (factor * seq_len / L - (factor - 1)) ** (r / (r - 2))."""
    return base * ((factor * seq_len / max_pos) - (factor - 1)) ** (r / (r - 2))


# A public Phi-3 128k LongRoPE configuration (48 pairs: head_dim 96), as quoted in public repositories.
_PHI3_LONG = (1.0800000429153442, 1.1100000143051147, 1.1399999856948853, 1.340000033378601, 1.5899999141693115,
              1.600000023841858, 1.6200000047683716, 2.620000123977661, 3.2300000190734863, 3.2300000190734863,
              4.789999961853027, 7.400000095367432, 7.700000286102295, 9.09000015258789, 12.199999809265137,
              17.670000076293945, 24.46000099182129, 28.57000160217285, 30.420001983642578, 30.840002059936523,
              32.590003967285156, 32.93000411987305, 42.320003509521484, 44.96000289916992, 50.340003967285156,
              50.45000457763672, 57.55000305175781, 57.93000411987305, 58.21000289916992, 60.1400032043457,
              62.61000442504883, 62.62000274658203, 62.71000289916992, 63.1400032043457, 63.1400032043457,
              63.77000427246094, 63.93000411987305, 63.96000289916992, 63.970001220703125, 64.02999877929688,
              64.06999969482422, 64.08000183105469, 64.12000274658203, 64.41000366210938, 64.4800033569336,
              64.51000213623047, 64.52999877929688, 64.83999633789062)
_PHI3_SHORT = (1.0, 1.0199999809265137, 1.0299999713897705, 1.0299999713897705, 1.0499999523162842,
               1.0499999523162842, 1.0499999523162842, 1.0499999523162842, 1.0499999523162842, 1.0699999332427979,
               1.0999999046325684, 1.1099998950958252, 1.1599998474121094, 1.1599998474121094, 1.1699998378753662,
               1.2899998426437378, 1.339999794960022, 1.679999828338623, 1.7899998426437378, 1.8199998140335083,
               1.8499997854232788, 1.8799997568130493, 1.9099997282028198, 1.9399996995925903,
               1.9899996519088745, 2.0199997425079346, 2.0199997425079346, 2.0199997425079346,
               2.0199997425079346, 2.0199997425079346, 2.0199997425079346, 2.0299997329711914,
               2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0299997329711914,
               2.0299997329711914, 2.0299997329711914, 2.0299997329711914, 2.0299997329711914,
               2.0799996852874756, 2.0899996757507324, 2.189999580383301, 2.2199995517730713,
               2.5899994373321533, 2.729999542236328, 2.749999523162842, 2.8399994373321533)
_PHI3 = {"dim": 96, "base": 10000.0, "l0": 4096, "max": 131072}
_PHI3_ATTENTION = math.sqrt(1 + math.log(_PHI3["max"] / _PHI3["l0"]) / math.log(_PHI3["l0"]))


def _longrope_inv_freq(factors: tuple[float, ...], r: int, base: float) -> np.ndarray:
    return 1.0 / (np.asarray(factors, dtype=np.float64) * base ** (np.arange(0, r, 2, dtype=np.float64) / r))


def _phi3_declared() -> LongRoPE:
    return LongRoPE(_PHI3_SHORT, _PHI3_LONG, _PHI3["l0"], max_position_embeddings=_PHI3["max"])


# -- the correct RoPE (independent of the reproductions and of rope_ref) -----------------------------

def _ladder(r: int, base: float) -> np.ndarray:
    return np.exp(-np.log(base) * np.arange(0, r, 2, dtype=np.float64) / r)


def _pairs(layout: str, r: int) -> tuple[np.ndarray, np.ndarray]:
    j = np.arange(r // 2)
    return (j, j + r // 2) if layout == "half" else (2 * j, 2 * j + 1)


def _reference(x: Any, positions: Any = None, *, dim: int, base: float = 10000.0, layout: str = "half",
               rotary_dim: int | None = None, inv_freq: Any = None, attention_factor: float = 1.0,
               angles: Any = None, pair_scale: Any = None) -> np.ndarray:
    """The correct RoPE in float64, written as complex multiplication: pair j of the first rotary_dim features
    (by layout) is z_j = u + i v and becomes a z_j e^(i m theta_j) (times pair_scale, for xPos). inv_freq
    replaces the default theta_j = base^(-2j/r); angles replaces m theta_j altogether."""
    x = _f64(x)
    r = dim if rotary_dim is None else rotary_dim
    assert x.shape[-1] == dim
    if angles is None:
        theta = _ladder(r, base) if inv_freq is None else _f64(inv_freq)
        angles = _f64(positions)[..., None] * theta
    i1, i2 = _pairs(layout, r)
    z = (x[..., i1] + 1j * x[..., i2]) * np.exp(1j * _f64(angles)) * attention_factor
    if pair_scale is not None:
        z = z * pair_scale
    y = x.copy()
    y[..., i1], y[..., i2] = z.real, z.imag
    return y


def _mrope_angles(pos3: Any, r: int, base: float, sections: tuple[int, ...], interleaved: bool) -> np.ndarray:
    """M-RoPE: pair j takes coordinate axis(j) (0 temporal, 1 height, 2 width) with theta_j = base^(-2j/r).
    Sectioned (Qwen2-VL): consecutive sections; interleaved (Qwen3-VL): height at j % 3 == 1 below
    3 * sections[1], width at j % 3 == 2 below 3 * sections[2], temporal elsewhere."""
    j = np.arange(r // 2)
    if interleaved:
        axis = np.zeros(r // 2, dtype=int)
        axis[(j % 3 == 1) & (j < 3 * sections[1])] = 1
        axis[(j % 3 == 2) & (j < 3 * sections[2])] = 2
    else:
        axis = np.repeat(np.arange(len(sections)) % 3, sections)
    return _f64(pos3)[..., axis] * _ladder(r, base)


def _xpos_scale(positions: Any, dim: int, scale_base: float, centre: float = 0.0) -> np.ndarray:
    """xPos query scale of pair j at m: zeta_j ** ((m - c) / gamma), zeta_j = (2j + 0.4 d) / (1.4 d)."""
    zeta = (np.arange(0, dim, 2, dtype=np.float64) + 0.4 * dim) / (1.4 * dim)
    return zeta ** ((_f64(positions)[..., None] - centre) / scale_base)


# -- inputs and assertions for the self-test ----------------------------------------------------------

def _x(shape: tuple[int, ...], seed: int = 0, dtype: Any = np.float32) -> np.ndarray:
    """Inputs as the checker makes them: multiples of 2^-10 in [-8, 8)."""
    return (np.random.default_rng(seed).integers(-8192, 8192, size=shape) / 1024.0).astype(dtype)


def _pos(n: int, hi: int, seed: int = 1, lo: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(np.arange(lo, hi), size=n, replace=False)).astype(np.int64)


def _fresh(bug: RealBug) -> Callable[..., Any]:
    """A private copy of fn, so that the self-test never changes the state of a stateful entry."""
    return copy.deepcopy(bug.fn)


def _err(a: Any, b: Any) -> float:
    return float(np.max(np.abs(_f64(a) - _f64(b))))


def _close(a: Any, b: Any, tol: float, what: str) -> None:
    e = _err(a, b)
    assert e <= tol, f"{what}: differs by {e:.3g} > {tol:.3g}"


def _far(a: Any, b: Any, what: str, tol: float = 1e-2) -> float:
    e = _err(a, b)
    assert e > tol, f"{what}: differs by only {e:.3g} <= {tol:.3g}"
    return e


def _pair_norms(y: Any, layout: str, r: int) -> np.ndarray:
    i1, i2 = _pairs(layout, r)
    y = _f64(y)
    return np.hypot(y[..., i1], y[..., i2])


def _expect(bug: RealBug, buggy: Callable[..., np.ndarray], correct: Callable[..., np.ndarray], *, n: int = 16,
            hi: int = 8192, tol: float = 1e-3, dim: int, seed: int = 0) -> str:
    """fn equals the claimed wrong RoPE and is far from the correct one (positions / seq_len interfaces)."""
    x, p = _x((n, dim), seed), _pos(n, hi, seed + 1)
    fn = _fresh(bug)
    y = fn(x, p) if bug.interface == "positions" else fn(x, p, int(p.max()) + 1)
    _close(y, buggy(x, p), tol, f"{bug.id}: fn vs the claimed model")
    e = _far(y, correct(x, p), f"{bug.id}: fn vs the correct RoPE")
    return f"equals the claimed wrong RoPE, off the correct one by {e:.3g}"


def _grows(bug: RealBug, correct: Callable[[np.ndarray, np.ndarray], np.ndarray], *, dim: int, small: float,
           large: float, hi: int = 2**17, low_hi: int = 16) -> str:
    """A precision bug: error tiny at positions below low_hi, large at positions up to hi."""
    fn = _fresh(bug)
    n_low = min(16, low_hi)
    x, x_low = _x((16, dim)), _x((n_low, dim))
    p_low, p_high = _pos(n_low, low_hi), _pos(16, hi, lo=hi // 2)
    e_low, e_high = _err(fn(x_low, p_low), correct(x_low, p_low)), _err(fn(x, p_high), correct(x, p_high))
    assert e_low <= small, f"{bug.id}: error {e_low:.3g} at positions < {low_hi} exceeds {small:.3g}"
    assert e_high >= large, f"{bug.id}: error {e_high:.3g} at positions near {hi} below {large:.3g}"
    return f"error {e_low:.2g} at positions < {low_hi}, {e_high:.2g} at positions in [{hi // 2}, {hi})"


# ====================================================================================================
# other_base: the frequencies come from another base
# ====================================================================================================

def _candle_yi(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RotaryEmbedding::new: 1 / 10000f32.powf(i / dim); cfg.rope_theta (5e6) is never read
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, 10000.0))))


_register(RealBug(
    id="candle_yi_hardcoded_theta",
    source="huggingface/candle#3746 Fix Yi RoPE ignoring cfg.rope_theta (hardcoded 10000)",
    summary="candle's Yi model builds inv_freq from a literal 10000 although its config sets rope_theta = 5e6; "
            "every position past 0 is rotated with the wrong frequencies.",
    fn=_candle_yi, declared={"dim": 128, "base": 5e6, "layout": "half"}, interface="positions",
    causes=("other_base",), parameter=10000.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, base=1e4),
                      lambda x, p: _reference(x, p, dim=128, base=5e6), dim=128))


def _specforge_eagle3(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # LlamaRotaryEmbedding(head_dim) built without base=config.rope_theta: the default 10000
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, 10000.0))))


_register(RealBug(
    id="specforge_eagle3_rope_theta_unused",
    source="sgl-project/SpecForge#265 `rope_theta` from config isn't used?",
    summary="The EAGLE3 draft model builds its rotary embedding without passing rope_theta, so a Qwen2.5 draft "
            "(rope_theta 1e6) rotates with the default base 10000.",
    fn=_specforge_eagle3, declared={"dim": 128, "base": 1e6, "layout": "half"}, interface="positions",
    causes=("other_base",), parameter=10000.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, base=1e4),
                      lambda x, p: _reference(x, p, dim=128, base=1e6), dim=128))


def _airllm_mlx(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # get_model_args_from_config copies every field but rope_theta; sanitize_config then fills in 10000
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, 10000.0))))


_register(RealBug(
    id="airllm_mlx_llama_rope_theta_dropped",
    source="lyogavin/airllm#369 Carry rope_theta from the config in the MLX Llama path (fixes #368)",
    summary="airllm's MLX Llama path never copies rope_theta from the config, so Llama 3 (rope_theta 500000) "
            "runs with the Llama 2 default 10000; short prompts look fine, output degrades past ~1k tokens.",
    fn=_airllm_mlx, declared={"dim": 128, "base": 500000.0, "layout": "half"}, interface="positions",
    causes=("other_base",), parameter=10000.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, base=1e4),
                      lambda x, p: _reference(x, p, dim=128, base=5e5), dim=128))


def _mlx_llama31_base() -> float:
    """mlx_lm's first Llama 3.1 rope: the llama3 per-frequency rule collapsed to one number, its mean."""
    dims, base, factor, low, high, l0 = 128, 500000.0, 8.0, 1.0, 4.0, 8192.0
    freqs = base ** (np.arange(0, dims, 2) / dims)  # wavelengths / (2 pi)
    wavelens = 2 * np.pi * freqs
    smooths = (wavelens - l0 / high) / (l0 / low - l0 / high)
    new = freqs * (1 - smooths) * factor + smooths
    new = np.where(wavelens < l0 / high, freqs, new)
    new = np.where(wavelens > l0 / low, freqs * factor, new)
    return float(new.mean())


_MLX_LLAMA31_BASE = _mlx_llama31_base()


def _mlx_llama31(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # DynamicNTKScalingRoPE: self.base = compute_llama3_base_freq() -> mx.fast.rope(..., base=self.base); past
    # max_position_embeddings (131072) __call__ also grows the base with the length (scale 1 for llama3)
    base, seq_len, max_pos = _MLX_LLAMA31_BASE, float(np.max(positions)) + 1, 131072
    if seq_len > max_pos:
        base *= (seq_len / max_pos) ** (128 / 126)
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, base))))


_register(RealBug(
    id="mlx_lm_llama31_mean_base",
    source="ml-explore/mlx-examples@cd8efc7fbcb8d1eb787656cbcb1ac83678d512f4 Add support for Llama-3.1 (#907); "
           "replaced by #945 Use fast rope",
    summary="mlx_lm's first Llama 3.1 support computed the llama3 per-pair frequencies and then returned their "
            f"mean as a single RoPE base (about {_MLX_LLAMA31_BASE:.0f}) for mx.fast.rope, so the model ran "
            "plain RoPE with that base instead of rope_theta 500000 with llama3 smoothing (whose blend "
            "formula it also had wrong, linear in the wavelength). Past max_position_embeddings (131072) it also "
            "grew that base with the length; the entry declares max_position 131072.",
    fn=_mlx_llama31,
    declared={"dim": 128, "base": 500000.0, "layout": "half", "max_position": 131072,
              "scaling": Llama3(factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192)},
    interface="positions", causes=("other_base", "missing_scaling"), parameter=_MLX_LLAMA31_BASE),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, base=_MLX_LLAMA31_BASE),
                      lambda x, p: _reference(x, p, dim=128, inv_freq=_llama3_inv_freq(128, 5e5, 8.0)), dim=128))


def _leetcuda_rope(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # rope_f32_kernel: exp_v = 1 / powf(theta, token_idx / (N * 2)) with int token_idx and N: always 1
    x = _f64(x)
    n_pairs = x.shape[-1] // 2
    exponent = np.arange(n_pairs) // (n_pairs * 2)  # C integer division
    exp_v = 1.0 / 10000.0 ** exponent
    ang = _f64(positions)[:, None] / exp_v
    x1, x2 = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = x1 * np.cos(ang) - x2 * np.sin(ang)
    out[..., 1::2] = x1 * np.sin(ang) + x2 * np.cos(ang)
    return _f32(out)


_register(RealBug(
    id="leetcuda_rope_integer_exponent",
    source="xlite-dev/LeetCUDA#289 ROPE 实现有误 (fixed by #290, corrected theta calculation in RoPE CUDA kernel)",
    summary="The CUDA kernel computes the exponent token_idx / (N * 2) in integer arithmetic, which is 0 for "
            "every pair, so all pairs rotate by the position itself (theta_j = 1, as with base 1) instead of "
            "10000^(-2j/d). (The kernel takes the row index as position; here positions are passed.)",
    fn=_leetcuda_rope, declared={"dim": 64, "base": 10000.0, "layout": "interleaved"}, interface="positions",
    causes=("other_base",), parameter=1.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=64, layout="interleaved", inv_freq=np.ones(32)),
                      lambda x, p: _reference(x, p, dim=64, layout="interleaved"), dim=64))


# ====================================================================================================
# scaling_factor / missing_scaling: the context-extension rule with another factor, or not at all
# ====================================================================================================

def _llama_models_factor8(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # apply_scaling(freqs): scale_factor = 8 hard-coded, whatever the model's rope_scaling says
    return _f32(_gptj(_f64(x), _angles(positions, _llama3_inv_freq(64, 500000.0, 8.0))))


_register(RealBug(
    id="llama_models_llama32_factor_hardcoded",
    source="meta-llama/llama-models#241 Bad output after 80k tokens: rope scaling_factor 8 is used for 1B and 3B "
           "3.2 models",
    summary="Meta's reference apply_scaling hard-codes the llama3 scale factor 8; Llama 3.2 1B/3B need 32, so "
            "low frequencies are divided by 8 instead of 32 and output degrades around 80k tokens.",
    fn=_llama_models_factor8,
    declared={"dim": 64, "base": 500000.0, "layout": "interleaved",
              "scaling": Llama3(factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192)},
    interface="positions", causes=("scaling_factor",), parameter=8.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=64, layout="interleaved",
                                                 inv_freq=_llama3_inv_freq(64, 5e5, 8.0)),
                      lambda x, p: _reference(x, p, dim=64, layout="interleaved",
                                              inv_freq=_llama3_inv_freq(64, 5e5, 32.0)), dim=64, hi=2**17))

_QWEN3_YARN_FACTOR_USED = 40960 / 32768  # max_position_embeddings / original_max_position_embeddings


def _transformers_yarn_factor(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # _compute_yarn_parameters: factor = max_position_embeddings / original_max_position_embeddings when the
    # latter is in rope_scaling, discarding the factor the user set
    f = _QWEN3_YARN_FACTOR_USED
    inv = _yarn_inv_freq(128, 1e6, f, 32768)
    return _f32(_neox(_f64(x), _angles(positions, inv), gain=_yarn_mscale(f)))


_register(RealBug(
    id="transformers_yarn_factor_overridden",
    source="huggingface/transformers#38224 YaRN: factor is not effective with original_max_position_embeddings",
    summary="transformers recomputed the YaRN factor as max_position_embeddings / original_max_position_embeddings "
            "whenever the latter was given, so Qwen3 with rope_scaling factor 4 (original 32768, "
            "max_position_embeddings 40960) ran YaRN with factor 1.25, frequencies and attention factor alike.",
    fn=_transformers_yarn_factor,
    declared={"dim": 128, "base": 1e6, "layout": "half",
              "scaling": YaRN(factor=4.0, original_max_position_embeddings=32768)},
    interface="positions", causes=("scaling_factor",), parameter=_QWEN3_YARN_FACTOR_USED),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, inv_freq=_yarn_inv_freq(128, 1e6, 1.25, 32768),
                                                 attention_factor=_yarn_mscale(1.25)),
                      lambda x, p: _reference(x, p, dim=128, inv_freq=_yarn_inv_freq(128, 1e6, 4.0, 32768),
                                              attention_factor=_yarn_mscale(4.0)), dim=128, hi=2**17))


def _mlx_vlm_mllama(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # mllama/language.py: nn.RoPE(head_dim, traditional=..., base=rope_theta, scale=1); rope_scaling unread
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, 500000.0))))


_register(RealBug(
    id="mlx_vlm_mllama_rope_scaling_ignored",
    source="Blaizzy/mlx-vlm#1710 fix(rope): apply declared rope_scaling in models that ignored it "
           "(Llama-3.2-Vision and 9 others)",
    summary="Llama-3.2-Vision declares llama3 rope scaling (factor 8) but mlx-vlm built a plain nn.RoPE, so "
            "positions rotate with unscaled frequencies (cosine to the correct output 0.76 at 8192).",
    fn=_mlx_vlm_mllama,
    declared={"dim": 128, "base": 500000.0, "layout": "half",
              "scaling": Llama3(factor=8.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192)},
    interface="positions", causes=("missing_scaling",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, base=5e5),
                      lambda x, p: _reference(x, p, dim=128, inv_freq=_llama3_inv_freq(128, 5e5, 8.0)), dim=128))


def _mlxcel_llama3(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RopeScaling reads the key "type" (not "rope_type") and the attention never reads it: base^(-2i/d)
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(64, 500000.0))))


_register(RealBug(
    id="mlxcel_llama3_scaling_never_read",
    source="lablup/mlxcel#1355 fix(llama3): apply llama3 rope_scaling frequencies on the shared Llama path",
    summary="mlxcel parses Llama 3.x's rope_scaling block (under the wrong key) and never uses it, so Llama 3.2 1B "
            "(factor 32) rotates its low-frequency pairs up to 32x too fast past a few thousand tokens.",
    fn=_mlxcel_llama3,
    declared={"dim": 64, "base": 500000.0, "layout": "half",
              "scaling": Llama3(factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192)},
    interface="positions", causes=("missing_scaling",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=64, base=5e5),
                      lambda x, p: _reference(x, p, dim=64, inv_freq=_llama3_inv_freq(64, 5e5, 32.0)), dim=64))


def _executorch_longrope(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # hf_precompute_freqs_cis: vanilla RoPE, neither the short/long factors nor the attention factor
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(_PHI3["dim"], _PHI3["base"]))))


def _phi3_correct(x: np.ndarray, p: np.ndarray, seq_len: float | None = None) -> np.ndarray:
    s = int(np.max(p)) + 1 if seq_len is None else seq_len
    factors = _PHI3_LONG if s > _PHI3["l0"] else _PHI3_SHORT
    return _reference(x, p, dim=_PHI3["dim"], inv_freq=_longrope_inv_freq(factors, _PHI3["dim"], _PHI3["base"]),
                      attention_factor=_PHI3_ATTENTION)


_register(RealBug(
    id="executorch_longrope_vanilla_rope",
    source="pytorch/executorch#19235 Add LongRoPE support and fp64 RoPE precompute for Phi-3 / Phi-4 family",
    summary="ExecuTorch's hf_precompute_freqs_cis was vanilla RoPE for Phi-3/Phi-4 LongRoPE models: no per-pair "
            "short/long factors and no attention factor (~1.19), leaving attention ~1.42x softer and causing "
            "greedy-decode repetition.",
    fn=_executorch_longrope, declared={"dim": 96, "base": 10000.0, "layout": "half", "scaling": _phi3_declared()},
    interface="positions", causes=("missing_scaling",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=96), _phi3_correct, dim=96, hi=2**16))


# ====================================================================================================
# stateful / seq_len_ignored: seq_len-dependent rules evaluated once, or remembered from an earlier call
# ====================================================================================================

class _HFDynamicNTKv432:
    """transformers 4.32 LlamaDynamicNTKScalingRotaryEmbedding: the cos/sin cache only ever grows, and the
    NTK base is recomputed only when it grows past max_position_embeddings."""

    def __init__(self, dim: int = 128, base: float = 10000.0, max_pos: int = 4096, factor: float = 2.0) -> None:
        self.dim, self.base, self.max_pos, self.factor = dim, base, max_pos, factor
        self.inv_freq = _inv_freq(dim, base)
        self.max_seq_len_cached = max_pos  # __init__ builds the cache for max_position_embeddings

    def __call__(self, x: np.ndarray, positions: np.ndarray, seq_len: float) -> np.ndarray:
        if seq_len > self.max_seq_len_cached:  # forward(): rebuild only when longer than the cache
            self.max_seq_len_cached = seq_len
            if seq_len > self.max_pos:
                self.inv_freq = _inv_freq(self.dim, _ntk_base(self.base, self.dim, self.factor, self.max_pos, seq_len))
        return _f32(_neox(_f64(x), _angles(positions, self.inv_freq)))


def _dyn_correct(x: np.ndarray, p: np.ndarray, seq_len: float) -> np.ndarray:
    base = _ntk_base(1e4, 128, 2.0, 4096, max(seq_len, 4096))
    return _reference(x, p, dim=128, base=base)


def _claim_hf_dynamic(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 2000)
    first = fn(x, p, 2000)
    _close(first, _dyn_correct(x, p, 2000), 1e-3, "before any long call")
    fn(_x((16, 128), 3), _pos(16, 16000, 4), 16000)  # one long sequence
    again = fn(x, p, 2000)
    e = _far(again, first, "the same short call after a long one")
    _close(again, _dyn_correct(x, p, 16000), 1e-3, "the short call now uses the long call's base")
    return f"the same short call changes by {e:.3g} after one long call (it keeps the long call's NTK base)"


_register(RealBug(
    id="transformers_dynamic_ntk_cache_never_shrinks",
    source="huggingface/transformers#25306 \"Dynamic\" Issue in LlamaDynamicNTKScalingRotaryEmbedding - Long "
           "context inference will impact short context inference",
    summary="LlamaDynamicNTKScalingRotaryEmbedding rebuilt its cache only when seq_len exceeded the cached "
            "length, so after one long input every later short input kept the enlarged NTK base instead of "
            "returning to the original one; the same prompt gave different answers before and after.",
    fn=_HFDynamicNTKv432(),
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": DynamicNTK(factor=2.0, max_position_embeddings=4096)},
    interface="seq_len", causes=("stateful",), parameter=None), _claim_hf_dynamic)


def _vllm_dynamic_ntk(x: np.ndarray, positions: np.ndarray, seq_len: float) -> np.ndarray:
    # _compute_cos_sin_cache: max_len = max_position_embeddings * scaling_factor, the base computed once for it;
    # the current length (seq_len) is never consulted
    dim, base, max_pos, s = 128, 10000.0, 4096, 2.0
    max_len = max_pos * s
    b = base * ((s * max_len / max_pos) - (s - 1)) ** (dim / (dim - 2))
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(dim, b))))


def _claim_vllm_dynamic(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 2000)
    short, long = fn(x, p, 2000), fn(x, p, 8192)
    _close(short, long, 0.0, "fn at seq_len 2000 vs 8192")
    _close(short, _dyn_correct(x, p, 8192), 1e-3, "fn vs dynamic NTK at seq_len = factor * L")
    e = _far(short, _dyn_correct(x, p, 2000), "fn vs the correct RoPE at seq_len 2000")
    return f"same output for seq_len 2000 and 8192 (the rule at 8192 always), {e:.3g} off at seq_len 2000"


_register(RealBug(
    id="vllm_dynamic_ntk_fixed_length",
    source="vllm-project/vllm#5093 [Bug]: The implementation of DynamicNTKScalingRotaryEmbedding may have errors "
           "(also #3488)",
    summary="vLLM's DynamicNTKScalingRotaryEmbedding computes the NTK base once, for max_len = "
            "max_position_embeddings * factor, and uses it at every length: short prompts get the scaled base "
            "that transformers only uses past max_position_embeddings.",
    fn=_vllm_dynamic_ntk,
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": DynamicNTK(factor=2.0, max_position_embeddings=4096)},
    interface="seq_len", causes=("seq_len_ignored",), parameter=8192.0), _claim_vllm_dynamic)


def _mlxcel_longrope(x: np.ndarray, positions: np.ndarray, seq_len: float) -> np.ndarray:
    # configure_su_rope reads long_factor only; short_factor is parsed and never read
    inv = _longrope_inv_freq(_PHI3_LONG, _PHI3["dim"], _PHI3["base"])
    return _f32(_neox(_f64(x), _angles(positions, inv), gain=_PHI3_ATTENTION))


def _claim_mlxcel_longrope(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 96)), _pos(16, 3000)
    short, long = fn(x, p, 3000), fn(x, p, 100000)
    _close(short, long, 0.0, "fn at seq_len 3000 vs 100000")
    _close(short, _phi3_correct(x, p, 100000), 1e-3, "fn vs the long factors")
    e = _far(short, _phi3_correct(x, p, 3000), "fn vs the short factors at seq_len 3000")
    return f"long factors at every seq_len; {e:.3g} off the short-factor RoPE for a 3000-token sequence"


_register(RealBug(
    id="mlxcel_longrope_long_factor_always",
    source="lablup/mlxcel#1358 fix(phi3): select LongRoPE short or long factors by sequence position",
    summary="mlxcel built one frequency table from long_factor and used it at every position, so every prompt "
            "under original_max_position_embeddings (4096) was rotated with the long factors instead of the "
            "short ones.",
    fn=_mlxcel_longrope, declared={"dim": 96, "base": 10000.0, "layout": "half", "scaling": _phi3_declared()},
    interface="seq_len", causes=("seq_len_ignored",), parameter=None), _claim_mlxcel_longrope)


class _LucidrainsOffsetCache:
    """rotary-embedding-torch 0.2.x rotate_queries_or_keys(t, offset): freqs cached under f'freqs:{seq_len}'."""

    def __init__(self, dim: int = 64, theta: float = 10000.0) -> None:
        self.freqs = 1.0 / theta ** (np.arange(0, dim, 2, dtype=np.float64)[: dim // 2] / dim)
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, t: np.ndarray, offset: int = 0) -> np.ndarray:
        key = f"freqs:{t.shape[0]}"  # the offset is not part of the key
        if key not in self.cache:
            seq_pos = np.arange(t.shape[0], dtype=np.float64) + offset
            self.cache[key] = _interleave(seq_pos[:, None] * self.freqs)  # '... n -> ... (n r)', r = 2
        freqs = self.cache[key]
        t = _f64(t)
        return _f32(t * np.cos(freqs) + _rotate_every_two(t) * np.sin(freqs))


def _claim_lucidrains_cache(bug: RealBug) -> str:
    fn = _fresh(bug)
    x = _x((16, 64))
    first = fn(x, 0)
    _close(first, _reference(x, np.arange(16), dim=64, layout="interleaved"), 1e-3, "the first call at offset 0")
    later = fn(x, 500)
    _close(later, first, 0.0, "offset 500 after offset 0")
    e = _far(later, _reference(x, 500 + np.arange(16), dim=64, layout="interleaved"), "offset 500 vs correct")
    other = _fresh(bug)
    _far(other(x, 500), later, "offset 500 on a fresh instance vs after a call at offset 0")
    return f"offset 500 after a call at offset 0 returns the offset-0 result ({e:.3g} off the correct one)"


_register(RealBug(
    id="rotary_embedding_torch_cache_key_without_offset",
    source="lucidrains/rotary-embedding-torch#11 Bug in cache",
    summary="rotate_queries_or_keys cached its frequencies under f'freqs:{seq_len}', without the offset, so the "
            "same length at another offset got the first offset's rotation back; the key should include it.",
    fn=_LucidrainsOffsetCache(), declared={"dim": 64, "base": 10000.0, "layout": "interleaved"},
    interface="offset", causes=("stateful",), parameter=None), _claim_lucidrains_cache)


# ====================================================================================================
# positions_ignored / offset_ignored / position_offset: the positions fn actually uses
# ====================================================================================================

def _hf_gpt_neox_padding(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # GPTNeoXAttention (4.26): cos, sin = rotary_emb(value, seq_len); apply_rotary_pos_emb(..., offset) slices
    # cos[offset : offset + q_len]; position_ids are never used, so left padding shifts every real token
    x = _f64(x)
    seq = np.arange(x.shape[1], dtype=np.float64)
    ang = np.broadcast_to(_angles(seq, _inv_freq(32, 10000.0)), x.shape[:2] + (16,))
    return _f32(_neox(x, ang, r=32))


def _left_padded_positions(batch: int, seq: int) -> np.ndarray:
    pads = np.arange(batch) * 3
    return np.stack([np.clip(np.arange(seq) - pad, 0, None) for pad in pads]).astype(np.int64)


def _claim_batched_ignored(bug: RealBug, dim: int, rotary_dim: int, base: float, p1: np.ndarray,
                           p2: np.ndarray) -> str:
    fn = _fresh(bug)
    x = _x(p1.shape + (dim,))
    y1, y2 = fn(x, p1), fn(x, p2)
    _close(y1, y2, 0.0, "two different position rows")
    arange = np.broadcast_to(np.arange(p1.shape[1]), p1.shape)
    _close(y1, _reference(x, arange, dim=dim, rotary_dim=rotary_dim, base=base), 1e-3, "fn vs RoPE at 0..seq-1")
    e = _far(y1, _reference(x, p1, dim=dim, rotary_dim=rotary_dim, base=base), "fn vs the correct RoPE")
    return f"same output for two position arrays (row i at i), {e:.3g} off the correct one"


_register(RealBug(
    id="transformers_gpt_neox_left_padding",
    source="huggingface/transformers#22161 GPT Neox rotary embedding does not work with padding left",
    summary="GPT-NeoX in transformers 4.26 took cos/sin from a cache sliced by the past length, ignoring "
            "position_ids, so a left-padded row's first real token sat at its padded index instead of 0 and "
            "padded and unpadded prompts gave different logits.",
    fn=_hf_gpt_neox_padding, declared={"dim": 128, "rotary_dim": 32, "base": 10000.0, "layout": "half"},
    interface="batched", causes=("positions_ignored",), parameter=None),
    lambda b: _claim_batched_ignored(b, 128, 32, 1e4, _left_padded_positions(3, 12),
                                     _left_padded_positions(3, 12)[::-1].copy()))


def _olmo_packed(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RotaryEmbedding.forward without cu_doc_lens: positions 0 .. seq_len - 1 across every packed document
    x = _f64(x)
    ang = np.broadcast_to(_angles(np.arange(x.shape[1]), _inv_freq(128, 500000.0)), x.shape[:2] + (64,))
    return _f32(_neox(x, ang))


def _packed_positions(doc_lens: list[list[int]]) -> np.ndarray:
    return np.stack([np.concatenate([np.arange(n) for n in row]) for row in doc_lens]).astype(np.int64)


_register(RealBug(
    id="olmo_core_packed_documents_global_positions",
    source="allenai/OLMo-core#591 Fix RoPE positions to reset at document boundaries when using doc_lens",
    summary="With documents packed into one row (cu_doc_lens), OLMo-core's RoPE used global positions, so the "
            "second document started at position 20 instead of 0 and identical documents gave different "
            "outputs depending on where they were packed.",
    fn=_olmo_packed, declared={"dim": 128, "base": 500000.0, "layout": "half"}, interface="batched",
    causes=("positions_ignored",), parameter=None),
    lambda b: _claim_batched_ignored(b, 128, 128, 5e5, _packed_positions([[20, 12], [8, 8, 16]]),
                                     _packed_positions([[32], [4, 28]])))


def _open_lm_heads(q: np.ndarray, k: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # xformers RotaryEmbedding.forward(q, k) on (batch, seq, heads, head_dim) with seq_dimension=-2: the
    # "sequence" it rotates along is the head axis. (Here each tensor gets the table of its own head count.)
    def along_heads(t: np.ndarray) -> np.ndarray:
        t = _f64(t)
        ang = _angles(np.arange(t.shape[1]), _inv_freq(t.shape[-1], 10000.0))  # (heads, d/2)
        return _f32(_neox(t, np.broadcast_to(ang, t.shape[:2] + ang.shape[-1:])))
    return along_heads(q), along_heads(k)


def _claim_open_lm(bug: RealBug) -> str:
    fn = _fresh(bug)
    q, k = _x((16, 8, 64), 0), _x((16, 2, 64), 1)
    q1, k1 = fn(q, k, _pos(16, 4096, 2))
    q2, k2 = fn(q, k, _pos(16, 4096, 3))
    _close(q1, q2, 0.0, "queries for two position vectors")
    _close(k1, k2, 0.0, "keys for two position vectors")
    heads = np.broadcast_to(np.arange(8), (16, 8))
    _close(q1, _reference(q, heads, dim=64), 1e-3, "query head h rotated by position h")
    e = _far(q1, _reference(q, _pos(16, 4096, 2)[:, None] + 0 * heads, dim=64), "queries vs the correct RoPE")
    return f"GQA q/k ignore positions (head h sits at position h); queries {e:.3g} off the correct ones"


_register(RealBug(
    id="open_lm_rotary_along_head_axis",
    source="mlfoundations/open_lm#4 Problem in position embedding",
    summary="open_lm passed (batch, seq, heads, head_dim) tensors to xformers' RotaryEmbedding, which rotates along "
            "dim -2: every token was rotated by its head index instead of its position, so attention got no "
            "positional information. The same bug in xformers' module is facebookresearch/xformers#841.",
    fn=_open_lm_heads, declared={"dim": 64, "base": 10000.0, "layout": "half"}, interface="qk",
    causes=("positions_ignored",), parameter=None), _claim_open_lm)


def _omlx_window(x: np.ndarray, offset: int) -> np.ndarray:
    # VLMModelAdapter._position_ids_from_starts: the row's start offset broadcast across the whole window
    pos = np.full(x.shape[0], offset, dtype=np.float64)
    return _f32(_neox(_f64(x), _angles(pos, _inv_freq(64, 1e7)), r=64))


def _claim_offset_rows(bug: RealBug, *, dim: int, rotary_dim: int, base: float, model: Callable[[int, int],
                       np.ndarray], what: str) -> str:
    fn = _fresh(bug)
    x = _x((8, dim))
    y = fn(x, 300)
    _close(y, _reference(x, model(300, 8), dim=dim, rotary_dim=rotary_dim, base=base), 1e-3, f"fn vs {what}")
    e = _far(y, _reference(x, 300 + np.arange(8), dim=dim, rotary_dim=rotary_dim, base=base), "fn vs correct")
    return f"rows at {what}; {e:.3g} off the correct RoPE (rows at offset + i)"


_register(RealBug(
    id="omlx_decode_window_constant_position",
    source="jundot/omlx#2363 fix(vlm): advance rope positions across multi-token decode windows",
    summary="For multi-token decode windows (speculative verify), the adapter broadcast each row's start offset "
            "across the window, so every token of the window was rotated at the first position instead of "
            "offset + i, and the mis-rotated keys were committed to the KV cache.",
    fn=_omlx_window, declared={"dim": 256, "rotary_dim": 64, "base": 1e7, "layout": "half"}, interface="offset",
    causes=("positions_ignored",), parameter=None),
    lambda b: _claim_offset_rows(b, dim=256, rotary_dim=64, base=1e7, model=lambda o, n: np.full(n, o),
                                 what="the window's first position"))


def _mlx_vlm_qwen3_omni(x: np.ndarray, offset: int) -> np.ndarray:
    # get_rope_index: position_ids = mx.arange(seq_length), no reference to the cache offset
    pos = np.arange(x.shape[0], dtype=np.float64)
    return _f32(_neox(_f64(x), _angles(pos, _inv_freq(128, 1e6))))


def _claim_offset_ignored(bug: RealBug, *, dim: int, base: float) -> str:
    fn = _fresh(bug)
    x = _x((8, dim))
    y0, y1 = fn(x, 0), fn(x, 500)
    _close(y0, y1, 0.0, "offsets 0 and 500")
    _close(y0, _reference(x, np.arange(8), dim=dim, base=base), 1e-3, "fn vs RoPE at 0..n-1")
    e = _far(y1, _reference(x, 500 + np.arange(8), dim=dim, base=base), "offset 500 vs correct")
    return f"same output at offsets 0 and 500; {e:.3g} off the correct RoPE at offset 500"


_register(RealBug(
    id="mlx_vlm_qwen3_omni_decode_position_zero",
    source="Blaizzy/mlx-vlm#1983 Qwen3-Omni: decode assigns RoPE position 0 to every token (get_rope_index ignores "
           "cache offset)",
    summary="Qwen3-Omni's get_rope_index built position ids as arange(seq_length) with no cache offset, so during "
            "decode (seq_length 1) every generated token was rotated at position 0; prefill was unaffected.",
    fn=_mlx_vlm_qwen3_omni, declared={"dim": 128, "base": 1e6, "layout": "half"}, interface="offset",
    causes=("offset_ignored",), parameter=None),
    lambda b: _claim_offset_ignored(b, dim=128, base=1e6))


def _moeut_incremental(x: np.ndarray, offset: int) -> np.ndarray:
    # the query offset was taken from the key length before the cached keys were concatenated: 0 while decoding
    pos = np.arange(x.shape[0], dtype=np.float64)
    return _f32(_neox(_f64(x), _angles(pos, _inv_freq(64, 10000.0))))


_register(RealBug(
    id="moeut_incremental_query_offset",
    source="RobertCsordas/moeut#6 fix rope positions for incremental output",
    summary="MoEUT computed the RoPE query offset before the cached K/V were concatenated, so token-by-token "
            "decoding rotated queries as if they were at position 0; the PR's test (incremental vs full "
            "sequence) fails on the original code.",
    fn=_moeut_incremental, declared={"dim": 64, "base": 10000.0, "layout": "half"}, interface="offset",
    causes=("offset_ignored",), parameter=None),
    lambda b: _claim_offset_ignored(b, dim=64, base=1e4))


def _gemma3_one_indexed(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # Gemma3ForConditionalGeneration inherited PaliGemma's position_ids = cumsum(attention_mask): 1-indexed
    return _f32(_neox(_f64(x), _angles(_f64(positions) + 1, _inv_freq(256, 10000.0))))


_register(RealBug(
    id="transformers_gemma3_one_indexed_positions",
    source="huggingface/transformers#36856 Gemma3 (and Paligemma) position_ids 1-indexed?",
    summary="Gemma3ForConditionalGeneration inherited PaliGemma's 1-indexed position_ids (a fix specific to "
            "PaliGemma's input order), so every token was rotated at m + 1 while Google's implementation is "
            "0-indexed.",
    fn=_gemma3_one_indexed, declared={"dim": 256, "base": 10000.0, "layout": "half"}, interface="positions",
    causes=("position_offset",), parameter=1.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p + 1, dim=256), lambda x, p: _reference(x, p, dim=256),
                      dim=256))


def _mirage_decode(x: np.ndarray, offset: int) -> np.ndarray:
    # paged attention decode read cos/sin at seq_len (which already counts the new token) instead of seq_len - 1
    pos = offset + np.arange(x.shape[0], dtype=np.float64) + 1
    return _f32(_neox(_f64(x), _angles(pos, _inv_freq(128, 1e6))))


_register(RealBug(
    id="mirage_paged_decode_rope_offset",
    source="mirage-project/mirage#398 correct rope offset in paged attention",
    summary="Mirage's paged-attention decode took the cos/sin row at seq_len, which already includes the new "
            "token, so the decoded token was rotated one position ahead; the fix reads seq_len - 1.",
    fn=_mirage_decode, declared={"dim": 128, "base": 1e6, "layout": "half"}, interface="offset",
    causes=("position_offset",), parameter=1.0),
    lambda b: _claim_offset_rows(b, dim=128, rotary_dim=128, base=1e6, model=lambda o, n: o + np.arange(n) + 1,
                                 what="offset + i + 1"))


# ====================================================================================================
# no_rotation / not_a_rotation / pass_through_modified
# ====================================================================================================

def _bytedance_triton_rope(x: np.ndarray, positions: np.ndarray) -> None:
    # vllm._custom_ops.rotary_embedding must rotate query/key in place; the Triton port called
    # apply_rotary_pos_emb(...), which returns new tensors, and dropped the result
    x64 = _f64(x)
    _neox(x64, _angles(positions, _inv_freq(128, 10000.0)))  # computed, never written back
    return None


def _claim_inplace_noop(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 4096)
    before = x.copy()
    assert fn(x, p) is None, "an in-place API returns None"
    _close(x, before, 0.0, "x after the in-place call")
    e = _far(x, _reference(before, p, dim=128), "x vs the correct RoPE")
    return f"x comes back unchanged ({e:.3g} off the correct rotation)"


_register(RealBug(
    id="bytedance_vllm_triton_rope_not_in_place",
    source="bytedance-iaas/vllm#59 fix: fix triton rope to in-place update the query and key",
    summary="vLLM's rotary_embedding op rotates query and key in place; this port called a Triton "
            "apply_rotary_pos_emb that returns new tensors and discarded them, so query and key were never "
            "rotated (\"the result is OK but sometimes weird for llama2-7b\").",
    fn=_bytedance_triton_rope, declared={"dim": 128, "base": 10000.0, "layout": "half"}, interface="inplace",
    causes=("no_rotation",), parameter=None), _claim_inplace_noop)


def _aprender_head0(q: np.ndarray, k: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # the NORM kernels index head = blockIdx.x, but rope_into launched a flat grid: only block 0 (head 0) runs and
    # the other heads of the output buffer stay 0.0
    def rope_into(t: np.ndarray) -> np.ndarray:
        out = np.zeros(t.shape, dtype=np.float64)
        out[:, 0] = _gptj(_f64(t[:, 0]), _angles(positions, _inv_freq(t.shape[-1], 10000.0)))
        return _f32(out)
    return rope_into(q), rope_into(k)


def _claim_aprender(bug: RealBug) -> str:
    fn = _fresh(bug)
    q, k, p = _x((16, 32, 64), 0), _x((16, 4, 64), 1), _pos(16, 2048)
    q2, k2 = fn(q, k, p)
    _close(q2[:, 0], _reference(q[:, 0], p, dim=64, layout="interleaved"), 1e-3, "query head 0")
    _close(k2[:, 0], _reference(k[:, 0], p, dim=64, layout="interleaved"), 1e-3, "key head 0")
    assert np.all(q2[:, 1:] == 0) and np.all(k2[:, 1:] == 0), "heads past 0 are zero"
    lost = float(np.max(_pair_norms(q[:, 1:], "interleaved", 64)))
    return f"head 0 rotated, heads 1.. zeroed: pair norms up to {lost:.3g} become 0 (GQA, 32 q / 4 kv heads)"


_register(RealBug(
    id="aprender_rope_norm_kernel_head0_only",
    source="paiml/aprender#2079 fix(cuda): RoPE NORM GPU kernel rotated only head 0 -- LLaMA/Mistral GPU decode "
           "garbage",
    summary="The NORM-mode (adjacent-pair) RoPE kernels expect one block per head but were launched on a flat grid, "
            "so only head 0 was rotated and heads 1..N-1 of the output stayed 0.0, for queries (32 heads) and "
            "keys (4 heads) of TinyLlama alike.",
    fn=_aprender_head0, declared={"dim": 64, "base": 10000.0, "layout": "interleaved"}, interface="qk",
    causes=("not_a_rotation",), parameter=None), _claim_aprender)


def _megatron_cos_sin_fallback(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # apply_rotary_pos_emb_with_cos_sin without flash_attn: freqs = stack([cos, sin], -1).flatten(-2) handed to
    # _apply_rotary_pos_emb_bshd, which takes cos() and sin() of it as if it held angles
    x = _f64(x)
    ang = _angles(positions, _inv_freq(x.shape[-1], 10000.0))
    freqs = np.stack([np.cos(ang), np.sin(ang)], axis=-1).reshape(ang.shape[0], -1)
    return _f32(x * np.cos(freqs) + _rotate_half(x) * np.sin(freqs))


def _claim_megatron_fallback(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 4096)
    y = fn(x, p)
    for lay in ("half", "interleaved"):
        _far(_pair_norms(y, lay, 128), _pair_norms(x, lay, 128), f"{lay} pair norms")
    at0 = _far(fn(x, np.zeros(16, dtype=np.int64)), x, "position 0 (the identity)")
    return f"cos(cos theta), sin(sin theta) in a mixed layout: pair norms change, position 0 moves x by {at0:.3g}"


_register(RealBug(
    id="megatron_cos_sin_fallback_as_angles",
    source="NVIDIA/Megatron-LM#7465 Fix the unfused fallback of apply_rotary_pos_emb_with_cos_sin",
    summary="Without flash_attn, apply_rotary_pos_emb_with_cos_sin stacked the precomputed cos and sin "
            "(cos_i next to sin_i) and passed them to a helper that takes cos() and sin() of its argument as "
            "angles: the tensor was multiplied by cos(cos theta) and sin(sin theta) in neither pairing, and "
            "position 0 was no longer the identity (reached under flash_decode).",
    fn=_megatron_cos_sin_fallback, declared={"dim": 128, "base": 10000.0, "layout": "half"},
    interface="positions", causes=("not_a_rotation",), parameter=None), _claim_megatron_fallback)


def _mlx_lm_glm_full_head(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # GLMAttention: nn.RoPE(dims=self.head_dim, traditional=True, base=rope_theta); partial_rotary_factor unread
    return _f32(_gptj(_f64(x), _angles(positions, _inv_freq(128, 10000.0))))


def _claim_full_head(bug: RealBug, *, dim: int, rotary_dim: int, base: float, layout: str) -> str:
    fn = _fresh(bug)
    x, p = _x((16, dim)), _pos(16, 4096)
    y = fn(x, p)
    moved = _far(y[:, rotary_dim:], x[:, rotary_dim:], f"features {rotary_dim}.. (pass-through)")
    _close(y, _reference(x, p, dim=dim, base=base, layout=layout), 1e-3, "fn vs a full-head RoPE")
    _far(y, _reference(x, p, dim=dim, rotary_dim=rotary_dim, base=base, layout=layout), "fn vs the correct RoPE")
    return f"rotates all {dim} features with theta from {dim}: pass-through features move by up to {moved:.3g}"


_register(RealBug(
    id="mlx_lm_glm_partial_rotary_ignored",
    source="ml-explore/mlx-lm#1698 Honor partial_rotary_factor in glm",
    summary="mlx-lm's GLM built nn.RoPE over the whole head_dim (128) although GLM rotates only half of it "
            "(partial_rotary_factor 0.5 by default): a full-head RoPE, so the 64 pass-through features were "
            "rotated too (and the rotated half got its frequencies from 128 instead of 64).",
    fn=_mlx_lm_glm_full_head, declared={"dim": 128, "rotary_dim": 64, "base": 10000.0, "layout": "interleaved"},
    interface="positions", causes=("pass_through_modified",), parameter=128.0),
    lambda b: _claim_full_head(b, dim=128, rotary_dim=64, base=1e4, layout="interleaved"))


def _hf_minimax_m2_full_head(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # MiniMaxM2Config keeps the checkpoints' legacy rotary_dim (64) as an opaque attribute, rope_parameters gets
    # no partial factor, and MiniMaxM2RotaryEmbedding rotates all 128 dims with a full-width ladder
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(128, 5e6))))


_register(RealBug(
    id="transformers_minimax_m2_rotary_dim_dropped",
    source="huggingface/transformers#48241 MiniMaxM2 silently applies full-head RoPE: config drops the checkpoints' "
           "legacy `rotary_dim` field",
    summary="MiniMax-M2 checkpoints are trained with partial RoPE (rotary_dim 64 of head_dim 128) spelled as a "
            "legacy rotary_dim field; transformers' MiniMaxM2Config never turned it into partial_rotary_factor, "
            "so every layer rotated all 128 dims with a 128-wide ladder (frequency spacing and rotate-half "
            "pairing both wrong), with no warning.",
    fn=_hf_minimax_m2_full_head, declared={"dim": 128, "rotary_dim": 64, "base": 5e6, "layout": "half"},
    interface="positions", causes=("pass_through_modified",), parameter=128.0),
    lambda b: _claim_full_head(b, dim=128, rotary_dim=64, base=5e6, layout="half"))


# ====================================================================================================
# partial rotary: pairing and frequencies
# ====================================================================================================

def _pie_rope_partial(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # rope_partial: the first rotary_dim/2 pairs, frequencies theta^(-2i/head_dim), pairs (i, i + head_dim/2)
    x = _f64(x)
    d, r = x.shape[-1], 64
    theta = _inv_freq(d, 1e7)[: r // 2]
    ang = _angles(positions, theta)
    out = x.copy()
    i = np.arange(r // 2)
    u, v = x[:, i], x[:, i + d // 2]
    out[:, i], out[:, i + d // 2] = u * np.cos(ang) - v * np.sin(ang), v * np.cos(ang) + u * np.sin(ang)
    return _f32(out)


def _claim_pie(bug: RealBug) -> str:
    inv = np.concatenate([_ladder(256, 1e7)[:32], np.zeros(96)])
    return _expect(bug, lambda x, p: _reference(x, p, dim=256, inv_freq=inv),
                   lambda x, p: _reference(x, p, dim=256, rotary_dim=64, base=1e7), dim=256, hi=4096)


_register(RealBug(
    id="pie_rope_partial_head_width",
    source="pie-project/pie#603 rope_partial: rotate over the rotary width, not the head width (Metal + CUDA)",
    summary="pie's rope_partial rotated the first rotary_dim/2 pairs of a head with frequencies theta^(-2i/head_dim) "
            "and pairs (i, i + head_dim/2); transformers, mlx-lm and llama.cpp use theta^(-2i/rotary_dim) and "
            "(i, i + rotary_dim/2). Quality fell with context on Qwen3.5 (head 256, rotary 64).",
    fn=_pie_rope_partial, declared={"dim": 256, "rotary_dim": 64, "base": 1e7, "layout": "half"},
    interface="positions", causes=("partial_pairing", "frequencies_from_dim"), parameter=None), _claim_pie)


def _coreai_composite(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RoPE(base ** partial_rotary_factor, dims=2 * rope_angles): contiguous-block partial rotary on 128 features
    x = _f64(x)
    dims = 2 * int(0.25 * 512 // 2)
    return _f32(_neox(x, _angles(positions, _inv_freq(dims, 1e6 ** 0.25)), r=dims))


def _claim_coreai(bug: RealBug) -> str:
    proportional = np.concatenate([_ladder(512, 1e6)[:64], np.zeros(192)])
    return _expect(bug, lambda x, p: _reference(x, p, dim=512, rotary_dim=128, inv_freq=_ladder(512, 1e6)[:64]),
                   lambda x, p: _reference(x, p, dim=512, inv_freq=proportional), dim=512, hi=4096)


_register(RealBug(
    id="coreai_composite_partial_rope_contiguous",
    source="apple/coreai-models#66 Composite RoPE partial-rotary mode pairs contiguously -- incompatible with "
           "transformers partial/proportional rotary",
    summary="Gemma-4's global layers use transformers' proportional rotary: pairs (i, i + head_dim/2) across the "
            "whole 512-wide head, only the first 64 frequencies non-zero. The composite RoPE(base**0.25, "
            "dims=128) has the same frequencies but pairs (i, i + 64) inside the first 128 features.",
    fn=_coreai_composite,
    declared={"dim": 512, "base": 1e6, "layout": "half", "scaling": Proportional(partial_rotary_factor=0.25)},
    interface="positions", causes=("partial_pairing",), parameter=None), _claim_coreai)


def _cascadia_zero_padded(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # inv_freq (rotary_dim 96) zero-padded to head_dim / 2 and the full head rotated with one rotate_half split
    # at head_dim / 2: the cos/sin values match HF, the partners (i, i + 64) do not
    x = _f64(x)
    inv = np.concatenate([_inv_freq(96, 10000.0), np.zeros(16)])
    return _f32(_neox(x, _angles(positions, inv)))


_register(RealBug(
    id="cascadia_partial_rotary_zero_padded",
    source="labscommunity/cascadia#69 feat(shard): partial rotary support + config-first arch rejection "
           "(self-review of the first push)",
    summary="The first push of partial-rotary support zero-padded inv_freq to head_dim and rotated the whole head "
            "with rotate_half split at head_dim / 2, so dim i was paired with i + head_dim/2 instead of "
            "i + rotary_dim/2 (cos/sin values still matched HF, so a table-only test passed); applied q/k were "
            "off by up to 7.3 with 112 of 128 dims wrong (head_dim 128, rotary_dim 96).",
    fn=_cascadia_zero_padded, declared={"dim": 128, "rotary_dim": 96, "base": 10000.0, "layout": "half"},
    interface="positions", causes=("partial_pairing",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128,
                                                 inv_freq=np.concatenate([_ladder(96, 1e4), np.zeros(16)])),
                      lambda x, p: _reference(x, p, dim=128, rotary_dim=96), dim=128, hi=4096))


def _vllm_minimax_m2(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # get_rope multiplied the already-scaled rotary_dim (64) by partial_rotary_factor (0.5) again: a RoPE of 32
    r = 32
    return _f32(_neox(_f64(x), _angles(positions, _inv_freq(r, 5e6)), r=r))


_register(RealBug(
    id="vllm_minimax_m2_partial_factor_twice",
    source="vllm-project/vllm#30384 [BugFix] Fix minimax m2 model rotary_dim",
    summary="After vLLM's get_rope began reading partial_rotary_factor from the config, it applied it to a "
            "rotary_dim that MiniMax-M2 had already scaled, so the model rotated 32 features (with theta from "
            "32) instead of 64.",
    fn=_vllm_minimax_m2, declared={"dim": 128, "rotary_dim": 64, "base": 5e6, "layout": "half"},
    interface="positions", causes=("smaller_rotary_dim",), parameter=32.0),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=128, rotary_dim=32, base=5e6),
                      lambda x, p: _reference(x, p, dim=128, rotary_dim=64, base=5e6), dim=128))


# ====================================================================================================
# mixed_layout / other_layout / output_order: which features pair, and where they come back
# ====================================================================================================

def _transformer_lens_gptj(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # calculate_sin_cos_rotary builds GPT-J's tables with repeat 'd -> (d 2)'; rotate_every_two's
    # `if (cond,):` is always true, so the GPT-NeoX half rotation is applied to them
    x = _f64(x)
    r = 64
    freq = 10000.0 ** (np.arange(r // 2, dtype=np.float64) / (r / 2))
    angles = _f64(positions)[:, None] / _interleave(freq)[None, :]
    rot = x[:, :r]
    out = rot * np.cos(angles) + _rotate_half(rot) * np.sin(angles)
    return _f32(np.concatenate([out, x[:, r:]], axis=-1))


def _claim_mixed(bug: RealBug, *, dim: int, rotary_dim: int, layout: str, base: float = 10000.0) -> str:
    fn = _fresh(bug)
    x, p = _x((16, dim)), _pos(16, 4096)
    y = fn(x, p)
    for lay in ("half", "interleaved"):
        _far(_pair_norms(y, lay, rotary_dim), _pair_norms(x, lay, rotary_dim), f"{lay} pair norms", 1e-2)
    e = _far(y, _reference(x, p, dim=dim, rotary_dim=rotary_dim, layout=layout, base=base), "fn vs correct")
    return f"pair norms change under both pairings (tables for one, rotation in the other); {e:.3g} off"


_register(RealBug(
    id="transformer_lens_gptj_trailing_comma",
    source="TransformerLensOrg/TransformerLens#365 Fix bug in rotary embedding for models other than llama and "
           "gpt-neo",
    summary="rotate_every_two tested `if (arch in [...],):`, a one-element tuple that is always true, so GPT-J got "
            "the GPT-NeoX rotate_half while its sin/cos tables were still built for adjacent pairs "
            "(repeat 'd -> (d 2)'): cos of one pairing applied with the rotation of the other.",
    fn=_transformer_lens_gptj, declared={"dim": 256, "rotary_dim": 64, "base": 10000.0, "layout": "interleaved"},
    interface="positions", causes=("mixed_layout",), parameter=None),
    lambda b: _claim_mixed(b, dim=256, rotary_dim=64, layout="interleaved"))


def _ark_nlp_globalpointer(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # pos = [sin0, cos0, sin1, cos1, ...]; cos_pos = pos[..., 1::2].repeat(1, 1, 2) tiles (c0..c31, c0..c31)
    # while qw2 = stack([-qw[..., 1::2], qw[..., ::2]], -1) rotates adjacent pairs
    x = _f64(x)
    d = x.shape[-1]
    ang = _angles(positions, 10000.0 ** (-2 * np.arange(d // 2, dtype=np.float64) / d))
    pos = np.stack([np.sin(ang), np.cos(ang)], axis=-1).reshape(ang.shape[0], d)
    cos_pos, sin_pos = np.tile(pos[:, 1::2], 2), np.tile(pos[:, ::2], 2)
    return _f32(x * cos_pos + _rotate_every_two(x) * sin_pos)


_register(RealBug(
    id="ark_nlp_globalpointer_rope_repeat",
    source="xiangking/ark-nlp#47 RoPE实现细节 (fixed by #49)",
    summary="GlobalPointer's RoPE tiled cos/sin with .repeat(1, 1, 2) (c0..cn, c0..cn) while rotating adjacent "
            "pairs (-q1, q0, -q3, q2, ...); the fix uses repeat_interleave(2).",
    fn=_ark_nlp_globalpointer, declared={"dim": 64, "base": 10000.0, "layout": "interleaved"},
    interface="positions", causes=("mixed_layout",), parameter=None),
    lambda b: _claim_mixed(b, dim=64, rotary_dim=64, layout="interleaved"))


def _how_to_train_your_gpt(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # emb = freqs.repeat_interleave(2, dim=-1) with the split-half rotate_half
    x = _f64(x)
    emb = _interleave(_angles(positions, _inv_freq(x.shape[-1], 10000.0)))
    return _f32(x * np.cos(emb) + _rotate_half(x) * np.sin(emb))


_register(RealBug(
    id="how_to_train_your_gpt_repeat_interleave_rotate_half",
    source="raiyanyahya/how-to-train-your-gpt#6 [Bug] Chapter 4 - Positional Encoding (RoPE): rotate_half uses "
           "split-half convention but emb uses adjacent-pair convention",
    summary="The tutorial builds emb with repeat_interleave(2) ([t0, t0, t1, t1, ...], the adjacent-pair table) "
            "and rotates with the split-half rotate_half, so dimension 0 (angle t0) is paired with dimension d/2 "
            "(angle t_(d/4)) and relative positions are no longer encoded.",
    fn=_how_to_train_your_gpt, declared={"dim": 64, "base": 10000.0, "layout": "half"}, interface="positions",
    causes=("mixed_layout",), parameter=None),
    lambda b: _claim_mixed(b, dim=64, rotary_dim=64, layout="half"))


def _lucidrains_xpos_tiling(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # get_scale: scale = torch.cat((scale, scale), dim=-1) while the freqs are repeat '... n -> ... (n r)', r=2
    # (the real code centres at len // 2; here centre 0, the declared one, to isolate the tiling)
    x = _f64(x)
    d = x.shape[-1]
    freqs = _interleave(_angles(positions, _inv_freq(d, 10000.0)))
    zeta = (np.arange(0, d, 2, dtype=np.float64) + 0.4 * d) / (1.4 * d)
    scale = zeta ** (_f64(positions)[:, None] / 512.0)
    scale = np.concatenate([scale, scale], axis=-1)
    return _f32(x * np.cos(freqs) * scale + _rotate_every_two(x) * np.sin(freqs) * scale)


def _claim_xpos_tiling(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 64)), _pos(16, 4096)
    y = fn(x, p)
    right = _reference(x, p, dim=64, layout="interleaved", pair_scale=_xpos_scale(p, 64, 512.0))
    norms_y, norms_x = _pair_norms(y, "interleaved", 64), _pair_norms(x, "interleaved", 64)
    _far(norms_y, norms_x * _xpos_scale(p, 64, 512.0), "pair norms vs zeta_j ** (m / gamma)", 1e-2)
    e = _far(y, right, "fn vs the correct xPos")
    return f"the two features of a pair get different xPos scales (pair norms off zeta_j ** (m / gamma)); {e:.3g} off"


_register(RealBug(
    id="rotary_embedding_torch_xpos_scale_tiling",
    source="lucidrains/rotary-embedding-torch#34 Fix chi scale multiplication",
    summary="With use_xpos, the per-pair scale was tiled with torch.cat((scale, scale)) while the rotation pairs "
            "adjacent features, so the i-th 2x2 block was not scaled by the i-th xPos factor: the norm of a "
            "rotated unit vector wobbled instead of following zeta_i ** (m / gamma).",
    fn=_lucidrains_xpos_tiling,
    declared={"rope": XPos(RoPE(64, base=10000.0, layout="interleaved"), scale_base=512.0, centre=0.0),
              "role": "query"},
    interface="positions", causes=("not_a_rotation",), parameter=None), _claim_xpos_tiling)

_DS_YARN = {"factor": 40.0, "l0": 4096}
_DS_INV = _yarn_inv_freq(64, 10000.0, _DS_YARN["factor"], _DS_YARN["l0"])


def _ds_yarn_declared() -> YaRN:
    return YaRN(factor=40.0, original_max_position_embeddings=4096, mscale=1.0, mscale_all_dim=1.0)


def _vllm_ds32_indexer(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # the indexer's rope was set up interleaved (is_neox_style=False), following DeepSeek's first demo
    return _f32(_gptj(_f64(x), _angles(positions, _DS_INV)))


_register(RealBug(
    id="vllm_deepseek_v32_indexer_interleaved",
    source="vllm-project/vllm#28968 [DeepSeek] Fix DeepSeek V3.2 Rope Embedding",
    summary="DeepSeek found that the RoPE in V3.2's sparse-attention indexer should not be interleaved; vLLM (like "
            "the official demo it followed) applied it to adjacent pairs instead of the split halves, silently "
            "degrading long-context retrieval (also sgl-project/sglang#13495, ml-explore/mlx-lm#1431).",
    fn=_vllm_ds32_indexer, declared={"dim": 64, "base": 10000.0, "layout": "half", "scaling": _ds_yarn_declared()},
    interface="positions", causes=("other_layout",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, p, dim=64, layout="interleaved", inv_freq=_DS_INV),
                      lambda x, p: _reference(x, p, dim=64, inv_freq=_DS_INV), dim=64))


def _hf_deepseek_v3(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # apply_rotary_pos_emb_interleave: q.view(..., d // 2, 2).transpose(4, 3).reshape(...) (evens, then odds),
    # then the rotate_half rotation: adjacent pairs rotated, returned in split-half order
    x = _f64(x)
    permuted = np.concatenate([x[:, 0::2], x[:, 1::2]], axis=-1)
    return _f32(_neox(permuted, _angles(positions, _DS_INV)))


def _claim_output_order(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 64)), _pos(16, 8192)
    y = fn(x, p)
    right = _reference(x, p, dim=64, layout="interleaved", inv_freq=_DS_INV)
    _close(y, np.concatenate([right[:, 0::2], right[:, 1::2]], axis=-1), 1e-3, "fn vs the reordered correct output")
    e = _far(y, right, "fn vs the correct RoPE")
    return f"the correct adjacent-pair rotation, returned as (first features, second features); {e:.3g} off in place"


_register(RealBug(
    id="transformers_deepseek_v3_output_permuted",
    source="deepseek-ai/DeepSeek-V3#938 Different rotary embedding implementation between this repo and "
           "Huggingface (also huggingface/transformers#39687)",
    summary="transformers' DeepSeek-V3 permutes q_pe/k_pe (evens, then odds) before a rotate_half RoPE, so the "
            "pairs rotated are DeepSeek's adjacent ones but the output comes back in split-half order; "
            "DeepSeek's own code rotates in place. Scores are unchanged (same permutation for q and k), the "
            "rotated vectors are not.",
    fn=_hf_deepseek_v3, declared={"dim": 64, "base": 10000.0, "layout": "interleaved", "scaling": _ds_yarn_declared()},
    interface="positions", causes=("output_order",), parameter=None), _claim_output_order)


def _rasbt_llama2_swapped(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # compute_rope's signature became (x, cos, sin) but the MHA module still passed (x, sin, cos)
    x = _f64(x)
    ang = _cat(_angles(positions, _inv_freq(x.shape[-1], 10000.0)))
    cos, sin = np.sin(ang), np.cos(ang)  # the swapped call
    return _f32(x * cos + _rotate_half(x) * sin)


_register(RealBug(
    id="llms_from_scratch_llama2_cos_sin_order",
    source="rasbt/LLMs-from-scratch#381 Cos-sin fix in Llama 2 bonus notebook",
    summary="The Llama 2 notebook's compute_rope changed its argument order to (x, cos, sin) and the MHA module "
            "kept calling it with (sin, cos), so cos and sin were swapped.",
    fn=_rasbt_llama2_swapped, declared={"dim": 128, "base": 10000.0, "layout": "half"}, interface="positions",
    causes=("cos_sin_swapped",), parameter=None),
    lambda b: _expect(b, lambda x, p: _reference(x, angles=np.pi / 2 - _angles(p, _ladder(128, 1e4)), dim=128),
                      lambda x, p: _reference(x, p, dim=128), dim=128))


def _nanochat(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # y1 = x1 * cos + x2 * sin; y2 = x1 * (-sin) + x2 * cos, cos/sin kept in bfloat16 (bf16 activations)
    x = _f64(x)
    h = x.shape[-1] // 2
    freqs = _f32(_f32(positions)[:, None] * _f32(1.0 / 10000.0 ** (np.arange(0, 2 * h, 2) / (2 * h))))
    cos, sin = _bf16(np.cos(freqs)), _bf16(np.sin(freqs))
    x1, x2 = _f32(x[:, :h]), _f32(x[:, h:])
    y1 = _bf16(_bf16(x1 * cos) + _bf16(x2 * sin))
    y2 = _bf16(_bf16(x1 * -sin) + _bf16(x2 * cos))
    return np.concatenate([y1, y2], axis=-1)


def _claim_nanochat(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 4096)
    y = fn(x, p)
    _close(y, _reference(x, -p, dim=128), 0.1, "fn vs RoPE at -m (bfloat16 output)")
    e = _far(y, _reference(x, p, dim=128), "fn vs the correct RoPE", 1.0)
    return f"rotates by -m theta (the transposed matrix); {e:.3g} off the correct bfloat16 output"


_register(RealBug(
    id="nanochat_transposed_rotation",
    source="karpathy/nanochat#489 Fix rotation calculations in apply_rotary_emb function",
    summary="nanochat's apply_rotary_emb computes (x1 cos + x2 sin, -x1 sin + x2 cos), the transpose of the "
            "textbook rotation, i.e. RoPE at -m. The maintainer kept it as an equivalent convention (scores "
            "depend on m - n either way) and documented it; against the standard RoPE it is the opposite "
            "direction.",
    fn=_nanochat, declared={"dim": 128, "base": 10000.0, "layout": "half", "dtype": "bfloat16"},
    interface="positions", causes=("opposite_direction",), parameter=None, dtype="bfloat16"), _claim_nanochat)


def _modded_nanogpt(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # Rotary: cos_cached = freqs.cos().bfloat16(); apply_rotary_emb(...).type_as(x) (float32 x here)
    x = _f64(x)
    h = x.shape[-1] // 2
    inv = _f32(1.0 / _f32(10000.0 ** _f32(np.arange(0, 2 * h, 2) / (2 * h))))
    freqs = _f32(_f32(positions)[:, None] * inv)
    cos, sin = _f64(_bf16(np.cos(freqs))), _f64(_bf16(np.sin(freqs)))
    x1, x2 = x[:, :h], x[:, h:]
    return _f32(np.concatenate([x1 * cos + x2 * sin, x1 * -sin + x2 * cos], axis=-1))


def _claim_modded_nanogpt(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 4096)
    y = fn(x, p)
    flipped = _reference(x, -p, dim=128)
    _close(y, flipped, 0.1, "fn vs RoPE at -m")
    cache_err = _far(y, flipped, "fn vs RoPE at -m in float64 (the bfloat16 tables show)", 1e-3)
    _far(y, _reference(x, p, dim=128), "fn vs the correct RoPE", 1.0)
    return f"RoPE at -m with bfloat16 cos/sin: {cache_err:.2g} off even the -m rotation in float32 output"


_register(RealBug(
    id="modded_nanogpt_bfloat16_cos_sin",
    source="KellerJordan/modded-nanogpt#39 RoPE has precision errors when used with BFloat16",
    summary="modded-nanogpt stores cos_cached/sin_cached as bfloat16 (freqs.cos().bfloat16()) whatever the "
            "activation dtype; the report asks for .float(). Its rotation is also the transposed one "
            "(RoPE at -m), a convention of the codebase.",
    fn=_modded_nanogpt, declared={"dim": 128, "base": 10000.0, "layout": "half"}, interface="positions",
    causes=("opposite_direction", "bfloat16_cache"), parameter=None), _claim_modded_nanogpt)


# ====================================================================================================
# attention factors and YaRN's correction range
# ====================================================================================================

_LAGUNA_INV = _yarn_inv_freq(128, 10000.0, 128.0, 4096)


def _sglang_laguna(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # the config's final attention_factor copied into attn_factor, which YaRN multiplies by its own
    # yarn_get_mscale(factor): the scale is squared
    a = _yarn_mscale(128.0)
    return _f32(_neox(_f64(x), _angles(positions, _LAGUNA_INV), gain=_yarn_mscale(128.0) * a))


def _claim_gain(bug: RealBug, *, dim: int, inv: np.ndarray, declared_gain: float, gain: float) -> str:
    fn = _fresh(bug)
    x, p = _x((16, dim)), _pos(16, 8192)
    y = fn(x, p)
    right = _reference(x, p, dim=dim, inv_freq=inv, attention_factor=declared_gain)
    _close(y, right * gain, 1e-3, f"fn vs {gain:.6g} x the correct RoPE")
    e = _far(y, right, "fn vs the correct RoPE")
    return f"the correct rotation times {gain:.6g} (declared attention factor {declared_gain:.6g}); {e:.3g} off"


_register(RealBug(
    id="sglang_laguna_yarn_mscale_squared",
    source="sgl-project/sglang#33558 [Laguna] fix YaRN mscale double-application in rope config",
    summary="HF's attention_factor is YaRN's final mscale, but SGLang's YaRN treats attn_factor as a multiplier on "
            "its own yarn_get_mscale(factor); copying it straight in squared the scale (factor 128: 1.4852 -> "
            "2.2058), costing ~20 GSM8K points.",
    fn=_sglang_laguna,
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": YaRN(factor=128.0, original_max_position_embeddings=4096)},
    interface="positions", causes=("attention_factor",), parameter=_yarn_mscale(128.0)),
    lambda b: _claim_gain(b, dim=128, inv=_LAGUNA_INV, declared_gain=_yarn_mscale(128.0), gain=_yarn_mscale(128.0)))

_LAGUNA64_INV = _yarn_inv_freq(128, 10000.0, 64.0, 4096)
_LAGUNA64_A = _yarn_mscale(64.0)  # the config's explicit attention_factor
_TRT_GAIN = 0.1 * _LAGUNA64_A * math.log(64.0) + 1.0  # what create_sinusoidal_positions_yarn makes of it


def _trtllm_laguna(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # rp.mscale = attention_factor, then 0.1 * mscale * ln(factor) + 1: the log applied twice
    return _f32(_neox(_f64(x), _angles(positions, _LAGUNA64_INV), gain=_TRT_GAIN))


_register(RealBug(
    id="trtllm_laguna_attention_factor_through_log",
    source="NVIDIA/TensorRT-LLM#16379 [None][fix] laguna: honour attention_factor as final YaRN scaling "
           "coefficient",
    summary="TensorRT-LLM stored HF's final attention_factor as mscale, which create_sinusoidal_positions_yarn "
            "turns into 0.1 * mscale * ln(factor) + 1: the log applied twice, +12.2% at factor 64 (+8.9% at 32).",
    fn=_trtllm_laguna,
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": YaRN(factor=64.0, original_max_position_embeddings=4096,
                              attention_factor_override=_LAGUNA64_A)},
    interface="positions", causes=("attention_factor",), parameter=_TRT_GAIN / _LAGUNA64_A),
    lambda b: _claim_gain(b, dim=128, inv=_LAGUNA64_INV, declared_gain=_LAGUNA64_A, gain=_TRT_GAIN / _LAGUNA64_A))


def _vllm_yarn_attention_factor(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # get_rope's YaRN whitelist has attn_factor but not attention_factor: mscale = yarn_get_mscale(factor) * 1
    return _f32(_neox(_f64(x), _angles(positions, _LAGUNA64_INV), gain=_yarn_mscale(64.0)))


_register(RealBug(
    id="vllm_yarn_attention_factor_dropped",
    source="vllm-project/vllm#46280 [Bugfix] YaRN RoPE: honor explicit attention_factor from the rope config "
           "(re-filed as #48351)",
    summary="vLLM's get_rope does not forward rope_scaling.attention_factor to YaRN, so poolside/Laguna-XS.2 "
            "(factor 64, attention_factor 1.0) runs with mscale 0.1 ln 64 + 1 = 1.4159 instead of 1.0.",
    fn=_vllm_yarn_attention_factor,
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": YaRN(factor=64.0, original_max_position_embeddings=4096, attention_factor_override=1.0)},
    interface="positions", causes=("attention_factor",), parameter=_yarn_mscale(64.0)),
    lambda b: _claim_gain(b, dim=128, inv=_LAGUNA64_INV, declared_gain=1.0, gain=_yarn_mscale(64.0)))

_GPT_OSS = {"dim": 64, "base": 150000.0, "factor": 32.0, "l0": 4096}


def _gpt_oss_inv(**kw: Any) -> np.ndarray:
    g = _GPT_OSS
    return _yarn_inv_freq(g["dim"], g["base"], g["factor"], g["l0"], **kw)


def _vllm_gpt_oss_yarn(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # yarn_find_correction_range always floors/ceils the bounds
    return _f32(_neox(_f64(x), _angles(positions, _gpt_oss_inv(truncate=True)), gain=_yarn_mscale(32.0)))


def _claim_yarn(bug: RealBug, *, dim: int, buggy_inv: np.ndarray, right_inv: np.ndarray, gain: float) -> str:
    return _expect(bug, lambda x, p: _reference(x, p, dim=dim, inv_freq=buggy_inv, attention_factor=gain),
                   lambda x, p: _reference(x, p, dim=dim, inv_freq=right_inv, attention_factor=gain), dim=dim,
                   hi=2**17)


_register(RealBug(
    id="vllm_gpt_oss_yarn_truncated_range",
    source="vllm-project/vllm#27722 [Bug]: `yarn_find_correction_range` incorrect for GPT-OSS",
    summary="GPT-OSS sets truncate: false, so the YaRN correction range keeps fractional bounds "
            "(low 8.09, high 17.40); vLLM always rounded them to integers, changing the ramp and causing large "
            "logprob errors in RL (fixed by #28244; sgl-project/sglang#14270 likewise).",
    fn=_vllm_gpt_oss_yarn,
    declared={"dim": 64, "base": 150000.0, "layout": "half",
              "scaling": YaRN(factor=32.0, original_max_position_embeddings=4096, truncate=False)},
    interface="positions", causes=("yarn_ramp",), parameter=None),
    lambda b: _claim_yarn(b, dim=64, buggy_inv=_gpt_oss_inv(truncate=True), right_inv=_gpt_oss_inv(truncate=False),
                          gain=_yarn_mscale(32.0)))

_KERAS_INV = _yarn_inv_freq(128, 10000.0, 4.0, 131072, truncate=False, high_clamp=128 // 2 - 1)


def _keras_hub_yarn(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RotaryEmbedding: truncate defaulted to False and the correction range's high end clamped to
    # rotary_dim // 2 - 1 instead of rotary_dim - 1
    return _f32(_neox(_f64(x), _angles(positions, _KERAS_INV), gain=_yarn_mscale(4.0)))


_register(RealBug(
    id="keras_hub_yarn_truncate_and_clamp",
    source="keras-team/keras-hub#2981 Match the reference YaRN implementation in RotaryEmbedding",
    summary="KerasHub's YaRN defaulted truncate to False (the reference defaults to True) and clamped the "
            "correction range's high end to rotary_dim // 2 - 1 instead of rotary_dim - 1, which matters at long "
            "original context (head 128, original 131072: high 69.1 clamped to 63); max error 0.27 at factor 8.",
    fn=_keras_hub_yarn,
    declared={"dim": 128, "base": 10000.0, "layout": "half",
              "scaling": YaRN(factor=4.0, original_max_position_embeddings=131072)},
    interface="positions", causes=("yarn_ramp",), parameter=None),
    lambda b: _claim_yarn(b, dim=128, buggy_inv=_KERAS_INV, right_inv=_yarn_inv_freq(128, 1e4, 4.0, 131072),
                          gain=_yarn_mscale(4.0)))


def _torchtitan_cossin(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # CosSinRoPE: low <- beta_slow, high <- beta_fast, the inverse of the YaRN convention
    inv = _gpt_oss_inv(beta_fast=1.0, beta_slow=32.0)
    return _f32(_neox(_f64(x), _angles(positions, inv), gain=_yarn_mscale(32.0)))


_register(RealBug(
    id="torchtitan_cossin_rope_betas_swapped",
    source="pytorch/torchtitan#3787 Unify CosSinRoPE and ComplexRoPE YaRN computation",
    summary="torchtitan's CosSinRoPE mapped low <- beta_slow and high <- beta_fast, the inverse of the YaRN paper "
            "and of its ComplexRoPE; GPT-OSS's config compensated with swapped values, so a config with the "
            "official beta_fast 32 / beta_slow 1 got the ramp backwards.",
    fn=_torchtitan_cossin,
    declared={"dim": 64, "base": 150000.0, "layout": "half",
              "scaling": YaRN(factor=32.0, original_max_position_embeddings=4096)},
    interface="positions", causes=("yarn_ramp",), parameter=None),
    lambda b: _claim_yarn(b, dim=64, buggy_inv=_gpt_oss_inv(beta_fast=1.0, beta_slow=32.0),
                          right_inv=_gpt_oss_inv(), gain=_yarn_mscale(32.0)))

_NEMO_GPT_OSS_L0 = 131072  # GPTOSSConfig.yarn_original_max_position_embeddings; the checkpoint's is 4096
_NEMO_GPT_OSS_INV = _yarn_inv_freq(_GPT_OSS["dim"], _GPT_OSS["base"], _GPT_OSS["factor"], _NEMO_GPT_OSS_L0,
                                   truncate=False)


def _nemo_gpt_oss_yarn(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # Megatron's YarnRotaryEmbedding (correction_range_round_to_int=False, mscale 1, mscale_all_dim 0) fed
    # original_max_position_embeddings = 131072: the correction range is computed for the wrong context
    return _f32(_neox(_f64(x), _angles(positions, _NEMO_GPT_OSS_INV), gain=_yarn_mscale(32.0)))


_register(RealBug(
    id="nemo_gpt_oss_yarn_original_context",
    source="NVIDIA-NeMo/NeMo#14686 GPT-OSS has the wrong value of yarn_original_max_position_embeddings "
           "(the repository is now NVIDIA-NeMo/Speech)",
    summary="NeMo's GPTOSSConfig set yarn_original_max_position_embeddings = 131072 while GPT-OSS's config has "
            "original_max_position_embeddings 4096 (factor 32, beta_fast 32, beta_slow 1, no truncation): YaRN's "
            "correction range moves from pairs 8.09..17.40 to 17.40..26.71, so pairs 8..26 are interpolated "
            "less than they should be (the attention factor, which depends only on the factor, is unchanged).",
    fn=_nemo_gpt_oss_yarn,
    declared={"dim": 64, "base": 150000.0, "layout": "half",
              "scaling": YaRN(factor=32.0, original_max_position_embeddings=4096, truncate=False)},
    interface="positions", causes=("scaling_parameter",), parameter=float(_NEMO_GPT_OSS_L0)),
    lambda b: _claim_yarn(b, dim=64, buggy_inv=_NEMO_GPT_OSS_INV, right_inv=_gpt_oss_inv(truncate=False),
                          gain=_yarn_mscale(32.0)))


# ====================================================================================================
# precision: angles, inv_freq and tables formed in low precision
# ====================================================================================================

def _gpt_neox_fp16_tables(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RotaryEmbedding in model precision: inv_freq.half(); t = arange(...).type_as(inv_freq); einsum; emb.cos()
    r = 32
    inv = _f16(1.0 / 10000.0 ** _f32(np.arange(0, r, 2) / r))
    t = _f16(positions)
    freqs = _f16(t.astype(np.float64)[:, None] * inv.astype(np.float64))
    emb = _cat(freqs)
    cos, sin = _f16(np.cos(emb.astype(np.float64))), _f16(np.sin(emb.astype(np.float64)))
    q = _f16(x).astype(np.float64)
    rot, rest = q[:, :r], q[:, r:]
    out = _f16(_f16(rot * cos) + _f16(_rotate_half(rot) * sin))
    return np.concatenate([out, _f16(rest)], axis=-1)


def _claim_fp16_angles(bug: RealBug) -> str:
    msg = _grows(bug, lambda x, p: _reference(x, p, dim=128, rotary_dim=32), dim=128, small=0.02, large=0.5,
                 hi=2048, low_hi=16)
    return msg + " (positions and m theta rounded to float16: 1857 theta_1 = 1044.27 becomes 1045)"


_register(RealBug(
    id="gpt_neox_rotary_tables_in_fp16",
    source="EleutherAI/gpt-neox#1003 RotaryEmbedding computation is wrong for certain position/feature pairs in "
           "reduced precision (both fp16 and bfloat)",
    summary="GPT-NeoX computed the cos/sin tables in model precision: inv_freq.half(), positions cast to it, the "
            "outer product in float16, so large angles m theta lose whole radians (cos off by 0.78 at position "
            "1857); the tables should be built in float32.",
    fn=_gpt_neox_fp16_tables,
    declared={"dim": 128, "rotary_dim": 32, "base": 10000.0, "layout": "half", "dtype": "float16",
              "max_position": 2048},
    interface="positions", causes=("float16_angles",), parameter=None, dtype="float16"), _claim_fp16_angles)


def _vllm_fp16_inv_freq(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # inv_freq = 1.0 / (base ** (torch.arange(0, rotary_dim, 2) / rotary_dim)) under default dtype float16:
    # the exponent, the power (inf past 65504) and the reciprocal in float16; then t.float(), inv_freq.float()
    r, base = 128, 1e6
    exponent = _f16(np.arange(0, r, 2) / r)
    with np.errstate(over="ignore"):
        power = _f16(base ** exponent.astype(np.float64))
    inv = _f16(1.0 / power.astype(np.float64)).astype(np.float32)
    freqs = _f32(_f32(positions)[:, None] * inv)
    cos, sin = _f16(np.cos(freqs)), _f16(np.sin(freqs))  # cache.to(torch.get_default_dtype())
    q = _f16(x).astype(np.float64)
    h = r // 2
    c, s = cos.astype(np.float64), sin.astype(np.float64)
    x1, x2 = q[:, :h], q[:, h:]
    out1 = _f16(_f16(x1 * c) - _f16(x2 * s))
    out2 = _f16(_f16(x2 * c) + _f16(x1 * s))
    return np.concatenate([out1, out2], axis=-1)


def _claim_fp16_inv_freq(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 128)), _pos(16, 16384, lo=8192)
    y = _f64(fn(x, p))
    frozen = np.arange(52, 64)  # base ** (2j/128) > 65504: float16 inf, inv_freq 0
    _close(y[:, frozen], _f16(x[:, frozen]), 0.0, "pairs 52..63 (their inv_freq is 0)")
    _close(y[:, frozen + 64], _f16(x[:, frozen + 64]), 0.0, "their partners")
    e = _far(y, _reference(x, p, dim=128, base=1e6), "fn vs the correct RoPE", 0.2)
    return f"inv_freq in float16: pairs 52..63 overflow to inf and never rotate, others drift; {e:.3g} off"


_register(RealBug(
    id="vllm_rope_inv_freq_in_fp16",
    source="vllm-project/vllm#1004 Use FP32 in RoPE initialization (fixes #883)",
    summary="vLLM built inv_freq with torch.arange(0, rotary_dim, 2) / rotary_dim while the default dtype was "
            "float16, so the exponent, base ** exponent and its reciprocal were float16 (precision problems with "
            "base 1e6, CodeLlama); as the code stands, base ** exponent then exceeds float16's 65504 for the last "
            "12 pairs, whose inv_freq becomes 0: they never rotate.",
    fn=_vllm_fp16_inv_freq,
    declared={"dim": 128, "base": 1e6, "layout": "half", "dtype": "float16", "max_position": 16384},
    interface="positions", causes=("float16_inv_freq",), parameter=None, dtype="float16"), _claim_fp16_inv_freq)


def _megatron_ds_half_cos(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # the rotary embedding (float32 angles) converted to half before .cos()/.sin()
    r = x.shape[-1]
    freqs = _f32(_f32(positions)[:, None] * _f32(_inv_freq(r, 10000.0)))
    emb = _f16(_cat(freqs)).astype(np.float64)
    cos, sin = _f16(np.cos(emb)).astype(np.float64), _f16(np.sin(emb)).astype(np.float64)
    q = _f16(x).astype(np.float64)
    return _f16(_f16(q * cos) + _f16(_rotate_half(q) * sin))


_register(RealBug(
    id="megatron_deepspeed_half_before_cos",
    source="deepspeedai/Megatron-DeepSpeed#206 Fix: Avoid compromising accuracy by prematurely applying "
           "half-precision",
    summary="Megatron-DeepSpeed's Llama converted the rotary angles to half precision before taking cos/sin "
            "(A.half().cos() instead of A.cos().half()), so an angle such as 441.64 is rounded to a multiple of "
            "0.25 first; transformers and xformers take cos/sin in float32 and then convert.",
    fn=_megatron_ds_half_cos,
    declared={"dim": 128, "base": 10000.0, "layout": "half", "dtype": "float16", "max_position": 4096},
    interface="positions", causes=("float16_angles",), parameter=None, dtype="float16"),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=128), dim=128, small=0.15, large=1.0, hi=4096))


def _bf16_rotate(x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
    """q * cos + rotate_half(q) * sin with bfloat16 tensors (cos/sin already cat-ed)."""
    q = _f32(x)
    return _bf16(_bf16(q * cos) + _bf16(_f32(_rotate_half(_f64(q))) * sin))


def _hf_autocast_gemma(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # freqs = inv_freq_expanded @ position_ids_expanded under torch.autocast(bfloat16): both operands and the
    # product in bfloat16, then emb.cos() on the bfloat16 angles
    d = x.shape[-1]
    inv = _bf16(_f32(1.0 / 10000.0 ** _f32(np.arange(0, d, 2) / d)))
    freqs = _bf16(_bf16(positions)[:, None] * inv)
    emb = _cat(freqs)
    return _bf16_rotate(x, _bf16(np.cos(emb)), _bf16(np.sin(emb)))


_register(RealBug(
    id="transformers_rope_autocast_bfloat16",
    source="huggingface/transformers#29285 RoPE loses precision for Llama / Gemma + Gemma logits.float()",
    summary="Under torch.autocast(bfloat16) the inv_freq @ position_ids matmul of Llama/Gemma ran in bfloat16, "
            "so positions above 256 and their angles were rounded to 8 bits; the fix disables autocast and "
            "forces float32 there.",
    fn=_hf_autocast_gemma, declared={"dim": 256, "base": 10000.0, "layout": "half", "dtype": "bfloat16"},
    interface="positions", causes=("bfloat16_angles",), parameter=None, dtype="bfloat16"),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=256), dim=256, small=0.3, large=4.0, low_hi=8))


def _candle_qwen2_bf16(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # RotaryEmbedding::new: inv_freq and t cast to dtype (bf16) before t.matmul(inv_freq); sin/cos in bf16
    d = x.shape[-1]
    inv = _bf16(_f32(1.0 / _f32(1e6 ** (np.arange(0, d, 2) / d))))
    freqs = _bf16(_bf16(positions)[:, None] * inv)
    emb = _cat(freqs)
    return _bf16_rotate(x, _bf16(np.cos(emb)), _bf16(np.sin(emb)))


_register(RealBug(
    id="candle_qwen2_rope_tables_in_bf16",
    source="huggingface/candle#3520 qwen2: build RoPE cos/sin tables in fp32 (fixes long-context divergence)",
    summary="candle's Qwen2 RotaryEmbedding cast inv_freq and the positions to bf16 before the matmul and took "
            "sin/cos of the bf16 result: position 15962 becomes 15936 or 15968, and cos(15962) ~ -0.547 turns "
            "into cos(15968) ~ -0.882.",
    fn=_candle_qwen2_bf16, declared={"dim": 128, "base": 1e6, "layout": "half", "dtype": "bfloat16"},
    interface="positions", causes=("bfloat16_angles",), parameter=None, dtype="bfloat16"),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=128, base=1e6), dim=128, small=0.3, large=4.0, low_hi=8))


def _hf_llama_zero_init(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # LlamaRotaryEmbedding built under deepspeed.zero.Init (bf16): inv_freq comes from an int64 arange .float()
    # and stays float32, t = torch.arange(4096, dtype=inv_freq.dtype) is cast to bf16 by the patched arange,
    # torch.outer(t, inv_freq) promotes to float32; the cos/sin cache ends up bf16 like the model
    d = x.shape[-1]
    inv = _f32(1.0 / 10000.0 ** _f32(np.arange(0, d, 2).astype(np.float32) / np.float32(d)))
    freqs = _f32(_f32(_bf16(positions))[:, None] * inv)
    emb = _cat(freqs)
    return _bf16_rotate(x, _bf16(np.cos(emb)), _bf16(np.sin(emb)))


def _claim_bf16_positions(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p_low, p_high = _x((16, 128)), _pos(16, 257), _pos(16, 4096, lo=2048)
    _close(fn(x, p_low), _reference(x, p_low, dim=128), 0.1, "positions up to 256 (exact in bfloat16)")
    y = fn(x, p_high)
    _close(y, _reference(x, _bf16(p_high), dim=128), 0.1, "fn vs RoPE at the positions rounded to bfloat16")
    e = _far(y, _reference(x, p_high, dim=128), "fn vs the correct RoPE", 1.0)
    return f"RoPE at bf16(m) (4095 -> 4096, 2049 -> 2048): exact up to 256, {e:.3g} off in [2048, 4096)"


_register(RealBug(
    id="transformers_llama_zero_init_bf16_positions",
    source="huggingface/transformers#28685 torch.arange use should not use dtype=float for integer ranges, "
           "conflicts w/ DS `zero.Init()` (from deepspeedai/DeepSpeed#4932)",
    summary="Under DeepSpeed's zero.Init with bf16, the patched torch.arange casts floating-point results to bf16, "
            "so Llama's t = arange(max_position_embeddings, dtype=inv_freq.dtype) held positions in bf16 (above 256 "
            "rounded to 8 bits: 4095 -> 4096) while inv_freq, an integer arange then .float(), stayed float32 and "
            "the outer product was float32; it surfaced as PPO loss spikes in OpenRLHF's Llama training.",
    fn=_hf_llama_zero_init,
    declared={"dim": 128, "base": 10000.0, "layout": "half", "dtype": "bfloat16", "max_position": 4096},
    interface="positions", causes=("bfloat16_positions",), parameter=None, dtype="bfloat16"),
    _claim_bf16_positions)


def _sglang_jax_bf16_inv_freq(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # inv_freq = jnp.asarray(self._inv_freq_np, dtype=self.dtype) (bf16); einsum with float32 positions
    # promotes to float32, so only inv_freq is rounded
    d = x.shape[-1]
    inv = _bf16(_f32(1.0 / 1e6 ** (np.arange(0, d, 2) / d)))
    freqs = _f32(_f32(positions)[:, None] * inv)
    emb = _cat(freqs)
    return _bf16_rotate(x, _bf16(np.cos(emb)), _bf16(np.sin(emb)))


_register(RealBug(
    id="sglang_jax_inv_freq_quantized",
    source="sgl-project/sglang-jax#1472 [Bug] RoPE inverse frequencies are quantized before phase computation",
    summary="sglang-jax stored inv_freq in float32 but cast it to the model dtype (bfloat16) before the einsum with "
            "float32 positions; the phases are float32 but carry inv_freq's 2^-9 relative error, 0.83 off at "
            "position 4095 (fixed by #1473).",
    fn=_sglang_jax_bf16_inv_freq, declared={"dim": 128, "base": 1e6, "layout": "half", "dtype": "bfloat16"},
    interface="positions", causes=("bfloat16_inv_freq",), parameter=None, dtype="bfloat16"),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=128, base=1e6), dim=128, small=0.3, large=4.0, low_hi=8))

_NEMO_INV = _llama3_inv_freq(64, 500000.0, 32.0)


def _nemo_bf16_cast(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # model.to(bfloat16) rounds the inv_freq buffer; the rotary forward's inv_freq.float() cannot recover it
    inv = _bf16(_f32(_NEMO_INV))
    freqs = _f32(_f32(positions)[:, None] * inv)
    emb = _cat(freqs)
    return _bf16_rotate(x, _bf16(np.cos(emb)), _bf16(np.sin(emb)))


_register(RealBug(
    id="nemo_automodel_inv_freq_cast_to_bf16",
    source="NVIDIA-NeMo/Automodel#2549 fix(models): keep RoPE frequency buffers fp32 under bf16 model cast",
    summary="A model-wide cast to bfloat16 rounded the rotary inv_freq buffer (Llama 3.2 1B, llama3-scaled) to "
            "bf16; the forward's .float() cannot recover the bits, so the phases drift with position and a "
            "checkpoint reloaded in vanilla HF diverged (KL 1.1e-2).",
    fn=_nemo_bf16_cast,
    declared={"dim": 64, "base": 500000.0, "layout": "half", "dtype": "bfloat16",
              "scaling": Llama3(factor=32.0, low_freq_factor=1.0, high_freq_factor=4.0,
                                original_max_position_embeddings=8192)},
    interface="positions", causes=("bfloat16_inv_freq",), parameter=None, dtype="bfloat16"),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=64, inv_freq=_NEMO_INV), dim=64, small=0.3, large=4.0,
                     low_hi=8))


def _imp_float32_angle(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # theta_j and the angle pos * theta_j formed in float32 (then __sinf/__cosf); the fix forms the angle in
    # double and reduces it mod 2 pi first
    d = x.shape[-1]
    theta = _f32(1.0 / np.float32(500000.0) ** (np.arange(0, d, 2).astype(np.float32) / np.float32(d)))
    ang = _f32(_f32(positions)[:, None] * theta)
    cos, sin = _f32(np.cos(ang.astype(np.float64))), _f32(np.sin(ang.astype(np.float64)))
    q = _f32(x)
    h = d // 2
    x1, x2 = q[:, :h], q[:, h:]
    return np.concatenate([x1 * cos - x2 * sin, x2 * cos + x1 * sin], axis=-1).astype(np.float32)


_register(RealBug(
    id="imp_rope_angle_in_float32",
    source="kekzl/imp#1325 fix(rope): reduce the rotary angle in double, so long context stays accurate",
    summary="imp's RoPE kernel formed pos * theta in float32, so the angle of pair 0 (theta = 1) carries an error "
            "of ~pos * 2^-24: 1.0e-2 at position 131071 against double-precision truth (model family trained to "
            "131072); the fix forms the angle in double and reduces it mod 2 pi.",
    fn=_imp_float32_angle,
    declared={"dim": 128, "base": 500000.0, "layout": "half", "dtype": "float32", "angle_dtype": "float64"},
    interface="positions", causes=("float32_angles",), parameter=None),
    lambda b: _grows(b, lambda x, p: _reference(x, p, dim=128, base=5e5), dim=128, small=1e-5, large=2e-3,
                     hi=2**20))


# ====================================================================================================
# multi-axis: M-RoPE sections, GLM-4.1V pairing, xPos
# ====================================================================================================

def _mrope_fn(x: np.ndarray, pos3: np.ndarray, *, r: int, base: float, sections: tuple[int, ...],
              interleaved: bool, rotate: Callable[..., np.ndarray]) -> np.ndarray:
    """M-RoPE as vLLM/transformers write it: per-axis angles, one axis picked per pair, then the 1-D rotation."""
    inv = _inv_freq(r, base)
    per_axis = _f64(pos3)[..., None] * inv  # (n, 3, r/2)
    j = np.arange(r // 2)
    if interleaved:  # apply_interleaved_mrope: freqs_t[..., 1:3*s1:3] = height, [..., 2:3*s2:3] = width
        pick = np.zeros(r // 2, dtype=int)
        pick[1: 3 * sections[1]: 3] = 1
        pick[2: 3 * sections[2]: 3] = 2
    else:  # torch.cat([m[i % 3] for i, m in enumerate(freqs.split(mrope_section, dim=-1))])
        pick = np.concatenate([np.full(s, i % 3) for i, s in enumerate(sections)])
    ang = per_axis[:, pick, j]
    return rotate(_f64(x), ang, r)


def _image_positions(n: int, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.full(n, 40)
    return np.stack([t, 40 + rng.integers(0, 32, n), 40 + rng.integers(0, 32, n)], axis=-1).astype(np.int64)


def _claim_mrope(bug: RealBug, *, dim: int, r: int, base: float, sections: tuple[int, ...], interleaved: bool,
                 layout: str, buggy_interleaved: bool, buggy_layout: str) -> str:
    fn = _fresh(bug)
    x = _x((16, dim))
    text = np.repeat(_pos(16, 4096)[:, None], 3, axis=1)
    image = _image_positions(16)

    def ref(p: np.ndarray, inter: bool, lay: str) -> np.ndarray:
        return _reference(x, dim=dim, rotary_dim=r, layout=lay, angles=_mrope_angles(p, r, base, sections, inter))

    _close(fn(x, image), ref(image, buggy_interleaved, buggy_layout), 1e-3, "image tokens vs the claimed M-RoPE")
    e = _far(fn(x, image), ref(image, interleaved, layout), "image tokens vs the correct M-RoPE")
    t_err = _err(fn(x, text), ref(text, interleaved, layout))
    return f"image tokens {e:.3g} off the declared M-RoPE; text tokens (equal axes) {t_err:.2g} off"


def _mnn_qwen3vl(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # Qwen2.5-VL's blocked (sectioned) mrope reused for Qwen3-VL
    return _f32(_mrope_fn(x, positions, r=128, base=5e6, sections=(24, 20, 20), interleaved=False,
                          rotate=lambda v, a, r: _neox(v, a, r)))


_register(RealBug(
    id="mnn_qwen3vl_blocked_mrope",
    source="alibaba/MNN#4133 fix: interleaved mrope in qwen3-vl (issues #4120, #4104)",
    summary="MNN applied Qwen2.5-VL's blocked M-RoPE (T..., H..., W... sections) to Qwen3-VL, which interleaves "
            "the axes over the frequencies (THWTHW...); identical for text, wrong for vision tokens (it looped "
            "in vision mode).",
    fn=_mnn_qwen3vl,
    declared={"rope": MultiAxisRoPE.mrope(128, mrope_section=(24, 20, 20), base=5e6, interleaved=True)},
    interface="positions", causes=("mrope_layout",), parameter=None),
    lambda b: _claim_mrope(b, dim=128, r=128, base=5e6, sections=(24, 20, 20), interleaved=True, layout="half",
                           buggy_interleaved=False, buggy_layout="half"))


def _mlx_vlm_qwen2vl(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # after Qwen3-VL's interleaved mrope landed (#564), Qwen2-VL/2.5-VL went through it too
    return _f32(_mrope_fn(x, positions, r=128, base=1e6, sections=(16, 24, 24), interleaved=True,
                          rotate=lambda v, a, r: _neox(v, a, r)))


_register(RealBug(
    id="mlx_vlm_qwen2vl_interleaved_mrope",
    source="Blaizzy/mlx-vlm#576 [bugfix] fix mrope in qwen2vl and qwen2.5vl",
    summary="When mlx-vlm implemented Qwen3-VL's interleaved M-RoPE (#564), Qwen2-VL and Qwen2.5-VL were left on "
            "it although they use the original sectioned M-RoPE ([16, 24, 24] consecutive blocks).",
    fn=_mlx_vlm_qwen2vl,
    declared={"rope": MultiAxisRoPE.mrope(128, mrope_section=(16, 24, 24), base=1e6, interleaved=False)},
    interface="positions", causes=("mrope_layout",), parameter=None),
    lambda b: _claim_mrope(b, dim=128, r=128, base=1e6, sections=(16, 24, 24), interleaved=False, layout="half",
                           buggy_interleaved=True, buggy_layout="half"))


def _glm41v_declared() -> MultiAxisRoPE:
    block = MultiAxisRoPE.mrope(64, mrope_section=(8, 12, 12), base=10000.0, layout="interleaved")
    return MultiAxisRoPE(128, block.frequencies, layout="interleaved", rotary_dim=64,
                         frequencies_lo=block.frequencies_lo)


def _vllm_triton_mrope_glm(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # _triton_mrope_forward hard-coded NeoX pairs (i, i + rotary_dim/2), ignoring is_neox_style=False
    return _f32(_mrope_fn(x, positions, r=64, base=10000.0, sections=(8, 12, 12), interleaved=False,
                          rotate=lambda v, a, r: _neox(v, a, r)))


_register(RealBug(
    id="vllm_triton_mrope_neox_only",
    source="vllm-project/vllm#42765 [Bugfix] _triton_mrope_forward: support GPT-J-style rotation (#42016)",
    summary="vLLM's Triton M-RoPE kernel always paired (i, i + rotary_dim/2); GLM-4.1V and GLM-OCR build their "
            "rotary with is_neox_style=False (adjacent pairs), so image inputs were rotated in the wrong "
            "pairing while text (1-D positions, another code path) was fine (also vllm-project/vllm-ascend#12765).",
    fn=_vllm_triton_mrope_glm, declared={"rope": _glm41v_declared()}, interface="positions",
    causes=("other_layout",), parameter=None),
    lambda b: _claim_mrope(b, dim=128, r=64, base=1e4, sections=(8, 12, 12), interleaved=False,
                           layout="interleaved", buggy_interleaved=False, buggy_layout="half"))


def _lucidrains_cached_keys(x: np.ndarray, positions: np.ndarray) -> np.ndarray:
    # rotate_queries_with_cached_keys: plain rotation, the xPos scale never applied
    x = _f64(x)
    freqs = _interleave(_angles(positions, _inv_freq(x.shape[-1], 10000.0)))
    return _f32(x * np.cos(freqs) + _rotate_every_two(x) * np.sin(freqs))


def _claim_missing_xpos(bug: RealBug) -> str:
    fn = _fresh(bug)
    x, p = _x((16, 64)), _pos(16, 4096)
    y = fn(x, p)
    _close(y, _reference(x, p, dim=64, layout="interleaved"), 1e-3, "fn vs plain RoPE")
    e = _far(y, _reference(x, p, dim=64, layout="interleaved", pair_scale=_xpos_scale(p, 64, 512.0)),
             "fn vs xPos")
    return f"plain rotation, no zeta_j ** (m / gamma) scale; {e:.3g} off the xPos query"


_register(RealBug(
    id="rotary_embedding_torch_cached_keys_no_xpos",
    source="lucidrains/rotary-embedding-torch#27 xPOS embeddings during inference",
    summary="rotate_queries_with_cached_keys (queries at an offset past cached keys) did not account for xPos: "
            "with use_xpos the queries were rotated without their length-extrapolation scale (fixed in 0.6.3).",
    fn=_lucidrains_cached_keys,
    declared={"rope": XPos(RoPE(64, base=10000.0, layout="interleaved"), scale_base=512.0, centre=0.0),
              "role": "query"},
    interface="positions", causes=("missing_xpos_scale",), parameter=None), _claim_missing_xpos)


# ====================================================================================================
# the self-test
# ====================================================================================================

_INTERFACES = ("positions", "seq_len", "offset", "batched", "qk", "inplace")


def self_test(verbose: bool = True) -> None:
    """Show, for every entry, that fn deviates from the correct RoPE the way the entry claims; assert it."""
    ids = [b.id for b in BUGS]
    assert len(ids) == len(set(ids)), "ids are unique"
    for bug in BUGS:
        assert bug.id.replace("_", "").isalnum() and bug.id == bug.id.lower(), bug.id
        assert bug.interface in _INTERFACES, bug.interface
        assert bug.causes and bug.source and bug.summary, bug.id
        assert bug.dtype in ("float64", "float32", "float16", "bfloat16"), bug.dtype
        assert bug.declared.get("dtype", bug.dtype) == bug.dtype, f"{bug.id}: declared dtype vs RealBug.dtype"
        line = _CLAIMS[bug.id](bug)
        if verbose:
            print(f"ok  {bug.id:<52} {'+'.join(bug.causes):<40} {line}")
    if verbose:
        print(f"{len(BUGS)} real bugs reproduced")


if __name__ == "__main__":
    self_test()

"""from_gguf: a GGUF file's metadata -> the RoPE that llama.cpp computes for it.

llama.cpp's view of a model is its GGUF file: the architecture (``general.architecture``) fixes
the rope type (:data:`_ROPE_TYPES`, llama.cpp's ``llama_model_rope_type``), the ``{arch}.rope.*``
keys give the base, rotary dims and scaling, and the tensors ``rope_freqs`` (Llama 3's rule, baked
in) and ``rope_factors_long`` / ``rope_factors_short`` (LongRoPE) divide the frequencies pair by
pair. :func:`from_gguf` returns the RoPE of ggml's rope op for those parameters, in the GGUF
tensors' own feature order:

- NORM pairs adjacent features, layout "interleaved". convert_hf_to_gguf permutes Llama-style
  q/k weights (``LlamaModel.permute``) so that transformers' half pairing becomes ggml's NORM: the
  same rotation in a permuted basis (:func:`rope_ref.layout_permutation`);
- NEOX pairs (j, j + n_rot/2), layout "half", the weights as transformers has them;
- MROPE / IMROPE: :class:`rope_ref.MultiAxisRoPE` (``rope.dimension_sections``), "half" pairing.

How ggml's parameters map to rope-ref's rules (ggml-cpu ``rope_yarn``: theta_j = p * base**(-2j/r)
/ ff_j, then ``freq_scale`` fs and the YaRN ramp when ``ext_factor`` is not 0):

- ``rope.scaling.type`` "none": no scaling; "linear" (llama.cpp's default when the key is absent),
  fs = 1 / ``rope.scaling.factor``: :class:`rope_ref.scaling.Linear`; "yarn" (ext_factor 1):
  :class:`rope_ref.scaling.YaRN` with L0 = ``rope.scaling.original_context_length`` (else
  ``context_length``), beta_fast / beta_slow 32 / 1 (llama.cpp reads the ``yarn_beta_*`` keys only
  for grok, whose beta_fast default is 8, and mistral3; a note names a key it ignores), truncated ramp;
- ``rope_freqs``: theta_j / ff_j, a private rule of explicit per-pair frequency factors (Llama 3's
  rule, evaluated by the converter, is exact only up to the float32 values stored);
- ``rope_factors_long`` / ``rope_factors_short``: :class:`rope_ref.scaling.LongRoPE`. llama.cpp
  picks the long factors once, when the context size n_ctx exceeds L0; pass ``seq_len=n_ctx``;
- the attention factor a: ``rope.scaling.attn_factor`` (default 1) times, with YaRN, get_mscale(s)
  (DeepSeek-V2/V3: 1; llama.cpp folds its mscale into the attention scale instead);
- the softmax-scale factor (outside the RoPE, :attr:`GGUFInfo.softmax_scale_factor`): deepseek2's
  graph sets kq_scale = mscale**2 / sqrt(head_dim) with mscale = 1 + L ln s, L the file's
  ``rope.scaling.yarn_log_multiplier`` (convert_hf_to_gguf writes 0.1 * mscale_all_dim) and s the
  scaling factor; every other architecture has 1.

Example:
    >>> import os, tempfile
    >>> import gguf
    >>> import rope_ref
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "tiny.gguf")
    >>> writer = gguf.GGUFWriter(path, "qwen2")
    >>> writer.add_block_count(2); writer.add_context_length(4096); writer.add_embedding_length(256)
    >>> writer.add_head_count(4); writer.add_rope_freq_base(1000000.0)
    >>> writer.write_header_to_file(); writer.write_kv_data_to_file(); writer.write_tensors_to_file()
    >>> writer.close()
    >>> rope = rope_ref.from_gguf(path)
    >>> rope.dim, rope.base, rope.layout, rope.scaling
    (64, 1000000.0, 'half', None)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from rope_ref import _dd, _io, _validate
from rope_ref._dd import DD
from rope_ref._scaling_base import _Rule
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE
from rope_ref.scaling import Linear, LongRoPE, YaRN

__all__ = ["GGUFInfo", "describe_gguf", "from_gguf"]

_DEFAULT = "llama.cpp default"
# The rope.scaling.yarn_* keys llama.cpp's model loaders read (src/models/grok.cpp reads all four,
# src/models/mistral3.cpp the two betas); every other architecture keeps the defaults: ext_factor -1
# (1 for yarn, else 0), attn factor 1, beta_fast 32, beta_slow 1 (grok's beta_fast default is 8).
_YARN_KEYS_READ: dict[str, frozenset[str]] = {
    "grok": frozenset({"yarn_ext_factor", "yarn_attn_factor", "yarn_beta_fast", "yarn_beta_slow"}),
    "mistral3": frozenset({"yarn_beta_fast", "yarn_beta_slow"}),
}
_YARN_DEFAULTS: dict[tuple[str, str], float] = {("grok", "yarn_beta_fast"): 8.0}

# llama.cpp's llama_model_rope_type (src/llama-model.cpp), architecture name -> rope type. Read from
# ggml-org/llama.cpp at commit a5410f046c01d01330c8a42f13b64a211fedf2c3 and brought up to a later
# version of the same function (the one that lists qwen3vl, qwen35 and paddleocr), which moved plamo
# and orion from NORM to NEOX. Names are the GGUF ``general.architecture`` strings (llama-arch.cpp's
# LLM_ARCH_NAMES, as the gguf package lists them). glm4, glm4moe and hunyuan_vl use M-RoPE when
# ``rope.dimension_sections`` is set (hparams.use_mrope()): see _CONDITIONAL.
_NONE = ("clip", "gpt2", "gptj", "mpt", "refact", "bloom", "mamba", "mamba2", "jamba", "jina-bert-v2", "t5",
         "t5encoder", "jais", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "wavtokenizer-dec", "nemotron_h",
         "nemotron_h_moe", "kimi-linear")
_NORM = ("llama", "llada", "llama4", "deci", "baichuan", "starcoder", "internlm2", "minicpm", "xverse", "command-r",
         "cohere2", "olmo", "arctic", "deepseek", "deepseek2", "deepseek2-ocr", "plm", "chatglm", "granite",
         "granitemoe", "granitehybrid", "chameleon", "bailingmoe", "neo-bert", "smollm3", "arcee", "ernie4_5",
         "ernie4_5-moe", "mistral3", "mistral4", "llama-embed", "maincoder", "glm-dsa")
_NEOX = ("falcon", "falcon-h1", "grok", "dbrx", "bert", "jina-bert-v3", "modern-bert", "nomic-bert",
         "nomic-bert-moe", "eurobert", "stablelm", "bitnet", "qwen", "qwen2", "dream", "qwen2moe", "qwen3", "qwen3moe",
         "llada-moe", "rnd1", "olmo2", "olmoe", "phi2", "phi3", "phimoe", "plamo", "plamo2", "plamo3", "gemma",
         "gemma2", "gemma3", "gemma3n", "gemma4", "gemma-embedding", "starcoder2", "openelm", "gptneox", "codeshell",
         "orion", "nemotron", "exaone", "exaone4", "exaone-moe", "minicpm3", "bailingmoe2", "dots1", "hunyuan-moe",
         "jais2", "gpt-oss", "hunyuan-dense", "lfm2", "lfm2moe", "smallthinker", "seed_oss", "grovemoe", "apertus",
         "minimax-m2", "cogvlm", "pangu-embedded", "afmoe", "qwen3next", "mimo2", "step35")
_ROPE_TYPES: dict[str, str] = {**dict.fromkeys(_NONE, "none"), **dict.fromkeys(_NORM, "norm"),
                               **dict.fromkeys(_NEOX, "neox"), "qwen2vl": "mrope", "paddleocr": "mrope",
                               **dict.fromkeys(("qwen3vl", "qwen3vlmoe", "qwen35", "qwen35moe"), "imrope")}
_CONDITIONAL = {"glm4": "norm", "glm4moe": "neox", "hunyuan_vl": "neox"}  # M-RoPE when sections are set
# Architectures whose rope runs on a separate rope part of n_rot features (MLA): the RoPE's dim is n_rot.
_ROPE_PART = ("deepseek2", "deepseek2-ocr", "minicpm3", "plm", "glm-dsa")
_SCALING_TYPES = ("none", "linear", "yarn", "longrope")  # llama.cpp's LLAMA_ROPE_SCALING_TYPES
_FACTOR_TENSORS = ("rope_freqs", "rope_factors_long", "rope_factors_short")


@dataclass(frozen=True)
class _FrequencyFactors(_Rule):
    """Explicit per-pair frequency factors (llama.cpp's ``rope_freqs`` tensor): inv_freq_j =
    theta_j / (factor * ff_j), and the attention factor a as given."""

    factors: tuple[float, ...]
    factor: float = 1.0
    attention: float = 1.0
    rope_type: ClassVar[str] = "freq_factors"

    def check(self, rotary_dim: int, base: float) -> None:
        if len(self.factors) != rotary_dim // 2:
            raise _validate.fail("rope_freqs", f"a tensor of rotary_dim // 2 = {rotary_dim // 2} factors",
                                 _validate.Shown(f"{len(self.factors)} factors"))

    def _inv_freq_dd(self, rotary_dim: int, base: float, seq_len: float | None = None) -> DD:
        self.check(rotary_dim, base)
        divisor = _dd.mul(_dd.as_dd(np.asarray(self.factors, dtype=np.float64)), _dd.as_dd(self.factor))
        return _dd.div(_dd.theta(rotary_dim, base), divisor)

    @property
    def attention_factor(self) -> float:
        return float(self.attention)


@dataclass(frozen=True)
class GGUFInfo:
    """What :func:`describe_gguf` read from a GGUF file, and where each value came from.

    ``sources`` maps each value's name to the GGUF key or tensor it came from, or to
    "llama.cpp default"; ``notes`` says what llama.cpp does that the keys do not say. ``swa_layers``
    is one bool per layer (True: a sliding-window layer, which uses ``freq_base_swa``), or None when
    every layer has the same RoPE. ``softmax_scale_factor`` is what llama.cpp multiplies the
    attention's 1/sqrt(head_dim) by, outside the RoPE: (1 + L ln s)**2 for deepseek2 (L the
    ``rope.scaling.yarn_log_multiplier``, s the scaling factor), 1.0 where it does not apply.

    Example:
        >>> import os, tempfile
        >>> import gguf
        >>> from rope_ref import describe_gguf
        >>> path = os.path.join(tempfile.mkdtemp(), "tiny.gguf")
        >>> writer = gguf.GGUFWriter(path, "llama")
        >>> writer.add_block_count(1); writer.add_embedding_length(64); writer.add_head_count(2)
        >>> writer.write_header_to_file(); writer.write_kv_data_to_file(); writer.write_tensors_to_file()
        >>> writer.close()
        >>> info = describe_gguf(path)
        >>> info.rope_type, info.head_dim, info.freq_base, info.sources["freq_base"]
        ('norm', 32, 10000.0, 'llama.cpp default')
        >>> info.rope().layout
        'interleaved'
    """

    path: str
    arch: str
    rope_type: str
    n_rot: int
    head_dim: int
    freq_base: float
    freq_base_swa: float | None = None
    n_rot_swa: int | None = None
    head_dim_swa: int | None = None
    scaling: dict[str, Any] = field(default_factory=dict)
    sections: tuple[int, ...] | None = None
    freq_factors: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    n_layer: int | None = None
    context_length: int | None = None
    swa_layers: tuple[bool, ...] | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    softmax_scale_factor: float = 1.0

    def rope(self, layer: int | None = None) -> RoPE | MultiAxisRoPE:
        """The RoPE llama.cpp computes for ``layer`` (None: the one RoPE of every layer).

        Raises:
            ValueError: the file's RoPE is not modelled (named key and value), ``layer`` is out of
                range, or the layers differ and ``layer`` is None.
        """
        if self.rope_type == "none":
            raise ValueError(f"{self.path}: architecture {self.arch!r} uses no RoPE in llama.cpp "
                             "(llama_model_rope_type is LLAMA_ROPE_TYPE_NONE).")
        if self.rope_type == "vision":
            raise ValueError(f"{self.path}: rope type 'vision' (2-D vision RoPE) is not modelled.")
        if layer is not None:
            if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)):
                raise _validate.fail("layer", "None or an integer", layer, kind=TypeError)
            if self.n_layer is None or not 0 <= layer < self.n_layer:
                raise _validate.fail("layer", f"an index in [0, {self.n_layer}) (the file's block_count)"
                                     if self.n_layer is not None else "None (the file has no block_count)", layer)
        swa = self.swa_layers is not None and layer is not None and self.swa_layers[int(layer)]
        if layer is None and self.swa_layers is not None and any(self.swa_layers):
            full, sliding = self._build(False), self._build(True)
            if not _same(full, sliding):
                raise ValueError(f"{self.path}: the layers' RoPEs differ (sliding-window layers use base "
                                 f"{self.freq_base_swa!r}, the others {self.freq_base!r}); pass layer= (one of "
                                 f"0 .. {self.n_layer - 1}).")  # type: ignore[operator]
            return full
        return self._build(bool(swa))

    def _build(self, swa: bool) -> RoPE | MultiAxisRoPE:
        dim = (self.head_dim_swa or self.head_dim) if swa else self.head_dim
        rotary = (self.n_rot_swa or self.n_rot) if swa else self.n_rot
        base = self.freq_base_swa if swa and self.freq_base_swa is not None else self.freq_base
        if self.rope_type in ("mrope", "imrope"):
            return self._multiaxis(dim, rotary, base)
        layout = "interleaved" if self.rope_type == "norm" else "half"
        return RoPE(dim, base=base, layout=layout, rotary_dim=rotary, scaling=self._rule(swa))

    def _rule(self, swa: bool) -> Any:
        s = self.scaling
        factor = 1.0 if s["type"] == "none" or (swa and s.get("swa_scale_one")) else float(s.get("factor") or 1.0)
        ext, attn = s["ext_factor"], float(s.get("attn_factor", 1.0))
        if ext not in (0.0, 1.0):
            raise ValueError(f"{self.path}: {self.arch}.rope.scaling.yarn_ext_factor = {ext!r} is not modelled "
                             "(rope-ref's YaRN is ext_factor 1; 0 is no ramp).")
        if ext == 1.0:
            a = attn * _yarn_mscale(self, factor)
        else:
            a = attn * float(s.get("yarn_attn_factor", 1.0))
        ff = self.freq_factors
        if "rope_freqs" in ff:
            if ext == 1.0:
                raise ValueError(f"{self.path}: rope_freqs together with YaRN (rope.scaling.type = "
                                 f"{s['type']!r}) is not modelled.")
            return _FrequencyFactors(tuple(float(v) for v in ff["rope_freqs"]), factor, a)
        if "rope_factors_long" in ff or "rope_factors_short" in ff:
            if not ("rope_factors_long" in ff and "rope_factors_short" in ff):
                missing = "rope_factors_short" if "rope_factors_long" in ff else "rope_factors_long"
                raise ValueError(f"{self.path}: has one LongRoPE factor tensor but not {missing!r}.")
            if ext == 1.0 or factor != 1.0:
                raise ValueError(f"{self.path}: LongRoPE factor tensors together with rope.scaling.type = "
                                 f"{s['type']!r}, factor {factor!r} are not modelled.")
            l0 = int(s["original_context_length"])
            ratio = self.context_length / l0 if self.context_length else 1.0
            return LongRoPE(tuple(float(v) for v in ff["rope_factors_short"]),
                            tuple(float(v) for v in ff["rope_factors_long"]), l0, factor=max(ratio, 1.0),
                            attention_factor_override=a)
        if ext == 1.0:
            return YaRN(factor, int(s["original_context_length"]), beta_fast=float(s["yarn_beta_fast"]),
                        beta_slow=float(s["yarn_beta_slow"]), attention_factor_override=a)
        if a != 1.0:
            return _FrequencyFactors((1.0,) * (self.n_rot // 2), factor, a)
        return None if factor == 1.0 else Linear(factor)

    def _multiaxis(self, dim: int, rotary: int, base: float) -> MultiAxisRoPE:
        s = self.scaling
        if (s["type"] != "none" and s.get("factor") not in (None, 0.0, 1.0)) or s["ext_factor"] != 0.0 \
                or float(s.get("attn_factor", 1.0)) != 1.0 or self.freq_factors:
            raise ValueError(f"{self.path}: M-RoPE with scaling ({s}) or frequency-factor tensors is not modelled.")
        sections = self.sections
        if sections is None:
            raise ValueError(f"{self.path}: M-RoPE needs {self.arch}.rope.dimension_sections; the file has none.")
        t, h, w, e = (list(sections) + [0, 0, 0, 0])[:4]
        if e != 0 or t + h + w != rotary // 2:
            raise ValueError(f"{self.path}: {self.arch}.rope.dimension_sections = {list(sections)} is not modelled: "
                             f"rope-ref needs three sections adding up to n_rot / 2 = {rotary // 2} and a fourth of 0.")
        if self.rope_type == "imrope":
            j = np.arange(rotary // 2)
            extra = (j % 3 == 0) & (j >= 3 * t)
            if extra.any():
                raise ValueError(f"{self.path}: with sections {list(sections)} some pairs fall to the fourth "
                                 "position axis in ggml's IMROPE; not modelled.")
        m = MultiAxisRoPE.mrope(rotary, mrope_section=(t, h, w), base=base, interleaved=self.rope_type == "imrope")
        if dim == rotary:
            return m
        return MultiAxisRoPE(dim, m.frequencies, "half", rotary, frequencies_lo=m.frequencies_lo,
                             mrope_section=m.mrope_section)


def _same(a: RoPE | MultiAxisRoPE, b: RoPE | MultiAxisRoPE) -> bool:
    if isinstance(a, RoPE) and isinstance(b, RoPE):
        return a == b
    return False


def _get_mscale(scale: float, mscale: float) -> float:
    return 1.0 if scale <= 1.0 else 0.1 * mscale * math.log(scale) + 1.0


def _yarn_mscale(info: GGUFInfo, factor: float) -> float:
    """The factor ggml's rope op applies with YaRN, before rope.scaling.attn_factor (llama-context.cpp
    sets yarn_attn_factor to get_mscale ratios over (1 + 0.1 ln s), and ggml multiplies by 1 + 0.1 ln s)."""
    log_mul = float(info.scaling.get("yarn_log_multiplier") or 0.0)
    if log_mul == 0.0:
        return _get_mscale(factor, 1.0)
    if info.arch == "deepseek2":
        return 1.0  # mscale = mscale_all_dims: the ratio is 1 (llama.cpp's TAG_DEEPSEEK2_YARN_LOG_MUL_FIX)
    raise ValueError(f"{info.path}: {info.arch}.rope.scaling.yarn_log_multiplier = {log_mul!r} is not modelled "
                     f"for architecture {info.arch!r} (only deepseek2's is).")


def _softmax_scale_factor(arch: str, scaling: dict[str, Any]) -> tuple[float, str]:
    """The factor llama.cpp multiplies the softmax scale 1/sqrt(head_dim) by, and where it came from.

    deepseek2's graph (src/models/deepseek2.cpp): mscale = attn_factor * (1 + L * ln(1 / freq_scale)),
    kq_scale = mscale**2 / sqrt(n_embd_head_k), the rope itself given attn_factor = 1 / (1 + 0.1 ln s) so
    that ggml's internal YaRN factor cancels. L is the file's ``rope.scaling.yarn_log_multiplier``, which
    convert_hf_to_gguf writes as 0.1 * mscale_all_dim; transformers' DeepSeek multiplies its softmax scale
    by (0.1 * mscale_all_dim * ln s + 1)**2, the same number.
    """
    if arch != "deepseek2":
        return 1.0, f"llama.cpp {arch}: kq_scale is 1/sqrt(head_dim) (no YaRN log multiplier)"
    factor = 1.0 if scaling.get("type") == "none" else float(scaling.get("factor") or 1.0)
    log_mul = float(scaling.get("yarn_log_multiplier") or 0.0)
    if factor <= 1.0:
        return 1.0, f"llama.cpp deepseek2: (1 + L ln s)**2 with scaling factor s = {factor:g}: 1"
    return (1.0 + log_mul * math.log(factor)) ** 2, \
        (f"llama.cpp deepseek2 kq_scale: (1 + L ln s)**2, L = {arch}.rope.scaling.yarn_log_multiplier "
         f"({log_mul:g}{', absent' if 'yarn_log_multiplier' not in scaling else ''}), "
         f"s = {arch}.rope.scaling.factor ({factor:g})")


def _gguf_module() -> Any:
    try:
        import gguf
    except ImportError:
        gguf = None
    if gguf is None:
        raise ImportError("reading GGUF files needs the gguf package: pip install 'rope-ref[gguf]'")
    return gguf


def _open(path: str | os.PathLike[str]) -> tuple[str, Any]:
    gguf = _gguf_module()
    if not isinstance(path, (str, os.PathLike)):
        raise _validate.fail("path", "a path (str or os.PathLike)", path, kind=TypeError)
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        raise _io.FileReadError(f"{name!r} does not exist.", "file not found", missing=True) from None
    except (OSError, ValueError) as err:
        raise _io.FileReadError(f"{name!r} cannot be examined ({_io._reason(err)}).") from None
    _io._require_regular(name, mode)
    try:
        reader = gguf.GGUFReader(name, "r")
    except Exception as err:  # the reader raises ValueError, struct.error, IndexError, ... on bad bytes
        raise ValueError(f"{name!r} is not a readable GGUF file ({type(err).__name__}: {err}).") from None
    return name, reader


def _value(reader: Any, key: str) -> Any:
    fld = reader.fields.get(key)
    if fld is None:
        return None
    value = fld.contents()
    return value.tolist() if isinstance(value, np.ndarray) else value


def describe_gguf(path: str | os.PathLike[str]) -> GGUFInfo:
    """What a GGUF file says about its RoPE, and where each value came from, as llama.cpp reads it.

    Example:
        >>> import os, tempfile
        >>> import gguf
        >>> from rope_ref import describe_gguf
        >>> path = os.path.join(tempfile.mkdtemp(), "yarn.gguf")
        >>> writer = gguf.GGUFWriter(path, "qwen2")
        >>> writer.add_block_count(1); writer.add_embedding_length(128); writer.add_head_count(2)
        >>> writer.add_rope_scaling_type(gguf.RopeScalingType.YARN); writer.add_rope_scaling_factor(4.0)
        >>> writer.add_rope_scaling_orig_ctx_len(32768)
        >>> writer.write_header_to_file(); writer.write_kv_data_to_file(); writer.write_tensors_to_file()
        >>> writer.close()
        >>> info = describe_gguf(path)
        >>> info.scaling["type"], info.sources["scaling.type"], info.sources["scaling.yarn_beta_fast"]
        ('yarn', 'qwen2.rope.scaling.type', 'llama.cpp default')

    Raises:
        ImportError: the gguf package is not installed (``pip install 'rope-ref[gguf]'``).
        ValueError: the path is not a regular file, not a GGUF file, or has an unknown architecture
            or scaling type (named with its key).
    """
    name, reader = _open(path)
    sources: dict[str, str] = {}
    notes: list[str] = []

    def get(key: str, what: str, default: Any = None) -> Any:
        value = _value(reader, key)
        if value is None:
            if default is not None:
                sources[what] = _DEFAULT
            return default
        sources[what] = key
        return value

    arch = _value(reader, "general.architecture")
    if not isinstance(arch, str):
        raise ValueError(f"{name!r}: general.architecture is missing; not a llama.cpp model file.")
    sources["arch"] = "general.architecture"
    k = f"{arch}."
    sections = get(k + "rope.dimension_sections", "sections")
    if arch in _CONDITIONAL:
        use_mrope = bool(sections) and len(sections) >= 2 and sections[0] > 0 and sections[1] > 0
        rope_type = "mrope" if use_mrope else _CONDITIONAL[arch]
    elif arch in _ROPE_TYPES:
        rope_type = _ROPE_TYPES[arch]
    else:
        raise ValueError(f"{name!r}: general.architecture = {arch!r} is not in llama.cpp's rope-type table "
                         "(llama_model_rope_type) as rope-ref knows it.")
    sources["rope_type"] = "llama_model_rope_type(general.architecture)"
    n_layer = get(k + "block_count", "n_layer")
    context_length = get(k + "context_length", "context_length")
    n_embd, n_head = _value(reader, k + "embedding_length"), _value(reader, k + "attention.head_count")
    if isinstance(n_head, list):
        n_head = max(n_head) if n_head else None
    head_dim = get(k + "attention.key_length", "head_dim")
    if head_dim is None and n_embd and n_head:
        head_dim = n_embd // n_head
        sources["head_dim"] = f"{k}embedding_length / {k}attention.head_count"
    n_rot = get(k + "rope.dimension_count", "n_rot")
    if n_rot is None:
        n_rot, sources["n_rot"] = head_dim, "head_dim (llama.cpp default)"
    if rope_type != "none" and not n_rot:
        raise ValueError(f"{name!r}: no {k}rope.dimension_count, {k}attention.key_length or embedding_length / "
                         "head_count to size the RoPE.")
    if arch in _ROPE_PART:
        notes.append(f"{arch}: the rope runs on a separate rope part of n_rot = {n_rot} features; dim is n_rot.")
        head_dim, sources["head_dim"] = n_rot, f"{k}rope.dimension_count (the rope part)"
    freq_base = float(get(k + "rope.freq_base", "freq_base", 10000.0))

    scaling: dict[str, Any] = {}

    def sget(key: str, what: str, default: Any = None) -> Any:
        value = get(k + "rope.scaling." + key, "scaling." + what, default)
        if value is not None:
            scaling[what] = value
        return value

    stype = sget("type", "type", "linear")
    if stype not in _SCALING_TYPES:
        raise ValueError(f"{name!r}: {k}rope.scaling.type = {stype!r} is not one llama.cpp knows "
                         f"({', '.join(_SCALING_TYPES)}).")
    factor = sget("factor", "factor")
    if factor is None:
        factor = get(k + "rope.scale_linear", "scaling.factor")  # llama.cpp's old key name
        if factor is not None:
            scaling["factor"] = factor
    if factor == 0.0:
        scaling["factor"] = None
    sget("original_context_length", "original_context_length", context_length)
    sget("attn_factor", "attn_factor", 1.0)
    # llama.cpp's loaders read these YaRN keys only for some architectures (_YARN_KEYS_READ); elsewhere
    # it keeps its defaults whatever the file says, and so does rope-ref, with a note.
    read = _YARN_KEYS_READ.get(arch, frozenset())
    for key, default in (("yarn_attn_factor", None), ("yarn_ext_factor", None), ("yarn_beta_fast", 32.0),
                         ("yarn_beta_slow", 1.0)):
        default = _YARN_DEFAULTS.get((arch, key), default)
        if key in read:
            sget(key, key, default)
            continue
        ignored = _value(reader, k + "rope.scaling." + key)
        if ignored is not None:
            notes.append(f"{k}rope.scaling.{key} = {ignored!r} is ignored: llama.cpp reads it only for "
                         f"{', '.join(a for a, keys in _YARN_KEYS_READ.items() if key in keys)}.")
        if default is not None:
            scaling[key], sources["scaling." + key] = default, _DEFAULT
    ext = scaling.get("yarn_ext_factor")
    scaling["ext_factor"] = float(ext) if ext is not None and ext >= 0 else (1.0 if stype == "yarn" else 0.0)
    sources["scaling.ext_factor"] = sources.get("scaling.yarn_ext_factor", f"{_DEFAULT} (1 for yarn, else 0)")
    sget("yarn_log_multiplier", "yarn_log_multiplier")
    for key in ("alpha",):
        if sget(key, key) is not None:
            raise ValueError(f"{name!r}: {k}rope.scaling.{key} = {scaling[key]!r} is not modelled.")
    sget("finetuned", "finetuned")
    if scaling.get("original_context_length") is None and (stype in ("yarn", "longrope")):
        raise ValueError(f"{name!r}: rope.scaling.type = {stype!r} needs {k}rope.scaling.original_context_length "
                         f"or {k}context_length.")

    freq_factors: dict[str, np.ndarray] = {}
    for tensor in reader.tensors:
        short = tensor.name.removesuffix(".weight")
        if short in _FACTOR_TENSORS:
            freq_factors[short] = np.array(tensor.data, dtype=np.float64).reshape(-1)
            sources[f"freq_factors.{short}"] = f"tensor {tensor.name}"
    if "rope_freqs" in freq_factors and len(freq_factors) > 1:
        notes.append("rope_freqs and rope_factors_* both present: llama.cpp uses rope_freqs.")
        freq_factors = {"rope_freqs": freq_factors["rope_freqs"]}
    if "rope_factors_long" in freq_factors:
        notes.append("LongRoPE: llama.cpp uses rope_factors_long when the context size n_ctx exceeds "
                     "original_context_length, for every position; pass seq_len=n_ctx to the RoPE.")

    swa_layers, freq_base_swa, n_rot_swa, head_dim_swa = None, None, None, None
    pattern = _value(reader, k + "attention.sliding_window_pattern")
    window = _value(reader, k + "attention.sliding_window")
    if arch == "gemma3":
        if window and n_layer:
            swa_layers = tuple(il % 6 < 5 for il in range(n_layer))
            sources["swa_layers"] = "llama.cpp gemma3: set_swa_pattern(6) (every 6th layer full attention)"
            freq_base_swa, sources["freq_base_swa"] = 10000.0, "llama.cpp gemma3: 10000, no scaling"
            scaling["swa_scale_one"] = True
            given = _value(reader, k + "rope.freq_base_swa")
            if given is not None and float(given) != 10000.0:
                notes.append(f"{k}rope.freq_base_swa = {given!r} is ignored by llama.cpp for gemma3 (10000).")
    elif pattern is not None and n_layer:
        if isinstance(pattern, list):
            swa_layers = tuple(bool(v) for v in pattern[:n_layer])
        else:
            swa_layers = tuple(pattern == 0 or il % pattern < pattern - 1 for il in range(n_layer))
        sources["swa_layers"] = k + "attention.sliding_window_pattern"
        freq_base_swa = float(get(k + "rope.freq_base_swa", "freq_base_swa", freq_base))
    if swa_layers is not None:
        n_rot_swa = get(k + "rope.dimension_count_swa", "n_rot_swa")
        head_dim_swa = get(k + "attention.key_length_swa", "head_dim_swa")

    softmax, sources["softmax_scale_factor"] = _softmax_scale_factor(arch, scaling)
    return GGUFInfo(name, arch, rope_type, int(n_rot or 0), int(head_dim or 0), freq_base, freq_base_swa,
                    n_rot_swa, head_dim_swa, scaling, tuple(int(v) for v in sections) if sections else None,
                    freq_factors, n_layer, context_length, swa_layers, sources, notes, softmax)


def from_gguf(path: str | os.PathLike[str], *, layer: int | None = None) -> RoPE | MultiAxisRoPE:
    """The RoPE llama.cpp computes for a GGUF file, in the GGUF tensors' feature order.

    NORM architectures give layout "interleaved" (ggml pairs adjacent features; convert_hf_to_gguf
    permuted the q/k weights so), NEOX ones "half", MROPE / IMROPE ones a
    :class:`rope_ref.MultiAxisRoPE`. See the module docstring for the rules.

    Example:
        >>> import os, tempfile
        >>> import gguf, numpy as np
        >>> from rope_ref import from_gguf
        >>> path = os.path.join(tempfile.mkdtemp(), "llama3.gguf")
        >>> writer = gguf.GGUFWriter(path, "llama")
        >>> writer.add_block_count(1); writer.add_embedding_length(32); writer.add_head_count(2)
        >>> writer.add_rope_freq_base(500000.0)
        >>> writer.add_tensor("rope_freqs.weight", np.array([1, 1, 2, 8, 8, 8, 8, 8], dtype=np.float32))
        >>> writer.write_header_to_file(); writer.write_kv_data_to_file(); writer.write_tensors_to_file()
        >>> writer.close()
        >>> rope = from_gguf(path)
        >>> rope.layout, [round(float(f), 6) for f in rope.inv_freq()[:3]]
        ('interleaved', [1.0, 0.193923, 0.018803])

    Parameters:
        path: the GGUF file (a regular file; FIFOs and devices are refused before reading).
        layer: the layer index for files whose layers differ (sliding-window layers); None when
            every layer has the same RoPE.

    Returns:
        RoPE, or MultiAxisRoPE for M-RoPE architectures.

    Raises:
        ImportError: the gguf package is missing: ``pip install 'rope-ref[gguf]'``.
        ValueError: not a regular file, not a GGUF file, an unknown architecture, or a RoPE
            rope-ref does not model (the message names the key and value); ``layer`` out of range,
            or None while the layers differ.
    """
    return describe_gguf(path).rope(layer)

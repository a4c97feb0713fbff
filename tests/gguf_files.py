"""GGUF files written the way llama.cpp's convert_hf_to_gguf.py writes them from a config.json.

Each ``plan_<model>()`` returns a :class:`Plan`: the ``gguf.GGUFWriter`` calls that the model's
converter class makes for the RoPE and for the shape keys a reader needs, in the converter's order,
and the RoPE tensors it yields (``rope_freqs``, ``rope_factors_long``/``_short``). No weights, no
vocabulary, no expert keys. :meth:`Plan.write` replays the calls into a file; ``without``,
``with_call``, ``with_tensor`` and ``with_arch`` make the broken files the porting check must catch.

Read from ggml-org/llama.cpp:
- ``convert_hf_to_gguf.py`` at commit 0024aa7417efd50a7c2a79e049dfbbbceb0beaaf: ``TextModel.__init__``
  (``rope_parameters``: ``rope_scaling`` mirrored, ``rope_theta``/``rotary_emb_base`` and the local
  theta ``rope_local_base_freq`` → ``sliding_attention``), ``TextModel.set_gguf_parameters`` (the
  generic keys: linear/YaRN scaling, ``mrope_section`` padded to 4, ``rope.freq_base``,
  ``rope.freq_base_swa``), ``LlamaModel`` (``rope.dimension_count`` = head dim; ``permute`` of q/k;
  ``generate_extra_tensors`` → ``rope_freqs`` for rope_type llama3);
- ``conversion/phi.py``, ``conversion/gpt_neox.py`` at commit 7bca1fd9ca2a681b0182e16f24f832b7be1942af
  (the same classes, split out of the script): ``Phi3MiniModel`` (no ``super()`` call: no
  ``rope.scaling.type``; ``rope.scaling.attn_factor`` = sqrt(1 + ln s / ln L0) for longrope;
  the two factor tensors), ``GPTNeoXModel`` (``rope.dimension_count`` = int(rotary_pct * head dim);
  no ``rope.freq_base`` at all, so llama.cpp's default 10000 applies);
- ``conversion/qwen.py`` at commit 2bbcf7fc93a460f04d5709756a48b2408443eecb: ``Qwen3Model(Qwen2Model)``
  (``Qwen2Model.set_gguf_parameters`` is TextModel's plus a pooling type, which a causal LM does not
  set; ``Qwen3Model`` adds only reranker keys), so a Qwen3 file carries TextModel's keys alone;
- ``conversion/deepseek.py`` at commit 01a723dc630d075780ac7081fd63fbd87780f665: ``DeepseekV2Model``
  (``rope.dimension_count`` = qk_rope_head_dim; ``rope.scaling.yarn_log_multiplier`` =
  0.1 * mscale_all_dim, the "[TAG_DEEPSEEK2_YARN_LOG_MUL_FIX]" convention).
Key names are those of the installed ``gguf`` package's ``GGUFWriter`` methods (gguf-py).

Configs: the fixtures in tests/data/configs (see SOURCES.md there) where one exists; the fields the
converter needs that a fixture leaves out (layer count, KV heads, ...) are added below with the model
repository they come from. ``load_hparams`` reads configs through ``AutoConfig(...).to_dict()``, so
transformers' defaults reach the converter: where a config omits a RoPE value (Llama 2's
``rope_theta``, Gemma 3's ``rope_theta`` and ``rope_local_base_freq``) the file carries the default.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import pathlib
from typing import Any

import numpy as np

CONFIGS = pathlib.Path(__file__).resolve().parent / "data" / "configs"


def fixture(name: str) -> dict[str, Any]:
    """tests/data/configs/<name>.json as a dict."""
    return json.loads((CONFIGS / f"{name}.json").read_text(encoding="utf-8"))


@dataclasses.dataclass(frozen=True)
class Plan:
    """What convert_hf_to_gguf writes: the architecture, GGUFWriter calls and RoPE tensors."""

    arch: str
    calls: tuple[tuple[str, tuple[Any, ...]], ...]
    tensors: tuple[tuple[str, np.ndarray], ...] = ()

    def write(self, path: str | pathlib.Path) -> pathlib.Path:
        """Replay the calls into a GGUF file at ``path``; returns the path."""
        import gguf
        writer = gguf.GGUFWriter(str(path), self.arch)
        for name, args in self.calls:
            getattr(writer, name)(*args)
        for name, data in self.tensors:
            writer.add_tensor(name, np.ascontiguousarray(data, dtype=np.float32))
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return pathlib.Path(path)

    def call(self, name: str) -> tuple[Any, ...]:
        """The arguments of the first call ``name`` (KeyError when there is none)."""
        return next(args for n, args in self.calls if n == name)

    def without(self, *names: str) -> Plan:
        """The plan without these calls or tensors."""
        return dataclasses.replace(self, calls=tuple(c for c in self.calls if c[0] not in names),
                                   tensors=tuple(t for t in self.tensors if t[0] not in names))

    def with_call(self, name: str, *args: Any) -> Plan:
        """The plan with call ``name`` given ``args`` (replaced where it is, else added)."""
        if any(n == name for n, _ in self.calls):
            calls = tuple((n, args if n == name else a) for n, a in self.calls)
        else:
            calls = (*self.calls, (name, args))
        return dataclasses.replace(self, calls=calls)

    def with_tensor(self, name: str, data: np.ndarray) -> Plan:
        """The plan with tensor ``name`` holding ``data`` (replaced or added)."""
        kept = tuple(t for t in self.tensors if t[0] != name)
        return dataclasses.replace(self, tensors=(*kept, (name, np.asarray(data, dtype=np.float32))))

    def with_arch(self, arch: str) -> Plan:
        """The plan written under another ``general.architecture``."""
        return dataclasses.replace(self, arch=arch)


# --- what TextModel does for every model ----------------------------------------------------------------

def _hparams(config: dict[str, Any]) -> dict[str, Any]:
    """TextModel.__init__: ``text_config`` moved to the root."""
    hp = copy.deepcopy(config)
    if "text_config" in hp:
        hp = {**hp, **hp["text_config"]}
    return hp


def _find(hp: dict[str, Any], keys: list[str]) -> Any:
    return next((hp[k] for k in keys if k in hp), None)


def _rope_parameters(hp: dict[str, Any]) -> dict[str, Any]:
    """TextModel.__init__: ``rope_parameters`` with rope_theta, the local theta and rope_type mirrored."""
    params = copy.deepcopy(hp.get("rope_parameters", hp.get("rope_scaling")) or {})
    theta = _find(hp, ["global_rope_theta", "rope_global_theta", "rope_theta_global", "rope_theta",
                       "rotary_emb_base"])
    local = _find(hp, ["local_rope_theta", "rope_local_theta", "rope_theta_local", "swa_rope_theta",
                       "rope_local_base_freq"])
    if "full_attention" not in params and "sliding_attention" not in params:
        if local is not None:
            params["sliding_attention"] = {"rope_theta": local}
        if "rope_theta" not in params and theta is not None:
            params["rope_theta"] = theta
        if "rope_type" not in params and (kind := params.get("type")) is not None:
            params["rope_type"] = kind
    return params


def _text_model(hp: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    """TextModel.set_gguf_parameters, the keys that shape the RoPE (in its order)."""
    calls: list[tuple[str, tuple[Any, ...]]] = []
    add = calls.append
    add(("add_block_count", (_find(hp, ["n_layers", "num_hidden_layers", "n_layer", "num_layers"]),)))
    for name, keys in (("add_context_length", ["max_position_embeddings", "n_ctx", "n_positions"]),
                       ("add_embedding_length", ["hidden_size", "n_embd", "dim"]),
                       ("add_head_count", ["num_attention_heads", "n_head", "n_heads"]),
                       ("add_head_count_kv", ["num_key_value_heads", "n_kv_heads"])):
        if (value := _find(hp, keys)) is not None:
            add((name, (value,)))
    rope = _rope_parameters(hp)
    params = rope.get("full_attention", rope)
    if (kind := params.get("rope_type")) is not None:
        factor = params.get("factor")
        if kind == "linear" and factor is not None:
            add(("add_rope_scaling_type", ("linear",)))
            add(("add_rope_scaling_factor", (factor,)))
        elif kind == "yarn" and factor is not None:
            add(("add_rope_scaling_type", ("yarn",)))
            add(("add_rope_scaling_factor", (factor,)))
            add(("add_rope_scaling_orig_ctx_len", (params["original_max_position_embeddings"],)))
            for key, call in (("extrapolation_factor", "add_rope_scaling_yarn_ext_factor"),
                              ("beta_fast", "add_rope_scaling_yarn_beta_fast"),
                              ("beta_slow", "add_rope_scaling_yarn_beta_slow")):
                if (value := params.get(key)) is not None:
                    add((call, (value,)))
            if (attn := params.get("attention_factor", params.get("attn_factor"))) is not None:
                add(("add_rope_scaling_yarn_attn_factor", (attn,)))
        elif kind in ("su", "longrope"):
            add(("add_rope_scaling_type", ("longrope",)))
        # "llama3": rope_freqs from generate_extra_tensors; "dynamic": the model class's business
    if "mrope_section" in rope:
        sections = list(rope["mrope_section"])
        while len(sections) < 4:  # padded to [time, height, width, extra]
            sections.append(0)
        add(("add_rope_dimension_sections", (sections[:4],)))
    if (theta := params.get("rope_theta")) is not None:
        add(("add_rope_freq_base", (theta,)))
    if (local := rope.get("sliding_attention", {}).get("rope_theta")) is not None:
        add(("add_rope_freq_base_swa", (local,)))
    if (head_dim := hp.get("head_dim")) is not None:
        add(("add_key_length", (head_dim,)))
        add(("add_value_length", (head_dim,)))
    return calls


def _scaling_type(calls: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[str, tuple[Any, ...]]]:
    """GGUFWriter.add_rope_scaling_type takes a RopeScalingType: map the names given above to it."""
    import gguf
    kinds = {"linear": gguf.RopeScalingType.LINEAR, "yarn": gguf.RopeScalingType.YARN,
             "longrope": gguf.RopeScalingType.LONGROPE, "none": gguf.RopeScalingType.NONE}
    return [(n, (kinds[a[0]],) if n == "add_rope_scaling_type" else a) for n, a in calls]


def _plan(arch: str, calls: list[tuple[str, tuple[Any, ...]]],
          tensors: list[tuple[str, np.ndarray]] | None = None) -> Plan:
    return Plan(arch, tuple(_scaling_type(calls)), tuple(tensors or ()))


# --- Llama (NORM: convert_hf_to_gguf permutes q/k so that HF's half pairing becomes NORM) ---------------

def llama3_rope_freqs(hp: dict[str, Any]) -> np.ndarray:
    """LlamaModel.generate_extra_tensors for rope_type llama3, in float32 as torch computes it.

    Note ``old_context_len`` comes from the config's top level (default 8192), not from
    ``rope_scaling``, exactly as the converter reads it. NumPy's float32 power may differ from
    torch's in the last bit.
    """
    params = _rope_parameters(hp)
    params = params.get("full_attention", params)
    f32 = np.float32
    base = params.get("rope_theta", 10000.0)
    dim = hp.get("head_dim") or hp["hidden_size"] // hp["num_attention_heads"]
    freqs = f32(1.0) / (f32(base) ** (np.arange(0, dim, 2, dtype=f32) / f32(dim)))
    factor = params.get("factor", 8.0)
    low, high = params.get("low_freq_factor", 1.0), params.get("high_freq_factor", 4.0)
    old = hp.get("original_max_position_embeddings", 8192)
    low_wavelen, high_wavelen = old / low, old / high
    out = []
    for freq in freqs:
        wavelen = f32(2 * math.pi) / freq
        if wavelen < high_wavelen:
            out.append(1.0)
        elif wavelen > low_wavelen:
            out.append(factor)
        else:
            smooth = (f32(old) / wavelen - f32(low)) / f32(high - low)
            out.append(f32(1) / ((f32(1) - smooth) / f32(factor) + smooth))
    return np.asarray(out, dtype=np.float32)


def _llama(config: dict[str, Any]) -> Plan:
    hp = _hparams(config)
    calls = _text_model(hp)
    calls.append(("add_rope_dimension_count", (hp.get("head_dim") or hp["hidden_size"] // hp["num_attention_heads"],)))
    tensors = []
    params = _rope_parameters(hp)
    if str(params.get("full_attention", params).get("rope_type", "")).lower() == "llama3":
        tensors.append(("rope_freqs.weight", llama3_rope_freqs(hp)))
    return _plan("llama", calls, tensors)


# meta-llama/Llama-3.1-8B config.json: the fields the fixture leaves out
LLAMA_3_1_8B = {**fixture("llama-3.1-8b"), "num_hidden_layers": 32, "num_key_value_heads": 8}
# meta-llama/Llama-2-7b-hf config.json: the same; rope_theta is absent, AutoConfig's default reaches the converter
LLAMA_2_7B = {**fixture("llama-2-7b"), "num_hidden_layers": 32, "num_key_value_heads": 32}
# mistralai/Mistral-7B-v0.1 config.json
MISTRAL_7B = {**fixture("mistral-7b-v0.1"), "num_hidden_layers": 32, "num_key_value_heads": 8}


def plan_llama_3_1() -> Plan:
    """Llama 3.1 8B: NORM, base 500000, the llama3 rule baked into ``rope_freqs``."""
    return _llama(LLAMA_3_1_8B)


def plan_llama_2() -> Plan:
    """Llama 2 7B: NORM, base 10000 (transformers' default, written by the converter), no scaling."""
    return _llama({**LLAMA_2_7B, "rope_theta": 10000.0})  # what AutoConfig(...).to_dict() hands over


def plan_mistral() -> Plan:
    """Mistral 7B v0.1: NORM (a LlamaModel), base 10000, no scaling."""
    return _llama(MISTRAL_7B)


# --- Qwen2 with YaRN, Qwen2-VL with M-RoPE (NEOX / MROPE: no permutation) --------------------------

# Qwen/Qwen2.5-7B config.json plus the YaRN block Qwen's model card (Qwen2.5-7B-Instruct, "Processing
# Long Texts") tells users to add for contexts past 32768 tokens.
QWEN2_5_7B_YARN = {**fixture("qwen2.5-7b"), "num_hidden_layers": 28, "num_key_value_heads": 4,
                   "rope_scaling": {"factor": 4.0, "original_max_position_embeddings": 32768, "type": "yarn"}}
# Qwen/Qwen2-VL-7B-Instruct config.json
QWEN2_VL_7B = {**fixture("qwen2-vl-7b-instruct"), "num_hidden_layers": 28, "num_key_value_heads": 4}


def plan_qwen2_yarn() -> Plan:
    """Qwen2.5 7B with YaRN factor 4 (Qwen2Model: TextModel's keys; no rope.dimension_count)."""
    return _plan("qwen2", _text_model(_hparams(QWEN2_5_7B_YARN)))


def plan_qwen2_vl() -> Plan:
    """Qwen2-VL 7B: M-RoPE sections [16, 24, 24] padded to [16, 24, 24, 0]."""
    return _plan("qwen2vl", _text_model(_hparams(QWEN2_VL_7B)))


# --- Qwen3 (NEOX; head_dim 128 is not hidden_size / num_attention_heads = 64) -------------------------

# Qwen/Qwen3-0.6B config.json, the RoPE-relevant fields and the shape keys the converter reads
# ("rope_theta" is an integer there, "rope_scaling" null).
QWEN3_0_6B = {"_source": "huggingface.co/Qwen/Qwen3-0.6B config.json", "architectures": ["Qwen3ForCausalLM"],
              "model_type": "qwen3", "hidden_size": 1024, "num_attention_heads": 16, "num_key_value_heads": 8,
              "head_dim": 128, "num_hidden_layers": 28, "max_position_embeddings": 40960, "rope_theta": 1000000,
              "rope_scaling": None}


def plan_qwen3() -> Plan:
    """Qwen3 0.6B (Qwen3Model -> Qwen2Model -> TextModel): no rope.dimension_count, key_length = head_dim 128."""
    return _plan("qwen3", _text_model(_hparams(QWEN3_0_6B)))


# --- Phi-3 with LongRoPE ------------------------------------------------------------------------------

# microsoft/Phi-3-mini-128k-instruct config.json
PHI_3_MINI_128K = {**fixture("phi-3-mini-128k-instruct"), "num_hidden_layers": 32, "num_key_value_heads": 32,
                   "sliding_window": 262144}


def plan_phi3_longrope() -> Plan:
    """Phi3MiniModel: no TextModel keys, attn factor sqrt(1 + ln s / ln L0), long/short factor tensors."""
    hp = _hparams(PHI_3_MINI_128K)
    n_embd, n_head = hp["hidden_size"], hp["num_attention_heads"]
    rope_dims = int(hp.get("partial_rotary_factor", 1.0) * n_embd) // n_head
    orig, ctx = hp["original_max_position_embeddings"], hp["max_position_embeddings"]
    calls = [("add_context_length", (ctx,)), ("add_rope_scaling_orig_ctx_len", (orig,)),
             ("add_embedding_length", (n_embd,)), ("add_block_count", (hp["num_hidden_layers"],)),
             ("add_head_count", (n_head,)), ("add_head_count_kv", (hp["num_key_value_heads"],)),
             ("add_rope_dimension_count", (rope_dims,)), ("add_rope_freq_base", (hp["rope_theta"],)),
             ("add_sliding_window", (hp.get("sliding_window") or 0,))]
    scaling = hp["rope_scaling"]
    scale = ctx / orig
    calls.append(("add_rope_scaling_attn_factors",
                  (math.sqrt(1 + math.log(scale) / math.log(orig)) if scale > 1.0 else 1.0,)))
    tensors = [("rope_factors_long.weight", np.asarray(scaling["long_factor"], dtype=np.float32)),
               ("rope_factors_short.weight", np.asarray(scaling["short_factor"], dtype=np.float32))]
    return _plan("phi3", calls, tensors)


# --- DeepSeek-V3 with YaRN and its log multiplier (NORM: HF pairs interleaved already) -----------------

# deepseek-ai/DeepSeek-V3 config.json
DEEPSEEK_V3 = {**fixture("deepseek-v3"), "num_hidden_layers": 61, "kv_lora_rank": 512, "v_head_dim": 128}


def plan_deepseek_v3() -> Plan:
    """DeepseekV2Model: MLA as MQA, rope.dimension_count = qk_rope_head_dim, log multiplier 0.1 * mscale_all_dim."""
    hp = _hparams(DEEPSEEK_V3)
    hp["num_key_value_heads"] = 1  # deepseek2 using MLA converts into MQA
    calls = _text_model(hp)
    kv_lora, rope_dim = hp["kv_lora_rank"], hp["qk_rope_head_dim"]
    calls += [("add_key_length", (kv_lora + rope_dim,)), ("add_value_length", (kv_lora,)),
              ("add_key_length_mla", (hp["qk_nope_head_dim"] + rope_dim,)),
              ("add_value_length_mla", (hp["v_head_dim"],)),
              ("add_rope_dimension_count", (rope_dim,))]
    if (mscale_all := _rope_parameters(hp).get("mscale_all_dim")) is not None:
        calls.append(("add_rope_scaling_yarn_log_mul", (0.1 * mscale_all,)))
    return _plan("deepseek2", calls)


# --- Gemma 3 with its sliding-window base ------------------------------------------------------------

# google/gemma-3-4b-it config.json (the text part; the vision tower left out). transformers'
# Gemma3TextConfig fills the rest: 8 heads, 4 KV heads, head_dim 256, rope_theta 1e6,
# rope_local_base_freq 10000, sliding_window_pattern 6, max_position_embeddings 131072.
GEMMA_3_4B = {"_source": "huggingface.co/google/gemma-3-4b-it config.json",
              "architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
              "text_config": {"hidden_size": 2560, "intermediate_size": 10240, "model_type": "gemma3_text",
                              "num_hidden_layers": 34, "rope_scaling": {"factor": 8.0, "rope_type": "linear"},
                              "sliding_window": 1024}}
GEMMA_3_TEXT_DEFAULTS = {"num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
                         "rope_theta": 1_000_000.0, "rope_local_base_freq": 10_000.0,
                         "sliding_window_pattern": 6, "max_position_embeddings": 131072}


def plan_gemma3() -> Plan:
    """Gemma3Model: linear factor 8 for the global layers, rope.freq_base_swa 10000 for the local ones.

    The converter writes ``attention.sliding_window`` but no pattern key for Gemma 3: llama.cpp's
    loader sets the pattern (every 6th layer global) and an unscaled sliding RoPE itself.
    """
    config = copy.deepcopy(GEMMA_3_4B)
    config["text_config"] = {**GEMMA_3_TEXT_DEFAULTS, **config["text_config"]}  # AutoConfig's to_dict
    hp = _hparams(config)
    calls = _text_model(hp)
    calls += [("add_context_length", (hp.get("max_position_embeddings", 131072),)),
              ("add_head_count", (hp.get("num_attention_heads", 8),)),
              ("add_key_length", (hp.get("head_dim", 256),)), ("add_value_length", (hp.get("head_dim", 256),)),
              ("add_rope_freq_base", (_rope_parameters(hp).get("rope_theta", 1_000_000.0),))]
    if hp.get("sliding_window_pattern") != 1:
        calls.append(("add_sliding_window", (hp["sliding_window"],)))
    calls.append(("add_head_count_kv", (hp.get("num_key_value_heads", 4),)))
    return _plan("gemma3", _last_wins(calls))


def _last_wins(calls: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[str, tuple[Any, ...]]]:
    """A key written twice keeps its last value (GGUFWriter refuses duplicates; the converter's later call
    is the one its models rely on)."""
    last = {name: args for name, args in calls}
    seen: set[str] = set()
    out = []
    for name, _ in calls:
        if name not in seen:
            seen.add(name)
            out.append((name, last[name]))
    return out


# --- GPT-NeoX with partial rotary -----------------------------------------------------------------------

# EleutherAI/gpt-neox-20b config.json
GPT_NEOX_20B = {**fixture("gpt-neox-20b"), "num_hidden_layers": 44}


def plan_gpt_neox() -> Plan:
    """GPTNeoXModel: rope.dimension_count = int(rotary_pct * head dim) = 24 of 96; no rope.freq_base."""
    hp = _hparams(GPT_NEOX_20B)
    calls = [("add_context_length", (hp["max_position_embeddings"],)),
             ("add_embedding_length", (hp["hidden_size"],)), ("add_block_count", (hp["num_hidden_layers"],)),
             ("add_rope_dimension_count",
              (int(hp["rotary_pct"] * (hp["hidden_size"] // hp["num_attention_heads"])),)),
             ("add_head_count", (hp["num_attention_heads"],))]
    return _plan("gptneox", calls)


#: name -> (the plan of the GGUF convert_hf_to_gguf writes, the config.json it was converted from)
MODELS: dict[str, tuple[Any, dict[str, Any]]] = {
    "llama-3.1-8b": (plan_llama_3_1, LLAMA_3_1_8B),
    "llama-2-7b": (plan_llama_2, LLAMA_2_7B),
    "mistral-7b-v0.1": (plan_mistral, MISTRAL_7B),
    "qwen2.5-7b-yarn": (plan_qwen2_yarn, QWEN2_5_7B_YARN),
    "qwen2-vl-7b-instruct": (plan_qwen2_vl, QWEN2_VL_7B),
    "qwen3-0.6b": (plan_qwen3, QWEN3_0_6B),
    "phi-3-mini-128k-instruct": (plan_phi3_longrope, PHI_3_MINI_128K),
    "deepseek-v3": (plan_deepseek_v3, DEEPSEEK_V3),
    "gemma-3-4b-it": (plan_gemma3, GEMMA_3_4B),
    "gpt-neox-20b": (plan_gpt_neox, GPT_NEOX_20B),
}


def write_pair(name: str, folder: str | pathlib.Path, plan: Plan | None = None) -> tuple[pathlib.Path, pathlib.Path]:
    """Write model ``name``'s GGUF (or ``plan``) and its config.json into ``folder``; returns both paths."""
    folder = pathlib.Path(folder)
    make, config = MODELS[name]
    gguf_path = (plan or make()).write(folder / f"{name}.gguf")
    config_path = folder / f"{name}.json"
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return gguf_path, config_path

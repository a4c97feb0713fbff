"""``rope-ref models compare FILE.gguf config.json``: is a GGUF's RoPE the RoPE of its config.json?

llama.cpp's RoPE for the file (:func:`rope_ref.describe_gguf`) is set against what transformers computes
for the config (:func:`rope_ref.describe_hf_config`), layer group by layer group, accounting for the
q/k permutation convert_hf_to_gguf applies to Llama-style models (HF's half pairing becomes ggml's
NORM pairing: the same rotation in a permuted basis, ``rope_ref.layout_permutation``). The verdict is
numeric: pairing, rotary dims, the inverse frequencies at a short and a long sequence length, and the
attention factor; each difference is then explained in words (base, rule, factor, frequency factors,
per-layer bases) with the GGUF key and the config key it came from. Outside the RoPE, the softmax-scale
factor is compared too: llama.cpp's deepseek2 multiplies 1/sqrt(head_dim) by (1 + L ln s)**2 (L the
GGUF's ``rope.scaling.yarn_log_multiplier``), transformers' DeepSeek by (0.1 * mscale_all_dim * ln s + 1)**2.

Tolerances: GGUF stores floats and factor tensors as float32 and the converter computes Llama 3's
``rope_freqs`` in float32, so values agree to :data:`RTOL` (relative), not to the last float64 bit.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import numpy as np

from rope_ref.scaling import get_mscale

#: relative agreement expected between a GGUF value (float32, float32 arithmetic) and the config's
RTOL = 1e-5

#: config.json ``architectures`` whose convert_hf_to_gguf class permutes the q/k rows per head
#: (``LlamaModel.permute``, ``undo_permute = True``): HF's half pairing becomes NORM (interleaved).
PERMUTING_ARCHITECTURES = {
    "LLaMAForCausalLM": "LlamaModel", "LlamaForCausalLM": "LlamaModel", "MistralForCausalLM": "LlamaModel",
    "MixtralForCausalLM": "LlamaModel", "LlamaModel": "LlamaModel", "ArceeForCausalLM": "ArceeModel",
    "DeepseekForCausalLM": "DeepseekModel",
}
#: transformers' default sliding-window pattern where a config may leave it out (Gemma3TextConfig)
_DEFAULT_PATTERN = {"gemma3": 6, "gemma3_text": 6}
#: config.json ``model_type`` values whose transformers attention multiplies the softmax scale by
#: yarn_get_mscale(factor, mscale_all_dim)**2 (DeepseekV2Attention, DeepseekV3Attention)
_SOFTMAX_MSCALE_MODEL_TYPES = ("deepseek_v2", "deepseek_v3")
_PAIRING = {"interleaved": "(x[2j], x[2j+1]) (ggml NORM)", "half": "(x[j], x[j+d/2]) (ggml NEOX)"}


class CompareError(Exception):
    """A file that cannot be read, or a request that makes no sense: exit code 2."""


@dataclasses.dataclass
class Difference:
    """One difference, in words, with the two values and where each came from."""

    what: str
    layers: str
    text: str
    gguf: Any = None
    config: Any = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _ranges(items: list[int]) -> str:
    """[0, 1, 2, 5] -> '0-2, 5'."""
    out: list[str] = []
    for i in items:
        if out and "-" not in out[-1].split(", ")[-1] and int(out[-1]) == i - 1:
            out[-1] = f"{out[-1]}-{i}"
        elif out and "-" in out[-1] and int(out[-1].split("-")[1]) == i - 1:
            out[-1] = f"{out[-1].split('-')[0]}-{i}"
        else:
            out.append(str(i))
    return ", ".join(out)


def _rel(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def _rule_name(scaling: Any) -> str:
    if scaling is None:
        return "none (the default rule)"
    name = type(scaling).__name__
    if name == "_FrequencyFactors":
        return "frequency factors (rope_freqs)"
    return name


def _config_view(raw: dict[str, Any]) -> dict[str, Any]:
    text = raw.get("text_config")
    return {**raw, **text} if isinstance(text, dict) else raw


def _rope_block(cfg: dict[str, Any]) -> dict[str, Any]:
    block = cfg.get("rope_parameters") or cfg.get("rope_scaling") or {}
    return block if isinstance(block, dict) else {}


def _hf_layer_types(raw: dict[str, Any], n: int | None, notes: list[str]) -> list[str | None] | None:
    """The layer type of every layer, as transformers derives it; None when the config has one RoPE."""
    from rope_ref.models._config import rope_layer_types
    types = rope_layer_types(raw)
    if not types:
        return None
    cfg = _config_view(raw)
    listed = cfg.get("layer_types")
    if isinstance(listed, list) and listed:
        return list(listed)
    n = cfg.get("num_hidden_layers", n)
    pattern = cfg.get("sliding_window_pattern", _DEFAULT_PATTERN.get(str(cfg.get("model_type"))))
    if not isinstance(n, int) or not isinstance(pattern, int) or pattern < 1:
        raise CompareError("the config has one RoPE per layer type but neither layer_types nor "
                           "sliding_window_pattern says which layer has which; pass --layer N.")
    if "sliding_window_pattern" not in cfg:
        notes.append(f"config.json has no sliding_window_pattern: transformers' default {pattern} is used "
                     "(every pattern-th layer is full attention).")
    return ["sliding_attention" if (i + 1) % pattern else "full_attention" for i in range(n)]


def _seq_lens(cfg: dict[str, Any], info: Any) -> list[int]:
    """A short and a long sequence length: rules that depend on it (LongRoPE) are checked at both."""
    block = _rope_block(cfg)
    orig = cfg.get("original_max_position_embeddings", block.get("original_max_position_embeddings"))
    ctx = cfg.get("max_position_embeddings", info.context_length)
    out = {1}
    for v in (orig, ctx):
        if isinstance(v, (int, float)) and v >= 1:
            out.add(int(v))
    return sorted(out)


def _config_softmax_scale_factor(cfg: dict[str, Any]) -> tuple[float, str]:
    """transformers' DeepSeek softmax-scale factor for a config, and where it came from.

    DeepseekV3Attention: softmax_scale = qk_head_dim**-0.5, times mscale**2 when rope_scaling has a
    nonzero mscale_all_dim, with mscale = yarn_get_mscale(factor, mscale_all_dim) = 0.1 * m * ln s + 1
    (1 when s <= 1). Other model types: 1.
    """
    model_type = cfg.get("model_type")
    if model_type not in _SOFTMAX_MSCALE_MODEL_TYPES:
        return 1.0, f"model_type {model_type!r}: no softmax-scale factor"
    block = _rope_block(cfg)
    m, s = block.get("mscale_all_dim"), block.get("factor")
    if not isinstance(m, (int, float)) or isinstance(m, bool) or not m:
        return 1.0, "no mscale_all_dim"
    if not isinstance(s, (int, float)) or isinstance(s, bool) or s <= 1:
        return 1.0, f"mscale_all_dim {m:g}, factor {s!r}"
    return get_mscale(float(s), float(m)) ** 2, f"mscale_all_dim {m:g}, factor {s:g}"


def _fields(scaling: Any) -> dict[str, Any]:
    if scaling is None or not dataclasses.is_dataclass(scaling):
        return {}
    return {f.name: getattr(scaling, f.name) for f in dataclasses.fields(scaling) if f.init}


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, (tuple, list, np.ndarray)) or isinstance(b, (tuple, list, np.ndarray)):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape != b.shape or bool(np.any(np.abs(a - b) > RTOL * np.maximum(np.abs(a), np.abs(b))))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return _rel(float(a), float(b)) > RTOL
    return a != b


def _shown(v: Any) -> str:
    if isinstance(v, (tuple, list)) and len(v) > 4:
        return f"[{len(v)} values]"
    if isinstance(v, float):
        return f"{v:.9g}"
    return repr(v)


class _Comparison:
    def __init__(self, info: Any, raw: dict[str, Any], config_path: str):
        self.info, self.raw, self.cfg = info, raw, _config_view(raw)
        self.config_path = config_path
        self.diffs: list[Difference] = []
        self.notes: list[str] = []
        self.checked: list[dict[str, Any]] = []
        arches = self.cfg.get("architectures") or []
        self.hf_arch = arches[0] if isinstance(arches, list) and arches else None
        self.converter = PERMUTING_ARCHITECTURES.get(self.hf_arch or "")

    def add(self, what: str, layers: str, text: str, gguf: Any = None, config: Any = None) -> None:
        self.diffs.append(Difference(what, layers, text, gguf, config))

    # --- one layer group --------------------------------------------------------------------------------
    def pairing(self, g: Any, h: Any, where: str) -> None:
        expected = "interleaved" if (self.converter and h.layout == "half") else h.layout
        if g.layout == expected:
            if g.layout != h.layout:
                self.notes.append(f"pairing: the GGUF pairs {_PAIRING[g.layout]}, transformers {_PAIRING[h.layout]}; "
                                  f"convert_hf_to_gguf's {self.converter} permutes the q/k rows of each head "
                                  "(rope_ref.layout_permutation), so this is the same rotation.")
            return
        permutes = (f"convert_hf_to_gguf's {self.converter} permutes q/k for {self.hf_arch}"
                    if self.converter else
                    f"convert_hf_to_gguf does not permute q/k for {self.hf_arch or 'this model'}")
        self.add("pairing", where,
                 f"pairing: the GGUF ({self.info.arch!r}, rope type {self.info.rope_type}) pairs {_PAIRING[g.layout]}; "
                 f"the model pairs {_PAIRING[h.layout]} in transformers and {permutes}, so llama.cpp needs "
                 f"{_PAIRING[expected]}.", g.layout, expected)

    def rotary(self, g: Any, h: Any, where: str) -> bool:
        if (g.dim, g.rotary_dim) == (h.dim, h.rotary_dim):
            return True
        src = self.info.sources.get("n_rot", f"{self.info.arch}.rope.dimension_count")
        self.add("rotary dims", where,
                 f"rotary dims: the GGUF rotates {g.rotary_dim} of {g.dim} features ({src}); config.json "
                 f"{h.rotary_dim} of {h.dim}.", [g.rotary_dim, g.dim], [h.rotary_dim, h.dim])
        return False

    def group(self, g: Any, hinfo: Any, where: str, per_layer: bool, swa: bool) -> None:
        h = hinfo.rope
        self.pairing(g, h, where)
        if not self.rotary(g, h, where):
            return
        worst: tuple[float, int, list[int]] | None = None
        for n in _seq_lens(self.cfg, self.info):
            a, b = g.inv_freq(seq_len=n), h.inv_freq(seq_len=n)
            rel = np.abs(a - b) / np.maximum(np.abs(a), np.abs(b))
            bad = [int(j) for j in np.nonzero(rel > RTOL)[0]]
            if bad and (worst is None or rel.max() > worst[0]):
                worst = (float(rel.max()), n, bad)
        attn_g, attn_h = float(g.attention_factor), float(h.attention_factor)
        attn_bad = _rel(attn_g, attn_h) > RTOL
        if worst is None and not attn_bad:
            return
        base_key = "freq_base_swa" if swa and self.info.freq_base_swa is not None else "freq_base"
        if _rel(g.base, h.base) > RTOL:
            what = "per-layer bases" if per_layer else "base"
            self.add(what, where, f"{what[:-2] if per_layer else what}: the GGUF has {g.base:g} "
                     f"({self.info.sources.get(base_key, base_key)}); config.json {h.base:g} "
                     f"({hinfo.sources.get('base', 'rope_theta')}).", g.base, h.base)
        name_g, name_h = _rule_name(g.scaling), _rule_name(h.scaling)
        same_kind = type(g.scaling) is type(h.scaling)
        if not same_kind and not (name_g.startswith("frequency factors") and name_h == "Llama3"):
            hint = ""
            if name_h == "Llama3" and "rope_freqs" not in self.info.freq_factors:
                hint = " The GGUF has no rope_freqs tensor; convert_hf_to_gguf writes one for rope_type llama3."
            if swa and g.scaling is not None and h.scaling is None:
                hint = " llama.cpp applies the global scaling to the sliding-window layers here; transformers " \
                       "leaves them unscaled."
            self.add("rule", where, f"rule: the GGUF's is {name_g} ({self._scaling_source()}); config.json's "
                     f"is {name_h} ({hinfo.sources.get('rule', 'rope_scaling')}).{hint}", name_g, name_h)
        elif same_kind:
            fg, fh = _fields(g.scaling), _fields(h.scaling)
            for key in sorted(set(fg) & set(fh)):
                if key == "attention_factor_override" or not _differs(fg[key], fh[key]):
                    continue
                what = "factor" if key == "factor" else "rule"
                self.add(what, where, f"{what}: {name_g} {key} is {_shown(fg[key])} in the GGUF, "
                         f"{_shown(fh[key])} in config.json.", _shown(fg[key]), _shown(fh[key]))
        if worst is not None:
            rel, n, bad = worst
            kind = "frequency factors" if (self.info.freq_factors or name_h in ("Llama3", "LongRoPE")) \
                else "frequencies"
            self.add(kind, where, f"{kind}: at seq_len {n} the inverse frequencies differ by up to "
                     f"{rel:.3g} (relative) at pairs j = {_ranges(bad)} ({len(bad)} of {len(np.atleast_1d(a))}).",
                     rel, bad)
        if attn_bad:
            src = ", ".join(f"{self.info.arch}.rope.scaling.{k}" for k in ("attn_factor", "yarn_log_multiplier")
                            if k in self.info.scaling) or "the rule"
            self.add("attention factor", where, f"attention factor: the GGUF gives {attn_g:.9g} ({src}); "
                     f"config.json {attn_h:.9g}.", attn_g, attn_h)

    def _scaling_source(self) -> str:
        keys = [v for k, v in self.info.sources.items() if "scal" in k or "factor" in k or "rope_freqs" in str(v)]
        return ", ".join(dict.fromkeys(keys)) or "no rope.scaling keys"

    def multiaxis(self, g: Any) -> None:
        from rope_ref.hf import from_hf_config_multiaxis
        try:
            h = from_hf_config_multiaxis(self.raw)
        except (ValueError, TypeError) as err:
            self.add("rule", "all", f"rule: the GGUF has M-RoPE (sections {list(self.info.sections or ())}); "
                     f"config.json does not read as multi-axis: {err}")
            return
        where = "all"
        if g.layout != h.layout:
            self.add("pairing", where, f"pairing: the GGUF pairs {_PAIRING[g.layout]}, the model "
                     f"{_PAIRING[h.layout]}.", g.layout, h.layout)
        if not self.rotary(g, h, where):
            return
        if tuple(g.mrope_section or ()) != tuple(h.mrope_section or ()):
            self.add("rule", where, f"rule: M-RoPE sections {list(g.mrope_section or ())} in the GGUF "
                     f"({self.info.arch}.rope.dimension_sections), {list(h.mrope_section or ())} in config.json "
                     "(mrope_section).", list(g.mrope_section or ()), list(h.mrope_section or ()))
        a, b = np.asarray(g.frequencies, dtype=float), np.asarray(b_ := h.frequencies, dtype=float)
        if a.shape == b.shape:
            rel = np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-300)
            if rel.max() > RTOL:
                bad = sorted({int(j) for j in np.nonzero(rel > RTOL)[-1]})
                self.add("frequencies", where, f"frequencies: differ by up to {rel.max():.3g} (relative) at "
                         f"pairs j = {_ranges(bad)}.", float(rel.max()), bad)
        elif np.asarray(b_).size:
            self.add("frequencies", where, f"frequencies: shapes differ ({a.shape} in the GGUF, {b.shape} in "
                     "config.json).")

    def softmax_scale(self) -> None:
        """The factor on the attention's 1/sqrt(head_dim), outside the RoPE (DeepSeek's YaRN mscale)."""
        info = self.info
        g = float(getattr(info, "softmax_scale_factor", 1.0))
        h, h_src = _config_softmax_scale_factor(self.cfg)
        if _rel(g, h) <= RTOL:
            return
        if "yarn_log_multiplier" in info.scaling:
            g_src = f"yarn_log_multiplier {float(info.scaling['yarn_log_multiplier']):.7g}"
        else:
            g_src = f"no {info.arch}.rope.scaling.yarn_log_multiplier" if info.arch == "deepseek2" else \
                f"llama.cpp {info.arch}: no YaRN log multiplier"
        hint = ""
        if info.arch == "deepseek2" and h != 1.0:
            block = _rope_block(self.cfg)
            hint = (f" convert_hf_to_gguf writes yarn_log_multiplier = 0.1 * mscale_all_dim = "
                    f"{0.1 * float(block['mscale_all_dim']):.7g}.")
        self.add("softmax scale factor", "all", f"softmax scale factor: GGUF {g:.4g} ({g_src}), config {h:.4g} "
                 f"({h_src}).{hint}", g, h)

    # --- the whole file ------------------------------------------------------------------------------------
    def run(self, layer: int | None) -> None:
        from rope_ref.models._config import describe_hf_config
        from rope_ref.multiaxis import MultiAxisRoPE
        info = self.info
        self.softmax_scale()
        if info.rope_type in ("mrope", "imrope"):
            self.multiaxis(info.rope(None))
            self.checked.append({"layers": "all", "layer_type": None})
            return
        if "mrope_section" in _rope_block(self.cfg):
            sections = _rope_block(self.cfg)["mrope_section"]
            self.add("rule", "all", f"rule: config.json has M-RoPE (mrope_section {sections}); "
                     f"the GGUF's architecture {info.arch!r} has rope type {info.rope_type}, which has no sections. "
                     "Text positions still agree below.")
        n = info.n_layer or self.cfg.get("num_hidden_layers")
        types = _hf_layer_types(self.raw, n, self.notes)
        layers = [layer] if layer is not None else (list(range(n)) if (types or info.swa_layers) and n else [None])
        if layer is not None and n is not None and not 0 <= layer < n:
            raise CompareError(f"--layer must be in [0, {n}); got {layer}.")
        groups: dict[tuple[Any, Any], list[int | None]] = {}
        for i in layers:
            swa = bool(info.swa_layers[i]) if (i is not None and info.swa_layers) else False
            lt = types[i] if (types and i is not None and i < len(types)) else None
            groups.setdefault((swa, lt), []).append(i)
        per_layer = len(groups) > 1 or bool(types)
        for (swa, lt), members in groups.items():
            first = members[0]
            where = "all" if first is None else (f"layer {first}" if len(members) == 1 else
                                                  f"layers {_ranges([int(m) for m in members])}")
            if lt is not None:
                where += f" ({lt})"
            try:
                g = info.rope(first if info.swa_layers else None)
            except ValueError as err:
                raise CompareError(str(err)) from None
            if isinstance(g, MultiAxisRoPE):
                self.multiaxis(g)
                continue
            hinfo = describe_hf_config(self.raw, layer_type=lt)
            self.group(g, hinfo, where, per_layer, swa)
            self.checked.append({"layers": where, "layer_type": lt, "sliding_window": swa})


def compare(gguf_path: str | os.PathLike[str], config_path: str | os.PathLike[str], *,
            layer: int | None = None) -> dict[str, Any]:
    """Whether a GGUF's RoPE is the RoPE of the config.json it was converted from.

    Returns a JSON-ready dict: ``same``, ``differences`` (each with ``what``: pairing, base, per-layer
    bases, rule, factor, frequency factors, frequencies, attention factor, softmax scale factor or rotary
    dims; ``layers``;
    ``text``; the two values), ``notes`` and the layer groups ``checked``.

    Raises:
        CompareError: a file that cannot be read, a GGUF whose RoPE rope-ref does not model, a config
            refused by the reader, a layer out of range.
    """
    import warnings

    from rope_ref.gguf import describe_gguf
    from rope_ref.models._config import read_config
    from rope_ref.models._keys import ConfigError, ConfigWarning
    try:
        info = describe_gguf(gguf_path)
    except (OSError, ValueError, TypeError, ImportError) as err:
        raise CompareError(str(err).splitlines()[0]) from None
    try:
        raw = read_config(config_path)
    except (ConfigError, TypeError, OSError) as err:
        raise CompareError(str(err).splitlines()[0]) from None
    comparison = _Comparison(info, raw, os.fspath(config_path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        try:
            comparison.run(layer)
        except (ConfigError, ValueError, TypeError) as err:
            raise CompareError(str(err).splitlines()[0]) from None
    warned = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, ConfigWarning)))
    return {"gguf": os.fspath(gguf_path), "config": os.fspath(config_path), "arch": info.arch,
            "rope_type": info.rope_type, "model_type": comparison.cfg.get("model_type"),
            "architecture": comparison.hf_arch, "same": not comparison.diffs,
            "differences": [d.as_dict() for d in comparison.diffs], "notes": list(dict.fromkeys(comparison.notes)),
            "checked": comparison.checked, "warnings": warned}

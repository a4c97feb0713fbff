"""Golden vectors for one model's RoPE, from its config.json: what a porter to llama.cpp, MLX or
candle checks their RoPE against.

``rope-ref golden generate --config config.json [--layer-type T] --out DIR`` writes a set in the
golden format (manifest.json, one folder of .npy files per case) plus ``model.json``, the config
and layer type it was made from; ``rope-ref golden verify DIR`` recomputes every case from it.

What a set holds (:func:`plan` says it for a config, ``generate`` prints it):

- the text RoPE (:func:`rope_ref.describe_hf_config`): ``<prefix>_apply_short`` at positions
  0..63; for rules whose frequencies depend on the sequence length (LongRoPE, dynamic NTK)
  ``<prefix>_apply_original`` within the pre-training length L0; ``<prefix>_apply_long`` around
  L0 and up to the rule's extended range (factor x L0, or max_position_embeddings when larger);
  ``<prefix>_cos_sin``, the tables as the family's code in transformers returns them: times the
  attention factor (flag ``AttentionFactorInTables`` when it is not 1);
- for M-RoPE language models and models with a 2-D vision RoPE
  (:func:`rope_ref.from_hf_config_multiaxis`): ``<prefix>_multiaxis_grid``, a patch grid of
  (t, h, w) or (row, column) positions, and for M-RoPE ``<prefix>_multiaxis_text``, text tokens
  (every coordinate the token index) at the long positions.

Every case carries the committed set's flags (``PartialRotary``, ``AttentionFactor``,
``SeqLenDependent``, ``LongPosition``, ``Divergence``); where the frequencies depend on the
sequence length, ``seq_len`` is an input array (max(positions) + 1, what transformers uses).

Example:
    >>> import tempfile
    >>> from rope_ref.golden import model_set
    >>> config = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 4, "rope_theta": 500000.0}
    >>> [s.id for s in model_set.model_cases(config)]
    ['llama_apply_short', 'llama_apply_long', 'llama_cos_sin']
    >>> out = model_set.generate_model_set(config, tempfile.mkdtemp() + "/llama")
    >>> from rope_ref import golden
    >>> golden.verify(out).passed
    True
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref.golden._files import GoldenFileError, read_json
from rope_ref.golden.catalogue import MODEL_SET_FLAGS, REFERENCE_PRECISION, CaseSpec, _features
from rope_ref.hf import ModelInfo, describe_hf_config, from_hf_config_multiaxis, read_config
from rope_ref.models import family
from rope_ref.models._keys import _block_of_rule
from rope_ref.multiaxis import MultiAxisRoPE
from rope_ref.rope import RoPE

__all__ = ["MODEL_FILE", "NOTES", "ModelSetPlan", "cases_of", "generate_model_set", "model_cases", "plan",
           "read_model_file"]

MODEL_FILE = "model.json"
"""The file beside manifest.json that marks a model set and holds what it was made from."""

NOTES = MODEL_SET_FLAGS
"""The notes table of a model set's manifest: the committed set's flags and ``AttentionFactorInTables``."""

_SHORT = 64  # positions 0..63 of the short case
_LONG_POSITION = 2**16  # the committed set's LongPosition threshold
_DEFAULT_MAX_POSITION = 4096  # when a config gives no max_position_embeddings


@dataclasses.dataclass(frozen=True)
class ModelSetPlan:
    """What a model's set holds and why: the RoPE read from the config, the lengths the long
    cases reach, the parts covered (and not covered) and the cases.

    Example:
        >>> from rope_ref.golden import model_set
        >>> p = model_set.plan({"model_type": "llama", "hidden_size": 256, "num_attention_heads": 4,
        ...                     "max_position_embeddings": 8192})
        >>> p.as_dict()["head_dim"]["value"], p.extended, [part["part"] for part in p.covers()]
        (64, 8192, ['text positions (one position per token)'])

    Attributes:
        info: :func:`rope_ref.describe_hf_config`'s answer (None when the config has no text
            RoPE, e.g. a vision model: the set then holds its multi-axis cases only).
        multiaxis: the :class:`rope_ref.MultiAxisRoPE` of the multi-axis cases, or None.
        multiaxis_part: what it is, in words ("M-RoPE (mrope) of the language model: (t, h, w)
            positions", ...), or None.
        max_position_embeddings, original, extended: the config's window, the pre-training
            length L0 the rule extends, and the rule's extended range (factor x L0, or
            max_position_embeddings when larger) the long cases reach.
        lengths_rule: how ``original`` and ``extended`` were found, in words.
        not_covered: what the set does not cover, one sentence each.
        cases: the cases, in manifest order.
    """

    info: ModelInfo | None
    multiaxis: MultiAxisRoPE | None
    multiaxis_part: str | None
    max_position_embeddings: int
    original: int
    extended: int
    lengths_rule: str
    not_covered: tuple[str, ...]
    cases: tuple[CaseSpec, ...]

    def covers(self) -> list[dict[str, Any]]:
        """The parts of the model the set covers, each with its case ids."""
        parts = []
        text = [s.id for s in self.cases if s.kind != "multiaxis"]
        if text:
            parts.append({"part": "text positions (one position per token)", "cases": text})
        grid = [s.id for s in self.cases if s.kind == "multiaxis"]
        if grid:
            parts.append({"part": self.multiaxis_part, "cases": grid})
        return parts

    def as_dict(self) -> dict[str, Any]:
        """What was read from the config and where it came from, and what the set covers (``--json``)."""
        out: dict[str, Any] = {"cases": [s.id for s in self.cases], "covers": self.covers(),
                               "not_covered": list(self.not_covered),
                               "lengths": {"max_position_embeddings": self.max_position_embeddings,
                                           "original": self.original, "extended": self.extended,
                                           "rule": self.lengths_rule}}
        info = self.info
        if info is not None:
            rope = info.rope
            scaling = rope.scaling
            out.update({
                "model_type": info.model_type, "layer_type": info.layer_type, "source": info.source,
                "head_dim": {"value": rope.dim, "rule": info.head_dim_rule},
                "rotary_dim": {"value": rope.rotary_dim, "rule": info.rotary_dim_rule},
                "layout": {"value": rope.layout, "rule": info.layout_rule},
                "rope_theta": rope.base,
                "rule": "default" if scaling is None else scaling.rope_type,
                "rope_scaling": _scaling_params(scaling),
                "attention_factor": rope.attention_factor,
                "attention_factor_in_tables": True,
                "seq_len_dependent": bool(scaling is not None and scaling.depends_on_seq_len),
                "output_order": info.output_order, "multi_axis": info.multi_axis, "notes": list(info.notes)})
        if self.multiaxis is not None:
            m = self.multiaxis
            out["multiaxis"] = {"part": self.multiaxis_part, "axes": m.axes, "head_dim": m.dim,
                                "rotary_dim": m.rotary_dim, "layout": m.layout}
        return out

    def describe(self) -> str:
        """The same as text, one fact a line (what ``rope-ref golden generate --config`` prints)."""
        d = self.as_dict()
        lines = []
        if self.info is not None:
            layer = f" (layer type {d['layer_type']})" if d["layer_type"] else ""
            lines += [f"model type   {d['model_type']}{layer}: {d['source']}",
                      f"head dim     {d['head_dim']['value']}: {d['head_dim']['rule']}",
                      f"rotary dim   {d['rotary_dim']['value']}: {d['rotary_dim']['rule']}",
                      f"layout       {d['layout']['value']}: {d['layout']['rule']}",
                      f"base         {d['rope_theta']!r} (rope_theta)",
                      f"rule         {d['rule']}" + (f" ({_short_block(d['rope_scaling'])})" if d["rope_scaling"]
                                                         else ""),
                      f"attention    a = {d['attention_factor']!r}, in the rotated output and in the cos/sin tables "
                      "(as transformers)"]
            if d["seq_len_dependent"]:
                lines.append("seq_len      the frequencies depend on it: each case carries seq_len "
                             "(max(positions) + 1, as transformers computes it) as an input")
            lines += [f"note         {note}" for note in d["notes"]]
        lengths = d["lengths"]
        lines.append(f"positions    up to {lengths['extended'] - 1} (L0 = {lengths['original']}, "
                     f"max_position_embeddings = {lengths['max_position_embeddings']}: {lengths['rule']})")
        if self.multiaxis is not None:
            m = d["multiaxis"]
            lines.append(f"multi-axis   {m['part']}: {m['axes']} axes, head dim {m['head_dim']}, rotary dim "
                         f"{m['rotary_dim']}, layout {m['layout']}")
        for part in d["covers"]:
            lines.append(f"covers       {part['part']}: {', '.join(part['cases'])}")
        lines += [f"not covered  {what}" for what in d["not_covered"]]
        return "\n".join(lines)


def _short_block(block: Mapping[str, Any]) -> str:
    """A scaling block in one line, long factor lists shortened."""
    shown = {k: (f"[{len(v)} values]" if isinstance(v, list) and len(v) > 4 else v) for k, v in block.items()
             if k != "rope_type" and v is not None}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def _scaling_params(scaling: Any) -> dict[str, Any] | None:
    return None if scaling is None else _block_of_rule(scaling)  # config vocabulary, as the catalogue's


def _prefix(model_type: str | None, layer_type: str | None) -> str:
    name = "_".join(p for p in (model_type or "model", layer_type) if p)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _length(value: Any) -> int | None:
    """A positive finite length from a config value, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 1:
        return None
    return int(value)


def _lengths(cfg: Mapping[str, Any], rope: RoPE | None, context: float | None) -> tuple[int, int, int, str]:
    """(max_position_embeddings, L0, extended range R, how they were found) of a model.

    R = factor x L0 for the rules that extend a pre-training length (YaRN, linear, dynamic NTK,
    Llama 3, LongRoPE), or max_position_embeddings when that is larger; L0 is the rule's
    original_max_position_embeddings (dynamic NTK: its max_position_embeddings; linear: the
    config's original_max_position_embeddings, else max_position_embeddings).
    """
    text = cfg.get("text_config") if isinstance(cfg.get("text_config"), dict) else {}
    mpe = _length(cfg.get("max_position_embeddings")) or _length(text.get("max_position_embeddings")) \
        or _length(context)
    told = mpe is not None
    mpe = mpe or _DEFAULT_MAX_POSITION
    scaling = None if rope is None else rope.scaling
    if scaling is None:
        rule = "max_position_embeddings" if told else \
            f"no max_position_embeddings in the config: {_DEFAULT_MAX_POSITION} assumed"
        return mpe, mpe, mpe, rule
    factor = getattr(scaling, "scale", None) or getattr(scaling, "factor", None)  # LongRoPE's s, else the factor
    original = _length(getattr(scaling, "original_max_position_embeddings", None)) \
        or _length(getattr(scaling, "max_position_embeddings", None)) \
        or _length(cfg.get("original_max_position_embeddings")) or _length(text.get("original_max_position_embeddings"))
    where = "the rule's original length" if original else "max_position_embeddings as the original length"
    original = original or mpe
    if not isinstance(factor, (int, float)) or not math.isfinite(factor) or factor <= 1:
        return mpe, original, max(mpe, original), f"{where}; the rule has no factor above 1"
    extended = round(float(factor) * original)
    if extended >= mpe:
        return mpe, original, extended, f"{where} x factor {float(factor):g}"
    return mpe, original, mpe, f"max_position_embeddings, larger than {where} x factor {float(factor):g}"


def _divergence(rope: RoPE) -> bool:
    """Whether peer libraries read this rule differently (docs/divergences.md), as the committed set flags it."""
    s = rope.scaling
    if s is None:
        return False
    if s.rope_type in ("dynamic", "longrope"):
        return True
    if s.rope_type == "llama3":
        return s.low_freq_factor == s.high_freq_factor  # type: ignore[attr-defined]
    if s.rope_type == "yarn":  # mscale without mscale_all_dim: transformers and vLLM's DeepSeek class differ
        return bool(getattr(s, "mscale", None)) and not getattr(s, "mscale_all_dim", None) \
            and getattr(s, "attention_factor_override", None) is None
    return False


def _text_flags(rope: RoPE, top: int, kind: str) -> tuple[str, ...]:
    flags = []
    if rope.rotary_dim < rope.dim:
        flags.append("PartialRotary")
    if rope.attention_factor != 1.0:
        flags.append("AttentionFactor")
        if kind == "cos_sin":
            flags.append("AttentionFactorInTables")
    if rope.scaling is not None and rope.scaling.depends_on_seq_len:
        flags.append("SeqLenDependent")
    if top >= _LONG_POSITION:
        flags.append("LongPosition")
    if _divergence(rope):
        flags.append("Divergence")
    return tuple(sorted(flags))


def _long_positions(original: int, extended: int, mpe: int) -> np.ndarray:
    """The long case's positions: 0, 1, around L0, the window's end, and up to the extended range R - 1."""
    long = np.array([0, 1, original - 1, original, original + 1, mpe - 1, extended // 2, extended - 1])
    return np.unique(long[(long >= 0) & (long < extended)]).astype(np.int64)


def _text_cases(info: ModelInfo, prefix: str, comment: str, original: int, long: np.ndarray) -> list[CaseSpec]:
    rope = dataclasses.replace(info.rope, precision=REFERENCE_PRECISION)
    params: dict[str, Any] = {"head_dim": rope.dim, "rotary_dim": rope.rotary_dim, "rope_theta": rope.base,
                              "layout": rope.layout, "rope_scaling": _scaling_params(rope.scaling),
                              "model_type": info.model_type, "layer_type": info.layer_type}
    by_length = rope.scaling is not None and rope.scaling.depends_on_seq_len
    a = rope.attention_factor

    def inputs(positions: np.ndarray, x: bool = True) -> Callable[[np.random.Generator], dict[str, np.ndarray]]:
        def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
            out = {"positions": positions}
            if x:
                out["x"] = _features(rng, (positions.size, rope.dim))
            if by_length:  # max(positions) + 1: the length transformers computes the frequencies for
                out["seq_len"] = np.array(int(positions.max()) + 1, dtype=np.int64)
            return out
        return make

    def case(suffix: str, what: str, kind: str, positions: np.ndarray) -> CaseSpec:
        return CaseSpec(f"{prefix}_{suffix}", f"{comment}; {what}", kind, params,
                        inputs(positions, kind == "apply"), flags=_text_flags(rope, int(positions.max()), kind),
                        oracle=rope)

    short = np.arange(_SHORT, dtype=np.int64)
    extended = int(long.max()) + 1
    length = f", seq_len {int(long.max()) + 1}" if by_length else ""
    cases = [case("apply_short", f"positions 0..{_SHORT - 1}" + (f", seq_len {_SHORT}" if by_length else ""),
                  "apply", short)]
    if by_length and _SHORT < original < extended:  # LongRoPE's short factors, dynamic NTK's own base
        window = np.unique(np.array([0, 1, original // 2, original - 1])).astype(np.int64)
        cases.append(case("apply_original", f"positions up to L0 - 1 = {original - 1}, seq_len {original} (the "
                          "pre-training window)", "apply", window))
    reach = f"positions around L0 = {original} and up to {extended - 1}" if original < extended else \
        f"positions up to max_position_embeddings - 1 = {extended - 1}"
    cases.append(case("apply_long", reach + length, "apply", long))
    cases.append(case("cos_sin", f"cos and sin tables times the attention factor a = {a!r} (as transformers' "
                      f"rotary module returns them), positions up to {extended - 1}{length}", "cos_sin", long))
    return cases


def _multiaxis_part(info: ModelInfo | None, raw: Mapping[str, Any]) -> tuple[str, str] | None:
    """(kind, what it is in words) of the config's multi-axis RoPE, or None when it has none rope-ref builds."""
    if info is not None and info.multi_axis is not None:
        return info.multi_axis, f"M-RoPE ({info.multi_axis}) of the language model: (t, h, w) positions"
    fam = family(raw.get("model_type"))
    if fam is not None and fam.vision not in (None, "other"):
        return fam.vision, f"the vision encoder's 2-D RoPE ({fam.vision}): (row, column) positions"  # type: ignore[return-value]
    return None


def _multiaxis_cases(multi: MultiAxisRoPE, kind: str, part: str, prefix: str, comment: str, long: np.ndarray,
                     extra: Mapping[str, Any]) -> list[CaseSpec]:
    multi = dataclasses.replace(multi, precision=REFERENCE_PRECISION)
    params: dict[str, Any] = {"multiaxis": kind, "head_dim": multi.dim, "rotary_dim": multi.rotary_dim,
                              "axes": multi.axes, "layout": multi.layout, **extra}
    partial = ("PartialRotary",) if multi.rotary_dim < multi.dim else ()
    axes = multi.axes
    sides = (2, 3, 4) if axes == 3 else (4,) * axes
    offset = 5 if axes == 3 else 0  # M-RoPE: an image after five text tokens

    def grid(rng: np.random.Generator) -> dict[str, np.ndarray]:
        rows = np.stack(np.meshgrid(*[np.arange(n) for n in sides], indexing="ij"), axis=-1).reshape(-1, axes)
        rows = rows.astype(np.int64) + offset
        return {"x": _features(rng, (rows.shape[0], multi.dim)), "positions": rows}

    what = "a (t, h, w) patch grid 2 x 3 x 4 from position 5" if axes == 3 else \
        f"a {' x '.join(map(str, sides))} patch grid"
    cases = [CaseSpec(f"{prefix}_multiaxis_grid", f"{comment}; {part}: {what}", "multiaxis", params, grid,
                      flags=partial, oracle=multi)]
    if axes == 3 and kind.startswith("mrope"):
        def text(rng: np.random.Generator) -> dict[str, np.ndarray]:
            rows = np.repeat(long[:, None], 3, axis=1).astype(np.int64)
            return {"x": _features(rng, (rows.shape[0], multi.dim)), "positions": rows}
        flags = partial + (("LongPosition",) if int(long.max()) >= _LONG_POSITION else ())
        cases.append(CaseSpec(f"{prefix}_multiaxis_text", f"{comment}; {part}: text tokens (every coordinate the "
                              f"token index) up to {int(long.max())}", "multiaxis", params, text,
                              flags=tuple(sorted(flags)), oracle=multi))
    return cases


def plan(config: Mapping[str, Any] | str | os.PathLike[str], layer_type: str | None = None, *,
         strict: bool = False) -> ModelSetPlan:
    """What the set of one model holds: its RoPE as :func:`rope_ref.describe_hf_config` reads it,
    the lengths its long cases reach, the multi-axis part (:func:`rope_ref.from_hf_config_multiaxis`)
    and the cases.

    Example:
        >>> from rope_ref.golden import model_set
        >>> p = model_set.plan({"model_type": "qwen2", "hidden_size": 3584, "num_attention_heads": 28,
        ...                     "max_position_embeddings": 32768,
        ...                     "rope_scaling": {"type": "yarn", "factor": 4.0,
        ...                                      "original_max_position_embeddings": 32768}})
        >>> p.original, p.extended, [s.id for s in p.cases][-1]
        (32768, 131072, 'qwen2_cos_sin')

    ``strict`` refuses what :func:`rope_ref.from_hf_config` would read with a ConfigWarning (an
    unknown model type, keys transformers ignores).

    Raises:
        ValueError: what from_hf_config raises for the config (named key, layer type, refusal),
            unless the config has a multi-axis RoPE alone (a vision model).
    """
    raw = read_config(config)
    info: ModelInfo | None
    try:
        info = describe_hf_config(raw, layer_type=layer_type, strict=strict)
        refusal = None
    except ValueError as err:
        info, refusal = None, err
    fam = family(raw.get("model_type"))
    vision_only = fam is not None and fam.vision not in (None, "other") and not fam.vision_config
    if info is None and not (vision_only and layer_type is None):
        raise refusal  # type: ignore[misc]
    found = _multiaxis_part(info, raw)
    kind, part = found if found is not None else (None, None)
    multi, not_covered = None, []
    if part is not None:
        try:
            multi = from_hf_config_multiaxis(raw)
        except ValueError as err:
            not_covered.append(f"{part}: {err}")
    if info is None:
        if multi is None:
            raise refusal  # type: ignore[misc]
        not_covered.append(f"text positions: {refusal}")
    if info is not None and info.multi_axis is not None and fam is not None and fam.vision not in (None, "other"):
        not_covered.append(f"the vision encoder's 2-D RoPE ({fam.vision}): the multi-axis cases are the language "
                           "model's")
    rope = None if info is None else info.rope
    mpe, original, extended, rule = _lengths(raw, rope, getattr(info, "context", None))
    long = _long_positions(original, extended, mpe)
    model_type = info.model_type if info is not None else raw.get("model_type")
    model_type = model_type if isinstance(model_type, str) else None
    prefix = _prefix(model_type, None if info is None else info.layer_type)
    name = f"{model_type or 'model'}{f' ({info.layer_type})' if info is not None and info.layer_type else ''}"
    comment = f"{name}: {info.source if info is not None else 'multi-axis RoPE'}"
    cases: list[CaseSpec] = []
    if info is not None:
        cases += _text_cases(info, prefix, comment, original, long)
    if multi is not None:
        extra = {"rope_theta": info.rope.base, "model_type": model_type} if info is not None else \
            {"model_type": model_type}
        cases += _multiaxis_cases(multi, kind, part, prefix, comment, long, extra)  # type: ignore[arg-type]
    return ModelSetPlan(info, multi, part if multi is not None else None, mpe, original, extended, rule,
                        tuple(not_covered), tuple(cases))


def model_cases(config: Mapping[str, Any] | str | os.PathLike[str], layer_type: str | None = None, *,
                strict: bool = False) -> tuple[CaseSpec, ...]:
    """The cases of one model's set (:func:`plan` says what they are and why).

    Raises:
        ValueError: what from_hf_config raises for the config (named key, layer type, refusal).
    """
    return plan(config, layer_type, strict=strict).cases


def read_model_file(root: str | os.PathLike[str]) -> tuple[dict[str, Any], str | None] | None:
    """(config, layer_type) of a model set, or None when ``root`` holds no model.json.

    Raises:
        GoldenFileError: model.json is not a regular file (a FIFO, device or symlink), is not
            valid JSON, or lacks ``config`` (an object) or ``layer_type`` (a string or null).
    """
    path = Path(root) / MODEL_FILE
    if not os.path.lexists(path):  # a symlink there, dangling or not, is read (and refused) as one
        return None
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict) \
            or not isinstance(data.get("layer_type", None), (str, type(None))):
        raise GoldenFileError(f"{path}: must be an object with 'config' (the config.json it was made from) and "
                              "'layer_type' (a string or null).")
    return data["config"], data.get("layer_type")


def cases_of(root: str | os.PathLike[str]) -> tuple[CaseSpec, ...] | None:
    """The cases a model set at ``root`` was made from (None when it is no model set).

    Raises:
        GoldenFileError: model.json is malformed or no longer describes a RoPE.
    """
    made_from = read_model_file(root)
    if made_from is None:
        return None
    try:
        return model_cases(*made_from)
    except (TypeError, ValueError) as err:
        raise GoldenFileError(f"{Path(root) / MODEL_FILE}: {err}") from None


def generate_model_set(config: Mapping[str, Any] | str | os.PathLike[str], out: str | os.PathLike[str], *,
                       layer_type: str | None = None, force: bool = False,
                       progress: Callable[[int, int, str], None] | None = None, strict: bool = False) -> Path:
    """Write one model's golden set to ``out`` (atomically, as :func:`rope_ref.golden.generate`:
    model.json is swapped in with the cases).

    Returns:
        The folder written.

    Raises:
        FileExistsError: ``out`` exists and force is False.
        ValueError: the config describes no RoPE (see :func:`rope_ref.from_hf_config`).
    """
    from rope_ref.golden import generate
    from rope_ref.golden._files import canonical_json
    cfg = read_config(config)
    cases = model_cases(cfg, layer_type, strict=strict)
    return generate(out, force=force, progress=progress, cases=cases, notes=NOTES,
                    extra_files={MODEL_FILE: canonical_json({"config": cfg, "layer_type": layer_type})})

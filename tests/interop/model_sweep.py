"""Sweep every model family with a rotary embedding in the installed transformers.

For each family (a folder of ``transformers/models`` whose modelling code defines a
``*RotaryEmbedding`` class) this builds the rotary module from the family's default config and
measures what the modelling code computes: the inverse frequencies, the attention factor, and
the pairing, read by probing the family's apply function with unit vectors (so the output order
does not matter). It then asks rope-ref the same question through ``from_hf_config`` on the
family's config as config.json would hold it (``to_dict()``).

The result feeds tests/interop/test_model_sweep.py and docs/models.md:

    python tests/interop/model_sweep.py            # rewrite docs/models.md and build/model_sweep.json
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rope_ref import from_hf_config, from_hf_config_multiaxis  # noqa: E402
from rope_ref.hf import ConfigError, describe_hf_config  # noqa: E402
from rope_ref.models import HEAD_DIM_RULES, ROTARY_DIM_RULES, family  # noqa: E402

EPS32 = float(np.finfo(np.float32).eps)
PROBE_POSITION = 3


def _rotary_classes(mod: Any) -> list[type]:
    return [c for n, c in vars(mod).items()
            if inspect.isclass(c) and n.endswith("RotaryEmbedding") and c.__module__ == mod.__name__]


def _find_sub(cfg: Any, cls: type, depth: int = 0) -> tuple[Any, str] | None:
    from transformers.configuration_utils import PreTrainedConfig
    if isinstance(cfg, cls):
        return cfg, ""
    if depth > 2:
        return None
    for key, value in vars(cfg).items():
        if isinstance(value, PreTrainedConfig):
            found = _find_sub(value, cls, depth + 1)
            if found:
                return found[0], (key + "." + found[1]).rstrip(".")
    return None


def _text_like(cfg: Any) -> list[tuple[Any, str]]:
    """Sub-configs a rotary module may be built from when its annotation names the top level: the
    language model's first (text_config, a thinker's text_config, a decoder), then any other
    sub-config with max_position_embeddings (an audio encoder's)."""
    from transformers.configuration_utils import PreTrainedConfig
    out = []
    for key in ("text_config", "thinker_config", "llm_config", "language_config", "decoder_config", "decoder"):
        value = getattr(cfg, key, None)
        if isinstance(value, PreTrainedConfig):
            inner = getattr(value, "text_config", None)
            if isinstance(inner, PreTrainedConfig):
                out.append((inner, f"{key}.text_config"))
            out.append((value, key))
    for key, value in vars(cfg).items():
        if isinstance(value, PreTrainedConfig) and "max_position_embeddings" in value.to_dict() \
                and all(value is not v for v, _ in out):
            out.append((value, key))
    return out


def families() -> dict[str, list[tuple[str, type]]]:
    """family folder -> [(module name, rotary class)] for every modelling file with a rotary class."""
    import transformers
    root = Path(transformers.__file__).parent / "models"
    out: dict[str, list[tuple[str, type]]] = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("modeling_*.py")):
            if not re.search(r"class \w*RotaryEmbedding", path.read_text(encoding="utf-8")):
                continue
            mod = importlib.import_module(f"transformers.models.{folder.name}.{path.stem}")
            for cls in _rotary_classes(mod):
                out.setdefault(folder.name, []).append((mod.__name__, cls))
    return out


def _top_config(fam: str, fallback: type) -> Any:
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES
    name = CONFIG_MAPPING_NAMES.get(fam)
    if name:
        module = importlib.import_module(f"transformers.models.{fam}.configuration_{fam}")
        cls = getattr(module, name, None)
        if cls is not None:
            return cls()
    return fallback()


def _build(fam: str, cls: type) -> tuple[Any, Any, str]:
    """(top-level config, rotary module, path of the rotary's config inside the top level)."""
    ccls = list(inspect.signature(cls.__init__).parameters.values())[1].annotation
    top = _top_config(fam, ccls)
    found = _find_sub(top, ccls)
    candidates = ([found] if found else []) + _text_like(top)
    errors = []
    for sub, path in candidates or [(ccls(), "")]:
        try:
            return top, cls(sub), path
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")
    raise RuntimeError(errors[0] if errors else "no config")


def _is_vision(cls: type) -> bool:
    """A rotary module of an encoder beside the language model (vision, audio, ...), by its name."""
    name = cls.__name__
    return "Text" not in name and any(w in name for w in ("Vision", "ViT", "Audio", "DiT", "SaProt", "Talker"))


def _tables(rotary: Any) -> dict[str | None, tuple[np.ndarray, float]]:
    """layer type (None for a single table) -> (inv_freq float64, attention factor)."""
    buffers = dict(rotary.named_buffers())
    out: dict[str | None, tuple[np.ndarray, float]] = {}
    if "embed_positions" in buffers:  # GPT-J, CodeGen: a (max_positions, r) table of cat(sin, cos)
        out[None] = (_inv_freq_from_sincos(buffers["embed_positions"].double().numpy()), 1.0)
    if "inv_freq" in buffers:
        out[None] = (buffers["inv_freq"].double().numpy(), float(getattr(rotary, "attention_scaling", 1.0)))
    for name, buf in buffers.items():
        m = re.fullmatch(r"(\w+)_inv_freq", name)
        if m and not name.endswith("original_inv_freq"):
            lt = m.group(1)
            out[lt] = (buf.double().numpy(), float(getattr(rotary, f"{lt}_attention_scaling", 1.0)))
    return out


def _inv_freq_from_sincos(table: np.ndarray) -> np.ndarray:
    """inv_freq read back from a cat(sin, cos) table: a coarse value from position 1, refined at the
    last position p (angle p * f, unwrapped with the coarse value) to float32 accuracy."""
    half = table.shape[1] // 2
    coarse = np.arctan2(table[1, :half], table[1, half:])
    p = table.shape[0] - 1
    wrapped = np.arctan2(table[p, :half], table[p, half:])
    turns = np.round((p * coarse - wrapped) / (2 * np.pi))
    return (wrapped + 2 * np.pi * turns) / p


def _apply_function(module: Any, config: Any) -> Any:
    names = ["apply_rotary_pos_emb", "apply_multimodal_rotary_pos_emb", "apply_rotary_pos_emb_interleave",
             "apply_rotary_emb", "apply_rotary_time_emb"]
    if getattr(config, "rope_interleave", False):  # DeepSeek-style: the attention picks this one
        names.insert(0, "apply_rotary_pos_emb_interleave")
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def probe(module: Any, rotary: Any, dim: int, layer_type: str | None,
          axes: tuple[int, ...] | None = None) -> np.ndarray:
    """The family's own apply function on the unit vectors e_0 .. e_(dim-1), all at one position:
    row k is the output for e_k (float64 copy of the float32 result). Features past the width of
    the cos/sin tables pass through, as the families' attention code does. ``axes`` gives
    M-RoPE position ids (temporal, height, width) instead of PROBE_POSITION on every axis."""
    import torch
    fn = _apply_function(module, getattr(rotary, "config", None))
    if fn is None:
        raise RuntimeError("no apply_rotary_pos_emb function in the modelling module")
    eye = torch.eye(dim, dtype=torch.float32)
    kwargs = {} if layer_type is None else {"layer_type": layer_type}
    tables, errors = None, []
    forms = [torch.full((1, dim), PROBE_POSITION), torch.full((3, 1, dim), PROBE_POSITION)] if axes is None else \
        [torch.tensor(axes)[:, None, None].expand(len(axes), 1, dim)]
    for pos in forms:
        try:
            tables = rotary(eye[None, None], pos, **kwargs)
            break
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")
    if tables is None:
        raise RuntimeError(f"the rotary module's forward takes neither (1, seq) nor (3, 1, seq) positions: "
                           f"{errors[-1][:120]}")
    params = list(inspect.signature(fn).parameters)
    extra = {}
    if "mrope_section" in params:
        extra["mrope_section"] = rotary.config.rope_parameters.get("mrope_section")
    if isinstance(tables, torch.Tensor) and tables.is_complex():  # freqs_cis (Llama 4, DeepSeek-V2)
        width = 2 * tables.shape[-1]
        q = eye[:, :width][None, :, None]  # (batch, seq, heads, width)
        out = fn(q, q, tables)[0][0, :, 0]
    else:
        cos, sin = tables
        pair = len(params) > 3 and params[1] in ("k", "key")
        out = None
        if params[:3] == ["tensor", "sin", "cos"]:  # GPT-J, CodeGen: (batch, seq, heads, r), tables (sin, cos)
            width = 2 * cos.shape[-1]
            return torch.cat([fn(eye[:, :width][None, :, None], cos, sin)[0, :, 0], eye[:, width:]],
                             dim=-1).double().numpy()
        for width in dict.fromkeys((min(cos.shape[-1], dim), dim)):  # the table's width, else the head's
            q = eye[:, :width][None, None]
            try:
                out = (fn(q, q, cos, sin, **extra)[0] if pair else fn(q, cos, sin, **extra))[0, 0]
                break
            except RuntimeError as err:
                errors.append(str(err))
        if out is None:
            raise RuntimeError(errors[-1])
    return torch.cat([out, eye[:, width:]], dim=-1).double().numpy()


def read_pairing(rows: np.ndarray) -> dict[str, Any]:
    """Pairing read from the unit-vector probe: inputs k and l are a pair when their outputs share
    a nonzero feature; the layout is named from the input side only (output order ignored)."""
    dim = rows.shape[0]
    support = [set(np.flatnonzero(rows[k])) for k in range(dim)]
    partner = {}
    for k in range(dim):
        others = [ll for ll in range(dim) if ll != k and support[k] & support[ll]]
        if len(others) > 1:
            return {"layout": "other", "rotary_dim": None, "output_order": "?"}
        if others:
            partner[k] = others[0]
    if not partner:
        return {"layout": "none", "rotary_dim": 0, "output_order": "input"}
    gaps = {abs(partner[k] - k) for k in partner}
    if all(partner[k] == k ^ 1 for k in partner):
        layout, r = "interleaved", max(partner) + 1
    elif len(gaps) == 1:  # pairs (j, j + r/2); pairs with a zero frequency (Proportional) look unrotated
        layout, r = "half", 2 * gaps.pop()
    else:
        layout, r = "other", None
    same = all(support[k] <= {k, partner.get(k, k)} for k in range(dim))
    return {"layout": layout, "rotary_dim": r, "output_order": "input" if same else "permuted"}


def _close(a: np.ndarray, b: np.ndarray, scale: float = 1.0) -> bool:
    """float32 tolerance: 16 float32 ulps relative, plus that much of `scale` absolute."""
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= 16 * EPS32 * (np.abs(b) + scale)))


def compare_family(fam: str, classes: list[tuple[str, type]]) -> dict[str, Any]:
    """One row of the sweep: what transformers computes, what rope-ref says, and whether they agree."""
    text = [c for c in classes if not _is_vision(c[1])] or classes
    modname, cls = text[0]
    row: dict[str, Any] = {"family": fam, "rotary": cls.__name__,
                           "others": sorted(c.__name__ for _, c in classes if c is not cls)}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            top, rotary, path = _build(fam, cls)
    except Exception as err:
        row.update(status="not buildable", reason=f"{cls.__name__}(default config): {err}"[:300])
        return row
    module = sys.modules[modname]
    config = top.to_dict()
    row["config_path"] = path
    tables = _tables(rotary)
    if not tables:
        row.update(status="not buildable", reason=f"{cls.__name__} keeps no inv_freq buffer "
                   f"(buffers: {sorted(dict(rotary.named_buffers()))})")
        return row
    if str(getattr(rotary, "rope_type", "")) == "axial" or (_is_vision(cls) and family(config.get("model_type"))
                                                           and family(config.get("model_type")).vision):
        # the family's only rotary module is its vision model's 2-D RoPE
        return _vision_row(row, config, rotary, tables)
    first = next((k for k in tables if k is not None), None)
    try:
        info = describe_hf_config(config, layer_type=first)
    except ConfigError as err:
        if str(err).startswith("refused:"):
            row.update(status="refused", reason=str(err))
            return row
        row.update(status="mismatch", reason=f"from_hf_config raised: {err}")
        return row
    row["rope_types"] = sorted({str(getattr(rotary, "rope_type", "default"))} if None in tables else
                               {str(v) for v in getattr(rotary, "rope_type", {}).values()})
    row["per_layer"] = sorted(k for k in tables if k is not None)
    row["layer_types"] = list(info.layer_types)
    problems = []
    layouts, dims = set(), set()
    for lt, (inv, factor) in tables.items():
        want_lt = lt if lt is not None else None
        try:
            rope = from_hf_config(config, layer_type=want_lt)
        except ConfigError as err:
            problems.append(f"{lt}: from_hf_config raised: {err}")
            continue
        ours = rope.inv_freq()
        if info.multi_axis == "ernie_3d":  # the buffer keeps them in its 3-D order; the probe checks the pairs
            ours, inv = np.sort(ours), np.sort(inv)
        if not _close(ours, inv):
            problems.append(f"{lt}: inv_freq differ: transformers {inv.size} values {inv[:3]}..., rope-ref "
                            f"{ours.size} values {ours[:3]}...")
        if not _close(np.array([rope.attention_factor]), np.array([factor])):
            problems.append(f"{lt}: attention factor transformers {factor}, rope-ref {rope.attention_factor}")
        dims.add((rope.dim, rope.rotary_dim))
        try:
            rows = probe(module, rotary, rope.dim, lt)
        except Exception as err:
            row.setdefault("probe", f"apply function not probed: {type(err).__name__}: {str(err)[:160]}")
            continue
        if info.multi_axis in ("mrope", "mrope_interleaved", "ernie_3d") and lt is None:
            row["multi_axis_check"] = _compare_mrope(module, rotary, config, rope.dim)
            if row["multi_axis_check"] != "M-RoPE agrees":
                problems.append(f"multi-axis: {row['multi_axis_check']}")
        pairing = read_pairing(rows)
        layouts.add((pairing["layout"], pairing["output_order"]))
        ref = rope.apply(np.eye(rope.dim), np.full(rope.dim, float(PROBE_POSITION)))
        ours_pairing = read_pairing(ref)  # read the same way: zero-frequency pairs look unrotated in both
        if (pairing["layout"], pairing["rotary_dim"]) != (ours_pairing["layout"], ours_pairing["rotary_dim"]):
            problems.append(f"{lt}: pairing: transformers {pairing['layout']} over {pairing['rotary_dim']} "
                            f"features, rope-ref {ours_pairing['layout']} over {ours_pairing['rotary_dim']}")
            continue
        order = "input" if info.output_order == "input" else "permuted"
        if pairing["layout"] != "other" and pairing["output_order"] != order:
            problems.append(f"{lt}: output order: transformers {pairing['output_order']}, registry "
                            f"{info.output_order}")
        # order-free value check: each input's output, as a sorted set of magnitudes
        if not _close(np.sort(np.abs(rows), axis=1), np.sort(np.abs(ref), axis=1), scale=1.0):
            problems.append(f"{lt}: rotated unit vectors differ (angle per pair)")
    row["layout"] = sorted({lay for lay, _ in layouts}) or [info.rope.layout]
    row["output_order"] = sorted({o for _, o in layouts})
    row["dims"] = sorted(dims)
    row["head_dim_rule"] = info.head_dim_rule
    row["rotary_dim_rule"] = info.rotary_dim_rule
    row["multi_axis"] = info.multi_axis
    row["source"] = info.source
    row.update(status="mismatch" if problems else "compared", problems=problems)
    return row


VISION_POSITION = (5, 11)  # (row, column) of one image patch


def _vision_row(row: dict[str, Any], config: dict[str, Any], rotary: Any,
                tables: dict[str | None, Any]) -> dict[str, Any]:
    """A vision model's 2-D RoPE against from_hf_config_multiaxis: the frequencies, and the cos/sin
    tables the rotary module builds at one (row, column) position, in the family's own layout."""
    import torch
    fam = family(config.get("model_type"))
    row["multi_axis"] = fam.vision if fam is not None else None
    try:
        multi = from_hf_config_multiaxis(config)
    except ConfigError as err:
        status = "refused" if str(err).startswith("refused:") else "mismatch"
        row.update(status=status, reason=str(err) if status == "refused" else
                   f"from_hf_config_multiaxis raised: {err}")
        return row
    assert fam is not None and None in tables
    inv = tables[None][0]
    rows = [f[f != 0] for f in multi.frequencies]
    ours = np.concatenate(rows) if fam.vision == "pixtral" else rows[0]
    problems = []
    if not _close(ours, inv):
        problems.append(f"2-D frequencies differ: transformers {inv[:3]}..., rope-ref {ours[:3]}...")
    try:
        cos, sin = rotary(torch.zeros(1, multi.dim), torch.tensor([VISION_POSITION]))
        got = np.stack([cos.reshape(-1).double().numpy(), sin.reshape(-1).double().numpy()])
    except Exception as err:  # reported: the frequencies were compared
        row["probe"] = f"2-D cos/sin tables not probed: {type(err).__name__}: {str(err)[:140]}"
        got = None
    if got is not None:
        c, s_ = multi.cos_sin(np.array([VISION_POSITION], dtype=float))
        expand = (lambda t: np.concatenate([t, t], axis=-1)) if multi.layout == "half" else \
            (lambda t: np.repeat(t, 2, axis=-1))
        want = np.stack([expand(c)[0], expand(s_)[0]])
        if not _close(got, want, scale=1.0):
            problems.append(f"2-D cos/sin tables at (row, column) {VISION_POSITION} differ from the "
                            f"{multi.layout} layout of from_hf_config_multiaxis")
    row.update(layout=[multi.layout], output_order=["input"], dims=[(multi.dim, multi.rotary_dim)],
               rope_types=["axial"], per_layer=[], source=f"registry entry {config.get('model_type')!r}",
               head_dim_rule=HEAD_DIM_RULES[fam.vision_head_dim], rotary_dim_rule=ROTARY_DIM_RULES["full"],
               status="mismatch" if problems else "compared", problems=problems)
    return row


MROPE_AXES = (5, 11, 17)  # temporal, height, width of one image token


def _compare_mrope(module: Any, rotary: Any, config: dict[str, Any], dim: int) -> str:
    """M-RoPE at an image position (every axis different): the family's apply code on unit vectors
    against from_hf_config_multiaxis, read order-free as the 1-D probe is."""
    try:
        multi = from_hf_config_multiaxis(config)
    except ConfigError as err:
        return f"from_hf_config_multiaxis raised: {err}"
    try:
        rows = probe(module, rotary, dim, None, axes=MROPE_AXES)
    except Exception as err:  # reported, not raised: the 1-D comparison still stands
        return f"not probed at image positions: {type(err).__name__}: {str(err)[:120]}"
    ref = multi.apply(np.eye(dim), np.tile(np.array(MROPE_AXES, dtype=float), (dim, 1)))
    if _close(np.sort(np.abs(rows), axis=1), np.sort(np.abs(ref), axis=1), scale=1.0):
        return "M-RoPE agrees"
    return "M-RoPE differs at image positions"


def sweep() -> dict[str, Any]:
    """Every family's row, plus the transformers version and the counts."""
    import torch
    import transformers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = families()
    with torch.no_grad():
        rows = [compare_family(fam, classes) for fam, classes in found.items()]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return {"transformers": transformers.__version__, "families": len(rows), "counts": counts, "rows": rows}


def _cell(values: Any) -> str:
    if not values:
        return "-"
    if isinstance(values, (list, tuple)):
        return ", ".join(str(v) for v in values)
    return str(values)


def _prose(text: str) -> str:
    """A reason as Markdown text: no table pipes, and brackets that cannot read as reference links."""
    return text.replace("|", "/").replace("[", "\\[").replace("]", "\\]")


def render(result: dict[str, Any]) -> str:
    """docs/models.md from a sweep result: one row per family."""
    counts = result["counts"]
    lines = [
        "# Model families",
        "",
        "After reading this page you will know, for every model family with a rotary embedding in",
        "transformers, which features its code pairs, how it gets the head and rotary dims, which",
        "rope types its default config uses, whether its RoPE differs per layer type or per axis, and",
        "whether `rope_ref.from_hf_config` agrees with the family's own code.",
        "",
        f"Generated by `python tests/interop/model_sweep.py` against **transformers {result['transformers']}**",
        "(tests/interop/test_model_sweep.py fails when this page is stale for the installed version).",
        "Each family's rotary module is built from the family's default config; its inverse",
        "frequencies and attention factor are compared with `from_hf_config` at float32 tolerance, and",
        "its apply function is probed with unit vectors to read the pairing (which input features mix;",
        "the order the code returns them in is reported separately as the output order). M-RoPE is",
        "also probed at an image position (every axis different) against `from_hf_config_multiaxis`;",
        "a family whose only rotary module is its vision model's 2-D RoPE is compared through",
        "`from_hf_config_multiaxis` (frequencies, and the cos/sin tables at one (row, column) position).",
        "",
        f"**{result['families']} families: {counts.get('compared', 0)} compared and agreeing, "
        f"{counts.get('refused', 0)} refused on purpose, {counts.get('not buildable', 0)} not buildable "
        f"from their default config, {counts.get('mismatch', 0)} disagreeing.**",
        "",
        "Columns: *layout* is the pairing (`half`: x[j] with x[j + r/2]; `interleaved`: x[2j] with",
        "x[2j+1]); *output* is `permuted` when the code returns interleaved pairs in half order",
        "(DeepSeek-V3 and the other MLA models with `rope_interleave`): attention scores are the same,",
        "the rotated q and k are not; *d, r* are the head and rotary dims of the default config",
        "(per layer type when it has several); *rules* name the head-dim and rotary-dim rules of",
        "`rope_ref.models`; *source* is `registry` or `fallback` (transformers' common rule).",
        "",
        "| family | status | layout | output | d, r | rope types | per layer | multi-axis | rules | source |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["rows"]:
        status = row["status"]
        if status == "compared" and row.get("probe"):
            status = "compared (frequencies; apply not probed)"
        if row.get("multi_axis_check"):
            status += f"; {row['multi_axis_check']}"
        rules = "-" if "head_dim_rule" not in row else \
            f"{_rule_name(row['head_dim_rule'], 'head')}, {_rule_name(row['rotary_dim_rule'], 'rotary')}"
        dims = _cell([f"{d}, {r}" for d, r in row.get("dims", [])]).replace(", ", " / ").replace(" / ", ", ", 1) \
            if len(row.get("dims", [])) == 1 else "; ".join(f"{d}, {r}" for d, r in row.get("dims", [])) or "-"
        source = "-" if "source" not in row else ("registry" if row["source"].startswith("registry") else "fallback")
        lines.append(f"| {row['family']} | {status} | {_cell(row.get('layout'))} | {_cell(row.get('output_order'))} "
                     f"| {dims} | {_cell(row.get('rope_types'))} | {_cell(row.get('per_layer'))} "
                     f"| {_cell(row.get('multi_axis'))} | {rules} | {source} |")
    lines += ["", "## Refused and not buildable", ""]
    for row in result["rows"]:
        if row["status"] in ("refused", "not buildable", "mismatch"):
            detail = row.get("reason") or "; ".join(row.get("problems", []))
            lines.append(f"- **{row['family']}** ({row['status']}): {_prose(detail)}")
    unprobed = [r for r in result["rows"] if r["status"] == "compared" and r.get("probe")]
    if unprobed:
        lines += ["", "## Compared without probing the apply function", "",
                  "Frequencies and attention factor agree; the pairing comes from reading the code, because the",
                  "default config cannot run the family's forward or apply code:", ""]
        lines += [f"- **{r['family']}**: {_prose(r['probe'])}" for r in unprobed]
    lines += ["", "## Rules", "", "Head-dim rules:", ""]
    lines += [f"- `{k}`: {v}" for k, v in HEAD_DIM_RULES.items()]
    lines += ["", "Rotary-dim rules:", ""]
    lines += [f"- `{k}`: {v}" for k, v in ROTARY_DIM_RULES.items()]
    return "\n".join(lines) + "\n"


def _rule_name(text: str, kind: str) -> str:
    table = HEAD_DIM_RULES if kind == "head" else ROTARY_DIM_RULES
    return next((k for k, v in table.items() if v == text), "?")


def summary(result: dict[str, Any]) -> str:
    """One line of counts, plus the families not compared and why (for the test session's end)."""
    counts = result["counts"]
    lines = [f"model sweep (transformers {result['transformers']}): {result['families']} families, "
             + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))]
    lines += [f"  {r['family']} ({r['status']}): {(r.get('reason') or '; '.join(r.get('problems', [])))[:150]}"
              for r in result["rows"] if r["status"] != "compared"]
    return "\n".join(lines)


def write(result: dict[str, Any]) -> None:
    """build/model_sweep.json (the full data) and docs/models.md."""
    os.makedirs(ROOT / "build", exist_ok=True)
    (ROOT / "build" / "model_sweep.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    (ROOT / "docs" / "models.md").write_text(render(result), encoding="utf-8")


if __name__ == "__main__":
    result = sweep()
    write(result)
    print(json.dumps(result["counts"]))
    for row in result["rows"]:
        if row["status"] != "compared":
            print(row["family"], row["status"], row.get("reason") or row.get("problems"))

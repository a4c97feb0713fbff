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

from rope_ref import from_hf_config  # noqa: E402
from rope_ref.hf import ConfigError, describe_hf_config  # noqa: E402
from rope_ref.models import family  # noqa: E402

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
    """Sub-configs that look like a language model's (they have max_position_embeddings)."""
    from transformers.configuration_utils import PreTrainedConfig
    out = []
    for key in ("text_config", "thinker_config", "llm_config", "language_config", "decoder_config", "decoder"):
        value = getattr(cfg, key, None)
        if isinstance(value, PreTrainedConfig):
            inner = getattr(value, "text_config", None)
            if isinstance(inner, PreTrainedConfig):
                out.append((inner, f"{key}.text_config"))
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
        except Exception as err:  # noqa: BLE001 - reported as "not buildable"
            errors.append(f"{type(err).__name__}: {err}")
    raise RuntimeError(errors[0] if errors else "no config")


def _is_vision(cls: type) -> bool:
    return any(w in cls.__name__ for w in ("Vision", "ViT", "Audio", "DiT", "SaProt", "Talker"))


def _tables(rotary: Any) -> dict[str | None, tuple[np.ndarray, float]]:
    """layer type (None for a single table) -> (inv_freq float64, attention factor)."""
    buffers = dict(rotary.named_buffers())
    out: dict[str | None, tuple[np.ndarray, float]] = {}
    if "inv_freq" in buffers:
        out[None] = (buffers["inv_freq"].double().numpy(), float(getattr(rotary, "attention_scaling", 1.0)))
    for name, buf in buffers.items():
        m = re.fullmatch(r"(\w+)_inv_freq", name)
        if m and not name.endswith("original_inv_freq"):
            lt = m.group(1)
            out[lt] = (buf.double().numpy(), float(getattr(rotary, f"{lt}_attention_scaling", 1.0)))
    return out


def _apply_function(module: Any, config: Any) -> Any:
    names = ["apply_rotary_pos_emb", "apply_multimodal_rotary_pos_emb", "apply_rotary_pos_emb_interleave",
             "apply_rotary_emb"]
    if getattr(config, "rope_interleave", False):  # DeepSeek-style: the attention picks this one
        names.insert(0, "apply_rotary_pos_emb_interleave")
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            return fn
    return None


def probe(module: Any, rotary: Any, dim: int, layer_type: str | None) -> np.ndarray:
    """The family's own apply function on the unit vectors e_0 .. e_(dim-1), all at one position:
    row k is the output for e_k (float64 copy of the float32 result). Features past the width of
    the cos/sin tables pass through, as the families' attention code does."""
    import torch
    torch.set_grad_enabled(False)
    fn = _apply_function(module, getattr(rotary, "config", None))
    if fn is None:
        raise RuntimeError("no apply_rotary_pos_emb function in the modelling module")
    eye = torch.eye(dim, dtype=torch.float32)
    kwargs = {} if layer_type is None else {"layer_type": layer_type}
    tables, errors = None, []
    for pos in (torch.full((1, dim), PROBE_POSITION), torch.full((3, 1, dim), PROBE_POSITION)):
        try:
            tables = rotary(eye[None, None], pos, **kwargs)
            break
        except Exception as err:  # noqa: BLE001 - try the M-RoPE position form next
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
    r = len(partner)
    if sorted(partner) != list(range(r)):
        return {"layout": "other", "rotary_dim": r, "output_order": "?"}
    if all(partner[k] == k ^ 1 for k in partner):
        layout = "interleaved"
    elif all(partner[k] == (k + r // 2) % r for k in partner):
        layout = "half"
    else:
        layout = "other"
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
    except Exception as err:  # noqa: BLE001
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
    first = next((k for k in tables if k is not None), None)
    try:
        info = describe_hf_config(config, layer_type=first)
    except ConfigError as err:
        if "refuse" in str(err) or "degenerate" in str(err):
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
        if not _close(ours, inv):
            problems.append(f"{lt}: inv_freq differ: transformers {inv.size} values {inv[:3]}..., rope-ref "
                            f"{ours.size} values {ours[:3]}...")
        if not _close(np.array([rope.attention_factor]), np.array([factor])):
            problems.append(f"{lt}: attention factor transformers {factor}, rope-ref {rope.attention_factor}")
        dims.add((rope.dim, rope.rotary_dim))
        try:
            rows = probe(module, rotary, rope.dim, lt)
        except Exception as err:  # noqa: BLE001
            row.setdefault("probe", f"apply function not probed: {type(err).__name__}: {str(err)[:160]}")
            continue
        pairing = read_pairing(rows)
        layouts.add((pairing["layout"], pairing["output_order"]))
        ref = rope.apply(np.eye(rope.dim), np.full(rope.dim, float(PROBE_POSITION)))
        ours_pairing = read_pairing(ref)  # read the same way: zero-frequency pairs look unrotated in both
        if (pairing["layout"], pairing["rotary_dim"]) != (ours_pairing["layout"], ours_pairing["rotary_dim"]):
            problems.append(f"{lt}: pairing: transformers {pairing['layout']} over {pairing['rotary_dim']} "
                            f"features, rope-ref {ours_pairing['layout']} over {ours_pairing['rotary_dim']}")
            continue
        if pairing["layout"] != "other" and pairing["output_order"] != ("input" if info.output_order == "input" else "permuted"):
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


def sweep() -> dict[str, Any]:
    """Every family's row, plus the transformers version and the counts."""
    import torch
    import transformers
    torch.set_num_threads(1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = families()
    rows = [compare_family(fam, classes) for fam, classes in found.items()]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return {"transformers": transformers.__version__, "families": len(rows), "counts": counts, "rows": rows}


if __name__ == "__main__":
    result = sweep()
    os.makedirs(ROOT / "build", exist_ok=True)
    (ROOT / "build" / "model_sweep.json").write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(json.dumps(result["counts"]))
    for row in result["rows"]:
        if row["status"] != "compared":
            print(row["family"], row["status"], row.get("reason") or row.get("problems"))

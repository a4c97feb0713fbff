"""Sweep every model family with a rotary embedding in the installed transformers against rope-ref.

Three measurements, each needing torch and transformers (imported here only inside functions, so
that rope-ref itself stays NumPy-only):

- :func:`sweep`: for each family (a folder of ``transformers/models`` whose modelling code defines a
  ``*RotaryEmbedding`` class), build the rotary module from the family's default config and compare
  what it computes (inverse frequencies, attention factor, and the pairing read by probing the
  family's apply function with unit vectors) with :func:`rope_ref.from_hf_config` on the config as
  config.json would hold it; also list the model types of transformers whose folder has a rotary
  embedding but that the registry (:data:`rope_ref.models.FAMILIES`) lacks (:func:`missing_families`);
- :func:`adversarial`: for each family, configs written the way real config.json files are (a
  minimal one, keys given twice, misspelled keys and model types, a scaling block without a type,
  string booleans, ...), read by transformers (``AutoConfig.for_model``) and by ``from_hf_config``;
  each variant's outcome is one of :data:`OUTCOMES`, with the keys and values each side used;
- :func:`defaults_module`: the table of each config class's defaults for the RoPE keys, written to
  ``rope_ref/models/_defaults.py`` by ``python -m rope_ref.models._sweep --write-defaults``.

``rope-ref models sweep`` runs the first two from the command line.

Example:
    >>> from rope_ref.models._sweep import read_pairing
    >>> import numpy as np
    >>> from rope_ref import RoPE
    >>> read_pairing(RoPE(8, layout="interleaved").apply(np.eye(8), np.full(8, 3.0)))
    {'layout': 'interleaved', 'rotary_dim': 8, 'output_order': 'input'}
"""

from __future__ import annotations

import copy
import difflib
import importlib
import inspect
import json
import logging
import math
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref import models
from rope_ref.models._config import ConfigError, describe_hf_config, from_hf_config, from_hf_config_multiaxis
from rope_ref.models._families import HEAD_DIM_RULES, ROTARY_DIM_RULES

__all__ = ["OUTCOMES", "adversarial", "compare_family", "defaults_module", "families", "missing_families",
           "probe", "read_pairing", "select", "sweep", "write_defaults"]

EPS32 = float(np.finfo(np.float32).eps)
PROBE_POSITION = 3
VISION_POSITION = (5, 11)  # (row, column) of one image patch
MROPE_AXES = (5, 11, 17)  # temporal, height, width of one image token
Progress = Callable[[int, int, str], None]


class MissingFrameworkError(ImportError):
    """torch or transformers is not installed: the sweep cannot run (a usage error for the CLI)."""


def require_frameworks() -> tuple[Any, Any]:
    """(torch, transformers), or :class:`MissingFrameworkError` naming what to install."""
    try:
        import torch
        import transformers
    except ImportError as err:
        raise MissingFrameworkError(f"the model sweep needs torch and transformers ({err.name or err} is not "
                                    "installed): pip install torch transformers") from None
    return torch, transformers


@contextmanager
def quiet_transformers(records: list[str] | None = None) -> Iterator[None]:
    """transformers' log messages and Python warnings off (or, with ``records``, collected there)."""
    from transformers.utils import logging as hf_logging
    level = hf_logging.get_verbosity()
    handler = None
    if records is None:
        hf_logging.set_verbosity_error()
    else:
        class _Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                records.append(record.getMessage())
        handler = _Keep(level=logging.WARNING)
        hf_logging.set_verbosity_warning()
        hf_logging.disable_default_handler()
        logging.getLogger("transformers").addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        if handler is not None:
            logging.getLogger("transformers").removeHandler(handler)
            hf_logging.enable_default_handler()
        hf_logging.set_verbosity(level)


# --- finding each family's rotary module --------------------------------------------------------------------------

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


def select(names: Iterable[str] | None, found: dict[str, Any]) -> list[str]:
    """The families to sweep: all of ``found``, or ``names`` (folder names or model types), each checked.

    Raises ValueError naming the first unknown name, the closest known one and how many there are.
    """
    if names is None:
        return list(found)
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES, model_type_to_module_name
    out = []
    for name in names:
        folder = name if name in found else model_type_to_module_name(name) if name in CONFIG_MAPPING_NAMES else None
        if folder not in found:
            close = difflib.get_close_matches(name, list(found), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"--family must name one of the {len(found)} model families with a rotary embedding in "
                             f"the installed transformers (a folder of transformers/models or its model_type, e.g. "
                             f"'llama'); got {name!r}{hint}.")
        if folder not in out:
            out.append(folder)
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


def _config_class(cls: type) -> type:
    """The config class a rotary module's __init__ is annotated with."""
    return list(inspect.signature(cls.__init__).parameters.values())[1].annotation


def _rotary_in(top: Any, cls: type) -> tuple[Any, Any, str]:
    """(rotary module, its config, that config's path inside ``top``): built from the sub-config of
    the annotated class, else from the language model's sub-config."""
    ccls = _config_class(cls)
    found = _find_sub(top, ccls) if inspect.isclass(ccls) else None
    candidates = ([found] if found else []) + _text_like(top)
    errors = []
    for sub, path in candidates or [(top, "")]:
        try:
            return cls(sub), sub, path
        except Exception as err:
            errors.append(f"{type(err).__name__}: {err}")
    raise RuntimeError(errors[0] if errors else "no config")


def _build(fam: str, cls: type) -> tuple[Any, Any, str]:
    """(top-level config, rotary module, path of the rotary's config inside the top level)."""
    top = _top_config(fam, _config_class(cls))
    rotary, _, path = _rotary_in(top, cls)
    return top, rotary, path


def _is_vision(cls: type) -> bool:
    """A rotary module of an encoder beside the language model (vision, audio, ...), by its name."""
    name = cls.__name__
    return "Text" not in name and any(w in name for w in ("Vision", "ViT", "Audio", "DiT", "SaProt", "Talker"))


def _language_rotary(classes: list[tuple[str, type]]) -> tuple[str, type]:
    """The (module name, class) of a family's language-model rotary, else its first."""
    return ([c for c in classes if not _is_vision(c[1])] or classes)[0]


# --- what transformers computes ------------------------------------------------------------------------------------

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
    if getattr(config, "rope_interleave", False) is True:  # DeepSeek-style: the attention picks this one
        names.insert(0, "apply_rotary_pos_emb_interleave")
    for name in names:
        fn = getattr(module, name, None)
        if callable(fn):
            from rope_ref.interop._transformers import _plain_function
            return _plain_function(fn)  # the function itself, when wrapped for hub kernels
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
    a nonzero feature; the layout is named from the input side only (output order ignored).

    Example:
        >>> import numpy as np
        >>> from rope_ref import RoPE
        >>> read_pairing(RoPE(8).apply(np.eye(8), np.full(8, 3.0)))["layout"]
        'half'
    """
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


# --- the family sweep ----------------------------------------------------------------------------------------------

def compare_family(fam: str, classes: list[tuple[str, type]]) -> dict[str, Any]:
    """One row of the sweep: what transformers computes, what rope-ref says, and whether they agree."""
    modname, cls = _language_rotary(classes)
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
    if _is_vision_rotary(cls, rotary, config):  # the family's only rotary module is its vision model's 2-D RoPE
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
        try:
            rope = from_hf_config(config, layer_type=lt)
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


def _is_vision_rotary(cls: type, rotary: Any, config: dict[str, Any]) -> bool:
    fam = models.family(config.get("model_type"))
    return str(getattr(rotary, "rope_type", "")) == "axial" or (_is_vision(cls) and fam is not None
                                                                and fam.vision is not None)


def _vision_row(row: dict[str, Any], config: dict[str, Any], rotary: Any,
                tables: dict[str | None, Any]) -> dict[str, Any]:
    """A vision model's 2-D RoPE against from_hf_config_multiaxis: the frequencies, and the cos/sin
    tables the rotary module builds at one (row, column) position, in the family's own layout."""
    import torch
    fam = models.family(config.get("model_type"))
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
    ours = _vision_frequencies(multi, fam.vision)
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


def _vision_frequencies(multi: Any, rule: str | None) -> np.ndarray:
    """The 2-D RoPE's frequencies as a vision rotary module keeps them in its inv_freq buffer."""
    rows = [f[f != 0] for f in multi.frequencies]
    return np.concatenate(rows) if rule == "pixtral" else rows[0]


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


def missing_families(found: dict[str, Any], folders: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Model types of transformers' CONFIG_MAPPING_NAMES whose modelling folder has a rotary embedding
    but that the registry lacks, leaving out a sub-config type (text_config, vision_config, ...) whose
    top-level family is in the registry (:data:`rope_ref.models._defaults.PARENT` when it is current,
    else the config classes of the folder)."""
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES, model_type_to_module_name
    wanted = set(found if folders is None else folders)
    tree = config_tree(sorted(wanted))
    parent = tree["parent"]
    registry = models.FAMILIES
    out = []
    for model_type in sorted(CONFIG_MAPPING_NAMES):
        folder = model_type_to_module_name(model_type)
        own = tree["aliases"].get(model_type, model_type)  # "EvollaModel" names EvollaConfig, whose type is "evolla"
        if folder not in wanted or own in registry or parent.get(own) in registry:
            continue
        out.append({"model_type": model_type, "folder": folder, "config_class": CONFIG_MAPPING_NAMES[model_type],
                    "rotary": sorted(c.__name__ for _, c in found[folder]),
                    "sub_config_of": parent.get(own)})
    return out


def sweep(names: Iterable[str] | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Every family's row (or those of ``names``), the missing model types, the transformers version and the counts.

    Example (needs torch and transformers):
        >>> result = sweep(["llama"])  # doctest: +SKIP
        >>> result["rows"][0]["status"], result["counts"]  # doctest: +SKIP
        ('compared', {'compared': 1})
    """
    torch, transformers = require_frameworks()
    with quiet_transformers():
        found = families()
        chosen = select(names, found)
        rows = []
        with torch.no_grad():
            for i, fam in enumerate(chosen):
                rows.append(compare_family(fam, found[fam]))
                if progress:
                    progress(i + 1, len(chosen), fam)
        missing = missing_families(found, chosen)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return {"transformers": transformers.__version__, "families": len(rows), "counts": counts, "rows": rows,
            "missing": missing}


# --- the adversarial sweep -----------------------------------------------------------------------------------------

OUTCOMES = ("agree", "rope-ref warns", "refused as transformers refuses", "rope-ref refuses, saying why",
            "rope-ref warns, and differs", "disagree", "transformers refuses, rope-ref reads",
            "rope-ref refuses, transformers reads")
"""The outcome classes of one adversarial variant: both read it and agree; ``from_hf_config`` read it
with a ConfigWarning and both agree (a variant transformers refuses and rope-ref reads with a warning
counts here); both raise; rope-ref refuses what it cannot describe or what transformers reads against
its own types (a ConfigError beginning "refused", with the reason) while transformers reads it;
rope-ref warns and some number differs, the warning naming a key behind each difference (one that
names none counts as "disagree");
both read it silently and some number differs; only one side reads it, silently."""

#: The outcomes a config may end in without rope-ref misleading anyone.
ACCEPTED = ("agree", "rope-ref warns", "refused as transformers refuses", "rope-ref refuses, saying why",
            "rope-ref warns, and differs")

#: Keys that give a head's size in some family's config (the "minimal" variant keeps these only).
SIZE_KEYS = ("hidden_size", "num_attention_heads", "n_embd", "n_head", "d_model", "n_heads", "num_heads")
#: Misspelled model types real files have carried, by the family they mean.
MISSPELLED_TYPES = {"glm4": ("glm-4", "GLM4"), "cohere2": ("cohere_2",), "ernie4_5": ("ernie4.5",),
                    "deepseek_v3": ("deepseek-v3",)}
#: Families whose config classes have no partial_rotary_factor of their own (the "stray" variant).
STRAY_PARTIAL = ("llama", "mistral", "qwen2")


def _at(config: dict[str, Any], path: str) -> dict[str, Any]:
    node: Any = config
    for key in filter(None, path.split(".")):
        node = node.setdefault(key, {}) if isinstance(node, dict) else {}
    return node


def _blocks(text: dict[str, Any]) -> list[dict[str, Any]]:
    """The scaling blocks of a text config: rope_parameters' one, or each layer type's."""
    block = text.get("rope_parameters")
    if not isinstance(block, dict):
        return []
    nested = [v for v in block.values() if isinstance(v, dict)]
    return nested if nested and all(isinstance(v, dict) or v is None for v in block.values()) else [block]


def _old_style(text: dict[str, Any]) -> None:
    """Rewrite a flat rope_parameters the way configs before transformers 5 held it: rope_theta and
    partial_rotary_factor at the top level, the rest under rope_scaling with "type" (or no block)."""
    block = text.pop("rope_parameters", None)
    if not isinstance(block, dict) or any(isinstance(v, dict) for v in block.values()):
        if block is not None:
            text["rope_parameters"] = block
        return
    block = dict(block)
    if "rope_theta" in block:
        text["rope_theta"] = block.pop("rope_theta")
    if "partial_rotary_factor" in block:
        text["partial_rotary_factor"] = block.pop("partial_rotary_factor")
    kind = block.pop("rope_type", block.pop("type", "default"))
    if kind != "default" or block:
        text["rope_scaling"] = {"type": kind, **block}


class _Variant:
    """One adversarial config: its name, what it tries, the config, and the keys it set (for the report)."""

    def __init__(self, name: str, what: str, config: dict[str, Any], given: dict[str, Any]) -> None:
        self.name, self.what, self.config, self.given = name, what, config, given
        self.right_type: str | None = None  # for a misspelled model_type, the family's own


def _variants(fam: str, config: dict[str, Any], path: str) -> list[_Variant]:
    """Every adversarial variant of one family's default config (``path``: where its rotary's keys sit)."""
    out: list[_Variant] = []
    where = f"{path}." if path else ""
    text0 = _at(copy.deepcopy(config), path)

    def variant(name: str, what: str, edit: Callable[[dict[str, Any]], dict[str, Any] | None]) -> None:
        cfg = copy.deepcopy(config)
        given = edit(_at(cfg, path))
        if given is not None:
            out.append(_Variant(name, what, cfg, {f"{where}{k}" if not k.startswith("/") else k[1:]: v
                                                   for k, v in given.items()}))

    out.append(_Variant("as saved", "the default config as config.json holds it (to_dict())", config, {}))
    minimal: dict[str, Any] = {"model_type": config.get("model_type")}
    inner = _at(minimal, path)
    if path and "model_type" in text0:
        inner["model_type"] = text0["model_type"]
    inner.update({k: text0[k] for k in SIZE_KEYS if k in text0})
    out.append(_Variant("minimal", "only model_type and the head's sizes: every other key is the config class's "
                        "default", minimal, {f"{where}{k}": v for k, v in inner.items()}))

    def with_block(text: dict[str, Any]) -> dict[str, Any]:
        block = text.get("rope_parameters")
        return dict(block) if isinstance(block, dict) and not any(isinstance(v, dict) for v in block.values()) \
            else {"rope_type": "default"}

    def both_blocks(text: dict[str, Any]) -> dict[str, Any]:
        params = copy.deepcopy(text.get("rope_parameters")) or {"rope_type": "default"}
        scaling = copy.deepcopy(params)
        targets = _blocks({"rope_parameters": params}) or [params]
        for block in targets:
            block["rope_theta"] = 500000.0
        for block in _blocks({"rope_parameters": scaling}) or [scaling]:
            block.update(rope_type="linear", factor=4.0, rope_theta=20000.0)
            block.pop("type", None)
        text["rope_parameters"], text["rope_scaling"] = params, scaling
        return {"rope_parameters": params, "rope_scaling": scaling}
    variant("rope_scaling and rope_parameters", "both blocks, different rope_type, factor and rope_theta",
            both_blocks)

    def pct_and_partial(text: dict[str, Any]) -> dict[str, Any]:
        for block in _blocks(text):
            block.pop("partial_rotary_factor", None)
        text.update(rotary_pct=0.25, partial_rotary_factor=0.5)
        return {"rotary_pct": 0.25, "partial_rotary_factor": 0.5, "rope_parameters": text.get("rope_parameters")}
    variant("rotary_pct and partial_rotary_factor", "both rotary fractions at the top level, none in the block",
            pct_and_partial)

    def base_twice_old(text: dict[str, Any]) -> dict[str, Any]:
        _old_style(text)
        text.update(rope_theta=40000.0, rotary_emb_base=20000.0)
        return {k: text.get(k) for k in ("rope_theta", "rotary_emb_base", "rope_scaling", "rope_parameters")
                if k in text}
    variant("rotary_emb_base and rope_theta", "an old-style config (no rope_parameters) with both base keys",
            base_twice_old)

    def theta_twice(text: dict[str, Any]) -> dict[str, Any]:
        for block in _blocks(text) or [text.setdefault("rope_parameters", {"rope_type": "default"})]:
            block["rope_theta"] = 500000.0
        text["rope_theta"] = 20000.0
        return {"rope_theta": 20000.0, "rope_parameters": text["rope_parameters"]}
    variant("rope_theta twice", "rope_theta at the top level and a different one in rope_parameters", theta_twice)

    def partial_twice(text: dict[str, Any]) -> dict[str, Any]:
        for block in _blocks(text) or [text.setdefault("rope_parameters", {"rope_type": "default"})]:
            block["partial_rotary_factor"] = 0.5
        text["partial_rotary_factor"] = 0.25
        return {"partial_rotary_factor": 0.25, "rope_parameters": text["rope_parameters"]}
    variant("partial_rotary_factor twice", "partial_rotary_factor at the top level and a different one in "
            "rope_parameters", partial_twice)

    def yarn_block(text: dict[str, Any], **keys: Any) -> dict[str, Any]:
        block = with_block(text)
        block.pop("type", None)
        block.update(rope_type="yarn", rope_theta=block.get("rope_theta", 10000.0), **keys)
        if "original_max_position_embeddings" not in keys:
            block["original_max_position_embeddings"] = 1024
        text["rope_parameters"] = block
        return block

    def l0_twice(text: dict[str, Any]) -> dict[str, Any]:
        block = yarn_block(text, factor=4.0)
        text["original_max_position_embeddings"] = 2048
        return {"rope_parameters": block, "original_max_position_embeddings": 2048}
    variant("original_max_position_embeddings twice", "a yarn block with L0 = 1024 and L0 = 2048 at the top level",
            l0_twice)
    for bad in ("factor ", "factr"):
        variant(f"yarn block with {bad!r}", f"a yarn block whose factor is spelt {bad!r}",
                lambda text, bad=bad: {"rope_parameters": yarn_block(text, **{bad: 4.0})})

    def no_type_old(text: dict[str, Any]) -> dict[str, Any]:
        _old_style(text)
        scaling = {k: v for k, v in (text.get("rope_scaling") or {}).items() if k not in ("type", "rope_type")}
        scaling["factor"] = 8.0
        text["rope_scaling"] = scaling
        return {k: text.get(k) for k in ("rope_theta", "rope_scaling") if k in text}
    variant("rope_scaling without a type", "an old-style config whose rope_scaling is {'factor': 8.0}", no_type_old)

    def no_type_new(text: dict[str, Any]) -> dict[str, Any]:
        block = with_block(text)
        block.pop("rope_type", None)
        block.pop("type", None)
        block["factor"] = 8.0
        text["rope_parameters"] = block
        return {"rope_parameters": block}
    variant("rope_parameters without a type", "rope_parameters with a factor and no rope_type", no_type_new)

    def null_type(text: dict[str, Any]) -> dict[str, Any]:
        block = with_block(text)
        block.update(rope_type=None, type="linear", factor=2.0)
        text["rope_parameters"] = block
        return {"rope_parameters": block}
    variant("null rope_type next to a type", "rope_parameters with rope_type null and type 'linear'", null_type)

    bools = [(k, v) for k, v in text0.items() if isinstance(v, bool) and _ROPE_KEY.search(k)]
    bools += [(f"rope_parameters.{k}", v) for block in _blocks(text0)[:1] for k, v in block.items()
              if isinstance(v, bool)]
    for key, value in bools:
        def string_bool(text: dict[str, Any], key: str = key, value: bool = value) -> dict[str, Any]:
            holder = text
            *outer, last = key.split(".")
            for part in outer:
                holder = holder[part]
            holder[last] = str(not value).lower()
            return {key: holder[last]}
        variant(f"string boolean {key}", f"{key} as the string {str(not value).lower()!r} (the default is {value})",
                string_bool)

    if fam in STRAY_PARTIAL and "partial_rotary_factor" not in text0:
        variant("stray partial_rotary_factor", "partial_rotary_factor 0.5 on a family whose config has none",
                lambda text: text.update(partial_rotary_factor=0.5) or {"partial_rotary_factor": 0.5})
    model_type = config.get("model_type")
    if isinstance(model_type, str):
        for wrong in dict.fromkeys((model_type.upper(), *MISSPELLED_TYPES.get(fam, ()))):
            if wrong != model_type:
                variant(f"model_type {wrong!r}", f"model_type misspelt {wrong!r} (the family's is {model_type!r})",
                        lambda text, wrong=wrong: {"/model_type": wrong})
                out[-1].config["model_type"], out[-1].right_type = wrong, model_type
    return out


#: The config keys a warning must name to account for a difference in each compared quantity.
_KEYS_BEHIND = {
    "rotary_dim": ("partial_rotary_factor", "rotary_pct", "head_dim", "rotary_dim"),
    "dim": ("head_dim", "hidden_size", "num_attention_heads"),
    "base": ("rope_theta", "rotary_emb_base", "base"),
    "layout": ("rope_interleave",),
}
_KEYS_BEHIND_RULE = ("rope_theta", "factor", "original_max_position_embeddings", "rope_type", "rope_scaling",
                     "rope_parameters", "partial_rotary_factor")


def _warning_covers(warnings_: list[str], differences: list[dict[str, Any]]) -> bool:
    """Whether the warnings name, for every difference, a config key that can cause it."""
    text = " ".join(warnings_)
    return all(any(key in text for key in _KEYS_BEHIND.get(d["key"], _KEYS_BEHIND_RULE)) for d in differences)


def _hf_side(cls: type, config: dict[str, Any], path: str) -> dict[str, Any]:
    """transformers' reading of a config.json dict: AutoConfig.for_model(model_type, **rest), the
    family's rotary module built from the sub-config at ``path``, and its tables; or the error."""
    from transformers import AutoConfig
    from transformers.configuration_utils import PreTrainedConfig
    log: list[str] = []
    kwargs = copy.deepcopy(config)
    model_type = kwargs.pop("model_type", None)
    try:
        with quiet_transformers(log):
            top = AutoConfig.for_model(model_type, **kwargs)
            sub: Any = top
            for key in filter(None, path.split(".")):
                sub = getattr(sub, key)
            rotary = cls(sub) if isinstance(sub, PreTrainedConfig) else None
            if rotary is None:
                rotary, sub, path = _rotary_in(top, cls)
            tables = _tables(rotary)
    except Exception as err:
        text = str(err).split(". Should contain one of")[0].splitlines()[0] if str(err) else ""
        return {"error": f"{type(err).__name__}: {text[:300]}", "log": log}
    return {"top": top, "sub": sub, "rotary": rotary, "tables": tables, "log": log}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def _hf_used(hf: dict[str, Any], lt: str | None) -> dict[str, Any]:
    """What transformers' rotary module used for one layer type: its rope_parameters block, rope type,
    the config's head_dim, and the number of frequencies."""
    rotary, sub = hf["rotary"], hf["sub"]
    params = _attr(sub, "rope_parameters")
    block = params.get(lt) if isinstance(params, dict) and lt is not None and isinstance(params.get(lt), dict) \
        else params
    kind = getattr(rotary, "rope_type", None)
    inv, factor = hf["tables"][lt]
    return {"rope_type": kind.get(lt) if isinstance(kind, dict) else kind, "rope_parameters": _jsonable(block),
            "head_dim": _attr(sub, "head_dim"), "frequencies": int(inv.size),
            "attention_factor": factor}


def _differences(lt: str | None, hf: dict[str, Any], rope: Any, module: Any, vision: str | None
                 ) -> list[dict[str, Any]]:
    """Each quantity on which transformers' module and rope-ref's RoPE differ, with both values."""
    inv, factor = hf["tables"][lt]
    used = _hf_used(hf, lt)
    out = []

    def differ(key: str, theirs: Any, ours: Any) -> None:
        out.append({"layer_type": lt, "key": key, "transformers": theirs, "rope_ref": ours})

    if vision is not None:
        ours = _vision_frequencies(rope, vision)
        if not _close(ours, inv):
            differ("2-D frequencies", [float(x) for x in inv[:4]], [float(x) for x in ours[:4]])
        return out
    ours = rope.inv_freq()
    if ours.size != inv.size:
        differ("rotary_dim", 2 * inv.size, rope.rotary_dim)
    elif not _close(np.sort(ours), np.sort(inv)):
        k = int(np.argmax(np.abs(np.sort(ours) - np.sort(inv)) / np.abs(np.sort(inv)).clip(1e-300)))
        differ("inv_freq", f"{float(np.sort(inv)[k])!r} (the {_ordinal(k)} smallest of {inv.size})",
               f"{float(np.sort(ours)[k])!r} (the {_ordinal(k)} smallest of {ours.size})")
    if not _close(np.array([rope.attention_factor]), np.array([factor])):
        differ("attention_factor", factor, rope.attention_factor)
    block = used["rope_parameters"] if isinstance(used["rope_parameters"], dict) else {}
    theta = block.get("rope_theta")
    if out and _is_number(theta) and not math.isclose(float(theta), rope.base, rel_tol=1e-12):
        differ("base", theta, rope.base)  # context for a difference (a module may ignore the block's base)
    head = used["head_dim"]
    if isinstance(head, int) and not isinstance(head, bool) and head != rope.dim:
        differ("dim", head, rope.dim)
    if out or module is None:
        return out
    try:
        rows = probe(module, hf["rotary"], rope.dim, lt)
    except Exception:  # the numbers were compared; the pairing needs a runnable apply function
        return out
    theirs = read_pairing(rows)
    mine = read_pairing(rope.apply(np.eye(rope.dim), np.full(rope.dim, float(PROBE_POSITION))))
    if (theirs["layout"], theirs["rotary_dim"]) != (mine["layout"], mine["rotary_dim"]):
        differ("layout", f"{theirs['layout']} over {theirs['rotary_dim']} features",
               f"{mine['layout']} over {mine['rotary_dim']} features")
    return out


def _ordinal(k: int) -> str:
    n = k + 1
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _attr(config: Any, name: str) -> Any:
    """A config attribute, or None (a heterogeneous config refuses global reads of per-layer ones)."""
    try:
        return getattr(config, name, None)
    except Exception:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _rope_ref_side(config: dict[str, Any], layer_types: list[str | None], vision: str | None
                   ) -> tuple[dict[str | None, Any], list[str], str | None]:
    """from_hf_config (or, for a vision family, from_hf_config_multiaxis) per layer type:
    (layer type -> RoPE, warning messages, error or None)."""
    ropes: dict[str | None, Any] = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for lt in layer_types:
                ropes[lt] = from_hf_config_multiaxis(config) if vision is not None else \
                    from_hf_config(config, layer_type=lt)
        except (ValueError, TypeError) as err:
            return ropes, [str(w.message) for w in caught], f"{type(err).__name__}: {err}"
    return ropes, [str(w.message) for w in caught], None


def _describe(rope: Any) -> str:
    scaling = getattr(rope, "scaling", None)
    return (f"dim {rope.dim}, rotary_dim {rope.rotary_dim}, base {getattr(rope, 'base', '-')}, layout {rope.layout}"
            + (f", scaling {scaling!r}" if scaling is not None else ""))


def _run_variant(fam: str, cls: type, module: Any, variant: _Variant, path: str, vision: str | None
                 ) -> dict[str, Any]:
    record: dict[str, Any] = {"family": fam, "variant": variant.name, "what": variant.what,
                              "given": _jsonable(variant.given)}
    hf = _hf_side(cls, variant.config, path)
    if "error" not in hf and not hf["tables"]:
        hf = {"error": f"{cls.__name__} keeps no inv_freq buffer", "log": hf["log"]}
    layer_types: list[str | None] = list(hf["tables"]) if "error" not in hf else [None]
    if vision is None and layer_types != [None]:
        layer_types = [lt for lt in layer_types if lt is not None]
    ropes, warned, error = _rope_ref_side(variant.config, layer_types, vision)
    if "error" in hf:
        record["transformers"] = {"error": hf["error"]}
    if hf.get("log"):
        record["transformers_log"] = sorted(set(hf["log"]))[:6]
    if error:
        record["rope_ref"] = {"error": error}
    if warned:
        record["rope_ref_warnings"] = warned
    if "error" in hf and error:
        record["outcome"] = "refused as transformers refuses"
    elif "error" in hf:
        record["outcome"] = "rope-ref warns" if warned else "transformers refuses, rope-ref reads"
        record["rope_ref"] = {str(lt): _describe(r) for lt, r in ropes.items()}
    elif error:
        said = error.split(": ", 1)[-1].startswith("refused")
        record["outcome"] = "rope-ref refuses, saying why" if said else "rope-ref refuses, transformers reads"
        record["transformers"] = {str(lt): _hf_used(hf, lt) for lt in layer_types}
    else:
        differences = []
        for lt in layer_types:
            differences += _differences(lt, hf, ropes[lt], module, vision)
        if warned and differences and not _warning_covers(warned, differences):
            record["warning_misses"] = True  # the warning names none of the keys behind the difference
        record["outcome"] = ("rope-ref warns" if not differences else "disagree" if record.get("warning_misses")
                             else "rope-ref warns, and differs") if warned else "disagree" if differences else "agree"
        if differences:
            record["differences"] = _jsonable(differences)
            record["transformers"] = {str(lt): _hf_used(hf, lt) for lt in layer_types}
            record["rope_ref"] = {str(lt): _describe(r) for lt, r in ropes.items()}
    if variant.right_type is not None and "error" in hf and not error:
        right = copy.deepcopy(variant.config)
        right["model_type"] = variant.right_type
        mine, _, err = _rope_ref_side(right, layer_types, vision)
        if not err and any(_describe(mine[lt]) != _describe(ropes[lt]) for lt in layer_types):
            record["note"] = (f"with the right model_type rope-ref reads "
                              f"{'; '.join(_describe(r) for r in mine.values())} instead")
    return record


def adversarial_family(fam: str, classes: list[tuple[str, type]]) -> list[dict[str, Any]]:
    """Every adversarial variant of one family, each with its outcome (see :func:`adversarial`)."""
    modname, cls = _language_rotary(classes)
    try:
        with quiet_transformers():
            top, rotary, path = _build(fam, cls)
    except Exception as err:
        return [{"family": fam, "variant": "as saved", "what": "the default config", "given": {},
                 "outcome": "not buildable", "transformers": {"error": f"{type(err).__name__}: {err}"[:300]}}]
    config = top.to_dict()
    vision = None
    if _is_vision_rotary(cls, rotary, config):
        fam_entry = models.family(config.get("model_type"))
        vision = fam_entry.vision if fam_entry is not None else "axial"
    module = sys.modules[modname]
    records = []
    for variant in _variants(fam, config, path):
        try:
            records.append(_run_variant(fam, cls, module, variant, path, vision))
        except Exception as err:  # reported as the sweep's own failure, the others still run
            records.append({"family": fam, "variant": variant.name, "what": variant.what,
                            "given": _jsonable(variant.given), "outcome": "sweep error",
                            "error": f"{type(err).__name__}: {str(err)[:300]}"})
    return records


def adversarial(names: Iterable[str] | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Adversarial configs for every family (or those of ``names``), read by transformers and by rope-ref.

    For each family's language-model rotary module (a vision family's 2-D one), variants of its default
    config as config.json files really look: ``as saved`` (the baseline), ``minimal`` (only model_type and
    the head's sizes, so that the config class fills in its own defaults), keys given twice (rope_scaling
    and rope_parameters; rotary_pct and partial_rotary_factor; rotary_emb_base and rope_theta; rope_theta
    and partial_rotary_factor at the top level and in the block; L0 at the top level and in a yarn block),
    misspelled keys ("factor " and "factr" in a yarn block) and model types, a scaling block with no type,
    a null rope_type next to a type, string booleans, and a stray partial_rotary_factor on Llama, Mistral
    and Qwen2. transformers reads each with ``AutoConfig.for_model(model_type, **config)`` and builds the
    family's rotary module from the sub-config where the default config keeps it; rope-ref reads it with
    ``from_hf_config`` (per layer type when transformers builds one table per layer type). Compared: the
    rotary dim (the number of frequencies), the inverse frequencies, the attention factor, the base (the
    block's rope_theta transformers used), the head dim (when the config has ``head_dim``) and the pairing.

    Returns ``{"transformers": version, "variants": n, "counts": {outcome: n}, "records": [...]}``, one
    record per variant with its ``outcome`` (one of :data:`OUTCOMES`, or "not buildable" when the default
    config builds no rotary module), the keys it ``given``, and for a disagreement its ``differences``
    (``{"layer_type", "key", "transformers", "rope_ref"}``) with what each side used.

    Example (needs torch and transformers):
        >>> result = adversarial(["llama"])  # doctest: +SKIP
        >>> sorted(result["counts"])  # doctest: +SKIP
        ['agree', 'disagree', 'refused as transformers refuses', 'transformers refuses, rope-ref reads']
    """
    torch, transformers = require_frameworks()
    with quiet_transformers():
        found = families()
    chosen = select(names, found)
    records = []
    with torch.no_grad():
        for i, fam in enumerate(chosen):
            records += adversarial_family(fam, found[fam])
            if progress:
                progress(i + 1, len(chosen), fam)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["outcome"]] = counts.get(record["outcome"], 0) + 1
    return {"transformers": transformers.__version__, "families": len(chosen), "variants": len(records),
            "counts": counts, "records": records}


# --- the config classes' defaults ----------------------------------------------------------------------------------

_ROPE_KEY = re.compile(
    r"rope|rotary|theta|mrope|interleave|head_dim$|^(hidden_size|num_attention_heads|n_embd|n_head|d_model|n_heads|"
    r"num_heads|kv_channels|attention_head_dim|decoder_num_attention_heads|max_position_embeddings|n_positions|"
    r"original_max_position_embeddings|layer_types|partial_rotary_factor|memory_attention_hidden_size|"
    r"memory_attention_num_attention_heads|memory_attention_downsample_rate|position_embedding_type)$")
"""Config keys whose defaults matter to a RoPE (plus the class attributes default_theta and
default_rope_type, and attribute_map aliases of these keys)."""

_VARIED = ("hidden_size", "num_attention_heads", "max_position_embeddings", "num_hidden_layers", "qk_rope_head_dim")
_ALIASES = {"hidden_size": ("hidden_size", "n_embd", "d_model"), "num_attention_heads": (
    "num_attention_heads", "n_head", "n_heads", "num_heads"),
    "max_position_embeddings": ("max_position_embeddings", "n_positions"), "num_hidden_layers": (
    "num_hidden_layers", "n_layer", "n_layers", "num_layers"), "qk_rope_head_dim": ("qk_rope_head_dim",)}


def _config_classes(folders: Iterable[str] | None = None) -> dict[str, list[type]]:
    """family folder -> the config classes its configuration modules define (families with a rotary only,
    or ``folders``)."""
    import transformers
    from transformers.configuration_utils import PreTrainedConfig
    root = Path(transformers.__file__).parent / "models"
    out: dict[str, list[type]] = {}
    for folder in (families() if folders is None else folders):
        for path in sorted((root / folder).glob("configuration_*.py")):
            mod = importlib.import_module(f"transformers.models.{folder}.{path.stem}")
            out.setdefault(folder, []).extend(
                c for _, c in sorted(vars(mod).items()) if inspect.isclass(c) and issubclass(c, PreTrainedConfig)
                and c.__module__ == mod.__name__)
    return out


def _sub_classes(cls: type) -> dict[str, type | str]:
    """A config class's sub-configs: key -> the class that reads it (or, for AutoConfig, its default
    model_type), from its sub_configs_defaults and from the sub-configs a default instance holds."""
    from transformers.configuration_utils import PreTrainedConfig
    out: dict[str, type | str] = {}
    for key, spec in (getattr(cls, "sub_configs_defaults", None) or {}).items():
        klass = getattr(spec, "config_class", spec)
        if inspect.isclass(klass) and issubclass(klass, PreTrainedConfig):
            out[key] = klass
        elif isinstance(getattr(spec, "model_type", None), str) and spec.model_type:
            out[key] = spec.model_type
    try:
        with quiet_transformers():
            instance = cls()
        held = {k: v for k, v in vars(instance).items() if isinstance(v, PreTrainedConfig)}
    except Exception:  # a class that needs arguments: its declared sub-configs only
        held = {}
    for key, value in sorted(held.items()):
        out.setdefault(key, type(value))
    return out


def config_tree(folders: Iterable[str] | None = None) -> dict[str, Any]:
    """The model types of every family with a rotary embedding: ``top`` (model_type -> its folder),
    ``parent`` (a sub-config's model_type -> the top-level model_type it belongs to), ``classes``
    (model_type -> config class), ``sub_configs`` (model_type -> {key: sub-config model_type}) and
    ``aliases`` (a CONFIG_MAPPING_NAMES type whose class has another model_type -> that type).

    A sub-config is one a config class of the same folder names (sub_configs_defaults, or held by its
    default instance; through classes without a model_type of their own too) or a subclass of one of
    the folder's classes with a model_type of its own (Mimi's encoder and decoder configs). ``folders``
    limits it to some family folders (a folder's tree depends on its own classes only)."""
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES, model_type_to_module_name
    with quiet_transformers():
        per_folder = _config_classes(folders)
    by_type: dict[str, type] = {}
    folder_of: dict[type, str] = {}
    for folder, found in per_folder.items():
        for cls in found:
            folder_of.setdefault(cls, folder)
            if cls.model_type:
                by_type.setdefault(cls.model_type, cls)
    edges: dict[type, list[type]] = {}
    children: dict[str, dict[str, str]] = {}
    for folder, found in per_folder.items():
        for cls in found:
            for key, sub in _sub_classes(cls).items():
                klass = by_type.get(sub) if isinstance(sub, str) else sub
                sub_type = sub if isinstance(sub, str) else getattr(sub, "model_type", "")
                if cls.model_type and sub_type:
                    children.setdefault(cls.model_type, {})[key] = sub_type
                if klass is not None and folder_of.get(klass) == folder and klass is not cls:
                    edges.setdefault(cls, []).append(klass)
            for base in cls.__mro__[1:]:
                if base in folder_of and folder_of[base] == folder and base.model_type != cls.model_type:
                    edges.setdefault(base, []).append(cls)
    reached = {klass for subs in edges.values() for klass in subs}
    top = {}
    for mt, cls in by_type.items():
        registered = mt in CONFIG_MAPPING_NAMES and model_type_to_module_name(mt) == folder_of[cls]
        if cls not in reached or (registered and mt == folder_of[cls]):
            top[mt] = folder_of[cls]
    parent: dict[str, str] = {}
    seen: set[type] = set()

    def walk(root: str, node: type, depth: int = 0) -> None:
        for klass in edges.get(node, []):
            if klass in seen or depth > 5:
                continue
            seen.add(klass)
            if klass.model_type and klass.model_type not in top:
                parent.setdefault(klass.model_type, root)
            walk(root, klass, depth + 1)
    for root in sorted(top, key=lambda mt: (mt != top[mt], mt)):
        seen.add(by_type[root])
        walk(root, by_type[root])
    names = {cls.__name__: mt for mt, cls in by_type.items()}
    aliases = {mt: names[name] for mt, name in CONFIG_MAPPING_NAMES.items()
               if name in names and names[name] != mt and mt not in by_type}
    return {"top": top, "parent": parent, "classes": by_type, "sub_configs": children, "aliases": aliases}


def _instance(cls: type, **kwargs: Any) -> dict[str, Any] | None:
    try:
        with quiet_transformers():
            cfg = cls(**kwargs)
    except Exception:  # a class that cannot take the varied value: its keys count as derived
        return None
    return {k: v for k, v in cfg.to_dict().items() if not isinstance(v, dict) or k in ("rope_parameters",
                                                                                        "rope_scaling")}


def _flat(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{prefix}.{k}"))
        return out
    return {prefix: value}


def _rule(key: str, values: list[Any], bases: list[dict[str, Any]], changed_by: list[str]) -> str:
    """A short description of how a derived default follows the varied keys."""
    def every(fn: Callable[[dict[str, Any]], Any]) -> bool:
        try:
            return all(fn(base) == value for base, value in zip(bases, values, strict=True) if value is not None)
        except Exception:
            return False

    def get(base: dict[str, Any], name: str) -> Any:
        return next(base[k] for k in _ALIASES[name] if k in base)
    rules = [
        ("hidden_size // num_attention_heads", lambda b: get(b, "hidden_size") // get(b, "num_attention_heads")),
        ("2 * (hidden_size // num_attention_heads)",
         lambda b: 2 * (get(b, "hidden_size") // get(b, "num_attention_heads"))),
        ("hidden_size", lambda b: get(b, "hidden_size")),
        ("num_attention_heads", lambda b: get(b, "num_attention_heads")),
        ("max_position_embeddings", lambda b: get(b, "max_position_embeddings")),
        ("qk_rope_head_dim", lambda b: get(b, "qk_rope_head_dim")),
        ("qk_nope_head_dim + qk_rope_head_dim", lambda b: b["qk_nope_head_dim"] + get(b, "qk_rope_head_dim")),
        ("qk_rope_head_dim / head_dim", lambda b: get(b, "qk_rope_head_dim") / b["head_dim"]),
    ]
    for text, fn in rules:
        if every(fn):
            return text
    default = values[0]
    if isinstance(default, list) and "num_hidden_layers" in changed_by:
        return f"one entry per layer (num_hidden_layers): {_pattern(default)}"
    return "follows " + " and ".join(changed_by)


def _pattern(layers: list[Any]) -> str:
    """A per-layer list as a repeating pattern with at most two exceptions.

    Example:
        >>> _pattern(["s", "f", "s", "f", "s", "s"])
        "repeating ['s', 'f'], except the last layer: 's' (default 6 layers)"
    """
    n = len(layers)
    best: tuple[int, int, list[Any], list[int]] | None = None
    for period in range(1, max(1, n // 2) + 1):
        for start in range(min(n - period + 1, period + 3)):  # a later start lets an exception come first
            unit = [layers[start + ((j - start) % period)] for j in range(period)]
            odd = [i for i in range(n) if layers[i] != unit[i % period]]
            if len(odd) <= 2 and (best is None or (len(odd), period) < best[:2]):
                best = (len(odd), period, unit, odd)
    if best is not None:
        _, _, unit, odd = best
        where = ", ".join("the last layer" if i == n - 1 else f"layer {i}" for i in odd)
        rest = f", except {where}: {', '.join(repr(layers[i]) for i in odd)}" if odd else ""
        return f"repeating {unit!r}{rest} (default {n} layers)"
    return f"default {layers!r}"


def _class_defaults(cls: type) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """(constant defaults, derived defaults -> rule, aliases) of one config class's RoPE keys."""
    base = _instance(cls)
    if base is None:
        return {}, {}, {}
    flat_base = {k: v for key, value in base.items() if _ROPE_KEY.search(key) for k, v in _flat(value, key).items()}
    bases, values_of, changed_by = [base], {k: [v] for k, v in flat_base.items()}, {k: [] for k in flat_base}
    for name in _VARIED:
        key = next((k for k in _ALIASES[name] if _is_number(base.get(k))), None)
        if key is None:
            continue
        value = base[key]
        new = value + 3 if name == "num_hidden_layers" else value + 16 if name == "qk_rope_head_dim" else value * 2
        other = _instance(cls, **{key: new})
        if other is None and name == "num_attention_heads" and value % 2 == 0:
            new = value // 2
            other = _instance(cls, **{key: new})
        if other is None:
            for k in flat_base:  # could not vary it: whatever may follow it is not recorded as constant
                if k != key and (k.split(".")[-1] in ("head_dim", "layer_types", "original_max_position_embeddings")
                                 or "head_dim" in k):
                    changed_by[k].append(f"{name} (could not be varied)")
            continue
        flat_other = {k: v for kk, vv in other.items() if _ROPE_KEY.search(kk) for k, v in _flat(vv, kk).items()}
        bases.append(other)
        for k in flat_base:
            values_of[k].append(flat_other.get(k))
            if k != key and flat_other.get(k) != flat_base[k]:
                changed_by[k].append(name)
    constant: dict[str, Any] = {}
    derived: dict[str, str] = {}
    conditional: dict[str, dict[str, Any]] = {}
    for k, value in flat_base.items():
        failed = [c for c in changed_by[k] if c.endswith("(could not be varied)")]
        if failed and failed == changed_by[k]:
            derived[k] = (f"default {value!r}; may follow {' and '.join(c.split(' (')[0] for c in failed)}, which this "
                          "class refused to change")
            if value is not None and "." not in k:  # sure only where the config keeps those keys' defaults
                names = [c.split(" (")[0] for c in failed]
                when = {next((a for a in _ALIASES[n] if a in base), n): base.get(next(
                    (a for a in _ALIASES[n] if a in base), n)) for n in names}
                conditional[k] = {"value": value, "when": when}
        elif changed_by[k]:
            derived[k] = _rule(k, values_of[k], bases, [c for c in changed_by[k] if c not in failed])
        elif value is not None:
            constant[k] = value
    for attr in ("default_theta", "default_rope_type"):
        value = getattr(cls, attr, None)
        if value is not None and not (attr == "default_rope_type" and value == "default"):
            constant[attr] = value
    aliases = {k: v for k, v in (getattr(cls, "attribute_map", None) or {}).items() if _ROPE_KEY.search(k)}
    if conditional:
        derived["?"] = conditional  # type: ignore[assignment]  # split out by defaults_tables
    return _unflatten(constant), derived, aliases


def _unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *outer, last = key.split(".")
        for part in outer:
            node = node.setdefault(part, {})
        node[last] = value
    return out


# --- how each config class standardizes its RoPE keys, and what each rotary module reads ------------------------

#: Top-level keys some config class moves into a scaling block as its base, and as its rotary fraction.
BASE_KEYS = ("rope_theta", "rotary_emb_base", "rope_local_base_freq", "local_rope_theta", "global_rope_theta",
             "swa_rope_theta")
PARTIAL_KEYS = ("partial_rotary_factor", "rotary_pct")
_MARKS = (123457.0, 234567.0, 345678.0, 456789.0, 567891.0, 678912.0)


def _standardized(cls: type, **kwargs: Any) -> dict[str, dict[str, Any]] | None:
    """The scaling blocks a config class builds from ``kwargs``: layer type -> block, or ``{"*": block}``
    when its rope_parameters is one flat block; None when the class refuses the keys."""
    try:
        with quiet_transformers():
            inst = cls(**copy.deepcopy(kwargs))
    except Exception:
        return None
    params = getattr(inst, "rope_parameters", None)
    if not isinstance(params, dict):
        return None
    nested = inst.nested_rope_parameter_keys(params) if hasattr(inst, "nested_rope_parameter_keys") else []
    return {k: params[k] for k in nested if isinstance(params[k], dict)} if nested else {"*": params}


def _precedence(cls: type, candidates: tuple[str, ...], field: str, marks: tuple[float, ...],
                given: dict[str, Any]) -> dict[str, list[str]]:
    """layer type -> the top-level keys that give a block's ``field``, highest precedence first, when the
    config holds ``given`` (a block without the field, or nothing)."""
    accepted: dict[str, list[str]] = {}
    for key in candidates:
        for lt, block in (_standardized(cls, **given, **{key: marks[0]}) or {}).items():
            if block.get(field) == marks[0]:
                accepted.setdefault(lt, []).append(key)
    out = {}
    for lt, keys in accepted.items():
        ranked: list[str] = []
        while len(keys) > 1:  # give every remaining key its own mark: the one the block holds wins
            marked = {k: marks[i] for i, k in enumerate(keys)}
            value = ((_standardized(cls, **given, **marked) or {}).get(lt) or {}).get(field)
            if value not in marks[:len(keys)]:
                break
            ranked.append(keys.pop(marks.index(value)))
        out[lt] = ranked + keys
    return out


def conversion_facts(cls: type) -> dict[str, Any] | None:
    """How one config class turns a config.json's RoPE keys into the blocks its rotary module reads,
    measured by building it with marked values (None when its default instance has no rope_parameters):

    - ``layers``: the layer types it keeps a block for (``["*"]``: one flat block);
    - ``base`` / ``partial``: layer type -> the top-level keys that give the block's rope_theta /
      partial_rotary_factor when the config's block has none, highest precedence first; ``... without
      a block``: the same when the config gives no block (a class whose default block holds its own
      rope_theta, as Apertus's, keeps it whatever the top level says);
    - ``rope_scaling`` / ``rope_parameters``: the layer types a flat block under that key reaches
      (for a per-layer class, ``["*"]`` means it stays flat, which its rotary module cannot read,
      and ``[]`` that it is dropped); ``both``: layer type -> the key that wins when both are given;
      ``nested ...``: the same for blocks given per layer type;
    - ``l0``: layer type -> "top" when a top-level original_max_position_embeddings beats the block's,
      "block" when the block's stays, None when the class leaves it None;
    - ``refused rules``: the shared rules (linear, dynamic, yarn, llama3) the class refuses even with all
      their keys (Phi-3 takes only LongRoPE, Cosmos 3 Edge only the default);
    - ``head_dim_none``: the class leaves head_dim None when the config has none (transformers' yarn,
      dynamic and longrope rules then fail).
    """
    blocks = _standardized(cls)
    if blocks is None:
        return None
    facts: dict[str, Any] = {"layers": sorted(blocks)}
    # a plain block: the default rule, with the keys the class's own block carries beyond the rule's
    # (Cosmos 3 Edge's mrope_section), without rope_theta and partial_rotary_factor
    first = next(iter(blocks.values()))
    extra = {k: v for k, v in first.items() if k in ("mrope_section", "mrope_interleaved")}
    plain = {"rope_type": "default", **extra}
    given = {"rope_parameters": plain if facts["layers"] == ["*"] else {lt: dict(plain) for lt in facts["layers"]}}
    facts["given block"] = {lt: {k: block[k] for k in ("rope_theta", "partial_rotary_factor") if k in block}
                            for lt, block in (_standardized(cls, **given) or {}).items()}
    for name, keys, field, marks in (("base", BASE_KEYS, "rope_theta", _MARKS),
                                     ("partial", PARTIAL_KEYS, "partial_rotary_factor", (0.375, 0.625))):
        facts[name] = _precedence(cls, keys, field, marks, given)
        facts[f"{name} without a block"] = _precedence(cls, keys, field, marks, {})

    def marked(theta: float) -> Callable[[dict[str, Any]], bool]:
        return lambda block: block.get("rope_theta") == theta

    def reach(got: dict[str, dict[str, Any]] | None, test: Callable[[dict[str, Any]], bool]) -> list[str]:
        return sorted(lt for lt, block in (got or {}).items() if test(block))

    def winner(got: dict[str, dict[str, Any]] | None) -> dict[str, str | None]:
        return {lt: "rope_scaling" if block.get("rope_theta") == _MARKS[0] else "rope_parameters"
                if block.get("rope_theta") == _MARKS[1] else None for lt, block in (got or {}).items()}

    def flat(theta: float) -> dict[str, Any]:
        return {"rope_type": "default", "rope_theta": theta, **extra}
    facts["rope_scaling"] = reach(_standardized(cls, rope_scaling=flat(_MARKS[0])), marked(_MARKS[0]))
    facts["rope_parameters"] = reach(_standardized(cls, rope_parameters=flat(_MARKS[0])), marked(_MARKS[0]))
    facts["both"] = winner(_standardized(cls, rope_scaling=flat(_MARKS[0]), rope_parameters=flat(_MARKS[1])))
    layered = facts["layers"] != ["*"]
    if layered:
        def nest(theta: float) -> dict[str, Any]:
            return {lt: flat(theta) for lt in facts["layers"]}
        facts["nested rope_scaling"] = reach(_standardized(cls, rope_scaling=nest(_MARKS[0])), marked(_MARKS[0]))
        facts["nested rope_parameters"] = reach(_standardized(cls, rope_parameters=nest(_MARKS[0])),
                                                marked(_MARKS[0]))
        facts["nested both"] = winner(_standardized(cls, rope_scaling=nest(_MARKS[0]),
                                                    rope_parameters=nest(_MARKS[1])))
    rules = {"linear": {"factor": 2.0}, "dynamic": {"factor": 2.0},
             "yarn": {"factor": 4.0, "original_max_position_embeddings": 1024},
             "llama3": {"factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                        "original_max_position_embeddings": 1024}}
    facts["refused rules"] = [] if _standardized(cls, **given) is None else [
        name for name, keys in rules.items()
        if _standardized(cls, rope_parameters={"rope_type": name, "rope_theta": 10000.0, **extra, **keys}
                         if not layered else {lt: {"rope_type": name, "rope_theta": 10000.0, **extra, **keys}
                                              for lt in facts["layers"]}) is None]
    yarn = {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 1024, **extra}
    form = {lt: dict(yarn) for lt in facts["layers"]} if layered and "*" not in facts["rope_parameters"] else yarn
    got = _standardized(cls, rope_parameters=form, original_max_position_embeddings=2048) or {}
    facts["l0"] = {lt: {2048: "top", 1024: "block"}.get(block.get("original_max_position_embeddings"))
                   for lt, block in got.items() if block.get("rope_type") == "yarn"}
    try:
        with quiet_transformers():
            inst = cls()
    except Exception:
        inst = None
    if not facts["l0"]:  # the class refuses a yarn block: transformers' own rule (a declared field wins)
        declared = inst is not None and "original_max_position_embeddings" in vars(inst)
        facts["l0"] = {lt: "top" if declared else "block" for lt in facts["layers"]}
    facts["head_dim_none"] = inst is not None and "head_dim" in vars(inst) and vars(inst)["head_dim"] is None
    if layered and inst is not None:  # a per-layer head_dim the class fills in (Gemma 4's global_head_dim)
        facts["head_dim by layer type"] = _layer_head_dims(inst, facts["layers"])
    return facts


def _layer_head_dims(inst: Any, layers: list[str]) -> dict[str, int]:
    """layer type -> the head_dim of its first layer, where that differs from the config's head_dim."""
    out: dict[str, int] = {}
    try:
        types, per_layer, head_dim = inst.layer_types, inst.per_layer_config, vars(inst).get("head_dim")
        for lt in layers:
            if lt in types:
                value = getattr(per_layer[types.index(lt)], "head_dim", None)
                if isinstance(value, int) and value != head_dim:
                    out[lt] = value
    except Exception:  # no per-layer configs: every layer has the config's head_dim
        return {}
    return out


def _kept(held: dict[str, Any], block: dict[str, Any], key: str, value: Any) -> bool:
    """Whether a built sub-config holds ``key: value`` (rope_theta moved into its block counts)."""
    if key == "rope_parameters" and isinstance(value, dict):
        return all(block.get(k) == v for k, v in value.items())
    return held.get(key) == value or (key in ("rope_theta", "partial_rotary_factor") and block.get(key) == value)


def composite_defaults(cls: type, sub_configs: dict[str, str]) -> dict[str, dict[str, Any]]:
    """sub-config key -> the RoPE keys a composite config class fills into a sub-config dict that leaves
    them out (GLM-ASR, Voxtral, PE: ``{**defaults, **text_config}``), measured by giving it an empty one."""
    out: dict[str, dict[str, Any]] = {}
    for key, spec in (getattr(cls, "sub_configs_defaults", None) or {}).items():
        kwargs = {k: v for k, v in (getattr(spec, "init_kwargs", None) or {}).items() if _ROPE_KEY.search(k)}
        if not kwargs or key not in sub_configs:
            continue
        try:
            with quiet_transformers():
                sub = getattr(cls(**{key: {"model_type": sub_configs[key]}}), key)
        except Exception:
            continue
        held = sub.to_dict()
        block = held.get("rope_parameters") if isinstance(held.get("rope_parameters"), dict) else {}

        if all(_kept(held, block, k, v) for k, v in kwargs.items()):
            out[key] = copy.deepcopy(kwargs)
    return out


def module_facts(fam: str, classes: list[tuple[str, type]]) -> tuple[str, dict[str, Any]] | None:
    """(the family's top-level model_type, facts) for a family's language-model rotary module, measured on
    its tables with edited blocks (None for a vision rotary, or one that does not build):

    - ``partial``: "honoured" or "ignored": whether the default rule reads the block's
      partial_rotary_factor (most families' own default rule rotates the whole head whatever it says);
    - ``base``: "block" (the block's rope_theta), "rope_theta" (the config's top-level rope_theta only:
      ESM), or the number the module uses whatever the config says (GPT-J, CodeGen: 10000);
    - ``scaling``: "honoured", "ignored" or "refused": whether a linear block changes the frequencies,
      or the module fails on it;
    - ``width``: with ``partial`` "ignored", the config key whose value the rotated width is;
      ``partial default``: the fraction the module uses when the block gives none (MiMo-V2: 0.334;
      per layer type when it has several);
    - ``l0``: "top" when a top-level original_max_position_embeddings beats a yarn block's own (the
      rules re-read the config as they build the module), "block" when it does not.
    """
    _, cls = _language_rotary(classes)
    try:
        with quiet_transformers():
            top, rotary, path = _build(fam, cls)
    except Exception:
        return None
    config = top.to_dict()
    if _is_vision_rotary(cls, rotary, config):
        return None

    def tables(edit: Callable[[dict[str, Any]], Any], top_edit: Callable[[dict[str, Any]], Any] | None = None
               ) -> dict[str | None, np.ndarray] | None:
        cfg = copy.deepcopy(config)
        text = _at(cfg, path)
        for block in _blocks(text) or [text.setdefault("rope_parameters", {"rope_type": "default"})]:
            edit(block)
        if top_edit is not None:
            top_edit(text)
        hf = _hf_side(cls, cfg, path)
        return None if "error" in hf or not hf["tables"] else {lt: t[0] for lt, t in hf["tables"].items()}

    def table(edit: Callable[[dict[str, Any]], Any], top_edit: Callable[[dict[str, Any]], Any] | None = None
              ) -> np.ndarray | None:
        got = tables(edit, top_edit)
        return None if got is None else got[plain_type if plain_type in got else sorted(got, key=str)[0]]

    # the layer type the measurement reads: the first (in sorted order) whose block has the default rule
    # (Gemma 4's sliding layers, not its proportional full-attention ones)
    text0 = _at(copy.deepcopy(config), path)
    params = text0.get("rope_parameters") if isinstance(text0.get("rope_parameters"), dict) else {}
    plain_type = next((lt for lt, b in sorted(params.items()) if isinstance(b, dict) and
                       b.get("rope_type", "default") == "default"), None)

    def same(a: np.ndarray, b: np.ndarray) -> bool:
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6))

    facts: dict[str, Any] = {}
    # the default rule's own reading of the fraction (most families' rotate the whole head whatever it says)
    whole, half = (table(lambda b, p=p: b.update(rope_type="default", partial_rotary_factor=p))
                   for p in (1.0, 0.5))
    if whole is not None and half is not None:
        facts["partial"] = "ignored" if half.size == whole.size else "honoured"
        sub = _rotary_in(top, cls)[1]
        if half.size == whole.size:  # which config key the rotated width is then
            hidden, heads = _attr(sub, "hidden_size"), _attr(sub, "num_attention_heads")
            own = _layer_head_dims(sub, [plain_type]).get(plain_type) if plain_type else None  # Gemma 4's global
            sizes = {"head_dim": own or vars(sub).get("head_dim") or (
                hidden // heads if _is_number(hidden) and _is_number(heads) and heads else None)}
            sizes.update({k: _attr(sub, k) for k in ("qk_rope_head_dim", "kv_channels", "attention_head_dim")})
            facts["width"] = next((k for k, v in sizes.items() if v == 2 * whole.size), None)
        else:  # the module's own default fraction, per layer type (MiMo-V2: 0.334); a wide head pins it
            wide = tables(lambda b: (b.update(rope_type="default"), b.pop("partial_rotary_factor", None)),
                          lambda t: t.update(head_dim=100000))
            full = tables(lambda b: b.update(rope_type="default", partial_rotary_factor=1.0),
                          lambda t: t.update(head_dim=100000))
            if wide is not None and full is not None:
                own = {lt: round(wide[lt].size / full[lt].size, 5) for lt in sorted(wide, key=str)
                       if lt in full and full[lt].size == 50000 and wide[lt].size != full[lt].size}
                if own:
                    facts["partial default"] = own.get(None) if list(own) == [None] else own
    low, high = (table(lambda b, t=t: b.update(rope_theta=t)) for t in (10000.0, 500000.0))
    if low is not None and high is not None:
        if not same(low, high):
            facts["base"] = "block"
        else:
            top_only = table(lambda b: b.pop("rope_theta", None), lambda t: t.update(rope_theta=500000.0))
            if top_only is not None and not same(top_only, low):
                facts["base"] = "rope_theta"
            elif low.size > 1:  # inv_freq[1] = base ** (-2 / r)
                facts["base"] = float(f"{float(low[1]) ** (-low.size):.6g}")
    # a top-level original_max_position_embeddings beside a yarn block: transformers' rules re-read the
    # config when they build the module, so the top level may win over the block (Llama: it does)
    yarn = {"rope_type": "yarn", "factor": 4.0}
    both, by_top = (table(lambda b, n=n: b.update(yarn, original_max_position_embeddings=n),
                          (lambda t: t.update(original_max_position_embeddings=2048)) if n == 1024 else None)
                    for n in (1024, 2048))
    if both is not None and by_top is not None:
        facts["l0"] = "top" if same(both, by_top) else "block"
    plain = table(lambda b: None)
    linear = table(lambda b: b.update(rope_type="linear", factor=4.0))
    if plain is not None and linear is not None:
        facts["scaling"] = "ignored" if same(plain, linear) else "honoured"
    elif plain is not None and _standardized(type(_rotary_in(top, cls)[1]), rope_parameters={
            "rope_type": "linear", "factor": 4.0, "rope_theta": 10000.0}) is not None:
        facts["scaling"] = "refused"  # the config takes the block, the module fails on it (RecurrentGemma)
    return getattr(top, "model_type", None) or fam, facts


def defaults_tables() -> dict[str, Any]:
    """The tables of rope_ref/models/_defaults.py for the installed transformers (see :func:`defaults_module`)."""
    _, transformers = require_frameworks()
    tree = config_tree()
    defaults, derived, aliases = {}, {}, {}
    conditional: dict[str, dict[str, Any]] = {}
    for mt in sorted(set(tree["top"]) | set(tree["parent"])):
        constant, rules, alias = _class_defaults(tree["classes"][mt])
        if "?" in rules:
            conditional[mt] = rules.pop("?")  # type: ignore[assignment]
        defaults[mt] = constant
        if rules:
            derived[mt] = rules
        if alias:
            aliases[mt] = alias
    subs = {mt: dict(sorted(v.items())) for mt, v in sorted(tree["sub_configs"].items())
            if mt in defaults and v}
    conversion = {mt: facts for mt in defaults if (facts := conversion_facts(tree["classes"][mt])) is not None}
    composite = {mt: merged for mt in sorted(tree["top"]) if mt in subs
                 and (merged := composite_defaults(tree["classes"][mt], subs[mt]))}
    modules: dict[str, dict[str, Any]] = {}
    with quiet_transformers():
        found = families()
    import torch
    with torch.no_grad():
        for fam in sorted(found):
            measured = module_facts(fam, found[fam])
            if measured is not None and measured[1]:
                modules.setdefault(measured[0], measured[1])
    from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES
    return {"version": transformers.__version__, "model_types": sorted(CONFIG_MAPPING_NAMES),
            "parent": dict(sorted(tree["parent"].items())),
            "defaults": defaults, "derived": derived, "aliases": aliases, "sub_configs": subs,
            "conversion": conversion, "modules": modules, "composite": composite, "conditional": conditional}


def _literal(value: Any, indent: int) -> str:
    """A Python literal with sorted dict keys, a dict one key a line."""
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}    {json.dumps(str(k))}: {_literal(v, indent + 4)}," for k, v in sorted(value.items())]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_literal(v, indent) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    return repr(value)


def defaults_module(tables: dict[str, Any] | None = None) -> str:
    """The source of rope_ref/models/_defaults.py: each config class's defaults for the RoPE keys.

    Example (needs transformers):
        >>> "DEFAULTS" in defaults_module()  # doctest: +SKIP
        True
    """
    t = tables or defaults_tables()
    header = f'''# ruff: noqa: E501
"""Each transformers config class's defaults for the RoPE keys (generated; do not edit).

Generated from transformers {t["version"]} by ``python -m rope_ref.models._sweep --write-defaults``
(tests/interop/test_models_cli.py fails when it is stale for the installed transformers). For every
model family with a rotary embedding and each of its sub-configs:

- ``DEFAULTS``: model_type -> the value its config class fills in for each RoPE key a config.json
  leaves out (the standardized ``rope_parameters`` block included), for the keys whose default is a
  constant; ``default_theta`` / ``default_rope_type`` are class attributes;
- ``DERIVED``: model_type -> key -> how a default that follows other keys is derived (found by
  building the class with a different hidden_size, num_attention_heads, max_position_embeddings,
  num_hidden_layers and qk_rope_head_dim; nested keys are dotted);
- ``MODEL_TYPES``: every model_type transformers registers (AutoConfig's), rotary or not;
- ``PARENT``: a sub-config's model_type -> the top-level model_type (the registry family) it belongs to;
- ``SUB_CONFIGS``: model_type -> sub-config key -> the model_type of the class that reads it;
- ``ALIASES``: model_type -> the config's attribute_map entries for RoPE keys (key -> attribute);
- ``CONVERSION``: model_type -> how its config class moves top-level keys into the scaling blocks and
  which block wins when a config gives both (measured; see ``conversion_facts`` in
  rope_ref/models/_sweep.py for each field);
- ``MODULES``: model_type -> what the family's language-model rotary module reads of those blocks:
  whether its default rule honours partial_rotary_factor, where its base comes from, whether it
  honours a scaling rule (measured; see ``module_facts``);
- ``COMPOSITE``: top-level model_type -> sub-config key -> the RoPE keys the composite config fills
  into a sub-config dict that leaves them out (its init defaults win over the sub-config class's);
- ``CONDITIONAL``: model_type -> key -> ``{"value", "when"}``: a default that may follow keys the class
  would not let the sweep vary (DERIVED says "may follow"); it is the value only when the config
  gives each ``when`` key its default value (or leaves it out).

A sub-config given as a dict in config.json is built by its own class with these defaults, after the
keys ``COMPOSITE`` lists for it (a composite's other defaults for it apply only when the config.json
has no such sub-config at all).
"""

'''
    body = [
        f"TRANSFORMERS_VERSION: str = {json.dumps(t['version'])}",
        "",
        "MODEL_TYPES: tuple[str, ...] = (\n" + "".join(f"    {json.dumps(m)},\n" for m in t["model_types"]) + ")",
        "",
        f"PARENT: dict[str, str] = {_literal(t['parent'], 0)}",
        "",
        f"SUB_CONFIGS: dict[str, dict[str, str]] = {_literal(t['sub_configs'], 0)}",
        "",
        f"ALIASES: dict[str, dict[str, str]] = {_literal(t['aliases'], 0)}",
        "",
        f"DERIVED: dict[str, dict[str, str]] = {_literal(t['derived'], 0)}",
        "",
        f"DEFAULTS: dict[str, dict[str, object]] = {_literal(t['defaults'], 0)}",
        "",
        f"CONVERSION: dict[str, dict[str, object]] = {_literal(t['conversion'], 0)}",
        "",
        f"MODULES: dict[str, dict[str, object]] = {_literal(t['modules'], 0)}",
        "",
        f"COMPOSITE: dict[str, dict[str, dict[str, object]]] = {_literal(t['composite'], 0)}",
        "",
        f"CONDITIONAL: dict[str, dict[str, dict[str, object]]] = {_literal(t['conditional'], 0)}",
    ]
    return header + "\n".join(body) + "\n"


DEFAULTS_PATH = Path(__file__).resolve().parent / "_defaults.py"


def write_defaults(path: str | Path | None = None) -> Path:
    """Write :func:`defaults_module` to rope_ref/models/_defaults.py (or ``path``); returns the path."""
    from rope_ref.golden._files import write_atomic
    target = Path(path) if path is not None else DEFAULTS_PATH
    write_atomic(target, defaults_module().encode("utf-8"))
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m rope_ref.models._sweep --write-defaults [--out FILE]``: regenerate the defaults table."""
    import argparse
    parser = argparse.ArgumentParser(prog="python -m rope_ref.models._sweep",
                                     description="Regenerate rope_ref/models/_defaults.py from the installed "
                                                 "transformers (the model sweep itself is `rope-ref models sweep`).")
    parser.add_argument("--write-defaults", action="store_true", required=True,
                        help="write the table of each config class's RoPE defaults")
    parser.add_argument("--out", default=None, help=f"the file to write (default {DEFAULTS_PATH})")
    args = parser.parse_args(argv)
    try:
        path = write_defaults(args.out)
    except MissingFrameworkError as err:
        print(f"python -m rope_ref.models._sweep: error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

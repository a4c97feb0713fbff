"""Golden vectors for one model's RoPE, from its config.json: what a porter to llama.cpp, MLX or
candle checks their RoPE against.

``rope-ref golden generate --config config.json [--layer-type T] --out DIR`` writes a set in the
golden format (manifest.json, one folder of .npy files per case) plus ``model.json``, the config
and layer type it was made from; ``rope-ref golden verify DIR`` recomputes every case from it.

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

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rope_ref.golden._files import GoldenFileError, read_json
from rope_ref.golden.catalogue import CaseSpec, _features
from rope_ref.hf import describe_hf_config, read_config
from rope_ref.models._keys import _block_of_rule

__all__ = ["MODEL_FILE", "cases_of", "generate_model_set", "model_cases", "read_model_file"]

MODEL_FILE = "model.json"
"""The file beside manifest.json that marks a model set and holds what it was made from."""


def _scaling_params(scaling: Any) -> dict[str, Any] | None:
    return None if scaling is None else _block_of_rule(scaling)  # config vocabulary, as the catalogue's


def _prefix(model_type: str | None, layer_type: str | None) -> str:
    name = "_".join(p for p in (model_type or "model", layer_type) if p)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def model_cases(config: Mapping[str, Any] | str | os.PathLike[str], layer_type: str | None = None
                ) -> tuple[CaseSpec, ...]:
    """The cases of one model's set: its RoPE (from_hf_config) applied at short positions (0..63),
    at long ones (around the pre-training length and up to max_position_embeddings - 1), and its
    cos/sin tables.

    Raises:
        ValueError: what from_hf_config raises for the config (named key, layer type, refusal).
    """
    cfg = read_config(config)
    info = describe_hf_config(cfg, layer_type=layer_type)
    rope = info.rope
    params: dict[str, Any] = {"head_dim": rope.dim, "rotary_dim": rope.rotary_dim, "rope_theta": rope.base,
                              "layout": rope.layout, "rope_scaling": _scaling_params(rope.scaling),
                              "model_type": info.model_type, "layer_type": info.layer_type}
    text = cfg.get("text_config") if isinstance(cfg.get("text_config"), dict) else {}
    max_pos = int(cfg.get("max_position_embeddings") or text.get("max_position_embeddings") or 4096)
    scaling = rope.scaling
    l0 = int(getattr(scaling, "original_max_position_embeddings", None) or max_pos)
    long = np.unique(np.array([0, 1, l0 - 1, l0, l0 + 1, max_pos // 2, max_pos - 1])).astype(np.int64)
    long = long[(long >= 0) & (long < max(max_pos, l0 + 2))]
    prefix = _prefix(info.model_type, info.layer_type)
    comment = f"{info.model_type or 'model'}{f' ({info.layer_type})' if info.layer_type else ''}: {info.source}"

    def apply(positions: np.ndarray) -> Callable[[np.random.Generator], dict[str, np.ndarray]]:
        def make(rng: np.random.Generator) -> dict[str, np.ndarray]:
            return {"x": _features(rng, (positions.size, rope.dim)), "positions": positions}
        return make

    short = np.arange(64, dtype=np.int64)
    # seq_len: rules that depend on it (LongRoPE, dynamic NTK) get the model's full window
    long_params = {**params, "seq_len": max_pos} if scaling is not None and scaling.depends_on_seq_len else params
    return (
        CaseSpec(f"{prefix}_apply_short", f"{comment}; positions 0..63", "apply", params, apply(short)),
        CaseSpec(f"{prefix}_apply_long", f"{comment}; positions up to {max_pos - 1}", "apply", long_params,
                 apply(long)),
        CaseSpec(f"{prefix}_cos_sin", f"{comment}; cos and sin tables", "cos_sin", long_params,
                 lambda rng: {"positions": long}),
    )


def read_model_file(root: str | os.PathLike[str]) -> tuple[dict[str, Any], str | None] | None:
    """(config, layer_type) of a model set, or None when ``root`` holds no model.json.

    Raises:
        GoldenFileError: model.json is not valid JSON or lacks ``config`` (an object) or
            ``layer_type`` (a string or null).
    """
    path = Path(root) / MODEL_FILE
    if not path.exists():
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
                       progress: Callable[[int, int, str], None] | None = None) -> Path:
    """Write one model's golden set to ``out`` (atomically, as :func:`rope_ref.golden.generate`).

    Returns:
        The folder written.

    Raises:
        FileExistsError: ``out`` exists and force is False.
        ValueError: the config describes no RoPE (see :func:`rope_ref.from_hf_config`).
    """
    from rope_ref.golden import generate
    from rope_ref.golden._files import canonical_json, write_atomic
    cfg = read_config(config)
    cases = model_cases(cfg, layer_type)
    target = generate(out, force=force, progress=progress, cases=cases)
    write_atomic(target / MODEL_FILE, canonical_json({"config": cfg, "layer_type": layer_type}))
    return target

"""ggml's own rope op (``ggml_rope_ext``, ``ggml_rope_multi``), the kernel llama.cpp runs, on CPU."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.interop._axes import integer_positions

__all__ = ["MODES", "from_ggml", "from_ggml_gguf", "ggml_arguments"]

# ggml.h: GGML_ROPE_TYPE_NORMAL 0, _NEOX 2, _MROPE 8, _VISION 24, _IMROPE 40 (binary 101000).
MODES = {"norm": 0, "neox": 2, "mrope": 8, "vision": 24, "imrope": 40}
_NAMES = {v: k for k, v in MODES.items()}
_MULTI = (8, 24, 40)
_INT32 = 2**31
# The four position rows ggml_rope_multi reads per token (ggml.h GGML_MROPE_SECTIONS).
_ROWS = 4


def from_ggml(*, mode: int | str, n_dims: int, head_dim: int | None = None, freq_base: float = 10000.0,
              freq_scale: float = 1.0, ext_factor: float = 0.0, attn_factor: float = 1.0, beta_fast: float = 32.0,
              beta_slow: float = 1.0, n_ctx_orig: int = 0, freq_factors: Any = None,
              sections: Sequence[int] | None = None) -> Callable[[Any, Any], np.ndarray]:
    """Wrap ggml's rope op, run through ggml-python on the CPU, as ``fn(x, positions)``.

    ggml rotates pair i (i < n_dims/2) by theta_i = p * freq_base^(-2i/n_dims) / ff_i, then,
    in ``rope_yarn``, theta = freq_scale * theta (ext_factor = 0) or YaRN's ramp between
    freq_scale * theta and theta (ext_factor != 0), and multiplies cos and sin by attn_factor
    (times 1 + 0.1 ln(1/freq_scale) when ext_factor != 0). The pairs by ``mode``:

    - "norm" (0): adjacent features (2i, 2i+1), rope-ref's "interleaved";
    - "neox" (2): (i, i + n_dims/2), rope-ref's "half";
    - "mrope" (8), "imrope" (40): "half" pairs over n_dims, pair i driven by position row
      0, 1, 2 or 3 by ``sections`` (consecutive for MROPE, Qwen2-VL; every third pair for IMROPE,
      Qwen3-VL); the ladder is not reset per section;
    - "vision" (24): n_dims must be head_dim/2; pairs (i, i + n_dims) over the whole head, the
      ladder freq_base^(-2k/n_dims) restarting at k = 0 in each section.

    Each call builds a ggml context sized for its tensors, computes the graph with one thread
    and frees the context. x (n, head_dim) or (n, heads, head_dim) becomes ggml's tensor
    [head_dim, heads, n] (ne0 = head_dim). For the multi-position modes, positions (n, A) with
    A <= 4 fill ggml's four rows per token (missing rows are 0); positions (n,) are a text token
    as llama.cpp passes it (llama-graph.cpp: rows 0-2 the position, row 3 zero).

    Example (needs ``ggml-python``; run in tests/interop):

    >>> from rope_ref import RoPE, check
    >>> from rope_ref.interop import from_ggml
    >>> check(from_ggml(mode="neox", n_dims=64), dim=64).passed
    True
    >>> check(from_ggml(mode="norm", n_dims=32, head_dim=64),
    ...       rope=RoPE(64, layout="interleaved", rotary_dim=32)).passed
    True

    Parameters:
        mode: "norm", "neox", "mrope", "imrope", "vision" or ggml's integer rope type.
        n_dims: the rotated features (ggml's n_dims; rope-ref's rotary_dim, head_dim/2 for VISION).
        head_dim: ne0; None takes x's last axis at each call.
        freq_base, freq_scale, ext_factor, attn_factor, beta_fast, beta_slow, n_ctx_orig: ggml's
            parameters as ``ggml_rope_ext`` takes them (float32 inside ggml).
        freq_factors: ggml's ``c`` tensor, at least n_dims/2 positive numbers dividing theta_i
            (llama.cpp's ``rope_freqs`` or ``rope_factors_long``/``_short``), or None.
        sections: for the multi-position modes, up to 4 section sizes in pairs (ggml pads with
            zeros), adding up to n_dims/2 (MROPE, IMROPE) or n_dims (VISION); None otherwise.

    Returns:
        ``fn(x, positions)`` returning float32 NumPy of x's shape.

    Raises:
        TypeError, ValueError: for a bad argument (naming it), before ggml sees it (ggml aborts
            the process on a failed assertion); when called, for x of another shape, positions
            that are fractional, outside int32 or of another shape.
    """
    import ggml

    code = _mode(mode)
    if not _validate.is_integer(n_dims):
        raise _validate.fail("n_dims", "an even integer >= 2", n_dims, kind=TypeError)
    if n_dims < 2 or n_dims % 2:
        raise _validate.fail("n_dims", "an even integer >= 2", n_dims)
    n_dims = int(n_dims)
    if head_dim is not None:
        if not _validate.is_integer(head_dim):
            raise _validate.fail("head_dim", "None or an integer >= n_dims", head_dim, kind=TypeError)
        if head_dim < n_dims:
            raise _validate.fail("head_dim", f"None or an integer >= n_dims = {n_dims}", head_dim)
        head_dim = int(head_dim)
        if code == MODES["vision"] and head_dim != 2 * n_dims:
            raise _validate.fail("head_dim", f"2 * n_dims = {2 * n_dims} for mode 'vision' (ggml asserts "
                                 "n_dims == head_dim / 2)", head_dim)
    floats = {"freq_base": _validate.positive_real(freq_base, "freq_base"),
              "freq_scale": _validate.positive_real(freq_scale, "freq_scale"),
              "ext_factor": _validate.finite_real(ext_factor, "ext_factor"),
              "attn_factor": _validate.finite_real(attn_factor, "attn_factor"),
              "beta_fast": _validate.finite_real(beta_fast, "beta_fast"),
              "beta_slow": _validate.finite_real(beta_slow, "beta_slow")}
    if not _validate.is_integer(n_ctx_orig):
        raise _validate.fail("n_ctx_orig", "an integer >= 0", n_ctx_orig, kind=TypeError)
    if not 0 <= n_ctx_orig < _INT32:
        raise _validate.fail("n_ctx_orig", "an integer in [0, 2^31)", n_ctx_orig)
    if floats["ext_factor"] != 0 and n_ctx_orig == 0:
        raise _validate.fail("n_ctx_orig", "> 0 when ext_factor != 0 (YaRN's ramp needs the original "
                             "context length)", n_ctx_orig)
    factors = _freq_factors(freq_factors, n_dims)
    sec = _sections(sections, code, n_dims)
    params = (int(n_ctx_orig), floats["freq_base"], floats["freq_scale"], floats["ext_factor"],
              floats["attn_factor"], floats["beta_fast"], floats["beta_slow"])

    def fn(x: Any, positions: Any) -> np.ndarray:
        arr = np.asarray(x)
        if arr.ndim not in (2, 3) or arr.dtype.kind not in "fiu":
            raise _validate.fail("x", "a real array of shape (n, head_dim) or (n, heads, head_dim)",
                                 _validate.Shown(f"shape {arr.shape}, dtype {arr.dtype}"))
        d = arr.shape[-1]
        if head_dim is not None and d != head_dim:
            raise _validate.fail("x", f"an array whose last axis is head_dim = {head_dim}",
                                 _validate.Shown(f"shape {arr.shape}"))
        if d < n_dims or (code == MODES["vision"] and d != 2 * n_dims):
            need = f"2 * n_dims = {2 * n_dims}" if code == MODES["vision"] else f">= n_dims = {n_dims}"
            raise _validate.fail("x", f"an array whose last axis is {need}", _validate.Shown(f"shape {arr.shape}"))
        heads = 1 if arr.ndim == 2 else arr.shape[1]
        rows = np.ascontiguousarray(arr.reshape(arr.shape[0], heads, d), dtype=np.float32)
        pos = _positions(positions, rows.shape[0], code in _MULTI)
        if rows.size == 0:
            return np.zeros(arr.shape, np.float32)
        return _run(ggml, rows, pos, code, n_dims, sec, factors, params).reshape(arr.shape)

    return fn


def from_ggml_gguf(path: str | os.PathLike[str], *, layer: int | None = None,
                   factors: str | None = None) -> Callable[[Any, Any], np.ndarray]:
    """:func:`from_ggml` with every parameter taken from a GGUF file, as llama.cpp passes them.

    What :func:`rope_ref.describe_gguf` reads becomes ggml's arguments the way llama.cpp's
    defaults make them: mode from the architecture's rope type; n_dims from
    ``rope.dimension_count``; freq_base from ``rope.freq_base`` (``rope.freq_base_swa`` on a
    sliding-window layer); freq_scale = 1 / ``rope.scaling.factor``; ext_factor 1 for
    ``rope.scaling.type`` yarn, else 0; attn_factor ``rope.scaling.attn_factor`` (see
    :func:`ggml_arguments`);
    beta_fast/slow as :func:`rope_ref.describe_gguf` reads them (the ``rope.scaling.yarn_beta_*``
    keys count only where llama.cpp reads them); n_ctx_orig
    ``rope.scaling.original_context_length``; freq_factors the ``rope_freqs`` tensor, or the
    LongRoPE tensor chosen by ``factors``; sections ``rope.dimension_sections``.

    Parameters:
        path: the GGUF file.
        layer: the layer (its sliding-window base and dims where it has them); None: the global ones.
        factors: "short" or "long" to pass ``rope_factors_short`` / ``_long`` (llama.cpp picks
            by context length); None for ``rope_freqs`` when present.

    Returns:
        ``fn(x, positions)`` as :func:`from_ggml` makes it.

    Raises:
        ValueError: for a YaRN log multiplier outside deepseek2 (llama.cpp applies it outside the
            rope op), or LongRoPE factor tensors without ``factors``.
    """
    from rope_ref.gguf import describe_gguf

    return from_ggml(**ggml_arguments(describe_gguf(path), layer=layer, factors=factors))


def ggml_arguments(info: Any, *, layer: int | None = None, factors: str | None = None) -> dict[str, Any]:
    """The keyword arguments of :func:`from_ggml` for what :func:`rope_ref.describe_gguf` read.

    As llama.cpp makes them (llama-context.cpp, llama-model.cpp): on a sliding-window layer the
    ``*_swa`` base, head and rotary dims, and freq_scale 1 where the architecture says so; the
    attention factor ``rope.scaling.attn_factor`` times, with YaRN, llama.cpp's yarn_attn_factor
    (1, or for deepseek2 with a log multiplier 1 / (1 + 0.1 ln s), which cancels the factor ggml
    applies: DeepSeek's mscale goes into the attention logits instead).
    """
    if info.rope_type not in MODES:
        raise _validate.fail("rope_type", "one of " + ", ".join(map(repr, MODES)), info.rope_type,
                             f"({info.path}: ggml has no rope op for it)")
    scaling = {_key(k): v for k, v in (info.scaling or {}).items()}
    tensors = {k.removesuffix(".weight"): v for k, v in (info.freq_factors or {}).items()}
    swa = False
    if layer is not None:
        n_layer = getattr(info, "n_layer", None)
        if not _validate.is_integer(layer):
            raise _validate.fail("layer", "None or an integer", layer, kind=TypeError)
        if n_layer is not None and not 0 <= layer < n_layer:
            raise _validate.fail("layer", f"an index in [0, {n_layer}) (the file's block_count)", layer)
        swa = bool(info.swa_layers is not None and info.swa_layers[int(layer)])
    head_dim = (getattr(info, "head_dim_swa", None) or info.head_dim) if swa else info.head_dim
    n_dims = (getattr(info, "n_rot_swa", None) or info.n_rot) if swa else info.n_rot
    n_dims = n_dims if n_dims is not None else head_dim
    if n_dims is None:
        raise ValueError(f"{info.path}: neither rope.dimension_count nor the head dimension was read.")
    base = info.freq_base_swa if swa and info.freq_base_swa is not None else info.freq_base
    kind = str(scaling.get("type", "none") or "none").lower()
    factor = float(scaling.get("factor", 0.0) or 0.0)
    if kind == "none" or (swa and scaling.get("swa_scale_one")) or factor <= 0:
        factor = 1.0
    ext = scaling.get("ext_factor")
    ext = float(ext) if ext is not None and ext >= 0 else (1.0 if kind == "yarn" else 0.0)
    attn = float(scaling.get("attn_factor", 1.0) or 1.0)
    log_mul = float(scaling.get("yarn_log_multiplier", 0.0) or 0.0)
    if ext != 0.0 and log_mul != 0.0:
        if info.arch != "deepseek2":
            raise ValueError(f"{info.path}: rope.scaling.yarn_log_multiplier = {log_mul!r} is applied by llama.cpp "
                             f"outside the rope op; from_ggml_gguf models only deepseek2's.")
        attn /= 1.0 + 0.1 * np.log(factor)
    elif ext == 0.0:
        attn *= float(scaling.get("yarn_attn_factor", 1.0) or 1.0)
    args: dict[str, Any] = {
        "mode": info.rope_type, "n_dims": int(n_dims), "head_dim": None if head_dim is None else int(head_dim),
        "freq_base": float(base if base is not None else 10000.0), "freq_scale": 1.0 / factor, "ext_factor": ext,
        "attn_factor": float(attn),
        "beta_fast": float(scaling.get("yarn_beta_fast", 32.0) or 32.0),
        "beta_slow": float(scaling.get("yarn_beta_slow", 1.0) or 1.0),
        "n_ctx_orig": int(scaling.get("original_context_length", 0) or 0),
        "sections": None if info.rope_type in ("norm", "neox") else _trim(info.sections),
    }
    if factors is not None:
        _validate.choice(factors, "factors", ("short", "long"))
        name = f"rope_factors_{factors}"
        if name not in tensors:
            raise ValueError(f"{info.path}: factors={factors!r} but the file has no {name} tensor.")
        args["freq_factors"] = np.asarray(tensors[name], dtype=np.float32).reshape(-1)
    elif "rope_freqs" in tensors:
        args["freq_factors"] = np.asarray(tensors["rope_freqs"], dtype=np.float32).reshape(-1)
    elif any(k.startswith("rope_factors_") for k in tensors):
        raise ValueError(f"{info.path}: the file has LongRoPE factor tensors; pass factors='short' or 'long' "
                         "(llama.cpp picks by context length).")
    return args


# -- helpers ------------------------------------------------------------------------------------------


def _key(name: str) -> str:
    """A scaling key without its ``<arch>.rope.scaling.`` prefix."""
    return name.rsplit("rope.scaling.", 1)[-1]


def _trim(sections: Any) -> tuple[int, ...] | None:
    return None if sections is None else tuple(int(s) for s in sections)


def _mode(mode: Any) -> int:
    if isinstance(mode, str):
        return MODES[_validate.choice(mode, "mode", tuple(MODES))]
    if not _validate.is_integer(mode):
        raise _validate.fail("mode", "a name in " + ", ".join(MODES) + " or ggml's rope type", mode, kind=TypeError)
    if int(mode) not in _NAMES:
        raise _validate.fail("mode", "one of ggml's rope types 0 (norm), 2 (neox), 8 (mrope), 24 (vision), "
                             "40 (imrope)", mode)
    return int(mode)


def _freq_factors(value: Any, n_dims: int) -> np.ndarray | None:
    if value is None:
        return None
    arr = _validate.as_array(value, "freq_factors", f"at least n_dims / 2 = {n_dims // 2} positive numbers")
    if arr.ndim != 1 or arr.shape[0] < n_dims // 2 or arr.dtype.kind not in "iuf":
        raise _validate.fail("freq_factors", f"a vector of at least n_dims / 2 = {n_dims // 2} positive numbers",
                             _validate.Shown(f"shape {arr.shape}, dtype {arr.dtype}"))
    arr = arr.astype(np.float32)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise _validate.fail("freq_factors", "positive finite numbers (in float32)",
                             _validate.Shown("a non-positive or non-finite entry"))
    return np.ascontiguousarray(arr)


def _sections(value: Any, code: int, n_dims: int) -> tuple[int, int, int, int] | None:
    if code not in _MULTI:
        if value is not None:
            raise _validate.fail("sections", f"None for mode {_NAMES[code]!r} (ggml_rope_ext has none)", value)
        return None
    pairs = n_dims if code == MODES["vision"] else n_dims // 2
    allowed = f"1 to 4 section sizes (integers >= 0) adding up to {pairs} pairs for mode {_NAMES[code]!r}"
    if not isinstance(value, (Sequence, np.ndarray)) or isinstance(value, str) or not 1 <= len(value) <= _ROWS \
            or not all(_validate.is_integer(s) and s >= 0 for s in value):
        raise _validate.fail("sections", allowed, value, kind=TypeError if value is None else ValueError)
    sec = tuple(int(s) for s in value) + (0,) * (_ROWS - len(value))
    if sum(sec) != pairs or not any(sec[:3]):
        raise _validate.fail("sections", allowed, value)
    return sec  # type: ignore[return-value]


def _positions(positions: Any, n: int, multi: bool) -> np.ndarray:
    """ggml's int32 position vector: (n,), or for ggml_rope_multi the rows r*n + i of (4, n)."""
    pos = integer_positions(np.asarray(positions), "from_ggml")
    if pos.size and (pos.min() < -_INT32 or pos.max() >= _INT32):
        raise ValueError("from_ggml takes positions in [-2^31, 2^31) (ggml's int32 positions).")
    if not multi:
        if pos.shape not in ((n,), ()):
            raise _validate.fail("positions", f"an array of shape ({n},)", _validate.Shown(f"shape {pos.shape}"))
        return np.ascontiguousarray(np.broadcast_to(pos, (n,)), dtype=np.int32)
    if pos.shape == (n,):  # a text token, as llama.cpp's llm_graph_input_pos::set_input fills it
        pos = np.stack([pos, pos, pos, np.zeros_like(pos)], axis=-1)
    if pos.ndim != 2 or pos.shape[0] != n or not 1 <= pos.shape[1] <= _ROWS:
        raise _validate.fail("positions", f"an array of shape ({n},) or ({n}, A) with A in 1..4",
                             _validate.Shown(f"shape {pos.shape}"))
    out = np.zeros((_ROWS, n), dtype=np.int32)
    out[:pos.shape[1]] = pos.T
    return out.reshape(-1)


def _run(ggml: Any, rows: np.ndarray, pos: np.ndarray, code: int, n_dims: int,
         sections: tuple[int, int, int, int] | None, factors: np.ndarray | None, params: tuple[Any, ...]) -> np.ndarray:
    """One ggml graph: a fresh context, the rope op, one thread, the context freed."""
    n, heads, d = rows.shape
    graph_size = 8
    # Every object ggml allocates in the context: the tensors (x, positions, factors, the result),
    # the graph and the work buffer ggml_graph_compute_with_ctx takes (one cache row of d floats
    # plus a cache line per thread); 64 KiB of slack covers the object headers and alignment.
    mem = (2 * rows.nbytes + pos.nbytes + (0 if factors is None else factors.nbytes)
           + 8 * ggml.ggml_tensor_overhead() + ggml.ggml_graph_overhead_custom(graph_size, False)
           + 4 * (d + 64) + 65536)
    ctx = ggml.ggml_init(ggml.ggml_init_params(mem_size=mem, mem_buffer=None, no_alloc=False))
    if not ctx:
        raise MemoryError(f"ggml_init could not allocate a context of {mem} bytes.")
    try:
        a = ggml.ggml_new_tensor_3d(ctx, ggml.GGML_TYPE_F32, d, heads, n)
        b = ggml.ggml_new_tensor_1d(ctx, ggml.GGML_TYPE_I32, pos.size)
        ctypes.memmove(ggml.ggml_get_data(a), rows.ctypes.data, rows.nbytes)
        ctypes.memmove(ggml.ggml_get_data(b), pos.ctypes.data, pos.nbytes)
        c = None
        if factors is not None:
            c = ggml.ggml_new_tensor_1d(ctx, ggml.GGML_TYPE_F32, factors.size)
            ctypes.memmove(ggml.ggml_get_data(c), factors.ctypes.data, factors.nbytes)
        if sections is None:
            out = ggml.ggml_rope_ext(ctx, a, b, c, n_dims, code, *params)
        else:
            out = ggml.ggml_rope_multi(ctx, a, b, c, n_dims, (ctypes.c_int * _ROWS)(*sections), code, *params)
        graph = ggml.ggml_new_graph_custom(ctx, graph_size, False)
        ggml.ggml_build_forward_expand(graph, out)
        status = ggml.ggml_graph_compute_with_ctx(ctx, graph, 1)
        if status != 0:
            raise RuntimeError(f"ggml_graph_compute_with_ctx returned status {status}.")
        result = np.empty(rows.shape, dtype=np.float32)
        ctypes.memmove(result.ctypes.data, ggml.ggml_get_data(out), result.nbytes)
        return result
    finally:
        ggml.ggml_free(ctx)


"""An ONNX model with a RotaryEmbedding node, run by onnxruntime.

Two operators exist: ``RotaryEmbedding`` of the ai.onnx domain (opset 23) and the older
``com.microsoft`` contrib op. Both rotate x with cos/sin caches given as inputs, indexed by
int64 ``position_ids``; ``interleaved`` chooses the pairing (1: adjacent features, 0: halves).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref.interop._axes import check_dtype, integer_positions, to_sequence

OPS = ("ai.onnx", "com.microsoft")


def rotary_embedding_model(dim: int, *, rotary_dim: int | None = None, layout: str = "half",
                           op: str = "ai.onnx", dtype: str = "float32") -> Any:
    """An ONNX model of one RotaryEmbedding node: inputs x, position_ids, cos_cache, sin_cache.

    x is (batch, heads, seq, dim) for the ai.onnx op and (batch, seq, dim) (one head) for
    com.microsoft's; position_ids int64 (batch, seq); the caches (max_position, rotary_dim / 2).

    Parameters:
        dim: the head dimension d. rotary_dim: the rotating width r (default d).
        layout: "half" (interleaved=0) or "interleaved" (interleaved=1).
        op: "ai.onnx" (opset 23) or "com.microsoft". dtype: "float32" or "float16".

    Returns:
        An ``onnx.ModelProto`` (checked with ``onnx.checker`` for the ai.onnx op).
    """
    import onnx
    from onnx import TensorProto, helper

    _validate.choice(op, "op", OPS)
    _validate.choice(layout, "layout", ("half", "interleaved"))
    _validate.choice(dtype, "dtype", ("float32", "float16"))
    r = dim if rotary_dim is None else rotary_dim
    elem = TensorProto.FLOAT if dtype == "float32" else TensorProto.FLOAT16
    shape_x = ["batch", "heads", "seq", dim] if op == "ai.onnx" else ["batch", "seq", dim]
    inputs = [helper.make_tensor_value_info("x", elem, shape_x),
              helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch", "seq"]),
              helper.make_tensor_value_info("cos_cache", elem, ["max_position", r // 2]),
              helper.make_tensor_value_info("sin_cache", elem, ["max_position", r // 2])]
    attrs: dict[str, Any] = {"interleaved": int(layout == "interleaved")}
    if op == "ai.onnx":
        node = helper.make_node("RotaryEmbedding", ["x", "cos_cache", "sin_cache", "position_ids"], ["y"],
                                rotary_embedding_dim=r if r != dim else 0, **attrs)
        opsets = [helper.make_opsetid("", 23)]
    else:
        node = helper.make_node("RotaryEmbedding", ["x", "position_ids", "cos_cache", "sin_cache"], ["y"],
                                domain="com.microsoft", num_heads=1, rotary_embedding_dim=r if r != dim else 0,
                                **attrs)
        opsets = [helper.make_opsetid("", 21), helper.make_opsetid("com.microsoft", 1)]
    graph = helper.make_graph([node], "rope", inputs, [helper.make_tensor_value_info("y", elem, shape_x)])
    model = helper.make_model(graph, opset_imports=opsets, producer_name="rope-ref")
    model.ir_version = 10
    if op == "ai.onnx":
        onnx.checker.check_model(model)
    return model


def cos_sin_cache(rope: Any, size: int, dtype: str = "float32") -> dict[str, np.ndarray]:
    """The ``cos_cache`` and ``sin_cache`` feeds for positions 0..size-1, from ``rope`` in float64
    (times its attention factor, as the operator has no factor of its own), rounded to ``dtype``.

    Example:
        >>> from rope_ref import RoPE
        >>> cache = cos_sin_cache(RoPE(8), 16)
        >>> cache["cos_cache"].shape, cache["cos_cache"].dtype
        ((16, 4), dtype('float32'))
    """
    cos, sin = rope.cos_sin(np.arange(size), scaled=True)
    return {"cos_cache": cos.astype(dtype), "sin_cache": sin.astype(dtype)}


def from_onnx(model: Any, *, feeds: Mapping[str, np.ndarray] | None = None, dtype: str = "float32",
              axes: str | None = None, providers: tuple[str, ...] = ("CPUExecutionProvider",)
              ) -> Callable[..., Any]:
    """Run an ONNX model (a ModelProto, bytes or a path) with inputs x and position_ids by onnxruntime.

    Example (needs onnx and onnxruntime; run in tests/interop):

    >>> from rope_ref import RoPE, check
    >>> from rope_ref.interop import cos_sin_cache, from_onnx, rotary_embedding_model
    >>> model = rotary_embedding_model(64, layout="half", op="ai.onnx")
    >>> fn = from_onnx(model, feeds=cos_sin_cache(RoPE(64), 4096))
    >>> check(fn, dim=64, max_position=4096).passed
    True

    Parameters:
        model: the model. feeds: further constant inputs (the cos/sin caches).
        dtype: x's dtype for the model ("float32" or "float16").
        axes: x's axes ("bhsd" or "bsd"); None reads the rank of the model's input x.
        providers: onnxruntime execution providers.

    Returns:
        ``fn(x, positions)`` returning the model's output y in x's shape. Positions must be
        integers (they index the caches).
    """
    import onnxruntime as ort

    check_dtype(dtype)
    data = model.SerializeToString() if hasattr(model, "SerializeToString") else model
    session = ort.InferenceSession(data, providers=list(providers))
    names = {i.name: i for i in session.get_inputs()}
    if axes is None:
        axes = "bhsd" if len(names["x"].shape) == 4 else "bsd"
    _validate.choice(axes, "axes", ("bhsd", "bsd"))
    constant = {k: np.asarray(v) for k, v in (feeds or {}).items()}
    size = constant["cos_cache"].shape[0] if "cos_cache" in constant else None

    def fn(x: Any, positions: Any) -> np.ndarray:
        seq, pos, shape = to_sequence(x, positions, axes)
        pos = integer_positions(pos, "an ONNX RotaryEmbedding node")
        if size is not None and pos.size and (pos.min() < 0 or pos.max() >= size):
            raise ValueError(f"positions must lie in [0, {size}) of the cos/sin cache; got "
                             f"{int(pos.min())}..{int(pos.max())}.")
        out = session.run(["y"], {"x": np.asarray(seq, dtype=np.float64).astype(dtype), "position_ids": pos,
                                  **constant})[0]
        return out.reshape(shape)

    return fn

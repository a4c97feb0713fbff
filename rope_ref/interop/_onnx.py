"""An ONNX model with a RotaryEmbedding node, run by onnxruntime.

Two operators exist: ``RotaryEmbedding`` of the ai.onnx domain (opset 23) and the older
``com.microsoft`` contrib op. Both rotate x with cos/sin caches given as inputs, indexed by
int64 ``position_ids``; ``interleaved`` chooses the pairing (1: adjacent features, 0: halves).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from rope_ref import _validate
from rope_ref._io import FileReadError, read_regular
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
    """Run an ONNX model (a ModelProto, bytes or a path) of x and position ids by onnxruntime.

    The model's inputs other than those ``feeds`` gives must be x and the position ids: inputs
    named ``x`` and ``position_ids``, or else one floating-point input (x) and one integer input
    (the position ids), whatever their names. Its output is the one named ``y``, or its only one.

    Example (needs onnx and onnxruntime; run in tests/interop):

    >>> from rope_ref import RoPE, check
    >>> from rope_ref.interop import cos_sin_cache, from_onnx, rotary_embedding_model
    >>> model = rotary_embedding_model(64, layout="half", op="ai.onnx")
    >>> fn = from_onnx(model, feeds=cos_sin_cache(RoPE(64), 4096))
    >>> check(fn, dim=64, max_position=4096).passed
    True

    Parameters:
        model: the model: an ``onnx.ModelProto``, its serialized bytes, or the path of a .onnx
            file (read as a regular file only; external data is looked up next to it).
        feeds: further constant inputs by name (the cos/sin caches).
        dtype: x's dtype for the model ("float32" or "float16"): the model's x input's.
        axes: x's axes ("bhsd" or "bsd"); None reads the rank of the model's x input (4 or 3).
        providers: onnxruntime execution providers.

    Returns:
        ``fn(x, positions)`` returning the model's output in x's shape. Positions must be
        integers (they index the caches).

    Raises:
        TypeError: model is none of a ModelProto, bytes or a path.
        ValueError: in one line naming the model (the file, when given a path): a path that is
            not a readable regular file; a file onnxruntime cannot load (corrupted, not ONNX);
            inputs that are not x and position ids once ``feeds`` is given, naming the model's
            inputs; feeds naming no input; no output to take; x's type not ``dtype``; or
            axes not given for an x of rank other than 3 or 4.
    """
    check_dtype(dtype)
    session, where = _session(model, providers)
    constant = {k: np.asarray(v) for k, v in (feeds or {}).items()}
    x_input, positions_input, output = _roles(session, constant, where)
    model_dtype = _ONNX_FLOATS.get(x_input.type)
    if model_dtype is not None and model_dtype != dtype:
        raise _validate.fail("dtype", f"{model_dtype!r}, the type of input {x_input.name!r} of {where}", dtype)
    if axes is None:
        rank = len(x_input.shape) if isinstance(x_input.shape, list) else 0
        if rank not in (3, 4):
            raise ValueError(f"axes must be given ('bhsd' or 'bsd'): input {x_input.name!r} of {where} has shape "
                             f"{x_input.shape}, neither rank 4 nor 3.")
        axes = "bhsd" if rank == 4 else "bsd"
    _validate.choice(axes, "axes", ("bhsd", "bsd"))
    size = constant["cos_cache"].shape[0] if "cos_cache" in constant else None
    int32 = positions_input.type == "tensor(int32)"

    def fn(x: Any, positions: Any) -> np.ndarray:
        seq, pos, shape = to_sequence(x, positions, axes)
        pos = integer_positions(pos, "an ONNX RotaryEmbedding node")
        if size is not None and pos.size and (pos.min() < 0 or pos.max() >= size):
            raise ValueError(f"positions must lie in [0, {size}) of the cos/sin cache; got "
                             f"{int(pos.min())}..{int(pos.max())}.")
        if int32:
            if pos.size and (pos.min() < -(2**31) or pos.max() >= 2**31):
                raise ValueError(f"positions must fit input {positions_input.name!r} (int32); got "
                                 f"{int(pos.min())}..{int(pos.max())}.")
            pos = pos.astype(np.int32)
        out = session.run([output], {x_input.name: np.asarray(seq, dtype=np.float64).astype(dtype),
                                     positions_input.name: pos, **constant})[0]
        return out.reshape(shape)

    return fn


#: onnxruntime's input types -> rope-ref's dtype names.
_ONNX_FLOATS = {"tensor(double)": "float64", "tensor(float)": "float32", "tensor(float16)": "float16",
                "tensor(bfloat16)": "bfloat16"}
_ONNX_INTEGERS = ("tensor(int64)", "tensor(int32)")


def _one_line(err: BaseException) -> str:
    """The error in one line; a long one keeps its start and its end (onnxruntime says why last)."""
    text = " ".join(str(err).split()).rstrip(".")
    if len(text) > 400:
        text = f"{text[:150]} ... {text[-240:]}"
    return f"{type(err).__name__}: {text}"


def _session(model: Any, providers: tuple[str, ...]) -> tuple[Any, str]:
    """An onnxruntime session of ``model`` and the words that name it in errors."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 4  # fatal only: a model that fails to load is one ValueError, not also a log line
    if hasattr(model, "SerializeToString"):
        data, where = model.SerializeToString(), "the ONNX model"
    elif isinstance(model, (bytes, bytearray, memoryview)):
        data = bytes(model)
        where = f"the ONNX model of {len(data)} bytes"
    elif isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        where = f"the ONNX model {path!r}"
        try:  # a regular file only: a FIFO or a device is refused without blocking
            data = read_regular(path)
        except FileReadError as err:
            raise ValueError(f"model {err}") from None
        # the bytes are handed over, so external data is looked up next to the file
        options.add_session_config_entry("session.model_external_initializers_file_folder_path",
                                         os.path.dirname(os.path.abspath(path)))
    else:
        raise _validate.fail("model", "an onnx.ModelProto, its bytes or the path of a .onnx file", model,
                             kind=TypeError)
    try:  # no fallback: onnxruntime would print its failure and try again with the same provider
        session = ort.InferenceSession(data, sess_options=options, providers=list(providers), enable_fallback=0)
        # names, types and shapes are decoded on access: a corrupted one fails here, not later
        [(a.name, a.type, a.shape) for a in [*session.get_inputs(), *session.get_outputs()]]
    except Exception as err:
        raise ValueError(f"{where} cannot be loaded by onnxruntime: {_one_line(err)}.") from None
    return session, where


def _describe(args: list[Any]) -> str:
    return ", ".join(f"{a.name!r} ({a.type}, shape {a.shape})" for a in args) or "none"


def _roles(session: Any, constant: Mapping[str, np.ndarray], where: str) -> tuple[Any, Any, str]:
    """The model's x input, its position-ids input and the name of its output."""
    inputs, outputs = session.get_inputs(), session.get_outputs()
    unknown = sorted(set(constant) - {i.name for i in inputs})
    if unknown:
        raise ValueError(f"feeds must name inputs of {where}, which are {_describe(inputs)}; got {unknown}.")
    free = [i for i in inputs if i.name not in constant]
    named = {i.name: i for i in free}
    floats = [i for i in free if i.type in _ONNX_FLOATS]
    integers = [i for i in free if i.type in _ONNX_INTEGERS]
    if "x" in named and "position_ids" in named and len(free) == 2:
        x_input, positions_input = named["x"], named["position_ids"]
    elif len(free) == 2 and len(floats) == 1 and len(integers) == 1:
        x_input, positions_input = floats[0], integers[0]
    else:
        given = f"feeds gives {sorted(constant)}" if constant else "feeds gives none"
        raise ValueError(f"{where} must take x (a float tensor) and position ids (an integer tensor), every other "
                         f"input given in feeds; its inputs are {_describe(inputs)}, and {given}.")
    names = [o.name for o in outputs]
    if "y" in names:
        return x_input, positions_input, "y"
    if len(names) == 1:
        return x_input, positions_input, names[0]
    raise ValueError(f"{where} must have one output, or one named 'y'; its outputs are {_describe(outputs)}.")

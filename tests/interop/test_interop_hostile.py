"""Interop adapters on hostile files and models (issue 22, "Interop and loading"): a config.json that is
a FIFO never blocks ``from_transformers`` or ``rope-ref check --transformers``; ``from_onnx`` finds x
and the position ids of a model whatever their names, and a corrupted model file is a one-line
ValueError naming the file.

Each test skips (pytest.importorskip) only for the frameworks it needs: the FIFO configs are refused
before torch is imported, so those tests run without any framework; the ONNX ones need onnx and
onnxruntime. The loading parts that need no framework are in tests/test_loading_hostile.py.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rope_ref import RoPE, check
from rope_ref.interop import cos_sin_cache, from_onnx, from_transformers, rotary_embedding_model
from rope_ref.testing import assert_rope_close

REPO = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@pytest.fixture
def onnx() -> Any:
    """The onnx package (to build models), with onnxruntime (to run them); the test skips without them."""
    pytest.importorskip("onnxruntime")
    return pytest.importorskip("onnx")


@pytest.fixture
def transformers() -> Any:
    pytest.importorskip("torch")
    return pytest.importorskip("transformers")


def _within(seconds: float, call: Any, unblock: Path | None = None) -> BaseException | None:
    """Run call() in a thread; the exception it raised (None if none). Fails the test when it is still
    running after ``seconds`` (blocked on the FIFO ``unblock``, which is then opened for writing and
    closed, so the reader sees end of file and the thread ends)."""
    box: dict[str, BaseException] = {}

    def run() -> None:
        try:
            call()
        except BaseException as err:  # what the caller inspects
            box["error"] = err

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        if unblock is not None:
            try:
                os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        pytest.fail(f"still running after {seconds} s: blocked reading {unblock}")
    return box.get("error")


# -- from_transformers and rope-ref check --transformers on a FIFO --------------------------------------

LLAMA = {"model_type": "llama", "hidden_size": 64, "num_attention_heads": 2, "rope_theta": 10000.0,
         "max_position_embeddings": 256}


@needs_fifo
def test_from_transformers_refuses_a_fifo_config_without_blocking(tmp_path):
    fifo = tmp_path / "config.json"
    os.mkfifo(fifo)
    err = _within(20, lambda: from_transformers(fifo), unblock=fifo)
    assert isinstance(err, ValueError), repr(err)
    message = str(err)
    assert str(fifo) in message and "not a regular file (a FIFO)" in message and "\n" not in message


@needs_fifo
def test_check_transformers_refuses_a_fifo_config_in_one_line(tmp_path):
    fifo = tmp_path / "config.json"
    os.mkfifo(fifo)
    paths = [str(REPO), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]
    run = subprocess.run([sys.executable, "-m", "rope_ref", "check", "--transformers", str(fifo)],
                         capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)})
    assert run.returncode == 2, run.stdout + run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rope-ref check: error: --transformers "), run.stderr
    assert str(fifo) in lines[0] and "FIFO" in lines[0] and "Traceback" not in run.stderr
    assert run.stdout == ""


def test_from_transformers_still_reads_a_config_file(tmp_path, transformers):
    """The safe reader reads an ordinary config.json as before."""
    path = tmp_path / "config.json"
    path.write_text('{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 2, '
                    '"rope_theta": 10000.0, "max_position_embeddings": 256}')
    assert check(from_transformers(path), config=LLAMA, angle_dtype="float32").passed


# -- from_onnx: inputs by type, not by name --------------------------------------------------------------

def _model(x: str = "x", positions: str = "position_ids", output: str = "y", positions_type: str = "int64",
           dim: int = 8) -> Any:
    """The ai.onnx RotaryEmbedding model with its x, position ids and output renamed; int32 position ids go
    through a Cast to int64 (the operator takes int64)."""
    import onnx
    from onnx import TensorProto, helper

    ids_type = {"int64": TensorProto.INT64, "int32": TensorProto.INT32}[positions_type]
    inputs = [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "heads", "seq", dim]),
              helper.make_tensor_value_info(positions, ids_type, ["batch", "seq"]),
              helper.make_tensor_value_info("cos_cache", TensorProto.FLOAT, ["max_position", dim // 2]),
              helper.make_tensor_value_info("sin_cache", TensorProto.FLOAT, ["max_position", dim // 2])]
    nodes, ids = [], positions
    if positions_type != "int64":
        nodes.append(helper.make_node("Cast", [positions], ["ids64"], to=TensorProto.INT64))
        ids = "ids64"
    nodes.append(helper.make_node("RotaryEmbedding", [x, "cos_cache", "sin_cache", ids], [output], interleaved=0))
    y = helper.make_tensor_value_info(output, TensorProto.FLOAT, ["batch", "heads", "seq", dim])
    graph = helper.make_graph(nodes, "rope", inputs, [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)], producer_name="rope-ref tests")
    model.ir_version = 10
    onnx.checker.check_model(model)
    return model


@pytest.mark.parametrize("names", [("query", "pos", "out"), ("hidden_states", "position_ids", "y"),
                                   ("x", "positions", "rotated")], ids=lambda n: "_".join(n))
def test_from_onnx_finds_x_and_the_position_ids_whatever_their_names(names, onnx):
    x, positions, output = names
    fn = from_onnx(_model(x, positions, output), feeds=cos_sin_cache(RoPE(8), 4096))
    assert check(fn, dim=8, max_position=4096).passed


def test_from_onnx_takes_int32_position_ids(onnx):
    fn = from_onnx(_model("q", "p", positions_type="int32"), feeds=cos_sin_cache(RoPE(8), 4096))
    assert check(fn, dim=8, max_position=4096).passed
    y = fn(np.ones((3, 8), dtype=np.float32), np.array([0, 1, 4095]))
    assert np.allclose(y, RoPE(8).apply(np.ones((3, 8)), np.array([0, 1, 4095])), atol=1e-5)


def test_from_onnx_names_the_inputs_when_it_cannot_tell_x_from_the_rest(onnx):
    """Without the caches in feeds the model has three float inputs: the error lists them all."""
    with pytest.raises(ValueError) as info:
        from_onnx(_model("query", "pos"))
    message = str(info.value)
    assert type(info.value) is ValueError and "\n" not in message
    for name in ("'query'", "'pos'", "'cos_cache'", "'sin_cache'", "feeds"):
        assert name in message, message


def test_from_onnx_refuses_feeds_for_inputs_the_model_does_not_have(onnx):
    with pytest.raises(ValueError, match=r"feeds must name inputs of the ONNX model, which are 'x' .*; "
                                         r"got \['cos', 'sin'\]"):
        from_onnx(_model(), feeds={"cos": np.zeros((4, 4)), "sin": np.zeros((4, 4))})


def test_from_onnx_says_which_dtype_the_model_takes(onnx):
    model = rotary_embedding_model(8, dtype="float16")
    with pytest.raises(ValueError, match=r"dtype must be 'float16', the type of input 'x'"):
        from_onnx(model, feeds=cos_sin_cache(RoPE(8), 16, "float16"))


# -- from_onnx on files that are not models --------------------------------------------------------------

def _corrupted_names(path: Path) -> None:
    """A model whose input name is not UTF-8 (bytes flipped on disk): onnxruntime loads it and fails
    decoding the name with UnicodeDecodeError."""
    model = _model("qqqqqqqq")
    path.write_bytes(model.SerializeToString().replace(b"qqqqqqqq", b"\xff" * 8))


@pytest.mark.parametrize("content", ["random_bytes", "empty", "bad_utf8_name", "json"])
def test_from_onnx_on_a_corrupted_file_is_one_line_naming_it(tmp_path, capfd, content, onnx):
    path = tmp_path / "model.onnx"
    if content == "random_bytes":
        path.write_bytes(random.Random(22).randbytes(4096))
    elif content == "empty":
        path.write_bytes(b"")
    elif content == "bad_utf8_name":
        _corrupted_names(path)
    else:
        path.write_text('{"model_type": "llama"}')
    with pytest.raises(ValueError) as info:
        from_onnx(path, feeds=cos_sin_cache(RoPE(8), 16))
    message = str(info.value)
    assert type(info.value) is ValueError, repr(info.value)  # not onnxruntime's UnicodeDecodeError
    assert message.startswith(f"the ONNX model {str(path)!r} cannot be loaded by onnxruntime: ")
    assert "\n" not in message
    # onnxruntime's "EP Error ... Falling back" and its own log line of the failure are not printed
    assert capfd.readouterr() == ("", "")


@needs_fifo
def test_from_onnx_refuses_a_fifo_without_blocking(tmp_path, onnx):
    fifo = tmp_path / "model.onnx"
    os.mkfifo(fifo)
    err = _within(20, lambda: from_onnx(fifo), unblock=fifo)
    assert type(err) is ValueError and str(fifo) in str(err) and "a FIFO" in str(err), repr(err)


def test_from_onnx_loads_a_model_file_with_external_data(tmp_path, onnx):
    """The file is read as bytes and handed over; its external data is still found next to it."""
    from onnx import TensorProto, helper

    weight = onnx.numpy_helper.from_array(np.full((1, 1, 1, 8), 0.5, dtype=np.float32), "half")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["q", "half"], ["scaled"]),
         helper.make_node("Add", ["scaled", "scaled"], ["out"])], "identity",
        [helper.make_tensor_value_info("q", TensorProto.FLOAT, ["batch", "heads", "seq", 8]),
         helper.make_tensor_value_info("p", TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch", "heads", "seq", 8])], initializer=[weight])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    (tmp_path / "model").mkdir()
    onnx.save_model(model, tmp_path / "model" / "m.onnx", save_as_external_data=True, location="m.data",
                    size_threshold=0)
    assert (tmp_path / "model" / "m.data").is_file()
    fn = from_onnx(tmp_path / "model" / "m.onnx")
    x = np.arange(24, dtype=np.float32).reshape(3, 8)
    np.testing.assert_array_equal(fn(x, np.arange(3)), x)


@needs_fifo
def test_from_onnx_refuses_external_data_that_is_a_fifo_without_blocking(tmp_path, capfd, onnx):
    """A model file whose external data (m.data beside it) is a FIFO: one ValueError naming the model and
    saying why, not a blocked read."""
    from onnx import TensorProto, helper

    weight = onnx.numpy_helper.from_array(np.full((1, 1, 1, 8), 0.5, dtype=np.float32), "half")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["q", "half"], ["out"])], "scaled",
        [helper.make_tensor_value_info("q", TensorProto.FLOAT, ["batch", "heads", "seq", 8]),
         helper.make_tensor_value_info("p", TensorProto.INT64, ["batch", "seq"])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["batch", "heads", "seq", 8])], initializer=[weight])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    onnx.save_model(model, tmp_path / "m.onnx", save_as_external_data=True, location="m.data", size_threshold=0)
    (tmp_path / "m.data").unlink()
    os.mkfifo(tmp_path / "m.data")
    err = _within(20, lambda: from_onnx(tmp_path / "m.onnx"), unblock=tmp_path / "m.data")
    assert type(err) is ValueError, repr(err)
    message = str(err)
    assert message.startswith(f"the ONNX model {str(tmp_path / 'm.onnx')!r} cannot be loaded by onnxruntime: ")
    assert "\n" not in message  # why is onnxruntime's to say (this version: "... require a regular file: ...")
    assert capfd.readouterr() == ("", "")


# -- assert_rope_close on torch tensors (check reads them the same way) -----------------------------


def test_assert_rope_close_reads_a_tensor_that_requires_grad():
    torch = pytest.importorskip("torch")
    x, positions = np.linspace(-1, 1, 4 * 8).reshape(4, 8), np.arange(4)
    expected = RoPE(8).apply(x, positions)
    leaf = torch.tensor(expected, dtype=torch.float32, requires_grad=True)
    assert_rope_close(leaf, expected, dtype="float32")
    assert_rope_close(leaf * 1, torch.tensor(expected), dtype="float32")  # a non-leaf, and a tensor expected
    assert_rope_close(leaf.to(torch.bfloat16), expected, dtype="bfloat16")
    assert leaf.requires_grad and leaf.grad is None  # read, not changed
    with pytest.raises(AssertionError, match=r"^assert_rope_close \(float32, .*\): 32 of 32 elements exceed"):
        assert_rope_close(leaf * 2, expected, dtype="float32")

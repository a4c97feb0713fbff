"""The docstring example of every adapter runs against its real framework (and the NumPy-only ones
of the interop package and golden export everywhere)."""

from __future__ import annotations

import doctest
import importlib

import pytest

# module -> the frameworks its examples need
MODULES = {"rope_ref.interop": (), "rope_ref.interop._numpy": (), "rope_ref.interop._onnx": ("onnx", "onnxruntime"),
           "rope_ref.interop._torch": ("torch", "rotary_embedding_torch"), "rope_ref.interop._jax": ("jax",),
           "rope_ref.interop._keras": ("keras_hub",), "rope_ref.interop._transformers": ("torch", "transformers"),
           "rope_ref.golden._export": ()}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_adapter_docstring_examples_run(name):
    for framework in MODULES[name]:
        pytest.importorskip(framework)
    module = importlib.import_module(name)
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(module, name) if t.examples]
    assert tests, f"{name} has no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test)
    assert runner.failures == 0

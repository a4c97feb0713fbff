"""The public API against the contract in design.md section 3."""

from __future__ import annotations

import importlib
import inspect
import pathlib
import pkgutil

import numpy as np

import rope_ref
from rope_ref import RoPE


def test_all_lists_the_public_names_and_nothing_private():
    assert set(rope_ref.__all__) == {"ModelInfo", "MultiAxisRoPE", "RoPE", "Scaling", "XPos", "__version__", "check",
                                     "default_inv_freq", "describe_hf_config", "from_hf_config",
                                     "from_hf_config_multiaxis", "layout_permutation", "rotation_matrix"}
    for name in rope_ref.__all__:
        assert hasattr(rope_ref, name)


def test_constructor_signature():
    params = inspect.signature(RoPE).parameters
    assert list(params) == ["dim", "base", "layout", "rotary_dim", "scaling", "precision"]
    assert params["base"].default == 10000.0
    assert params["layout"].default == "half"
    assert params["rotary_dim"].default is None
    assert params["scaling"].default is None
    assert params["precision"].default == "float64"


def test_method_signatures():
    expected = {
        "inv_freq": ["self", "seq_len"],
        "angles": ["self", "positions", "seq_len"],
        "cos_sin": ["self", "positions", "seq_len", "scaled"],
        "apply": ["self", "x", "positions", "seq_len"],
        "invert": ["self", "y", "positions", "seq_len"],
    }
    for name, params in expected.items():
        signature = inspect.signature(getattr(RoPE, name))
        assert list(signature.parameters) == params, name
        assert signature.parameters["seq_len"].default is None
    assert isinstance(inspect.getattr_static(RoPE, "attention_factor"), property)


def test_return_shapes_and_dtypes():
    rope = RoPE(64, rotary_dim=48)
    pos = np.arange(10, dtype=np.int32).reshape(2, 5)
    assert rope.inv_freq().shape == (24,) and rope.inv_freq().dtype == np.float64
    assert isinstance(rope.attention_factor, float)
    assert rope.angles(pos).shape == (2, 5, 24)
    cos, sin = rope.cos_sin(pos)
    assert cos.shape == sin.shape == (2, 5, 24) and cos.dtype == sin.dtype == np.float64
    x = np.ones((2, 3, 5, 64), dtype=np.float32)
    y = rope.apply(x, np.arange(5))
    assert y.shape == x.shape and y.dtype == np.float64
    assert rope.invert(y, np.arange(5)).shape == x.shape


def test_rope_is_frozen_hashable_and_compares_by_value():
    a, b = RoPE(8, rotary_dim=None), RoPE(8, rotary_dim=8)
    assert a == b and hash(a) == hash(b)
    assert a.rotary_dim == 8
    try:
        a.dim = 16  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("RoPE must be immutable")


def test_every_module_imports_without_side_effects_and_has_a_docstring():
    for info in pkgutil.iter_modules(rope_ref.__path__):
        if info.name == "__main__":
            continue  # runs the command line by design
        module = importlib.import_module(f"rope_ref.{info.name}")
        assert module.__doc__ and module.__doc__.strip(), info.name


def test_public_callables_have_docstrings_with_examples():
    for name in ["RoPE", "default_inv_freq", "layout_permutation", "rotation_matrix", "from_hf_config", "XPos",
                 "MultiAxisRoPE", "check"]:
        doc = getattr(rope_ref, name).__doc__
        assert doc and ">>> " in doc, name
    for method in ["inv_freq", "angles", "cos_sin", "apply", "invert", "matrix"]:
        assert ">>> " in getattr(RoPE, method).__doc__, method


def test_the_package_ships_its_type_marker():
    assert (pathlib.Path(rope_ref.__file__).parent / "py.typed").is_file()


def test_every_subpackage_ships_in_the_wheel():
    """pyproject lists packages explicitly; a subpackage missing there installs broken (CI caught one)."""
    import json
    import re

    root = pathlib.Path(rope_ref.__file__).parent
    found = sorted("rope_ref" + ("." + ".".join(p.parent.relative_to(root).parts) if p.parent != root else "")
                   for p in root.rglob("__init__.py"))
    text = (root.parent / "pyproject.toml").read_text()  # tomllib is 3.11+; the line is a JSON list
    listed = json.loads(re.search(r"^packages = (\[.*\])$", text, flags=re.M).group(1))
    assert sorted(listed) == found

"""The public API against the contract in design.md section 3."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pathlib
import pkgutil
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import rope_ref
from rope_ref import RoPE


def test_all_lists_the_public_names_and_nothing_private():
    assert set(rope_ref.__all__) == {"ModelInfo", "MultiAxisRoPE", "RoPE", "Scaling", "XPos", "__version__", "check",
                                     "default_inv_freq", "describe_gguf", "describe_hf_config", "from_gguf",
                                     "from_hf_config", "from_hf_config_multiaxis", "layout_permutation",
                                     "rotation_matrix"}
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
    root = pathlib.Path(rope_ref.__file__).parent
    found = sorted("rope_ref" + ("." + ".".join(p.parent.relative_to(root).parts) if p.parent != root else "")
                   for p in root.rglob("__init__.py"))
    text = (root.parent / "pyproject.toml").read_text()  # tomllib is 3.11+; the line is a JSON list
    listed = json.loads(re.search(r"^packages = (\[.*\])$", text, flags=re.M).group(1))
    assert sorted(listed) == found


def test_import_rope_ref_does_not_load_the_verification_tools():
    """check (and the golden catalogue behind it) loads on first use, not on import rope_ref."""
    code = ("import sys, rope_ref; loaded = sorted(m for m in sys.modules if m.startswith(('rope_ref.golden', "
            "'rope_ref.checker', 'rope_ref._check', 'rope_ref.pytest_plugin'))); print(loaded); "
            "from rope_ref import check; "
            "assert check is sys.modules['rope_ref.checker'].check and 'check' in dir(rope_ref)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


# -- the public surface, mechanically (every module, not only rope_ref) ------------------------------

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: Public names defined outside __all__, per module (none left; the test fails when one appears).
PENDING: dict[str, set[str]] = {}
#: Names of __all__ bound by assignment with no docstring under them (none left).
PENDING_DOCS: set[str] = set()


def public_modules() -> list[str]:
    """rope_ref and every module under it whose dotted path has no part starting with an underscore."""
    names = ["rope_ref"]
    for info in pkgutil.walk_packages(rope_ref.__path__, "rope_ref."):
        if info.name != "rope_ref.__main__" and not any(p.startswith("_") for p in info.name.split(".")[1:]):
            names.append(info.name)
    return sorted(names)


def _names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_names(e) for e in target.elts))
    return set()


def defined_names(module_name: str) -> set[str]:
    """The names a module defines itself (def, class, assignment; not imports), from its source."""
    body = ast.parse(inspect.getsource(importlib.import_module(module_name))).body
    found: set[str] = set()
    while body:
        node, body = body[0], body[1:]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.Assign):
            found.update(*(_names(t) for t in node.targets))
        elif isinstance(node, ast.AnnAssign):
            found.update(_names(node.target))
        elif isinstance(node, (ast.If, ast.Try, ast.With)):
            handlers = [h for x in getattr(node, "handlers", []) for h in x.body]
            body = [*node.body, *getattr(node, "orelse", []), *handlers, *body]
    return found


def attribute_docstring(module_name: str, name: str) -> str | bool | None:
    """The string written right under a module-level assignment of ``name`` (what the API page shows
    for a name bound by assignment, even to a function), following ``from X import name`` to the
    module that binds it; True when it is a def or class there (its own docstring counts)."""
    body = ast.parse(inspect.getsource(importlib.import_module(module_name))).body
    for i, node in enumerate(body):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if name in set().union(*(_names(t) for t in targets)):
                after = body[i + 1] if i + 1 < len(body) else None
                is_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                return after.value.value if is_doc and isinstance(after.value.value, str) else None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            return True
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return attribute_docstring(node.module, alias.name)
    return True  # bound some other way (the TYPE_CHECKING import of rope_ref.check): its object's docstring


def docstring(module: object, name: str) -> str | None:
    """What the API page can show for ``module.name``: a def's or class's docstring, or the string
    under the assignment that binds it."""
    bound = attribute_docstring(module.__name__, name)  # type: ignore[attr-defined]
    if bound is not True:
        return bound or None
    obj = getattr(module, name)
    doc = (obj.__doc__ or "").strip()
    generated = inspect.isclass(obj) and doc.startswith(f"{obj.__name__}(")  # a dataclass's own signature
    return None if generated else doc or None


def api_page() -> dict[str, list[str] | None]:
    """The API reference's directives (docs/api/<module>.md, a page per module): module -> the members it
    lists (None: the module's whole __all__)."""
    text = "".join(page.read_text(encoding="utf-8") + "\n" for page in sorted((ROOT / "docs" / "api").glob("*.md")))
    pages: dict[str, list[str] | None] = {}
    for match in re.finditer(r"^::: (\S+)\n((?:    .*\n)*)", text + "\n", flags=re.M):
        members = re.search(r"^\s+members: (false|\[[^\]]*\])", match.group(2), flags=re.M)  # a YAML flow list
        if members is None:
            pages[match.group(1)] = None
        else:
            value = members.group(1)
            pages[match.group(1)] = [] if value == "false" else [m.strip() for m in value.strip("[]").split(",")]
    return pages


@pytest.mark.parametrize("name", public_modules())
def test_every_public_module_lists_exactly_the_public_names_it_defines(name):
    module = importlib.import_module(name)
    assert "__all__" in vars(module), f"{name} has no __all__"
    listed = set(module.__all__)
    assert len(listed) == len(module.__all__), f"{name}.__all__ repeats a name"
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists {attr!r}, which it does not have"
    unlisted = {n for n in defined_names(name) if not n.startswith("_")} - listed
    assert unlisted == PENDING.get(name, set()), (
        f"{name} defines public names outside __all__: {sorted(unlisted)}; add each to __all__ (and the docs) "
        f"or start it with an underscore" if unlisted else f"{name} is now tidy: remove it from PENDING")


def test_the_api_page_documents_every_public_module_and_name():
    pages, modules = api_page(), public_modules()
    assert set(pages) == set(modules), (f"docs/api.md: no section for {sorted(set(modules) - set(pages))}; "
                                        f"sections for private modules {sorted(set(pages) - set(modules))}")
    shown = {}  # id(object) -> where the page documents it
    for name, members in pages.items():
        module = importlib.import_module(name)
        for attr in module.__all__ if members is None else members:
            assert attr in module.__all__, f"docs/api.md lists {name}.{attr}, which is not in its __all__"
            shown.setdefault(id(getattr(module, attr)), f"{name}.{attr}")
    missing, undocumented = [], []
    for name in modules:
        module = importlib.import_module(name)
        for attr in module.__all__:
            if attr.startswith("__"):
                continue  # __version__: filtered from the page, named in its text
            if id(getattr(module, attr)) not in shown:
                missing.append(f"{name}.{attr}")
            if not docstring(module, attr):
                undocumented.append(f"{name}.{attr}")
    assert not missing, f"docs/api.md does not show {missing} (add it to its module's members, or drop the list)"
    assert set(undocumented) == PENDING_DOCS, (
        f"no docstring (the API page would skip it): {sorted(set(undocumented) - PENDING_DOCS)}; documented now "
        f"(remove from PENDING_DOCS): {sorted(PENDING_DOCS - set(undocumented))}")
    assert "__version__" in (ROOT / "docs" / "api.md").read_text(encoding="utf-8")


def test_the_package_docstring_names_every_public_module():
    for name in public_modules()[1:]:
        assert f":mod:`{name}`" in rope_ref.__doc__, name


def test_importing_a_public_module_has_no_side_effects():
    """No output, no warning, no change to sys.path, the environment or the current folder, no
    framework loaded (torch, jax, matplotlib, ...: only the functions that need one import it), and
    `import rope_ref` loads none of the verification tools."""
    code = """
import contextlib, importlib, io, json, os, sys, warnings
warnings.simplefilter("error")
heavy = ("torch", "jax", "jaxlib", "keras", "keras_hub", "transformers", "onnx", "onnxruntime", "matplotlib", "scipy",
         "sympy", "mpmath", "hypothesis", "pytest", "jsonschema")
found = {}
for name in json.loads(sys.argv[1]):
    path, env, cwd, mods = list(sys.path), dict(os.environ), os.getcwd(), set(sys.modules)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        importlib.import_module(name)
    new = sorted(m for m in set(sys.modules) - mods if m.split(".")[0] in heavy)
    if name == "rope_ref.pytest_plugin":
        new = [m for m in new if m.split(".")[0] not in ("pytest", "_pytest", "pluggy")]  # a pytest plugin by design
    problems = [what for what, bad in (("printed", out.getvalue() or err.getvalue()), ("sys.path", sys.path != path),
                                       ("environment", dict(os.environ) != env), ("cwd", os.getcwd() != cwd),
                                       (f"imported {new}", new)) if bad]
    if name == "rope_ref":
        tools = sorted(m for m in sys.modules if m.startswith(("rope_ref.golden", "rope_ref.checker",
                                                                "rope_ref.pytest_plugin", "rope_ref._check")))
        problems += [f"loaded {tools}"] if tools else []
    if problems:
        found[name] = problems
print(json.dumps(found))
"""
    result = subprocess.run([sys.executable, "-c", code, json.dumps(public_modules())], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


OLD_NAMES = [  # module, old name, what it is now
    ("rope_ref.audit", "add_subcommand", "rope_ref.cli:_add_audit_command"),
    ("rope_ref.cli", "build_parser", "rope_ref.cli:_build_parser"),
    ("rope_ref.cli", "parse_positions", "rope_ref.cli:_parse_positions"),
    ("rope_ref.cli", "relative_identity_check", "rope_ref.cli:_relative_identity_check"),
    ("rope_ref.cli", "table_rows", "rope_ref.cli:_table_rows"),
    ("rope_ref.checker", "Model", "rope_ref._check.cases:Model"),
    ("rope_ref.checker", "RANDOM_POSITION_SCALES", "rope_ref._check.cases:RANDOM_POSITION_SCALES"),
    ("rope_ref.checker", "ROLES", "rope_ref.checker:_ROLES"),
    ("rope_ref.checker", "describe", "rope_ref._check.report:_describe"),
    ("rope_ref.golden", "CASES", "rope_ref.golden.catalogue:CASES"),
    ("rope_ref.golden", "SCHEMA", "rope_ref.golden._load:_SCHEMA"),
    ("rope_ref.golden", "build_case", "rope_ref.golden._build:_build_case"),
    ("rope_ref.golden", "tolerances", "rope_ref.golden._tolerances:tolerance_entries"),
    ("rope_ref.golden.catalogue", "LONGROPE", "rope_ref.golden.catalogue:_LONGROPE"),
    ("rope_ref.golden.catalogue", "PHI3_LONG", "rope_ref.golden.catalogue:_PHI3_LONG"),
    ("rope_ref.golden.catalogue", "PHI3_SHORT", "rope_ref.golden.catalogue:_PHI3_SHORT"),
    ("rope_ref.golden.catalogue", "features", "rope_ref.golden.catalogue:_features"),
    ("rope_ref.golden.catalogue", "seed_of", "rope_ref.golden.catalogue:_seed_of"),
]


@pytest.mark.parametrize("module_name,old,new", OLD_NAMES, ids=[f"{m}.{o}" for m, o, _ in OLD_NAMES])
def test_a_renamed_name_still_works_for_one_release_with_a_warning(module_name, old, new):
    module = importlib.import_module(module_name)
    where, attr = new.split(":")
    with pytest.warns(DeprecationWarning, match=rf"{re.escape(module_name)}\.{old} is deprecated .*{re.escape(where)}"):
        value = getattr(module, old)
    assert value is getattr(importlib.import_module(where), attr)
    assert old not in module.__all__ and old not in dir(module)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
            module.no_such_name  # noqa: B018

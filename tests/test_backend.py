"""The float64-or-exact choice is made once (rope_ref._backend), and the frequencies do not depend on it."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import numpy as np
import pytest

import rope_ref
from rope_ref import MultiAxisRoPE, RoPE, XPos, _backend
from rope_ref import scaling as S
from rope_ref.precision import recipe_cos_sin

PACKAGE = Path(rope_ref.__file__).parent

RULES = [None, S.Linear(3.0), S.NTKAware(4.0), S.DynamicNTK(2.0, 64), S.YaRN(4.0, 4096), S.Llama3(8.0, 1.0, 4.0, 8192),
         S.LongRoPE(tuple(np.linspace(1, 2, 8)), tuple(np.linspace(2, 8, 8)), 64, max_position_embeddings=4096)]


def _sources() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in sorted(PACKAGE.rglob("*.py"))]


def test_only_the_backend_module_compares_a_precision():
    """No module but rope_ref._backend asks whether the precision is "exact" or "float64"."""
    offenders = []
    for path, tree in _sources():
        if path.name == "_backend.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                names = [n for n in (node.left, *node.comparators) if isinstance(n, ast.Attribute)
                         and n.attr == "precision"]
                if names:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_only_the_backend_module_writes_the_seq_len_default():
    """max(positions) + 1 is written once: rope_ref._backend.default_seq_len."""
    offenders = []
    for path, tree in _sources():
        if path.name == "_backend.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                text = ast.unparse(node)
                if ("np.max(" in text or ".max()" in text) and text.endswith("+ 1.0"):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text}")
    assert offenders == []


@pytest.mark.parametrize("precision", ["float64", "exact"])
def test_each_model_holds_the_backend_of_its_precision(precision):
    rope = RoPE(16, precision=precision)
    assert rope._backend.name == precision
    assert XPos(rope)._backend.name == precision
    assert MultiAxisRoPE.axial(16, 2, precision=precision)._backend.name == precision
    other = "exact" if precision == "float64" else "float64"
    assert dataclasses.replace(rope, precision=other)._backend.name == other


def test_an_unknown_precision_is_refused_by_every_model():
    for make in (lambda: RoPE(8, precision="float32"), lambda: MultiAxisRoPE.axial(8, 2, precision="float32")):
        with pytest.raises(ValueError, match="precision must be 'float64' or 'exact'; got 'float32'"):
            make()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: type(r).__name__)
def test_frequencies_are_the_same_in_both_modes(rule):
    """The frequencies are the rule's formula in double-double in either mode; float64 mode rotates with hi."""
    pos = np.array([0.0, 5.0, 6000.0])
    f64, ex = RoPE(16, scaling=rule), RoPE(16, scaling=rule, precision="exact")
    for a, b in zip(f64.inv_freq_dd_for(pos), ex.inv_freq_dd_for(pos), strict=True):
        assert np.array_equal(a, b)
    assert np.array_equal(f64.inv_freq_for(pos), ex.inv_freq_for(pos))
    assert np.array_equal(f64.inv_freq_for(pos), f64.inv_freq_dd_for(pos)[0])
    # float64 mode's angles are m * hi rounded once
    assert np.array_equal(f64.angles(pos), pos[:, None] * f64.inv_freq_for(pos))


def test_float64_xpos_rotates_with_float64_tables_and_exact_xpos_agrees_within_a_few_ulp():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 16))
    pos = np.arange(5.0) * 37
    for role in ("query", "key"):
        f64 = XPos(RoPE(16, scaling=S.YaRN(4.0, 64)), 64.0).apply(x, pos, role=role)
        ex = XPos(RoPE(16, scaling=S.YaRN(4.0, 64), precision="exact"), 64.0).apply(x, pos, role=role)
        assert not np.array_equal(f64, ex)  # two arithmetics, not one path twice
        assert np.max(np.abs(f64 - ex)) <= 64 * np.finfo(float).eps * np.max(np.abs(ex))


def test_default_seq_len_is_max_plus_one_and_every_user_agrees():
    pos = np.array([3.0, 4095.0, 17.0])
    assert _backend.default_seq_len(pos) == 4096.0
    assert _backend.default_seq_len(np.zeros(0)) is None
    rope = RoPE(16, scaling=S.DynamicNTK(2.0, 1024))
    assert np.array_equal(rope.inv_freq_for(pos), rope.inv_freq(4096.0))
    assert not np.array_equal(rope.inv_freq(4096.0), rope.inv_freq(4095.0))
    given, default = recipe_cos_sin("float64", rope, pos, 4096.0), recipe_cos_sin("float64", rope, pos)
    assert all(np.array_equal(g, d) for g, d in zip(given, default, strict=True))

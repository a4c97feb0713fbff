"""Real implementations through rope_ref.interop: the exact outcome of every case of their check,
at the default verdict and with float64 angles required; and docs/frameworks.md is current."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from impls import IMPLS, Impl
from matrix import measure, render

# x-transformers decorates helpers with torch.jit.script when it is imported, which torch 2.13 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")
ROOT = Path(__file__).resolve().parents[2]
MEASURED: dict[str, dict] = {}


def _available(impl: Impl) -> bool:
    try:
        importlib.import_module(impl.module)
    except ImportError:
        return False
    return True


def _measured(impl: Impl) -> dict:
    if not _available(impl):
        pytest.skip(f"{impl.module} is not installed (pip install '.[interop]')")
    if impl.name not in MEASURED:
        MEASURED[impl.name] = measure(impl)
    return MEASURED[impl.name]


def _outcomes(judged: dict) -> dict[str, str]:
    return {name: c["status"] for name, c in judged["cases"].items() if c["status"] != "pass"}


@pytest.mark.parametrize("impl", IMPLS, ids=[i.name.replace(" ", "_") for i in IMPLS])
def test_every_case_has_its_expected_outcome(impl):
    row = _measured(impl)
    default, required = row["default"], row["float64"]
    assert default["cases"], impl.name
    assert _outcomes(default) == impl.outcomes, (impl.name, default)
    assert default["causes"] == impl.causes, (impl.name, default)
    assert default["angle_dtype"] == (impl.angle_dtype or "float64"), (impl.name, default)  # the recipe seen
    assert _outcomes(required) == impl.float64_outcomes, (impl.name, required)
    assert required["causes"] == impl.float64_causes, (impl.name, required)


def test_the_matrix_page_is_current_for_the_installed_versions():
    missing = [i.module for i in IMPLS if not _available(i)]
    if missing:
        pytest.skip(f"the page covers every implementation; not installed here: {', '.join(sorted(set(missing)))}")
    rows = [_measured(i) for i in IMPLS]
    recorded = json.loads((ROOT / "docs" / "frameworks.json").read_text(encoding="utf-8"))
    stale = "docs/frameworks.md is stale for the installed versions; run python docs/frameworks.py"
    versions = {r["name"]: r["version"] for r in rows}
    assert {r["name"]: r["version"] for r in recorded["rows"]} == versions, stale
    assert render(recorded["rows"]) == render(rows), stale
    page = (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8")
    assert render(rows) in page, stale

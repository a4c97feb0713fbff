"""rope-ref check --transformers config.json: what transformers computes for a model, checked."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rope_ref.cli import main

pytest.importorskip("torch")
pytest.importorskip("transformers")
LLAMA31 = Path(__file__).resolve().parents[1] / "data" / "configs" / "llama-3.1-8b.json"


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["check", "--transformers", str(LLAMA31), *argv], out=out), out.getvalue()


def test_transformers_llama31_passes_at_its_float32_angles():
    code, text = _run("--angle-dtype", "float32")
    assert code == 0 and "PASS at float32 with float32 angles" in text and "llama3_f8_d128" in text, text


def test_transformers_llama31_passes_by_default_naming_its_float32_angles():
    code, text = _run()
    assert code == 0 and "PASS at float32 with float32 angles" in text, text
    assert "recipe: computes its angles in float32, like transformers" in text, text


def test_transformers_llama31_fails_float64_angles_naming_the_cause():
    code, text = _run("--angle-dtype", "float64")
    assert code == 1 and "diagnosis: float32_angles" in text, text


def test_transformers_and_an_implementation_are_refused_together(capsys):
    assert main(["check", "mod:fn", "--transformers", str(LLAMA31)], out=io.StringIO()) == 2
    assert "not both" in capsys.readouterr().err


def test_a_config_with_a_rope_per_layer_type_is_checked_for_every_layer_type():
    """Gemma 3: without --layer-type, transformers' code for each layer type is checked in turn."""
    gemma3 = Path(__file__).resolve().parents[1] / "data" / "model_sets" / "gemma-3-4b-it.json"
    out = io.StringIO()
    assert main(["check", "--transformers", str(gemma3)], out=out) == 0, out.getvalue()
    text = out.getvalue()
    assert "== layer type full_attention ==" in text and "== layer type sliding_attention ==" in text
    assert "PASS for every layer type (full_attention: PASS, sliding_attention: PASS)" in text
    out = io.StringIO()
    assert main(["check", "--transformers", str(gemma3), "--angle-dtype", "float64", "--json"], out=out) == 1
    data = json.loads(out.getvalue())
    assert data["format"] == "rope-ref-check-layers" and data["passed"] is False
    assert set(data["layer_types"]) == {"full_attention", "sliding_attention"}


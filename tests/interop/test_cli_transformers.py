"""rope-ref check --transformers config.json: what transformers computes for a model, checked."""

from __future__ import annotations

import io
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

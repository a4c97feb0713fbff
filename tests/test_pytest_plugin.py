"""The pytest plugin, run as a user runs it: pytest on a small sample project, on a correct and on a
wrong implementation; and the golden-case helpers."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rope_ref import RoPE, golden
from rope_ref.checker import plan
from rope_ref.pytest_plugin import assert_matches_golden, golden_ids, parametrize_golden

REPO = Path(__file__).resolve().parents[1]

SAMPLE = '''
import numpy as np

def rotate_half(x, positions):
    d = x.shape[-1]
    inv = 10000.0 ** (-np.arange(0, d, 2) / d)
    a = np.asarray(positions, dtype=np.float64)[..., None] * inv
    c, s = np.cos(a), np.sin(a)
    x1, x2 = x[..., : d // 2].astype(np.float64), x[..., d // 2:].astype(np.float64)
    return np.concatenate([x1 * c - x2 * s, x2 * c + x1 * s], axis=-1)

def shifted(x, positions):
    return rotate_half(x, np.asarray(positions) + 1)
'''


def _plugin_installed() -> bool:
    return any(ep.value == "rope_ref.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))


def _run_pytest(tmp_path: Path, impl: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "myrope.py").write_text(SAMPLE)
    plugin = [] if _plugin_installed() else ["-p", "rope_ref.pytest_plugin"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", *plugin, f"--rope-impl=myrope:{impl}", "--rope-dim=32",
                           "-p", "no:cacheprovider", "-q", "-rA"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_correct_implementation_passes_every_case(tmp_path):
    run = _run_pytest(tmp_path, "rotate_half")
    assert run.returncode == 0, run.stdout + run.stderr
    names = [name for name, _ in plan(dim=32)]
    for name in names:  # one test per case, with a stable id
        assert name in run.stdout, run.stdout
    assert f"{len(names)} passed" in run.stdout or "skipped" in run.stdout, run.stdout


def test_wrong_implementation_fails_with_the_cause(tmp_path):
    run = _run_pytest(tmp_path, "shifted")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAILED" in run.stdout and "rope-ref::check::random_positions_below_64" in run.stdout
    assert "diagnosis: position_offset" in run.stdout, run.stdout


def test_golden_ids_filter_by_kind_and_flags():
    ids = golden_ids(kind="apply", flags=["LongPosition"], exclude_flags=["Negative"])
    assert "half_d64_near_2p31" in ids and "half_d64_negative" not in ids and "half_basic_d8" not in ids
    assert all(golden.case(i).kind == "apply" for i in ids)
    with pytest.raises(ValueError, match="flags must be golden flags"):
        golden_ids(flags=["NoSuchFlag"])


@parametrize_golden(kind="apply", flags=["ONNXForm"])
def test_parametrize_golden_gives_one_test_per_case(golden_case):
    case = golden.load(golden_case)
    rope = RoPE(case.params["head_dim"], base=case.params["rope_theta"], layout=case.params["layout"],
                rotary_dim=case.params["rotary_dim"])
    assert_matches_golden(golden_case, rope.apply(case.inputs["x"], case.inputs["positions"]).astype(np.float32),
                          dtype="float32")


def test_assert_matches_golden_fails_a_wrong_output():
    case = golden.load("half_d64_base1e4")
    y = RoPE(64).apply(case.inputs["x"], case.inputs["positions"] + 1)
    with pytest.raises(AssertionError, match="exceeds the tolerance"):
        assert_matches_golden("half_d64_base1e4", y, dtype="float32")
    with pytest.raises(AssertionError, match="shape"):
        assert_matches_golden("half_d64_base1e4", y[..., :1, :], dtype="float32")


def test_assert_matches_golden_fails_a_case_that_is_not_checkable():
    case_id = "half_d64_near_2p31"
    entry = golden.load(case_id).tolerance("bfloat16")
    assert not entry["checkable"]  # float32 angles near 2^31 cannot be told from zero at bfloat16
    case = golden.load(case_id)
    exact = case.outputs["expected"]  # even the exact answer does not pass an uncheckable case
    with pytest.raises(AssertionError, match="not checkable"):
        assert_matches_golden(case_id, exact, dtype="bfloat16")


def test_cos_sin_outputs_by_name_or_tuple():
    case = golden.load("cos_sin_d128_base1e4")
    cos, sin = RoPE(128).cos_sin(case.inputs["positions"])
    assert_matches_golden("cos_sin_d128_base1e4", {"cos": cos, "sin": sin}, dtype="float64")
    with pytest.raises(AssertionError, match="exceeds"):
        assert_matches_golden("cos_sin_d128_base1e4", (cos, -sin), dtype="float64")

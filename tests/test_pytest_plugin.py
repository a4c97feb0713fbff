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

def linear4(x, positions):
    return rotate_half(x, np.asarray(positions) / 4)
'''


def _plugin_installed() -> bool:
    return any(ep.value == "rope_ref.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))


def _pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest with the plugin, in one process, on the sample project in tmp_path."""
    (tmp_path / "myrope.py").write_text(SAMPLE)
    plugin = [] if _plugin_installed() else ["-p", "rope_ref.pytest_plugin"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-p", "no:xdist",
                           "-rA", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def _run_pytest(tmp_path: Path, impl: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return _pytest(tmp_path, f"--rope-impl=myrope:{impl}", "--rope-dim=32", "-q", *extra)


def test_correct_implementation_passes_every_case(tmp_path):
    run = _pytest(tmp_path, "--rope-impl=myrope:rotate_half", "--rope-dim=32")
    assert run.returncode == 0, run.stdout + run.stderr
    names = [name for name, _ in plan(dim=32)]
    for name in names:  # one test per case, with a stable id
        assert name in run.stdout, run.stdout
    assert f"{len(names)} passed" in run.stdout or "skipped" in run.stdout, run.stdout
    assert f"collected {len(names)} items" in run.stdout, run.stdout  # the header counts rope-ref's tests
    assert f"rope-ref: checking myrope:rotate_half against dim=32: {len(names)} cases" in run.stdout, run.stdout


def test_rope_cases_are_selected_like_any_test(tmp_path):
    run = _run_pytest(tmp_path, "shifted", "-k", "below_64")
    assert run.returncode == 1, run.stdout + run.stderr
    names = [name for name, _ in plan(dim=32)]
    selected = sum("below_64" in name for name in names)
    assert selected >= 1 and f"{selected} failed, {len(names) - selected} deselected" in run.stdout, run.stdout


@pytest.mark.parametrize("impl,extra,message", [
    ("nosuchmod:fn", ["--rope-dim=32"], "--rope-impl: cannot import 'nosuchmod': No module named 'nosuchmod'."),
    ("myrope:missing", ["--rope-dim=32"], "--rope-impl: 'myrope' has no function 'missing'."),
    ("myrope:rotate_half", ["--rope-dim=7"], "--rope-dim must be an even integer in [2, 2**20]; got 7."),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-layout=neox"], "--rope-layout must be 'half' or 'interleaved'"),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-dtype=float8"], "--rope-dtype must be 'float64' or"),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-scaling", "rope_type=linear", "--rope-scaling",
                            "low_freq_factor=1"],
     "--rope-scaling low_freq_factor is not a parameter of rope_type 'linear' (it takes factor); rope_type 'llama3' "
     "takes it."),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-scaling", "factor=4"],
     "--rope-scaling factor needs the rule's rope_type: --rope-scaling rope_type=TYPE."),
    ("myrope:rotate_half", ["--rope-config=config.json", "--rope-scaling", "rope_type=linear"],
     "--rope-config gives the RoPE and its scaling rule; do not also pass --rope-scaling."),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-axes=bshd"], "--rope-axes says how --rope-torch passes x"),
    ("myrope:rotate_half", ["--rope-dim=32", "--rope-interface=bogus"],
     "--rope-interface must be 'positions' or 'offset' or 'batched' or 'qk'; got 'bogus'."),
    ("myrope:rotate_half", [], "--rope-impl needs the declared RoPE: --rope-config=config.json or --rope-dim=D."),
])
def test_usage_errors_stop_pytest_with_one_line(tmp_path, impl, extra, message):
    """Before anything is collected: exit code 4 and one line, not a traceback per case."""
    (tmp_path / "config.json").write_text('{"hidden_size": 64, "num_attention_heads": 2}')
    run = _pytest(tmp_path, f"--rope-impl={impl}", *extra)
    assert run.returncode == 4, run.stdout + run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"ERROR: {message}"), run.stderr
    assert "Traceback" not in run.stdout + run.stderr and "collected" not in run.stdout, run.stdout


def test_rope_scaling_declares_the_rule(tmp_path):
    rule = ["--rope-scaling", "rope_type=linear", "--rope-scaling", "factor=4"]
    run = _run_pytest(tmp_path, "linear4", *rule)
    assert run.returncode == 0, run.stdout + run.stderr
    run = _run_pytest(tmp_path, "rotate_half", *rule)
    assert run.returncode == 1 and "diagnosis: missing_scaling" in run.stdout, run.stdout + run.stderr


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
        assert_matches_golden(case_id, exact, dtype="bfloat16", angle_dtype="float32")
    # by default float64 angles are accepted too: the exact answer passes their bound, zeros are not checkable
    assert_matches_golden(case_id, exact, dtype="bfloat16")
    with pytest.raises(AssertionError, match="not checkable"):
        assert_matches_golden(case_id, 0 * exact, dtype="bfloat16")


def test_cos_sin_outputs_by_name_or_tuple():
    case = golden.load("cos_sin_d128_base1e4")
    cos, sin = RoPE(128).cos_sin(case.inputs["positions"])
    assert_matches_golden("cos_sin_d128_base1e4", {"cos": cos, "sin": sin}, dtype="float64")
    with pytest.raises(AssertionError, match="exceeds"):
        assert_matches_golden("cos_sin_d128_base1e4", (cos, -sin), dtype="float64")

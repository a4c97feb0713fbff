"""The golden .npy files are readable from C: a small C program (golden_reader.c, standard library
only) reads three cases, recomputes RoPE in double and matches the expected outputs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parents[1] / "golden" / "v2"
# (case, layout, dim, rotary_dim, base): positions below 32, so double-precision libm angles are
# within a few ulp and 1e-13 separates a right reading from any wrong one (errors are O(1) then).
CASES = [("half_basic_d8", "half", 8, 8, "10000"), ("interleaved_basic_d8", "interleaved", 8, 8, "10000"),
         ("interleaved_partial_r4_d8", "interleaved", 8, 4, "10000")]


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        pytest.skip("no C compiler (cc, gcc or clang) on PATH: the C reader test needs one")
    exe = tmp_path_factory.mktemp("c") / "golden_reader"
    subprocess.run([cc, "-std=c99", "-O1", "-Wall", "-Werror", str(HERE / "golden_reader.c"), "-o", str(exe), "-lm"],
                   check=True, capture_output=True, text=True)
    return exe


def _run(exe, *args):
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("case,layout,dim,rotary_dim,base", CASES, ids=[c[0] for c in CASES])
def test_c_recomputes_the_golden_case(reader, case, layout, dim, rotary_dim, base):
    run = _run(reader, GOLDEN / case, layout, dim, rotary_dim, base)
    assert run.returncode == 0, run.stderr
    assert float(run.stdout.split()[1]) < 1e-13, run.stdout


def test_c_reading_in_the_wrong_layout_is_caught(reader):
    run = _run(reader, GOLDEN / "half_basic_d8", "interleaved", 8, 8, "10000")
    assert run.returncode == 0 and float(run.stdout.split()[1]) > 0.1, run.stdout


def test_c_reader_refuses_a_file_of_another_dtype(reader, tmp_path):
    for name in ("x.npy", "positions.npy", "expected.npy"):
        shutil.copy(GOLDEN / "half_basic_d8" / name, tmp_path / name)
    shutil.copy(GOLDEN / "half_basic_d8" / "expected.npy", tmp_path / "x.npy")  # float64 where float32 belongs
    run = _run(reader, tmp_path, "half", 8, 8, "10000")
    assert run.returncode == 1 and "expected <f4" in run.stderr, run.stderr

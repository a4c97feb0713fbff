"""The rope-ref command at and past its limits (issue 22): one-line errors with exit 2, never a traceback.

Each option whose value sets a size or a wait is validated (naming the option, the value and what
is allowed) and held to the memory limit (ROPE_REF_MAX_BYTES) before anything is allocated; a
MemoryError that still happens is one line too. A hanging fn fails its case at --timeout.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from rope_ref import cli
from rope_ref.cli import main


def usage_error(capsys, *argv: str) -> str:
    """The one line main() prints on stderr for a usage error (exit 2), with nothing on stdout."""
    assert main(list(argv)) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and captured.out == "", captured
    return lines[0]


IMPL = textwrap.dedent("""
    import time
    from rope_ref import RoPE

    _ROPE = RoPE(8)

    def correct(x, positions):
        return _ROPE.apply(x, positions).astype(x.dtype)

    def hang(x, positions):
        while True:
            time.sleep(0.05)
""")


@pytest.fixture
def impl(tmp_path):
    path = tmp_path / "impl.py"
    path.write_text(IMPL)
    return path


# -- bench ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["4194304", "1048576", "4098", "7", "-2"])
def test_bench_check_dim_is_validated(capsys, value):
    line = usage_error(capsys, "bench", "--shape", "1,1,4,8", "--repeat", "1", "--exact-tables", "0",
                       "--check-dim", value)
    assert line == (f"rope-ref bench: error: --check-dim must be 0 (skip) or an even integer in [2, 4096] (check's "
                    f"own time grows about as d^2); got {value}.")


def test_bench_check_dim_at_its_smallest_runs(capsys):
    assert main(["bench", "--shape", "1,1,4,8", "--repeat", "1", "--exact-tables", "0", "--check-dim", "2"]) == 0
    assert "check correct    d=2" in capsys.readouterr().out


def test_bench_shape_at_its_documented_maximum_is_held_to_the_memory_limit(capsys):
    # 2**27 values (the documented maximum), positions along axis -2: x and its rotation take 2 GiB and the
    # exact-mode tables 2**20 x 64 entries of 192 bytes, 12 GiB more
    line = usage_error(capsys, "bench", "--shape", "1,1,1048576,128", "--repeat", "1")
    assert line.startswith("rope-ref bench: error: --shape must be small enough that its working set (x, its "
                           "rotation and the tables) fits the memory limit of 4 GiB; got 1,1,1048576,128 "
                           "(134217728 values, tables of 1048576 positions x 64 pairs), which needs about 14 GiB.")


def test_bench_shape_past_its_maximum(capsys):
    line = usage_error(capsys, "bench", "--shape", "1,1,1048576,256")
    assert line.startswith("rope-ref bench: error: --shape must be comma-separated positive integers ending in an "
                           "even head dim, at most 2**27 values in all")


def test_bench_exact_tables_are_held_to_the_memory_limit(capsys):
    line = usage_error(capsys, "bench", "--shape", "1,1,4,128", "--exact-tables", str(2**24))
    assert line.startswith("rope-ref bench: error: --exact-tables must be small enough that their working set fits "
                           "the memory limit of 4 GiB; got 16777216 positions x 64 pairs (d/2 of --shape)")


def test_bench_limits_follow_the_environment(capsys, monkeypatch):
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "1MiB")
    line = usage_error(capsys, "bench", "--shape", "1,1,1024,128", "--exact-tables", "0", "--check-dim", "0")
    assert "--shape must be small enough" in line and "limit of 1 MiB" in line


# -- table ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("dim", "pairs"), [("1048576", 524288), ("128", 64)])
def test_table_rows_are_capped(capsys, dim, pairs):
    line = usage_error(capsys, "table", "--dim", dim, "--positions", "0:100000")
    assert line == (f"rope-ref table: error: --positions and --dim must give at most 1000000 rows (positions x "
                    f"pairs, pairs = rotary dim / 2); got 100000 positions x {pairs} pairs = {100000 * pairs} rows. "
                    "Ask for fewer positions, or a smaller --dim or --rotary-dim.")


def test_table_is_held_to_the_memory_limit(capsys, monkeypatch):
    monkeypatch.setenv("ROPE_REF_MAX_BYTES", "1MiB")
    line = usage_error(capsys, "table", "--dim", "128", "--positions", "0:1000", "--json")
    assert line.startswith("rope-ref table: error: --positions must be small enough that the table's working set "
                           "fits the memory limit of 1 MiB; got 1000 positions x 64 pairs")


# -- check ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1e300", "inf", "nan", "-1", "2e6"])
def test_check_timeout_is_validated(capsys, impl, value):
    line = usage_error(capsys, "check", f"{impl}:correct", "--dim", "8", "--timeout", value)
    assert line.startswith("rope-ref check: error: --timeout must be 0 (no limit) or a number of seconds > 0 and at "
                           "most 1e+06; got ")


def test_check_timeout_default_is_60_seconds_and_documented(capsys):
    args = cli._build_parser().parse_args(["check", "m:f"])
    assert args.timeout == 60.0
    assert main(["check", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--timeout TIMEOUT seconds one call of fn may take, at most 1e+06 (0: no limit; default 60)" in help_text


def test_check_positions_beyond_the_memory_limit(capsys, impl):
    line = usage_error(capsys, "check", f"{impl}:correct", "--dim", "1048576", "--positions", "0:1000")
    assert line.startswith("rope-ref check: error: positions must be small enough that check's working set")
    assert "limit of 4 GiB" in line


def test_check_does_not_hang_on_a_hanging_fn(impl):
    """The hanging call fails its case at the timeout, no call is made after it, and the process exits."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "rope_ref", "check", f"{impl}:hang", "--dim", "8", "--timeout",
                          "0.5"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert time.monotonic() - start < 30
    assert "fn did not return within the timeout of 0.5 s" in run.stdout
    assert "not run: fn did not return in time on an earlier call" in run.stdout


# -- audit ---------------------------------------------------------------------------------------------

def test_audit_samples_are_held_to_the_memory_limit(capsys):
    line = usage_error(capsys, "audit", "--dim", "1048576", "--samples", "4096")
    assert line.startswith("rope-ref audit: error: samples must be small enough that the audit's working set")


# -- whatever still runs out of memory ------------------------------------------------------------------

def test_a_memory_error_is_one_line(capsys, monkeypatch):
    def out_of_memory(*args, **kwargs):
        raise MemoryError("Unable to allocate 8.00 TiB for an array with shape (1048576, 1048576) and data type "
                          "float64")

    monkeypatch.setattr(cli, "_table_rows", out_of_memory)
    line = usage_error(capsys, "table", "--dim", "8")
    assert line.startswith("rope-ref table: error: out of memory (Unable to allocate 8.00 TiB for an array with "
                           "shape (1048576, 1048576) and data type float64): the sizes asked for are within the "
                           "memory limit of 4 GiB but this machine has less to give")


_COMMANDS = [
    ["bench", "--check-dim", "4194304"],
    ["bench", "--check-dim", "1048576", "--shape", "1,1,4,8", "--repeat", "1", "--exact-tables", "0"],
    ["bench", "--shape", "1,1,1048576,128", "--repeat", "1"],
    ["table", "--dim", "1048576", "--positions", "0:100000"],
    ["audit", "--dim", "1048576", "--samples", "4096"],
]


def test_the_listed_commands_under_an_address_space_limit(impl):
    """Issue 22's commands in processes limited to 3 GiB of address space: one line on stderr, exit 2."""
    prelude = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30)); "
               "from rope_ref.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {k: v for k, v in os.environ.items() if k != "ROPE_REF_MAX_BYTES"}
    commands = [*_COMMANDS, ["check", f"{impl}:correct", "--dim", "8", "--timeout", "1e300"],
                ["check", f"{impl}:correct", "--dim", "1048576", "--positions", "0:100000"]]
    for argv in commands:
        run = subprocess.run([sys.executable, "-c", prelude, *argv], capture_output=True, text=True, timeout=120,
                             env=env)
        assert run.returncode == 2, (argv, run.stderr)
        lines = run.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"rope-ref {argv[0]}: error: "), (argv, run.stderr)

"""Loading the implementation under test when its files, its name or its import are hostile (issue 22,
"Interop and loading"): the file the user named is the file that runs, a module that ends the process
at import is a load error, a special file never blocks, and the pytest plugin bounds every call of fn.

The parts that need torch, transformers or onnxruntime are in tests/interop/test_interop_hostile.py.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import inspect
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from rope_ref import check
from rope_ref._check.call import interface_of, takes_seq_len
from rope_ref._implementation import LoadError, load_function
from rope_ref.cli import main

REPO = Path(__file__).resolve().parents[1]

CORRECT = '''
from rope_ref import RoPE

def apply(x, positions):
    return RoPE(x.shape[-1]).apply(x, positions)
'''

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


def _one_error_line(err: str, command: str = "check") -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rope-ref {command}: error: "), err
    assert "Traceback" not in err
    return lines[0]


# -- the file the user named is the file that runs ------------------------------------------------------

def test_a_module_file_of_the_current_directory_wins_over_the_imported_stdlib_module(tmp_path, monkeypatch):
    """random:apply with a ./random.py runs ./random.py (the stdlib's random is imported already), and the
    stdlib module stays what everything else imports."""
    (tmp_path / "random.py").write_text(CORRECT)
    monkeypatch.chdir(tmp_path)
    stdlib_random = sys.modules["random"]
    fn = load_function("random:apply")
    assert Path(inspect.unwrap(fn).__code__.co_filename).resolve() == (tmp_path / "random.py").resolve()
    assert check(fn, dim=8, golden=False).passed
    assert sys.modules["random"] is stdlib_random and importlib.import_module("random") is random
    assert callable(random.Random)  # the stdlib's, untouched


def test_check_command_runs_the_random_py_of_the_current_directory(tmp_path, monkeypatch, capsys):
    (tmp_path / "random.py").write_text(CORRECT)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "random:apply", "--dim", "8", "--no-golden"]) == 0, capsys.readouterr().err
    assert "PASS" in capsys.readouterr().out


# As the installed ``rope-ref`` script runs: sys.path[0] is the script's folder, not the current one, and the
# stdlib's random and json are imported before the implementation is loaded.
_AS_SCRIPT = "import sys; del sys.path[0]; from rope_ref.cli import main; sys.exit(main(sys.argv[1:]))"


def _env() -> dict[str, str]:
    """The environment with this checkout first on PYTHONPATH (and no empty entry, which means the current
    folder)."""
    paths = [str(REPO), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def _rope_ref(cwd: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = _env()
    return subprocess.run([sys.executable, "-c", _AS_SCRIPT, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("name", ["random", "json"])
def test_check_command_in_a_process_of_its_own_runs_the_file_named_like_a_stdlib_module(tmp_path, name):
    """The finding as reported: `rope-ref check random:apply` with a ./random.py used the stdlib's random
    (exit 2, "has no function 'apply'"). ./NAME.py is correct, so PASS (exit 0) shows it is the file that ran;
    a wrong ./NAME.py fails (exit 1), so the verdict is the file's, not a stand-in's."""
    (tmp_path / f"{name}.py").write_text(CORRECT)
    run = _rope_ref(tmp_path, "check", f"{name}:apply", "--dim", "8", "--no-golden")
    assert run.returncode == 0 and "PASS" in run.stdout, run.stdout + run.stderr
    (tmp_path / f"{name}.py").write_text("def apply(x, positions):\n    return x\n")  # the identity: no rotation
    run = _rope_ref(tmp_path, "check", f"{name}:apply", "--dim", "8", "--no-golden")
    assert run.returncode == 1 and "FAIL" in run.stdout, run.stdout + run.stderr


def test_a_stdlib_named_file_not_yet_imported_does_not_replace_the_stdlib_module(tmp_path, monkeypatch):
    """A ./NAME.py named like a standard module that nobody imported yet is loaded, but not listed under
    the standard name: a later `import NAME` still gets the standard library's module."""
    name = next(n for n in ("colorsys", "sched", "graphlib", "tabnanny", "netrc", "pyclbr") if n not in sys.modules
                and importlib.util.find_spec(n) is not None)
    (tmp_path / f"{name}.py").write_text(CORRECT)
    monkeypatch.chdir(tmp_path)
    fn = load_function(f"{name}:apply")
    assert Path(inspect.unwrap(fn).__code__.co_filename).resolve() == (tmp_path / f"{name}.py").resolve()
    assert name not in sys.modules
    standard = importlib.import_module(name)
    assert not hasattr(standard, "apply") and Path(standard.__file__).parent != tmp_path


def test_a_module_file_of_the_current_directory_wins_over_an_imported_module_of_that_name(tmp_path, monkeypatch):
    """rope_ref_hostile_impl imported from one folder, then asked for in another folder that has its own
    file of that name: the current folder's file runs."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "rope_ref_hostile_impl.py").write_text("WHERE = 'first'\ndef where(x, positions):\n    return WHERE\n")
    (second / "rope_ref_hostile_impl.py").write_text("WHERE = 'second'\ndef where(x, positions):\n"
                                                     "    return WHERE\n")
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "rope_ref_hostile_impl", raising=False)
    monkeypatch.chdir(first)
    assert load_function("rope_ref_hostile_impl:where")(None, None) == "first"
    assert sys.modules["rope_ref_hostile_impl"].WHERE == "first"  # imported as Python imports it
    again = inspect.unwrap(load_function("rope_ref_hostile_impl:where"))
    assert again is sys.modules["rope_ref_hostile_impl"].where  # imported once, not run again
    monkeypatch.chdir(second)
    assert load_function("rope_ref_hostile_impl:where")(None, None) == "second"
    assert sys.modules["rope_ref_hostile_impl"].WHERE == "first"  # the imported module is left in place


def test_a_package_of_the_current_directory_shadowed_by_an_imported_one_is_a_load_error(tmp_path, monkeypatch,
                                                                                         capsys):
    """./json/rope_ref_hostile_rope.py cannot be imported as json.rope_ref_hostile_rope beside the imported
    stdlib json: one line saying to give the path, never the stdlib's package searched for the module."""
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "__init__.py").write_text("")
    (tmp_path / "json" / "rope_ref_hostile_rope.py").write_text(CORRECT)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match=r"already imported from .*path/to/file\.py:FUNCTION"):
        load_function("json.rope_ref_hostile_rope:apply")
    assert main(["check", "json.rope_ref_hostile_rope:apply", "--dim", "8"]) == 2
    assert "path/to/file.py:FUNCTION" in _one_error_line(capsys.readouterr().err)
    monkeypatch.delitem(sys.modules, "rope_ref_hostile_rope", raising=False)
    fn = load_function(os.path.join("json", "rope_ref_hostile_rope.py") + ":apply")  # the path form loads it
    assert check(fn, dim=8, golden=False).passed


def test_a_file_loaded_by_path_is_a_module_dataclasses_can_see(tmp_path):
    """path/to/file.py:FUNCTION lists the module under its name while it runs, as an import would (with
    postponed annotations, dataclasses looks the module up in sys.modules)."""
    path = tmp_path / "rope_ref_hostile_dataclass.py"
    path.write_text("from __future__ import annotations\nimport dataclasses\n\n@dataclasses.dataclass\n"
                    "class Table:\n    d: int = 8\n\ndef f(x, positions):\n    return Table().d\n")
    try:
        assert load_function(f"{path}:f")(None, None) == 8
    finally:
        sys.modules.pop("rope_ref_hostile_dataclass", None)


# -- a module that ends the process at import is a load error -------------------------------------------

@pytest.mark.parametrize("code, shown", [("sys.exit(0)", "sys.exit(0)"), ("sys.exit('bye')", "sys.exit('bye')"),
                                         ("raise SystemExit(3)", "sys.exit(3)")])
def test_sys_exit_at_import_is_a_load_error(tmp_path, monkeypatch, capsys, code, shown):
    (tmp_path / "exits.py").write_text(f"import sys\n{code}\n" + CORRECT)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match=r"importing 'exits\.py' failed: it called " + shown.replace("(", r"\(")
                       .replace(")", r"\)") + r" \(SystemExit\)"):
        load_function("exits.py:apply")
    assert main(["check", "exits.py:apply", "--dim", "8"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "SystemExit" in _one_error_line(captured.err)
    assert main(["check", "exits:apply", "--dim", "8"]) == 2  # the module form too
    assert "SystemExit" in _one_error_line(capsys.readouterr().err)


def test_check_command_exits_2_when_the_module_calls_sys_exit_0(tmp_path):
    """As a user runs it: the process exits 2 with one line, not 0 with no output."""
    (tmp_path / "impl.py").write_text("import sys\nsys.exit(0)\n" + CORRECT)
    run = _rope_ref(tmp_path, "check", "impl.py:apply", "--dim", "8")
    assert run.returncode == 2 and run.stdout == "", run.stdout + run.stderr
    assert "sys.exit(0)" in _one_error_line(run.stderr)


EXITS_IN_CALL = CORRECT + """
import sys

def exits(x, positions):
    sys.exit(0)
"""


def test_sys_exit_during_a_call_is_a_failure_of_that_call(tmp_path):
    """fn calling sys.exit(0) fails its cases with the reason; check returns a report, the program goes on."""
    (tmp_path / "exits_in_call.py").write_text(EXITS_IN_CALL)
    fn = load_function(f"{tmp_path / 'exits_in_call.py'}:exits")
    report = check(fn, dim=8, golden=False)
    assert not report.passed
    failed = [c for c in report.cases if c.status == "fail"]
    assert failed and all("sys.exit(0) during the call" in c.reason for c in failed), report


def test_check_command_fails_a_fn_that_calls_sys_exit_0(tmp_path):
    """As a user runs it: FAIL with the reason and exit 1, not exit 0 with no output."""
    (tmp_path / "impl.py").write_text(EXITS_IN_CALL)
    run = _rope_ref(tmp_path, "check", "impl.py:exits", "--dim", "8", "--no-golden")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FAIL" in run.stdout and "sys.exit(0) during the call" in run.stdout and "Traceback" not in run.stderr


def test_the_loaded_function_keeps_its_name_and_signature(tmp_path):
    """load_function hands back the module's own function: check reads its interface from its signature."""
    (tmp_path / "qk_impl.py").write_text("def rotate_qk(q, k, positions, *, seq_len=None):\n    return q, k\n")
    fn = load_function(f"{tmp_path / 'qk_impl.py'}:rotate_qk")
    original = inspect.unwrap(fn)
    assert fn.__name__ == "rotate_qk" and inspect.signature(fn) == inspect.signature(original)
    assert interface_of(fn) == "qk" and takes_seq_len(fn) == "keyword"


def test_keyboard_interrupt_at_import_is_not_a_load_error(tmp_path):
    """KeyboardInterrupt is the user stopping the program: it propagates, never becomes a verdict."""
    path = tmp_path / "interrupted.py"
    path.write_text("raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        load_function(f"{path}:f")


def test_a_module_failing_at_import_leaves_no_half_module_behind(tmp_path):
    path = tmp_path / "rope_ref_hostile_broken.py"
    path.write_text("raise RuntimeError('no GPU\\nhere')\n")
    with pytest.raises(LoadError, match=r"^importing '.*' failed: RuntimeError: no GPU here\.$"):
        load_function(f"{path}:f")
    assert "rope_ref_hostile_broken" not in sys.modules


# -- special files never block --------------------------------------------------------------------------

@needs_fifo
@pytest.mark.parametrize("spec", ["impl.py:apply", "impl:apply"])
def test_a_fifo_named_like_the_module_does_not_block(tmp_path, spec):
    os.mkfifo(tmp_path / "impl.py")
    run = _rope_ref(tmp_path, "check", spec, "--dim", "8", timeout=60)
    assert run.returncode == 2, run.stdout + run.stderr
    line = _one_error_line(run.stderr)
    assert ("FIFO" in line) if spec.endswith(".py:apply") else ("impl" in line)


def test_a_device_named_like_the_module_is_refused(tmp_path):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    (tmp_path / "impl.py").symlink_to("/dev/zero")
    with pytest.raises(LoadError, match=r"not a regular file \(a character device\)"):
        load_function(f"{tmp_path / 'impl.py'}:apply")


# -- the pytest plugin: a default timeout per call of fn -------------------------------------------------

def _plugin_installed() -> bool:
    return any(ep.value == "rope_ref.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))


def _pytest(tmp_path: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    plugin = [] if _plugin_installed() else ["-p", "rope_ref.pytest_plugin"]
    env = _env()
    return subprocess.run([sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-p", "no:xdist",
                           *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


HANGS = '''
import threading

def hangs(x, positions):
    threading.Event().wait()   # never returns
'''


@pytest.mark.parametrize("extra", [[], ["--rope-dtype=float32"]], ids=["dtype_inferred", "dtype_given"])
def test_plugin_fails_a_hanging_fn_within_its_timeout(tmp_path, extra):
    (tmp_path / "hanging.py").write_text(HANGS)
    run = _pytest(tmp_path, "--rope-impl=hanging:hangs", "--rope-dim=8", "--rope-timeout=0.5", "-q", *extra,
                  timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "did not return within the timeout of 0.5 s" in run.stdout
    assert " passed" not in run.stdout.splitlines()[-1]


def test_plugin_lists_its_timeout_option_with_the_default(tmp_path):
    run = _pytest(tmp_path, "--help")
    text = " ".join(run.stdout.split())
    assert "--rope-timeout=SECONDS" in text and "(default 60; 0: no limit)" in text


SPY = """
import rope_ref.checker

_check = rope_ref.checker.check


def _spy(*args, **kwargs):
    with open("timeout.txt", "a") as f:
        f.write(repr(kwargs.get("timeout", "not given")) + "\\n")
    return _check(*args, **kwargs)


rope_ref.checker.check = _spy
"""


@pytest.mark.parametrize("option, expected", [(None, "60.0"), ("--rope-timeout=2.5", "2.5"),
                                              ("--rope-timeout=0", "None")], ids=["default", "given", "no_limit"])
def test_plugin_gives_check_a_timeout_per_call_by_default(tmp_path, option, expected):
    """Without --rope-timeout, check runs with timeout=60 (a hanging fn fails after 60 s, never hangs the
    session); the option sets it, 0 lifts it. A conftest.py records the timeout check was given."""
    (tmp_path / "myrope.py").write_text(CORRECT)
    (tmp_path / "conftest.py").write_text(SPY)
    run = _pytest(tmp_path, "--rope-impl=myrope:apply", "--rope-dim=8", "-q", *([option] if option else []))
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "timeout.txt").read_text().split() == [expected]  # one check for the whole session


def test_plugin_fails_a_fn_that_calls_sys_exit_during_a_call(tmp_path):
    """sys.exit(0) inside fn fails the cases with the reason; pytest neither stops nor reports success."""
    (tmp_path / "exits_in_call.py").write_text(EXITS_IN_CALL)
    run = _pytest(tmp_path, "--rope-impl=exits_in_call:exits", "--rope-dim=8", "-q")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "sys.exit(0) during the call" in run.stdout and " passed" not in run.stdout.splitlines()[-1]


# -- the CLI: a default timeout per call of fn ----------------------------------------------------------

@pytest.mark.parametrize("option, expected", [([], 60.0), (["--timeout", "2.5"], 2.5), (["--timeout", "0"], None)],
                         ids=["default", "given", "no_limit"])
def test_check_command_gives_check_a_timeout_per_call_by_default(tmp_path, monkeypatch, capsys, option, expected):
    import rope_ref.cli

    seen = []
    real = rope_ref.cli.check

    def spy(*args, **kwargs):
        seen.append(kwargs.get("timeout", "not given"))
        return real(*args, **kwargs)

    monkeypatch.setattr(rope_ref.cli, "check", spy)
    (tmp_path / "myrope.py").write_text(CORRECT)
    assert main(["check", f"{tmp_path / 'myrope.py'}:apply", "--dim", "8", "--no-golden", *option]) == 0
    capsys.readouterr()
    assert seen == [expected]


def test_check_command_fails_a_hanging_fn_at_its_timeout(tmp_path):
    """A fn that never returns: FAIL within the timeout (here 0.5 s) and exit 1; the process ends."""
    (tmp_path / "hanging.py").write_text(HANGS)
    run = _rope_ref(tmp_path, "check", "hanging.py:hangs", "--dim", "8", "--no-golden", "--timeout", "0.5",
                    timeout=60)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "did not return within the timeout of 0.5 s" in run.stdout and "Traceback" not in run.stderr


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "1e7", "1e300", "soon"])
def test_plugin_refuses_a_bad_timeout_in_one_line(tmp_path, value):
    (tmp_path / "myrope.py").write_text(CORRECT)
    run = _pytest(tmp_path, "--rope-impl=myrope:apply", "--rope-dim=8", f"--rope-timeout={value}")
    assert run.returncode == 4, run.stdout + run.stderr
    assert "--rope-timeout must be a number of seconds in [0, " in run.stderr and repr(value) in run.stderr
    assert "Traceback" not in run.stderr


def test_plugin_timeout_zero_is_no_limit_and_a_slow_fn_passes(tmp_path):
    """0 lifts the limit: fn taking 0.3 s on its first call passes with --rope-timeout=0 and fails with 0.1."""
    (tmp_path / "slow.py").write_text(CORRECT + '''
import time
CALLS = []

def slow(x, positions):
    if not CALLS:
        CALLS.append(1)
        time.sleep(0.3)
    return apply(x, positions)
''')
    run = _pytest(tmp_path, "--rope-impl=slow:slow", "--rope-dim=8", "--rope-timeout=0", "-q")
    assert run.returncode == 0, run.stdout + run.stderr
    run = _pytest(tmp_path, "--rope-impl=slow:slow", "--rope-dim=8", "--rope-timeout=0.1", "-q")
    assert run.returncode == 1 and "did not return within the timeout of 0.1 s" in run.stdout, run.stdout


def test_plugin_reports_sys_exit_at_import_in_one_line(tmp_path):
    (tmp_path / "exits.py").write_text("import sys\nsys.exit(0)\n" + CORRECT)
    run = _pytest(tmp_path, "--rope-impl=exits:apply", "--rope-dim=8")
    assert run.returncode == 4, run.stdout + run.stderr
    assert "--rope-impl: importing 'exits' failed: it called sys.exit(0) (SystemExit)" in run.stderr
    assert "Traceback" not in run.stderr

"""Every example in the docstrings runs; the README Quick start is what CI runs.

The ```python blocks of the README and of docs/ run in tests/test_docs.py.
"""

from __future__ import annotations

import doctest
import importlib
import os
import pathlib
import pkgutil
import re
import subprocess

import pytest

import rope_ref
import rope_ref._check
import rope_ref.golden

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODULES = sorted(info.name for info in pkgutil.iter_modules(rope_ref.__path__) if info.name != "__main__")
# The golden package's modules too (their doctests need nothing optional; rope_ref.interop's need the
# frameworks and run in tests/interop/test_adapter_examples.py).
MODULES += sorted(info.name.removeprefix("rope_ref.") for info in pkgutil.iter_modules(rope_ref.golden.__path__,
                                                                                       "rope_ref.golden."))
# check's private package: each stage has examples (the package itself is an overview)
MODULES += sorted(info.name.removeprefix("rope_ref.") for info in pkgutil.iter_modules(rope_ref._check.__path__,
                                                                                       "rope_ref._check."))


@pytest.mark.parametrize("name", ["__init__", *MODULES])
def test_docstring_examples_run(name):
    module = rope_ref if name == "__init__" else importlib.import_module(f"rope_ref.{name}")
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in finder.find(module, module.__name__) if t.examples]
    if name != "_version":  # every public module has examples (and every private top-level one but _validate)
        assert tests or name in ("_validate", "_check") or name.startswith("golden._"), \
            f"rope_ref.{name} has no examples"
    for test in tests:
        runner.run(test)
    assert runner.failures == 0


def _fenced_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.S | re.M)


def test_readme_quick_start_has_exactly_two_commands_and_ci_runs_them():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = _fenced_blocks(section, "sh")
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(commands) == 2
    assert "pip install ." in commands[0] and commands[0].endswith("rope-ref golden verify")
    assert '".[test]"' in commands[1] and "pytest" in commands[1]
    # .ci/run reads the commands from the README; check its extraction gives these two lines.
    script = (ROOT / ".ci" / "run").read_text()
    awk = re.search(r"awk '(.*?)' README.md", script, flags=re.S).group(1)
    out = subprocess.run(["awk", awk, str(ROOT / "README.md")], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == commands



@pytest.mark.parametrize("fail_at", ["venv", "first command"])
def test_ci_run_removes_its_temporary_folder(tmp_path, fail_at):
    # The CI venv with the interop extra is several GB; runs that left theirs behind once filled
    # the disk. Run .ci/run with stand-ins on PATH: python3 makes the venv folder and writes into
    # it, then either fails there or lets the run go on to the first Quick start command, where a
    # stand-in rope-ref fails. Either way nothing may be left under TMPDIR.
    stubs = tmp_path / "bin"
    stubs.mkdir()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    venv_status = 1 if fail_at == "venv" else 0
    (stubs / "python3").write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        '  mkdir -p "$3/bin" && : > "$3/bin/activate" && head -c 100000 /dev/zero > "$3/payload"\n'
        f"  exit {venv_status}\n"
        "fi\n"
        "exit 0\n"
    )
    (stubs / "rope-ref").write_text("#!/bin/sh\nexit 3\n")
    for stub in stubs.iterdir():
        stub.chmod(0o755)
    env = {**os.environ, "TMPDIR": str(scratch), "PATH": f"{stubs}:{os.environ['PATH']}"}
    result = subprocess.run(["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == (1 if fail_at == "venv" else 3), result.stdout + result.stderr
    if fail_at == "first command":
        assert "+ python3 -m pip install . && rope-ref golden verify" in result.stdout
    assert list(scratch.iterdir()) == [], f"left behind: {sorted(scratch.rglob('*'))}"

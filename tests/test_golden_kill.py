"""``golden generate`` killed at any instant leaves the target as the old set or the new one,
byte for byte; the next run cleans what the killed one left; concurrent runs take turns.

The runs write a small catalogue (the real code path, ``rope-ref golden generate --out DIR
--force``, with the catalogue generate reads cut to a few cases) so twenty runs take a few seconds each.
Each run is a process of its own, forked by a multiprocessing fork server that imported rope_ref
once, so the 27 runs do not each pay for starting Python and importing NumPy. A run is signalled
only after it reports ready, just before it calls the command line's main(), so what is killed is
the same generate run a freshly started interpreter would make.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from rope_ref.golden import _swap

OLD = ("half_basic_d2", "half_basic_d8")
NEW = ("interleaved_basic_d2", "interleaved_basic_d8", "half_d64_base1e4", "linear_f4_d64")
SERVER = multiprocessing.get_context("forkserver")
SERVER.set_forkserver_preload(["rope_ref.cli", "rope_ref.golden._build"])  # imported once, in the server

# The child (exec'd with target, ids, no_exchange and the ready pipe as its globals): the catalogue cut to
# ids, then `rope-ref golden generate --out target --force`. Its progress lines go nowhere: the test reads files.
CHILD = """
import os
import sys
from rope_ref.cli import main
from rope_ref.golden import _build
os.environ.pop("ROPE_REF_NO_EXCHANGE", None)
if no_exchange:
    os.environ["ROPE_REF_NO_EXCHANGE"] = "1"
sys.stdout = sys.stderr = open(os.devnull, "w")
_build.CASES = tuple(spec for spec in _build.CASES if spec.id in set(ids))
ready.send("ready")
ready.close()
sys.exit(main(["golden", "generate", "--out", target, "--force"]))
"""


def _start(target: Path, ids: tuple[str, ...], no_exchange: bool = False) -> multiprocessing.process.BaseProcess:
    receive, send = SERVER.Pipe(duplex=False)
    names = {"target": str(target), "ids": ids, "no_exchange": no_exchange, "ready": send}
    child = SERVER.Process(target=exec, args=(CHILD, names), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(60) or receive.recv() != "ready":
            raise AssertionError(f"the child did not start (exit code {_finish(child, 60)})")
    except EOFError:
        raise AssertionError(f"the child did not start (exit code {_finish(child, 60)})") from None
    finally:
        receive.close()
    return child


def _finish(child: multiprocessing.process.BaseProcess, timeout: float) -> int:
    """Wait for the child; its exit code (minus the signal's number when a signal ended it)."""
    child.join(timeout)
    if child.exitcode is None:
        child.kill()
        child.join()
        raise AssertionError(f"the child did not finish within {timeout} s")
    return child.exitcode


def _signal(child: multiprocessing.process.BaseProcess, how: signal.Signals) -> None:
    """Send ``how`` unless the child has finished (the fork server reaps it at once, so its pid is gone)."""
    if child.exitcode is None:
        try:
            os.kill(child.pid, how)
        except ProcessLookupError:  # it finished in between
            pass


def _snapshot(folder: Path) -> dict[str, bytes]:
    assert folder.is_dir() and not folder.is_symlink(), f"{folder} is absent or not a folder"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.iterdir() if p.name != target.name and p.name.startswith("."))


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """The old and the new set, each generated to completion by the same command."""
    base = tmp_path_factory.mktemp("sets")
    made, seconds = {}, {}
    for name, ids in (("old", OLD), ("new", NEW)):
        start = _start(base / name, ids)
        began = time.monotonic()
        assert _finish(start, 120) == 0
        seconds[name] = time.monotonic() - began
        made[name] = _snapshot(base / name)
    assert made["old"] != made["new"]
    return base, made, seconds["new"]


def test_killed_generate_leaves_the_old_or_the_new_set(tmp_path, sets):
    base, made, duration = sets
    rng = random.Random(13)
    outcomes = []
    for run in range(20):
        target = tmp_path / f"run{run}" / "v1"
        shutil.copytree(base / "old", target)
        how = signal.SIGKILL if run % 2 == 0 else signal.SIGTERM
        no_exchange = run % 4 >= 2  # half the runs take the backup path instead of the exchange rename
        child = _start(target, NEW, no_exchange)
        time.sleep(duration * (run + rng.random()) / 20 * 1.1)  # spread over the whole run
        _signal(child, how)
        _finish(child, 60)
        if not no_exchange:  # an exchange rename never leaves the target absent, even for an instant
            assert _snapshot(target) in (made["old"], made["new"])
        _swap.recover(target)  # what the next run does first
        now = _snapshot(target)
        assert now in (made["old"], made["new"]), f"run {run} ({how.name}): neither the old nor the new set"
        outcomes.append("old" if now == made["old"] else "new")
        assert _leftovers(target) in ([], [".v1.lock"]), _leftovers(target)  # only a SIGKILLed run's lock file
    assert "old" in outcomes, outcomes
    # and a following run completes and leaves nothing beside the target
    target = tmp_path / "run0" / "v1"
    assert _finish(_start(target, NEW), 120) == 0
    assert _snapshot(target) == made["new"] and _leftovers(target) == []


def test_a_backup_left_between_two_renames_is_restored(tmp_path, sets):
    base, made, _ = sets
    target = tmp_path / "v1"
    shutil.copytree(base / "old", _swap.backup_path(target))  # killed after target -> backup
    (tmp_path / ".v1.staging.999999").mkdir()  # and a dead run's staging folder
    _swap.recover(target)
    assert _snapshot(target) == made["old"] and _leftovers(target) == []


def test_concurrent_runs_take_turns(tmp_path, sets):
    base, made, _ = sets
    target = tmp_path / "v1"
    shutil.copytree(base / "old", target)
    children = [_start(target, ids) for ids in (NEW, OLD, NEW, OLD)]
    assert [_finish(child, 240) for child in children] == [0, 0, 0, 0]
    assert _snapshot(target) in (made["old"], made["new"]) and _leftovers(target) == []


@pytest.mark.parametrize("out", [".", "/"])
def test_generate_refuses_the_current_folder_and_its_parents(out, tmp_path, monkeypatch, capsys):
    from rope_ref.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["golden", "generate", "--out", out, "--force"]) == 2
    assert "not the current folder or one containing it" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_generate_refuses_a_file(tmp_path, capsys):
    from rope_ref.cli import main

    (tmp_path / "v1").write_text("mine")
    assert main(["golden", "generate", "--out", str(tmp_path / "v1"), "--force"]) == 2
    assert "is a file or a symlink" in capsys.readouterr().err and (tmp_path / "v1").read_text() == "mine"

"""The golden commands against hostile files, processes and sizes (issue 22, findings 1 and 2):
special files where a set or an output should be, a concurrent ``generate --force``, full and
read-only file systems, names at NAME_MAX. Each ends in a result or a one-line error with exit 2:
never a hang, a traceback, a replaced device node or a mixed set.

Everything runs on private copies under tmp_path. A command that could hang (a FIFO, a symlink to
/dev/zero) runs in a subprocess with a timeout; device nodes are symlinks to /dev/null or /dev/zero
(mknod needs root; as root, a private device node in tmp_path is tried too).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time
import types
import zipfile
from pathlib import Path

import numpy as np
import pytest

from rope_ref import golden
from rope_ref.cli import main
from rope_ref.golden import _build, _export, _files, _swap, model_set
from rope_ref.golden._export import export_npz

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "golden" / "v2"
LIMIT = 60  # seconds: a command still running after this has hung (each takes about one)
# Two models whose sets have the same case ids and different arrays: a set that mixes them is detectable.
LLAMA_A = {"model_type": "llama", "hidden_size": 256, "num_attention_heads": 4, "rope_theta": 500000.0}
LLAMA_B = {**LLAMA_A, "rope_theta": 10000.0}
LLAMA_IDS = ["llama_apply_short", "llama_apply_long", "llama_cos_sin"]
FEW = tuple(s for s in golden.cases() if s.id in ("half_basic_d2", "half_basic_d8"))


# rope-ref run by a child that first limits its own address space to 1 GiB, so a read of /dev/zero
# that gets past the checks ends in a MemoryError instead of eating the machine's memory (the command
# needs under 512 MiB). The child sets the limit itself rather than through preexec_fn, which would
# fork this (possibly multithreaded, e.g. after JAX's interop tests) process.
_LIMITED = ("import resource, runpy; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "runpy.run_module('rope_ref', run_name='__main__', alter_sys=True)")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``rope-ref ARGS`` in a fresh interpreter under an address-space limit (one BLAS thread, whose
    buffers fit it), failing the test if it does not end within LIMIT s."""
    env = {k: v for k, v in os.environ.items() if k != "ROPE_REF_GOLDEN"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    try:
        return subprocess.run([sys.executable, "-c", _LIMITED, *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"rope-ref {' '.join(args)} hung (still running after {LIMIT} s)")


def _one_line_error(stderr: str) -> str:
    """The one error line of a failed command (no traceback, nothing else on stderr but generate's
    progress lines)."""
    lines = [line for line in stderr.strip().splitlines() if not re.fullmatch(r"generated \d+/\d+", line)]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("rope-ref golden: error: "), stderr
    return lines[0]


def _leftovers(folder: Path, *expected: Path) -> list[str]:
    """Names in folder besides the expected ones (temporary files, staging folders, lock files)."""
    return sorted(p.name for p in folder.iterdir() if p not in expected)


@pytest.fixture
def copy(tmp_path):
    """A private copy of golden/v2."""
    return Path(shutil.copytree(GOLDEN, tmp_path / "v2"))


def _npz_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _json_member(members: dict[str, bytes], name: str) -> object:
    """A JSON document the export stores as a uint8 array (manifest.json, model.json)."""
    return json.loads(np.load(io.BytesIO(members[f"{name}.npy"]), allow_pickle=False).tobytes())


def _assert_one_snapshot(path: Path) -> dict[str, object]:
    """Every array of the exported file hashes to what the manifest packed with it says, and every
    case was made from the model.json packed with it: returns that model's config."""
    members = _npz_members(path)
    manifest = _json_member(members, "manifest.json")
    expected = {"manifest.json.npy", "model.json.npy"}
    for entry in manifest["cases"]:
        for name, desc in entry["files"].items():
            member = f"{entry['id']}/{name}.npy"
            expected.add(member)
            assert hashlib.sha256(members[member]).hexdigest() == desc["sha256"], f"{path.name}: {member}"
    made_from = _json_member(members, "model.json")
    for entry in manifest["cases"]:
        assert entry["params"]["rope_theta"] == made_from["config"]["rope_theta"], f"{path.name}: {entry['id']}"
    assert set(members) == expected
    return made_from["config"]


# -- finding 1: golden export ---------------------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_to(target: str):
    def make(path: Path) -> None:
        path.symlink_to(target)
    return make


def _sparse_over_the_cap(path: Path) -> None:
    with open(path, "wb") as f:  # a regular file of 65 MiB (sparse: nothing written): past the 64 MiB cap
        f.truncate(65 * 2**20)


@pytest.mark.parametrize("make,words", [
    (_fifo, "a FIFO"),
    (_symlink_to("/dev/zero"), "a symbolic link"),
    (_symlink_to("/proc/self/fd/1"), "a symbolic link"),
    (_sparse_over_the_cap, "more than the 67108864 allowed"),
], ids=["fifo", "symlink_dev_zero", "symlink_proc_self_fd_1", "over_the_size_cap"])
def test_export_refuses_a_hostile_manifest_in_one_line(copy, tmp_path, make, words):
    (copy / "manifest.json").unlink()
    make(copy / "manifest.json")
    run = _cli("golden", "export", "--root", str(copy), "--npz", str(tmp_path / "out.npz"), cwd=tmp_path)
    line = _one_line_error(run.stderr)
    assert run.returncode == 2 and str(copy / "manifest.json") in line and words in line, run.stderr
    assert not (tmp_path / "out.npz").exists() and _leftovers(tmp_path, copy) == []


def _directory(path: Path) -> None:
    path.mkdir()


def _device(path: Path) -> None:
    """A private character device node with /dev/null's numbers (needs root, or CAP_MKNOD)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (the symlinks to /dev/null and /dev/zero stand in)")


@pytest.mark.parametrize("make,kind", [
    (_fifo, "a FIFO"),
    (_device, "a character device"),
    (_symlink_to("/dev/null"), "a symbolic link"),
    (_symlink_to("/dev/zero"), "a symbolic link"),
    (_directory, "a directory"),
], ids=["fifo", "device", "symlink_dev_null", "symlink_dev_zero", "directory"])
def test_export_force_never_replaces_a_special_file(copy, tmp_path, make, kind):
    """--force replaces a regular file only (before: it renamed over any of these, exit 0)."""
    out = tmp_path / "out.npz"
    make(out)
    before = os.lstat(out)
    run = _cli("golden", "export", "--root", str(copy), "--npz", str(out), "--force", cwd=tmp_path)
    line = _one_line_error(run.stderr)
    assert run.returncode == 2 and repr(str(out)) in line and f"is not a regular file ({kind})" in line, run.stderr
    after = os.lstat(out)  # the very node that was there, untouched
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (before.st_ino, before.st_mode, before.st_mtime_ns)
    if stat.S_ISLNK(after.st_mode):
        assert os.readlink(out) in ("/dev/null", "/dev/zero")
    assert _leftovers(tmp_path, copy, out) == []


def test_export_force_replaces_a_regular_file_and_a_symlinked_file_is_refused(copy, tmp_path, capsys):
    out, mine = tmp_path / "out.npz", tmp_path / "mine.txt"
    out.write_bytes(b"old")
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out)]) == 2
    assert "pass --force to replace it" in _one_line_error(capsys.readouterr().err) and out.read_bytes() == b"old"
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out), "--force"]) == 0
    with np.load(out, allow_pickle=False) as data:
        assert data["half_basic_d8/x"].shape == (1, 2, 8, 8)
    mine.write_text("keep me")
    out.unlink()
    out.symlink_to(mine)  # a symlink to a regular file is still a symlink: replacing it would be a surprise
    capsys.readouterr()
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out), "--force"]) == 2
    assert "is not a regular file (a symbolic link)" in _one_line_error(capsys.readouterr().err)
    assert out.is_symlink() and mine.read_text() == "keep me"


@pytest.mark.parametrize("case_id", ["../../evil", "/tmp/evil", "half/evil", "..", "Half_basic_d8", "a__b", ""])
def test_export_refuses_case_ids_that_are_not_plain_names(copy, tmp_path, capsys, case_id):
    path = copy / "manifest.json"
    data = json.loads(path.read_text())
    data["cases"][0]["id"] = case_id  # the files stay where they were: only the zip member name would change
    path.write_text(json.dumps(data))
    out = tmp_path / "out.npz"
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out)]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert f"case id {case_id!r} is not a golden case id" in line and not out.exists()
    assert not (tmp_path / "evil").exists() and not Path("/tmp/evil").exists()


def test_export_refuses_array_names_and_repeated_ids_that_are_not_plain_members(copy, tmp_path, capsys):
    path = copy / "manifest.json"
    data = json.loads(path.read_text())
    entry = data["cases"][0]
    entry["files"]["../../x"] = entry["files"].pop("x")
    entry["inputs"] = ["../../x" if n == "x" else n for n in entry["inputs"]]
    path.write_text(json.dumps(data))
    out = tmp_path / "out.npz"
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out)]) == 2
    assert "array name '../../x' is not a plain name" in _one_line_error(capsys.readouterr().err)
    data = json.loads((GOLDEN / "manifest.json").read_text())
    data["cases"][1]["id"] = data["cases"][0]["id"]  # two cases would write the same members
    path.write_text(json.dumps(data))
    assert main(["golden", "export", "--root", str(copy), "--npz", str(out)]) == 2
    assert "appears twice" in _one_line_error(capsys.readouterr().err) and not out.exists()


class _LockWaits:
    """Patches the clock of :mod:`rope_ref.golden._swap` so that a run waiting for a set's lock (it
    sleeps only then) says so: ``waiting`` is set from its first wait on."""

    def __init__(self, monkeypatch):
        self.waiting = threading.Event()

        def sleep(seconds: float) -> None:
            self.waiting.set()
            time.sleep(seconds)
        monkeypatch.setattr(_swap, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=sleep))


class _Run(threading.Thread):
    """``work()`` in a thread; keeps its exception for :meth:`result`."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.error = work, None

    def run(self):
        try:
            self.work()
        except BaseException as err:  # reported by result()
            self.error = err

    def result(self) -> None:
        self.join(LIMIT)
        assert not self.is_alive(), f"still running after {LIMIT} s"
        if self.error is not None:
            raise self.error


def _meanwhile(work, waits: _LockWaits) -> _Run:
    """Start ``work`` (a generate) in a thread and return once it either waits for the set's lock
    (a reader holds it: the set stays as it is) or has ended (nothing held it: it swapped the set
    under the reader, the finding). Deterministic: no fixed sleep decides the order."""
    run = _Run(work)
    run.start()
    deadline = time.monotonic() + LIMIT
    while not waits.waiting.wait(0.005) and run.is_alive():
        assert time.monotonic() < deadline, "the generate neither waited for the lock nor ended"
    return run


def test_export_during_generate_force_packs_one_snapshot(tmp_path, monkeypatch):
    """A generate --force of another model starts once export has read the manifest: export packs
    the set it began with, whole (before: the other set's arrays with this manifest, exit 0), and
    the generate swaps its set in after."""
    out = model_set.generate_model_set(LLAMA_A, tmp_path / "set")
    waits = _LockWaits(monkeypatch)
    real, runs = _export.npy_bytes, []

    def npy_bytes(array):  # first called for manifest.json, read before any array of a case
        if not runs:
            runs.append(_meanwhile(lambda: model_set.generate_model_set(LLAMA_B, out, force=True), waits))
        return real(array)
    monkeypatch.setattr(_export, "npy_bytes", npy_bytes)
    export_npz(tmp_path / "e.npz", out)
    runs[0].result()
    assert _assert_one_snapshot(tmp_path / "e.npz") == LLAMA_A
    assert waits.waiting.is_set()  # the generate waited for the export
    assert model_set.read_model_file(out) == (LLAMA_B, None) and golden.verify(out).passed
    assert _leftovers(tmp_path, out, tmp_path / "e.npz") == []  # the lock file too is gone


def test_export_waits_for_the_lock_generate_holds(tmp_path, monkeypatch):
    """While a generate holds the set's lock, export waits for it; while a reader holds it shared,
    a generate cannot take it."""
    out = model_set.generate_model_set(LLAMA_A, tmp_path / "set")
    waits = _LockWaits(monkeypatch)
    with _swap.locked(out):  # what generate --force holds while it builds and swaps
        run = _meanwhile(lambda: export_npz(tmp_path / "e.npz", out), waits)
        assert run.is_alive() and not (tmp_path / "e.npz").exists(), "export read the set a generate held"
    run.result()
    assert _assert_one_snapshot(tmp_path / "e.npz") == LLAMA_A
    with _swap.locked(out, shared=True), pytest.raises(TimeoutError, match="has held"):
        with _swap.locked(out, timeout=0.1):
            pass
    assert _leftovers(tmp_path, out, tmp_path / "e.npz") == []  # the last holder removed the lock file


def test_export_and_generate_take_one_lock_whatever_the_path(tmp_path, monkeypatch):
    """A set reached through a symlinked folder or a relative path has one lock file, beside its
    real path (otherwise export and generate could each hold a lock of their own)."""
    out = model_set.generate_model_set(LLAMA_A, tmp_path / "real" / "set")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path / "real")
    waits = _LockWaits(monkeypatch)
    with _swap.locked(tmp_path / "link" / "set"):  # a generate --out link/set
        run = _meanwhile(lambda: export_npz(tmp_path / "e.npz", "set"), waits)
        assert run.is_alive(), "export read the set a generate held"
    run.result()
    paths = {_swap.lock_path(p) for p in (out, tmp_path / "link" / "set", Path("set"))}
    assert paths == {tmp_path / "real" / ".set.lock"}, paths


# -- finding 2: model sets -------------------------------------------------------------------------------


def test_generate_force_of_two_models_never_pairs_a_manifest_with_the_other_model_json(tmp_path, monkeypatch):
    """Two generate --force of different models on one folder, and a verify between them: the
    verify reads the manifest and model.json of one set (before: model A's manifest with model B's
    model.json, a failed verify of a good set), and the second generate waits for the first, so the
    folder ends as the second model's set, its manifest with its model.json."""
    out = model_set.generate_model_set(LLAMA_A, tmp_path / "set")
    waits = _LockWaits(monkeypatch)
    real, runs = model_set.cases_of, []

    def cases_of(root):  # verify has read the manifest; model.json is next
        if not runs:
            runs.append(_meanwhile(lambda: model_set.generate_model_set(LLAMA_B, out, force=True), waits))
        return real(root)
    monkeypatch.setattr(model_set, "cases_of", cases_of)
    report = golden.verify(out)
    runs[0].result()
    assert report.passed and report.checked == 3, (report.summary(), report.problems)
    monkeypatch.setattr(model_set, "cases_of", real)
    assert model_set.read_model_file(out) == (LLAMA_B, None)
    # the two writers: the first holds the lock while it builds, the second waits, then each swaps whole
    go, building, build = threading.Event(), threading.Event(), _build._build_case

    def build_case(spec):
        building.set()
        assert go.wait(LIMIT)
        return build(spec)
    monkeypatch.setattr(_build, "_build_case", build_case)
    first = _Run(lambda: model_set.generate_model_set(LLAMA_A, out, force=True))
    first.start()
    assert building.wait(LIMIT)  # it holds the lock
    waits.waiting.clear()
    second = _meanwhile(lambda: model_set.generate_model_set(LLAMA_B, out, force=True), waits)
    assert second.is_alive() and model_set.read_model_file(out) == (LLAMA_B, None)  # nothing swapped yet
    go.set()
    first.result()
    second.result()
    assert model_set.read_model_file(out) == (LLAMA_B, None) and golden.verify(out).passed
    assert _leftovers(tmp_path, out) == []


def _under(tmp_path: Path, name: object) -> bool:
    return os.fsdecode(os.fspath(name)).startswith(str(tmp_path))


def _inject(monkeypatch, tmp_path: Path, where: str, code: int) -> None:
    """Make one system call fail with ``code`` for files under tmp_path, as a full (ENOSPC) or
    read-only (EROFS) file system would."""
    error = OSError(code, os.strerror(code))
    if where == "fsync":  # the data of a file (a full disk shows at write or, delayed, at fsync)
        def fsync(fd):
            raise error
        monkeypatch.setattr(os, "fsync", fsync)
    elif where == "create":  # the lock file, the first file a generate creates
        real_open = os.open

        def open_(path, flags, *args, **kwargs):
            if flags & os.O_CREAT and _under(tmp_path, path):
                raise OSError(code, os.strerror(code), os.fspath(path))
            return real_open(path, flags, *args, **kwargs)
        monkeypatch.setattr(os, "open", open_)
    elif where == "mkdir":  # the staging folder
        real_mkdir = os.mkdir

        def mkdir(path, *args, **kwargs):
            if _under(tmp_path, path):
                raise OSError(code, os.strerror(code), os.fspath(path))
            return real_mkdir(path, *args, **kwargs)
        monkeypatch.setattr(os, "mkdir", mkdir)
    elif where == "replace":  # a file renamed into place
        real_replace = os.replace

        def replace(a, b, *args, **kwargs):
            if _under(tmp_path, b):
                raise OSError(code, os.strerror(code), os.fspath(a), None, os.fspath(b))
            return real_replace(a, b, *args, **kwargs)
        monkeypatch.setattr(os, "replace", replace)
    elif where == "swap":  # the whole folder swapped in (over an existing set: --force)
        def exchange(a, b):
            raise OSError(code, os.strerror(code), os.fspath(a), None, os.fspath(b))
        monkeypatch.setattr(_swap, "exchange", exchange)
        real_rename = os.rename

        def rename(a, b, *args, **kwargs):
            if _under(tmp_path, b) and Path(os.fspath(b)).name == "set":
                raise OSError(code, os.strerror(code), os.fspath(a), None, os.fspath(b))
            return real_rename(a, b, *args, **kwargs)
        monkeypatch.setattr(os, "rename", rename)
    else:
        raise AssertionError(where)


@pytest.mark.parametrize("mode", ["config", "catalogue"])
@pytest.mark.parametrize("where,code,existing", [
    ("fsync", errno.ENOSPC, False),
    ("fsync", errno.ENOSPC, True),
    ("create", errno.EROFS, False),
    ("mkdir", errno.EROFS, True),
    ("replace", errno.ENOSPC, False),
    ("replace", errno.EROFS, True),
    ("swap", errno.ENOSPC, True),
    ("swap", errno.EROFS, False),
])
def test_generate_on_a_full_or_read_only_file_system_is_one_line(tmp_path, monkeypatch, capsys, mode, where, code,
                                                                 existing):
    out = tmp_path / "set"
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA_A))
    monkeypatch.setattr(_build, "CASES", FEW)  # the catalogue cut to two cases
    args = ["golden", "generate", "--out", str(out)] + (["--config", str(config)] if mode == "config" else [])
    if existing:
        assert main([*args]) == 0
        before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        args.append("--force")
    capsys.readouterr()
    _inject(monkeypatch, tmp_path, where, code)
    assert main(args) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert line.startswith(f"rope-ref golden: error: cannot write {out}: {os.strerror(code)}"), line
    monkeypatch.undo()
    if existing:  # the old set, whole
        assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    else:
        assert not os.path.lexists(out)
    assert _leftovers(tmp_path, out, config) == []  # no staging folder, temporary file or lock file


@pytest.mark.parametrize("name", ["m" * 250, "é" * 127], ids=["250_ascii", "254_bytes_utf8"])
def test_names_beside_a_folder_at_name_max_fit(tmp_path, monkeypatch, capsys, name):
    """Lock, staging, backup and temporary names beside a legal folder name of 250 characters (or 254
    bytes) fit NAME_MAX (before: ENAMETOOLONG on the lock file)."""
    out = tmp_path / name
    model_set.generate_model_set(LLAMA_A, out)
    model_set.generate_model_set(LLAMA_B, out, force=True)  # the exchange rename
    monkeypatch.setenv("ROPE_REF_NO_EXCHANGE", "1")
    model_set.generate_model_set(LLAMA_A, out, force=True)  # the backup and two renames
    assert golden.verify(out).passed and model_set.read_model_file(out) == (LLAMA_A, None)
    npz = tmp_path / (name[:-4] + ".npz")
    for extra in ([], ["--force"]):
        assert main(["golden", "export", "--root", str(out), "--npz", str(npz), *extra]) == 0
    assert _assert_one_snapshot(npz) == LLAMA_A
    # what a killed run leaves at these names is cleaned by the next
    _swap.staging_path(out).mkdir()
    shutil.move(out, _swap.backup_path(out))
    _swap.recover(out)
    assert golden.verify(out).passed and _leftovers(tmp_path, out, npz) == []
    twin = tmp_path / (name[:-1] + "n")  # the same start: its names must differ
    names = [p.name for t in (out, twin) for p in (_swap.lock_path(t), _swap.staging_path(t), _swap.backup_path(t))]
    assert max(len(os.fsencode(n)) for n in names) <= 255 and len(set(names)) == 6, names


def test_golden_list_and_show_honour_rope_ref_golden(tmp_path, monkeypatch, capsys):
    out = model_set.generate_model_set(LLAMA_B, tmp_path / "llama")
    monkeypatch.setenv("ROPE_REF_GOLDEN", str(out))
    assert main(["golden", "list", "--json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == LLAMA_IDS
    assert main(["golden", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"3 cases in {out}"
    assert main(["golden", "show", "llama_cos_sin"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["params"]["rope_theta"] == LLAMA_B["rope_theta"] and "sha256" in shown["files"]["cos"]
    assert main(["golden", "list", "--json", "--root", str(GOLDEN)]) == 0  # --root still wins
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [s.id for s in golden.cases()]
    monkeypatch.setenv("ROPE_REF_GOLDEN", str(tmp_path / "nowhere"))
    assert main(["golden", "list"]) == 2
    assert "$ROPE_REF_GOLDEN must be a golden folder" in _one_line_error(capsys.readouterr().err)


# -- every OSError of a golden command: one line, exit 2 -------------------------------------------------


def test_os_errors_of_export_and_generate_are_one_line(copy, tmp_path, capsys):
    """An OSError no one foresaw (a name past NAME_MAX, a folder that is a file) is one line naming
    what could not be done (before: a line of Python's words, or "FAIL" with exit 1)."""
    long = tmp_path / ("x" * 300 + ".npz")  # past NAME_MAX itself
    blocked = tmp_path / "file" / "out.npz"  # a folder that is a file
    (tmp_path / "file").write_text("")
    for out, reason in ((long, os.strerror(errno.ENAMETOOLONG)), (blocked, os.strerror(errno.EEXIST))):
        assert main(["golden", "export", "--root", str(copy), "--npz", str(out)]) == 2
        line = _one_line_error(capsys.readouterr().err)
        assert line.startswith(f"rope-ref golden: error: cannot export {copy} to {out}: {reason}"), line
    assert main(["golden", "generate", "--out", str(blocked.parent / "set")]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert line == f"rope-ref golden: error: cannot write {blocked.parent / 'set'}: {os.strerror(errno.EEXIST)} " \
                   f"({blocked.parent}).", line
    assert _leftovers(tmp_path, copy, blocked.parent) == []


@pytest.mark.parametrize("command,what", [
    (["list"], "read {out}"), (["show", "llama_cos_sin"], "read {out}"), (["verify"], "read {out}"),
    (["export", "--npz", "o.npz"], "export {out} to o.npz"), (["generate", "--out", "g"], "write g"),
], ids=["list", "show", "verify", "export", "generate"])
def test_any_os_error_a_golden_command_meets_is_one_line(tmp_path, monkeypatch, capsys, command, what):
    """Whatever OSError a command meets (here: every read of a golden file, and the building of a
    case, failing with EIO) ends as one line saying what could not be done and why, exit 2."""
    out = model_set.generate_model_set(LLAMA_A, tmp_path / "llama")
    monkeypatch.setenv("ROPE_REF_GOLDEN", str(out))
    monkeypatch.chdir(tmp_path)

    def fail(*args, **kwargs):
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(out / "manifest.json"))
    monkeypatch.setattr(_files, "read_regular", fail)
    monkeypatch.setattr(_build, "_build_case", fail)
    code = main(["golden", *command])
    line = _one_line_error(capsys.readouterr().err)
    expected = f"rope-ref golden: error: cannot {what.format(out=out)}: {os.strerror(errno.EIO)}"
    assert code == 2 and line.startswith(expected), line

"""Tampering with a copy of golden/v2 always ends in a failed report naming the problem, in
bounded time, with strict JSON from ``golden verify --json``: never a pass, a crash or a hang."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from rope_ref import golden
from rope_ref.cli import main
from rope_ref.golden import GoldenFileError, _schema
from rope_ref.golden._files import canonical_json

from checks import refuse_open

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "v2"
SCHEMA = json.loads((GOLDEN.parent / "schema.json").read_text())
KEPT = ("half_basic_d2", "half_basic_d8", "interleaved_basic_d2")  # a small set keeps each verify fast
LIMIT = 30  # seconds: any verify taking longer counts as a hang


def _small_manifest() -> bytes:
    """golden/v2/manifest.json with only the KEPT cases."""
    data = json.loads((GOLDEN / "manifest.json").read_text())
    data["cases"] = [e for e in data["cases"] if e["id"] in KEPT]
    data["case_count"] = len(data["cases"])
    return canonical_json(data)


@pytest.fixture
def root(tmp_path):
    """A copy of golden/v2 with three cases (the report also lists the catalogue's other cases as missing)."""
    target = tmp_path / "v2"
    target.mkdir()
    for case_id in KEPT:
        shutil.copytree(GOLDEN / case_id, target / case_id)
    (target / "manifest.json").write_bytes(_small_manifest())
    yield target
    for path in tmp_path.rglob("*"):  # undo chmod 000 so tmp_path can be removed
        if not path.is_symlink():
            path.chmod(0o700)


def _alarm(signum, frame):
    raise TimeoutError(f"golden verify took more than {LIMIT} s")


def _verify_json(root: Path, capsys) -> tuple[int, dict]:
    """``rope-ref golden verify ROOT --json`` in-process, under an alarm; its exit code and strict-JSON report."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT)
    start = time.monotonic()
    try:
        code = main(["golden", "verify", str(root), "--json"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < LIMIT
    out = capsys.readouterr().out

    def strict(constant):
        raise AssertionError(f"--json printed {constant}, which strict JSON parsers reject")

    return code, json.loads(out, parse_constant=strict)


def _manifest(change):
    def apply(root: Path) -> None:
        data = json.loads((root / "manifest.json").read_text())
        change(data)
        (root / "manifest.json").write_text(json.dumps(data, indent=2))
    return apply


def _first(data):
    return data["cases"][0]


def _x(root: Path) -> Path:
    return root / "half_basic_d2" / "x.npy"


def _replace(make):
    def apply(root: Path) -> None:
        _x(root).unlink()
        make(root, _x(root))
    return apply


def _folder_symlink(root: Path) -> None:
    shutil.copytree(root / "half_basic_d2", root.parent / "elsewhere")
    shutil.rmtree(root / "half_basic_d2")
    os.symlink(root.parent / "elsewhere", root / "half_basic_d2")


def _manifest_symlink(root: Path) -> None:
    shutil.move(root / "manifest.json", root.parent / "manifest.json")
    os.symlink(root.parent / "manifest.json", root / "manifest.json")


# (id, tamper, report key, substrings of that key's problems)
TAMPERS = [
    ("duplicate_id", _manifest(lambda d: (d["cases"].append(dict(_first(d))), d.update(case_count=4))),
     "cases[3]", ["repeats the id of cases[0]"]),
    ("extra_field", _manifest(lambda d: _first(d).update(extra=1)), "half_basic_d2", ["schema: cases[0]:", "extra"]),
    ("removed_field", _manifest(lambda d: _first(d).pop("comment")), "half_basic_d2",
     ["misses the field 'comment'", "schema: cases[0]: 'comment' is a required property"]),
    ("dtype_null", _manifest(lambda d: _first(d)["files"]["x"].update(dtype=None)), "half_basic_d2",
     ["schema: cases[0].files.x.dtype", "dtype must be one of float32, float64, int64; got None"]),
    ("dtype_unknown", _manifest(lambda d: _first(d)["files"]["x"].update(dtype="float128")), "half_basic_d2",
     ["schema: cases[0].files.x.dtype", "got 'float128'"]),
    ("comment_changed", _manifest(lambda d: _first(d).update(comment="another comment")), "half_basic_d2",
     ["manifest field 'comment' differs"]),
    ("reference_changed", _manifest(lambda d: _first(d)["reference"].update(method="torch")), "half_basic_d2",
     ["schema: cases[0].reference.method", "manifest field 'reference' differs"]),
    ("generator_changed", _manifest(lambda d: d["generator"].update(name="evil")), "(manifest)",
     ["schema: generator.name"]),
    ("notes_changed", _manifest(lambda d: d["notes"].update(Extra="x")), "(manifest)", ["'notes' differs"]),
    ("files_a_list", _manifest(lambda d: _first(d).update(files=[])), "half_basic_d2",
     ["schema: cases[0].files", "'files' must be an object"]),
    ("input_removed", _manifest(lambda d: _first(d)["files"].pop("x")), "half_basic_d2",
     ["'inputs' must list names of 'files'"]),
    ("shape_null", _manifest(lambda d: _first(d)["files"]["x"].update(shape=None)), "half_basic_d2",
     ["schema: cases[0].files.x.shape", "shape must be a list"]),
    ("shape_huge", _manifest(lambda d: _first(d)["files"]["x"].update(shape=[10**30])), "half_basic_d2",
     ["shape must be a list of at most 32 integers in [0, 2**40)"]),
    ("shape_bool", _manifest(lambda d: _first(d)["files"]["x"].update(shape=[True, 2])), "half_basic_d2",
     ["schema: cases[0].files.x.shape[0]", "shape must be a list"]),
    ("sha256_int", _manifest(lambda d: _first(d)["files"]["x"].update(sha256=5)), "half_basic_d2",
     ["sha256 must be 64 lowercase hex digits"]),
    ("id_a_list", _manifest(lambda d: _first(d).update(id=["half_basic_d2"])), "cases[0]",
     ["id must be a non-empty string", "schema: cases[0].id"]),
    ("entry_not_an_object", _manifest(lambda d: d["cases"].__setitem__(0, 42)), "cases[0]", ["must be an object"]),
    ("file_name_nul", _manifest(lambda d: _first(d)["files"]["x"].update(file="half_basic_d2/x\x00.npy")),
     "half_basic_d2", ["not a usable file name"]),
    ("file_name_long", _manifest(lambda d: _first(d)["files"]["x"].update(file="half_basic_d2/" + "a" * 5000)),
     "half_basic_d2", ["not a usable file name"]),
    ("fifo_array", _replace(lambda root, p: os.mkfifo(p)), "half_basic_d2", ["x.npy", "not a regular file (a FIFO)"]),
    ("directory_array", _replace(lambda root, p: p.mkdir()), "half_basic_d2", ["x.npy", "(a directory)"]),
    ("symlink_loop", _replace(lambda root, p: os.symlink(p.name, p)), "half_basic_d2", ["(a symbolic link)"]),
    ("symlink_to_a_copy", _replace(lambda root, p: (shutil.copy(GOLDEN / "half_basic_d2" / "x.npy", root.parent),
                                                    os.symlink(root.parent / "x.npy", p))),
     "half_basic_d2", ["(a symbolic link)"]),
    ("case_folder_symlink", _folder_symlink, "half_basic_d2", ["is not a real folder"]),
    ("manifest_fifo", lambda root: ((root / "manifest.json").unlink(), os.mkfifo(root / "manifest.json")),
     "(manifest)", ["manifest.json", "a FIFO"]),
    ("manifest_symlink", _manifest_symlink, "(manifest)", ["manifest.json", "a symbolic link"]),
    ("manifest_missing", lambda root: (root / "manifest.json").unlink(), "(manifest)", ["file not found"]),
    ("manifest_empty", lambda root: (root / "manifest.json").write_text(""), "(manifest)", ["not valid JSON"]),
    ("manifest_deep", lambda root: (root / "manifest.json").write_text("[" * 10**5 + "]" * 10**5), "(manifest)",
     ["nested deeper than 64"]),
    ("manifest_nan", lambda root: (root / "manifest.json").write_text(
        (root / "manifest.json").read_text().replace('"rtol": 0.0', '"rtol": NaN', 1)), "(manifest)",
     ["not strict", "NaN"]),
    ("manifest_duplicate_key", lambda root: (root / "manifest.json").write_text(
        (root / "manifest.json").read_text().replace('"case_count": 3', '"case_count": 3, "case_count": 3', 1)),
     "(manifest)", ["'case_count' appears twice"]),
    ("case_count_wrong", _manifest(lambda d: d.update(case_count=7)), "(manifest)", ["case_count = 7"]),
    ("cases_an_object", _manifest(lambda d: d.update(cases={})), "(manifest)", ["'cases' must be a list"]),
]


@pytest.mark.parametrize("tamper,key,needles", [t[1:] for t in TAMPERS], ids=[t[0] for t in TAMPERS])
def test_tampered_set_fails_with_the_right_problem(root, capsys, tamper, key, needles):
    tamper(root)
    code, report = _verify_json(root, capsys)
    assert code == 1 and report["passed"] is False
    assert key in report["problems"], sorted(report["problems"])
    found = " | ".join(report["problems"][key])
    for needle in needles:
        assert needle in found, found
    for other in set(KEPT) - {"half_basic_d2"}:  # the untouched cases still verify
        assert other not in report["problems"], report["problems"][other]


def test_the_untampered_copy_fails_only_for_the_cases_it_lacks(root, capsys):
    code, report = _verify_json(root, capsys)
    assert code == 1 and list(report["problems"]) == ["(manifest)"]
    assert report["problems"]["(manifest)"][0].startswith("cases of the catalogue missing from the manifest")


def test_unreadable_array(root, capsys, monkeypatch):
    """chmod 000; root reads such a file anyway, so the refusal of the open is injected too."""
    path = _x(root)
    refuse_open(monkeypatch, path)
    code, report = _verify_json(root, capsys)
    assert code == 1 and "Permission denied" in " ".join(report["problems"]["half_basic_d2"])


def test_root_that_is_a_file(tmp_path, capsys):
    path = tmp_path / "v2"
    path.write_text("not a folder")
    code, report = _verify_json(path, capsys)
    assert code == 1 and report["passed"] is False and "(manifest)" in report["problems"]


def test_load_and_show_refuse_a_fifo_without_blocking(root, capsys):
    _x(root).unlink()
    os.mkfifo(_x(root))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT)
    try:
        with pytest.raises(GoldenFileError, match="a FIFO"):
            golden.load("half_basic_d2", root)
        assert main(["golden", "show", "half_basic_d2", "--root", str(root)]) == 0  # the catalogue entry, noted
    finally:
        signal.alarm(0)
    assert "a FIFO" in capsys.readouterr().err


@pytest.mark.parametrize("tamper", [t for t in TAMPERS if t[1].__qualname__.startswith("_manifest")],
                         ids=lambda t: t[0])
def test_both_schema_engines_find_the_same_places(tmp_path, tamper):
    """The built-in validator (no jsonschema installed) applies the same rules as jsonschema, on the
    three-case manifest the tampers are written for (both engines on the whole committed manifest:
    test_the_committed_manifest_is_valid_for_both_engines)."""
    (tmp_path / "manifest.json").write_bytes(_small_manifest())
    tamper[1](tmp_path)
    data = json.loads((tmp_path / "manifest.json").read_text())
    places = {engine: sorted(_schema.place(p) for p, _ in _schema.validate_paths(data, SCHEMA, engine))
              for engine in ("jsonschema", "builtin")}
    assert places["jsonschema"] == places["builtin"]


def test_builtin_validator_refuses_a_schema_it_cannot_apply():
    with pytest.raises(_schema.SchemaError, match="oneOf"):
        _schema.validate_paths({}, {"oneOf": [{"type": "object"}]}, "builtin")


def test_the_committed_manifest_is_valid_for_both_engines():
    data = json.loads((GOLDEN / "manifest.json").read_text())
    assert _schema.validate_paths(data, SCHEMA, "builtin") == []
    assert _schema.validate_paths(data, SCHEMA, "jsonschema") == []

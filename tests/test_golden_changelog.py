"""golden/v1 and golden/v2: v2 is the current set, v1 stays byte for byte, and golden/CHANGELOG.md says
exactly how they differ.

The changelog is checked against an independent recomputation: every array of both sets is read
with NumPy, elements are compared by their bytes, and distances are exact rationals (Python's
Fraction of each float, divided by math.ulp / np.spacing of the v1 value), not the integer bit
arithmetic of rope_ref.golden._changelog. The table is read with this file's own parser, so a
changed digit anywhere in it fails (the meta-tests below show that it does).
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import jsonschema
import numpy as np
import pytest

from rope_ref import golden
from rope_ref.cli import main
from rope_ref.golden import _changelog, _schema
from rope_ref.golden._files import canonical_json, npy_bytes, sha256

ROOT = Path(__file__).resolve().parents[1]
V1, V2 = ROOT / "golden" / "v1", ROOT / "golden" / "v2"
CHANGELOG = ROOT / "golden" / "CHANGELOG.md"
TOOL = ROOT / "tools" / "golden_changelog.py"
V1_MANIFEST_SHA256 = "ca0f1f27418c9137706268c569393131bfe9e2d49af75844d8631bfd83854dfa"
"""golden/v1/manifest.json as committed before v2 existed: v1 never changes (its manifest holds every
file's SHA-256, which verify checks)."""


# -- an independent reading of two sets and of the changelog -------------------------------------------


def _arrays(root: Path) -> dict[str, dict[str, np.ndarray]]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    out = {}
    for entry in manifest["cases"]:
        out[entry["id"]] = {name: np.load(io.BytesIO((root / d["file"]).read_bytes()), allow_pickle=False)
                            for name, d in entry["files"].items()}
    return out


def _ulp(value: np.generic) -> Fraction:
    if value.dtype == np.float64:
        return Fraction(math.ulp(float(value)))
    if value.dtype == np.float32:
        return Fraction(float(np.spacing(np.abs(value))))
    return Fraction(1)  # integers


def _distance(old: np.generic, new: np.generic) -> Fraction:
    return abs(Fraction(new.item()) - Fraction(old.item())) / _ulp(old)


def expected_rows(old_root: Path, new_root: Path) -> dict[str, set]:
    """What the changelog must say, recomputed from the files."""
    old, new = _arrays(old_root), _arrays(new_root)
    rows: dict[str, set] = {"changed": set(), "added": set(), "removed": set(), "cases added": set(),
                            "cases removed": set()}
    rows["cases added"] = set(new) - set(old)
    rows["cases removed"] = set(old) - set(new)
    for case_id in set(old) & set(new):
        for name in set(old[case_id]) | set(new[case_id]):
            a, b = old[case_id].get(name), new[case_id].get(name)
            if a is None or b is None or a.dtype != b.dtype or a.shape != b.shape:
                if a is not None:
                    rows["removed"].add((case_id, name))
                if b is not None:
                    rows["added"].add((case_id, name))
                continue
            differ = [i for i, (x, y) in enumerate(zip(a.reshape(-1), b.reshape(-1), strict=True))
                      if x.tobytes() != y.tobytes()]
            if differ:
                largest = max(_distance(a.reshape(-1)[i], b.reshape(-1)[i]) for i in differ)
                rows["changed"].add((case_id, name, len(differ), a.size, largest))
    return rows


def said_rows(text: str, section: str) -> tuple[dict[str, set], tuple[str, str]]:
    """The rows of one section of the changelog, read with this file's own parser, and its two hashes."""
    body = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    header = re.search(r"manifest\.json SHA-256 `([0-9a-f]{64})`\) to `golden/v\d+` "
                       r"\(manifest\.json SHA-256 `([0-9a-f]{64})`\)", body)
    assert header is not None, body[:300]
    rows: dict[str, set] = {}
    for title, key in (("Arrays changed", "changed"), ("Arrays added", "added"), ("Arrays removed", "removed"),
                       ("Cases added", "cases added"), ("Cases removed", "cases removed")):
        part = body.split(f"### {title}\n", 1)[1].split("\n### ", 1)[0]
        lines = [line for line in part.splitlines() if line.startswith("| `")]
        assert lines or "None." in part, part
        found = set()
        for line in lines:
            cells = [c.strip().strip("`") for c in line.strip("|").split("|")]
            if key == "changed":
                count, size = cells[2].split(" of ")
                found.add((cells[0], cells[1], int(count), int(size), Fraction(cells[3])))
            elif key in ("added", "removed"):
                found.add((cells[0], cells[1]))
            else:
                found.add(cells[0])
        rows[key] = found
    return rows, header.groups()


def changelog_matches(old_root: Path, new_root: Path, text: str) -> None:
    """AssertionError unless the changelog's section for new_root says exactly how the files differ."""
    rows, hashes = said_rows(text, new_root.name)
    assert hashes == (sha256((old_root / "manifest.json").read_bytes()),
                      sha256((new_root / "manifest.json").read_bytes())), hashes
    assert rows == expected_rows(old_root, new_root)


# -- the committed sets ---------------------------------------------------------------------------------


def test_v1_is_untouched():
    assert sha256((V1 / "manifest.json").read_bytes()) == V1_MANIFEST_SHA256
    manifest = json.loads((V1 / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["cases"]:  # every file is the one its manifest names
        for desc in entry["files"].values():
            assert sha256((V1 / desc["file"]).read_bytes()) == desc["sha256"], desc["file"]
        assert "rounding" not in entry["reference"]
    assert "rounding" not in manifest["policy"]


def test_the_changelog_says_exactly_how_v1_and_v2_differ():
    changelog_matches(V1, V2, CHANGELOG.read_text(encoding="utf-8"))


def test_the_changelog_tool_finds_it_up_to_date():
    run = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_changelog_names_the_two_commands_at_its_top():
    top = CHANGELOG.read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "rope-ref golden generate --out golden/v2 --force\npython tools/golden_changelog.py\n" in top


def test_the_tool_has_help():
    run = subprocess.run([sys.executable, str(TOOL), "--help"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "--check" in run.stdout and "golden/CHANGELOG.md" in run.stdout, run.stdout


def test_v2_is_the_current_set():
    assert golden.CURRENT == "v2" and golden.PACKAGED.name == "v2"
    assert Path(golden.default_root()).resolve() == V2.resolve() or "ROPE_REF_GOLDEN" in __import__("os").environ


def test_v2_says_its_arrays_are_correctly_rounded():
    manifest = json.loads((V2 / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["policy"]["rounding"] == golden.ROUNDING_POLICY
    assert "ties to even" in golden.ROUNDING_POLICY and "MPFR" in golden.ROUNDING_POLICY
    assert manifest["format_version"] == golden.FORMAT_VERSION == 2 and 1 in golden.READABLE_VERSIONS
    for entry in manifest["cases"]:
        assert entry["reference"]["rounding"] == golden.CORRECTLY_ROUNDED == "correctly rounded", entry["id"]
        assert entry["reference"]["precision"] == "exact"
    assert golden.correctly_rounded(manifest) and not golden.correctly_rounded(
        json.loads((V1 / "manifest.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("engine", ["jsonschema", "builtin"])
def test_both_manifests_satisfy_the_schema(version, engine):
    schema = json.loads((ROOT / "golden" / "schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((ROOT / "golden" / version / "manifest.json").read_text(encoding="utf-8"))
    assert _schema.validate(manifest, schema, engine=engine) == []


def test_the_schema_refuses_another_rounding():
    schema = json.loads((ROOT / "golden" / "schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((V2 / "manifest.json").read_text(encoding="utf-8"))
    manifest["cases"][0]["reference"]["rounding"] = "faithful"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(manifest, schema)


def test_v1_stays_loadable_from_python_and_the_command_line(tmp_path, capsys):
    case = golden.load("half_basic_d8", V1)
    assert not case.correctly_rounded and golden.load("half_basic_d8", V2).correctly_rounded
    assert main(["golden", "list", "--root", str(V1)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"62 cases in {V1}"
    assert main(["golden", "show", "half_basic_d8", "--root", str(V1)]) == 0
    assert json.loads(capsys.readouterr().out)["reference"] == {"method": "rope-ref", "precision": "exact",
                                                                 "version": "0.1.0"}
    assert main(["golden", "export", "--npz", str(tmp_path / "v1.npz"), "--root", str(V1)]) == 0
    with np.load(tmp_path / "v1.npz", allow_pickle=False) as npz:
        assert np.array_equal(npz["half_basic_d8/expected"], case.outputs["expected"])


def test_v1_verifies_against_the_changelog(capsys):
    """verify golden/v1: every hash, every case recomputed; it passes when v1's arrays differ from the
    recomputation exactly as the changelog records (with today's code, v2 may equal v1: no difference)."""
    report = golden.verify(V1)
    assert report.passed, report.problems
    recorded = _changelog.parse(CHANGELOG.read_text(encoding="utf-8"))[0]
    listed = {(key, note.split(":", 1)[0]) for key, notes in report.differences.items() for note in notes
              if note.endswith("records") and ".npy" in note}
    assert listed == {(c, f"{c}/{a}.npy") for c, a in recorded.changed}
    assert main(["golden", "verify", str(V1)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("PASS  ")


# -- the mechanism, on sets made to differ --------------------------------------------------------------


def _next(value: float, steps: int) -> float:
    for _ in range(abs(steps)):
        value = float(np.nextafter(value, math.inf if steps > 0 else -math.inf))
    return value


def _legacy_copy(new: Path, old: Path, nudges: dict[str, list[tuple[int, int]]]) -> None:
    """``old``: ``new`` as a set made before correct rounding (no rounding fields), with some expected
    elements moved by a number of floats (case id -> [(flat index, steps)])."""
    shutil.copytree(new, old)
    data = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    del data["policy"]["rounding"]
    for entry in data["cases"]:
        del entry["reference"]["rounding"]
        name = entry["outputs"][0] if entry["outputs"] else None
        if entry["id"] in nudges and name is not None:
            path = old / entry["files"][name]["file"]
            array = np.load(path, allow_pickle=False)
            flat = array.reshape(-1).copy()
            for index, steps in nudges[entry["id"]]:
                flat[index] = _next(float(flat[index]), steps)
            blob = npy_bytes(flat.reshape(array.shape))
            path.write_bytes(blob)
            entry["files"][name]["sha256"] = sha256(blob)
    (old / "manifest.json").write_bytes(canonical_json(data))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """golden/v1 and golden/v2 of a scratch folder: v2 generated now, v1 a copy without rounding fields
    whose half_basic_d8 differs in three elements (by 1, 2 and 1 floats) and half_basic_d2 in one (by 3)."""
    base = tmp_path_factory.mktemp("sets") / "golden"
    new = golden.generate(base / "v2")
    _legacy_copy(new, base / "v1", {"half_basic_d8": [(0, 1), (5, -2), (9, 1)], "half_basic_d2": [(3, -3)]})
    run = subprocess.run([sys.executable, str(TOOL), "--golden", str(base)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    return base


def test_the_tool_records_every_changed_array_exactly(made):
    text = (made / "CHANGELOG.md").read_text(encoding="utf-8")
    changelog_matches(made / "v1", made / "v2", text)
    rows, _ = said_rows(text, "v2")
    assert {(c, a, n, u) for c, a, n, _, u in rows["changed"]} == {
        ("half_basic_d8", "expected", 3, Fraction(2)), ("half_basic_d2", "expected", 1, Fraction(3))}
    assert "| `half_basic_d2` | `expected` | 1 of 8 | 3 |" in text


@pytest.mark.parametrize("old,new", [("| 3 of 128 | 2 |", "| 3 of 128 | 3 |"), ("| 3 of 128 | 2 |", "| 4 of 128 | 2 |"),
                                     ("| 1 of 8 | 3 |", "| 1 of 8 | 3.5 |"), ("| 1 of 8 | 3 |", "| 1 of 9 | 3 |"),
                                     ("`half_basic_d8` | `expected`", "`half_basic_d8` | `x`")])
def test_a_changed_digit_in_the_changelog_fails(made, old, new, capsys):
    """The meta-test: the check of this file and the tool's --check both catch one changed digit, and
    so does verify of the older set."""
    text = (made / "CHANGELOG.md").read_text(encoding="utf-8")
    assert old in text
    changelog_matches(made / "v1", made / "v2", text)
    assert golden.verify(made / "v1").passed
    wrong = text.replace(old, new)
    with pytest.raises(AssertionError):
        changelog_matches(made / "v1", made / "v2", wrong)
    (made / "CHANGELOG.md").write_text(wrong, encoding="utf-8")
    try:
        check = subprocess.run([sys.executable, str(TOOL), "--golden", str(made), "--check"], capture_output=True,
                               text=True, timeout=300)
        assert check.returncode == 1 and "is stale" in check.stderr, check.stdout + check.stderr
        report = golden.verify(made / "v1")
        assert not report.passed
        assert any("half_basic_d" in key for key in report.problems), report.problems
    finally:
        (made / "CHANGELOG.md").write_text(text, encoding="utf-8")


def test_a_changed_hash_in_the_changelog_fails(made):
    text = (made / "CHANGELOG.md").read_text(encoding="utf-8")
    digest = sha256((made / "v1" / "manifest.json").read_bytes())
    wrong = text.replace(digest, digest[:-1] + ("0" if digest[-1] != "0" else "1"))
    with pytest.raises(AssertionError):
        changelog_matches(made / "v1", made / "v2", wrong)


def test_verify_reports_each_recorded_difference_and_passes(made, capsys):
    report = golden.verify(made / "v1")
    assert report.passed, report.problems
    assert report.differences["half_basic_d8"] == [
        f"half_basic_d8/expected.npy: 3 of 128 elements, at most 2 ulps differ from the recomputation, as "
        f"{made / 'CHANGELOG.md'} (## v2) records"]
    assert main(["golden", "verify", str(made / "v1")]) == 0
    out = capsys.readouterr().out
    assert "DIFF  half_basic_d2: half_basic_d2/expected.npy: 1 of 8 elements, at most 3 ulps" in out
    assert out.splitlines()[-1].startswith("PASS  62 golden cases") and "2 differences" in out
    assert main(["golden", "verify", str(made / "v1"), "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["differences"]) == {"half_basic_d2", "half_basic_d8"}


def test_a_correctly_rounded_set_must_recompute_to_the_byte(made, tmp_path):
    """The same one-float change in a set that says it is correctly rounded fails, naming elements and ulps."""
    target = tmp_path / "v2"
    shutil.copytree(made / "v2", target)
    path = target / "half_basic_d8" / "expected.npy"
    array = np.load(path, allow_pickle=False)
    flat = array.reshape(-1).copy()
    flat[0] = _next(float(flat[0]), 1)
    blob = npy_bytes(flat.reshape(array.shape))
    path.write_bytes(blob)
    data = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    next(e for e in data["cases"] if e["id"] == "half_basic_d8")["files"]["expected"]["sha256"] = sha256(blob)
    (target / "manifest.json").write_bytes(canonical_json(data))
    shutil.copy(made / "CHANGELOG.md", tmp_path / "CHANGELOG.md")  # its records are for v1's manifest only
    report = golden.verify(target)
    assert report.problems == {"half_basic_d8": ["half_basic_d8/expected.npy: recomputed bytes differ from the "
                                                 "committed file (1 of 128 elements, at most 1 ulp)"]}


def test_an_unrecorded_difference_of_an_older_set_fails(made, tmp_path):
    """A set made before correct rounding with no changelog step for its manifest: any difference fails."""
    target = tmp_path / "old"
    _legacy_copy(made / "v2", target, {"half_basic_d8": [(3, 1)]})
    report = golden.verify(target)
    [problem] = report.problems["half_basic_d8"]
    assert "1 of 128 elements, at most 1 ulp" in problem and "predates correct rounding" in problem, problem
    unchanged = tmp_path / "same"
    _legacy_copy(made / "v2", unchanged, {})
    assert golden.verify(unchanged).passed  # no difference: nothing to record


def test_ulps_are_exact_and_from_the_bits():
    assert _changelog.ulps(np.float64(1.0), np.float64(_next(1.0, -1))) == Fraction(1, 2)
    assert _changelog.ulps(np.float64(-3.0), np.float64(_next(-3.0, 5))) == Fraction(5)
    assert _changelog.ulps(np.float64(5e-324), np.float64(-5e-324)) == Fraction(2)
    assert _changelog.ulps(np.float64(0.1), np.float64(-0.1)) == Fraction(2 * Fraction(0.1), Fraction(math.ulp(0.1)))
    assert _changelog.ulps(np.int64(3), np.int64(-4)) == Fraction(7)
    big = np.float64(1.7976931348623157e308)
    assert _changelog.ulps(big, -big) == 2 * Fraction(big.item()) / Fraction(math.ulp(big.item()))
    assert _changelog.format_ulps(Fraction(3, 8)) == "0.375" and _changelog.parse_ulps("0.375") == Fraction(3, 8)
    assert _changelog.format_ulps(None) == "inf" and _changelog.parse_ulps("inf") is None
    with pytest.raises(ValueError, match="old and new must have one dtype"):
        _changelog.difference(np.zeros(2), np.zeros(3))

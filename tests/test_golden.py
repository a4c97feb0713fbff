"""The golden set: schema, reproducibility, verification, loading, and every kind of bad file."""

from __future__ import annotations

import json
import pathlib
import shutil

import jsonschema
import numpy as np
import pytest

from rope_ref import golden
from rope_ref.cli import main
from rope_ref.golden import GoldenFileError
from rope_ref.golden._files import canonical_json, npy_bytes, sha256
from rope_ref.golden.catalogue import build_rope

import reference

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "golden" / "v2"  # the current set (golden/v1: tests/test_golden_changelog.py)
MANIFEST = json.loads((GOLDEN / "manifest.json").read_text())
ENTRIES = {e["id"]: e for e in MANIFEST["cases"]}


def test_manifest_matches_its_schema():
    schema = json.loads((ROOT / "golden" / "schema.json").read_text())
    jsonschema.validate(MANIFEST, schema)


def test_manifest_is_canonical_and_describes_itself():
    assert (GOLDEN / "manifest.json").read_bytes() == canonical_json(MANIFEST)
    assert MANIFEST["case_count"] == len(MANIFEST["cases"]) >= 40
    ids = [e["id"] for e in MANIFEST["cases"]]
    assert len(set(ids)) == len(ids)
    for entry in MANIFEST["cases"]:
        assert set(entry["flags"]) <= set(MANIFEST["notes"]), entry["id"]
        assert set(entry["files"]) == set(entry["inputs"]) | set(entry["outputs"])
        if entry["result"] != "invalid":
            pairs = {(t["dtype"], t["angle_dtype"]) for t in entry["tolerances"]}
            assert pairs == {(d, a) for d in ("float64", "float32", "float16", "bfloat16")
                             for a in ("float64", "float32")}
            defaults = {(t["dtype"], t["angle_dtype"]) for t in entry["tolerances"] if t["default"]}
            assert defaults == {("float64", "float64")} | {(d, a) for d in ("float32", "float16", "bfloat16")
                                                           for a in ("float64", "float32")}
            for angle in ("float64", "float32"):  # looser for lower precision, None once not checkable
                tol = [next(t["atol"] for t in entry["tolerances"] if t["dtype"] == d and t["angle_dtype"] == angle)
                       for d in ("float64", "float32", "float16", "bfloat16")]
                known = [t for t in tol if t is not None]
                assert known == sorted(known) and all(t > 0 for t in known) and None not in tol[:len(known)]
        else:
            assert entry["tolerances"] == []


def test_set_is_small_and_has_no_stray_files():
    files = sorted(p for p in GOLDEN.rglob("*") if p.is_file())
    listed = {GOLDEN / d["file"] for e in MANIFEST["cases"] for d in e["files"].values()} | {GOLDEN / "manifest.json"}
    assert set(files) == listed
    assert sum(p.stat().st_size for p in files) <= 20 * 2**20


def test_coverage_of_the_catalogue():
    kinds = {e["kind"] for e in MANIFEST["cases"]}
    assert kinds == {"apply", "cos_sin", "scores", "xpos", "multiaxis", "invalid"}
    text = " ".join(ENTRIES)
    for needle in ("half_", "interleaved_", "_d2", "_d8", "_d64", "_d128", "_d256", "base1e4", "base5e5", "base1e6",
                   "decode_offset", "sparse_2p20", "near_2p31", "negative", "fractional", "partial", "linear",
                   "ntk_aware", "dynamic_f2_d128_seq4096", "dynamic_f2_d128_seq8192", "yarn", "llama3",
                   "longrope_phi3_short", "longrope_phi3_long", "xpos", "axial2d", "mrope", "batched_bhsd",
                   "batched_bshd", "cos_sin", "scores"):
        assert needle in text, needle
    assert {e["result"] for e in MANIFEST["cases"]} == {"valid", "acceptable", "invalid"}
    assert sum("ONNXForm" in e["flags"] for e in MANIFEST["cases"]) >= 10


def test_inputs_are_float32_exact_and_outputs_float64():
    for entry in MANIFEST["cases"]:
        for name in entry["inputs"]:
            assert entry["files"][name]["dtype"] in ("float32", "int64"), (entry["id"], name)
        for name in entry["outputs"]:
            assert entry["files"][name]["dtype"] == "float64", (entry["id"], name)


def test_committed_set_verifies():
    report = golden.verify(GOLDEN)
    assert report.passed, report.problems
    assert report.checked == len(golden.cases())


def test_generation_is_byte_identical(tmp_path):
    out = golden.generate(tmp_path / "v1")
    for path in sorted(GOLDEN.rglob("*")):
        if path.is_file():
            assert (out / path.relative_to(GOLDEN)).read_bytes() == path.read_bytes(), path


# Overwriting, interruption and the command line do not depend on which cases are written: a few
# (test_generation_is_byte_identical writes the whole catalogue).
FEW = tuple(spec for spec in golden.cases() if spec.id in ("half_basic_d2", "half_basic_d8", "interleaved_basic_d8",
                                                          "half_d64_base1e4", "linear_f4_d64", "xpos_centre0_d64"))


def test_generate_refuses_to_overwrite_and_replaces_with_force(tmp_path):
    target = tmp_path / "v1"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="force"):
        golden.generate(target, cases=FEW)
    assert (target / "keep.txt").read_text() == "mine"
    golden.generate(target, force=True, cases=FEW)
    assert not (target / "keep.txt").exists() and (target / "manifest.json").is_file()
    assert sorted(p.name for p in target.iterdir() if p.is_dir()) == sorted(spec.id for spec in FEW)


def test_interrupted_generation_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "v1"
    golden.generate(target, cases=FEW)
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    calls = {"n": 0}
    from rope_ref.golden import _build

    original = _build._build_case

    def failing(spec):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return original(spec)

    monkeypatch.setattr(_build, "_build_case", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        golden.generate(target, force=True, cases=FEW)
    assert calls["n"] == 5 < len(FEW)  # it failed part way
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v1"]  # no staging folder left


def test_load_returns_hash_checked_arrays_and_parameters():
    case = golden.load("half_basic_d8", GOLDEN)
    assert case.params["head_dim"] == 8 and case.params["layout"] == "half"
    assert case.inputs["x"].dtype == np.float32 and case.outputs["expected"].dtype == np.float64
    assert {t["dtype"] for t in case.tolerances} == {"float64", "float32", "float16", "bfloat16"}
    with pytest.raises(ValueError, match="case_id"):
        golden.load("no_such_case", GOLDEN)


def test_expected_outputs_match_mpmath_for_default_frequency_cases():
    """The stored expected values against the independent 50-digit RoPE (tests/reference.py)."""
    checked = 0
    for entry in MANIFEST["cases"]:
        p = entry["params"]
        if entry["kind"] != "apply" or p.get("rope_scaling") is not None:
            continue
        case = golden.load(entry["id"], GOLDEN)
        x = case.inputs["x"].astype(np.float64)
        pos = np.broadcast_to(case.inputs["positions"], x.shape[:-1]).reshape(-1)
        rows = x.reshape(-1, x.shape[-1])
        got = case.outputs["expected"].reshape(-1, x.shape[-1])
        for i in range(0, rows.shape[0], max(1, rows.shape[0] // 6)):  # a sample of rows per case
            exact = reference.apply(rows[i], float(pos[i]), p["rope_theta"], p["layout"], p["rotary_dim"])
            tol = case.tolerance("float64")["atol"]
            assert np.max(np.abs(got[i] - exact)) <= tol, (entry["id"], i)
        checked += 1
    assert checked >= 20


def test_shifted_scores_equal_unshifted_scores():
    a = golden.load("scores_half_d64", GOLDEN)
    b = golden.load("scores_half_d64_shifted", GOLDEN)
    assert np.array_equal(a.inputs["q"], b.inputs["q"]) and np.array_equal(a.inputs["k"], b.inputs["k"])
    tol = a.tolerance("float64")["atol"] + b.tolerance("float64")["atol"]
    assert np.max(np.abs(a.outputs["scores"] - b.outputs["scores"])) <= tol


def _onnx_rotary_embedding(x, position_ids, cos_cache, sin_cache, interleaved, rotary_dim):
    """The ONNX RotaryEmbedding operator (opset 23) for 4-D input, written from its specification."""
    x = x.astype(np.float64)
    r = rotary_dim or x.shape[-1]
    cos = cos_cache.astype(np.float64)[position_ids][:, None]  # (batch, 1, seq, r/2)
    sin = sin_cache.astype(np.float64)[position_ids][:, None]
    rot, rest = x[..., :r], x[..., r:]
    if interleaved:
        x1, x2 = rot[..., 0::2], rot[..., 1::2]
    else:
        x1, x2 = rot[..., : r // 2], rot[..., r // 2:]
    o1, o2 = x1 * cos - x2 * sin, x2 * cos + x1 * sin
    out = np.empty_like(rot)
    if interleaved:
        out[..., 0::2], out[..., 1::2] = o1, o2
    else:
        out[..., : r // 2], out[..., r // 2:] = o1, o2
    return np.concatenate([out, rest], axis=-1)


def test_onnx_form_reproduces_the_expected_output_at_float32_tolerance():
    checked = 0
    for entry in MANIFEST["cases"]:
        if "ONNXForm" not in entry["flags"]:
            continue
        case = golden.load(entry["id"], GOLDEN)
        p = entry["params"]
        y = _onnx_rotary_embedding(case.inputs["x"], case.inputs["onnx_position_ids"], case.inputs["onnx_cos_cache"],
                                   case.inputs["onnx_sin_cache"], p["layout"] == "interleaved",
                                   0 if p["rotary_dim"] == p["head_dim"] else p["rotary_dim"])
        assert np.max(np.abs(y - case.outputs["expected"])) <= case.tolerance("float32", "float32")["atol"], entry["id"]
        checked += 1
    assert checked >= 10


# -- bad files ----------------------------------------------------------------------------------

KEPT = ("half_basic_d2", "half_basic_d8")  # the tests below tamper with half_basic_d8
MISSING = "cases of the catalogue missing from the manifest: "


@pytest.fixture
def copy(tmp_path):
    """golden/v2 with two cases: verify recomputes two cases, not the catalogue, and reports the
    catalogue's other cases as missing (under "(manifest)", a problem of its own)."""
    target = tmp_path / "v1"
    target.mkdir()
    for case_id in KEPT:
        shutil.copytree(GOLDEN / case_id, target / case_id)
    data = json.loads((GOLDEN / "manifest.json").read_text())
    data["cases"] = [e for e in data["cases"] if e["id"] in KEPT]
    data["case_count"] = len(data["cases"])
    (target / "manifest.json").write_bytes(canonical_json(data))
    return target


def _problems_besides_the_missing_cases(problems):
    """The report's problems without the one line listing the catalogue's cases a copy lacks."""
    assert [p.startswith(MISSING) for p in problems.get("(manifest)", [])] == [True], problems
    return {key: found for key, found in problems.items() if key != "(manifest)"}


def test_the_copy_fails_only_for_the_cases_it_lacks(copy):
    report = golden.verify(copy)
    assert report.checked == len(KEPT) and _problems_besides_the_missing_cases(report.problems) == {}


def _rewrite_manifest(root, change):
    data = json.loads((root / "manifest.json").read_text())
    change(data)
    (root / "manifest.json").write_bytes(canonical_json(data))


def _entry(data, case_id):
    return next(e for e in data["cases"] if e["id"] == case_id)


def _replace_array(root, case_id, name, array):
    """Write a new array into a case and update its hash, so the hash check passes and the next check runs."""
    data_bytes = npy_bytes(array) if not array.dtype.hasobject else _object_npy(array)
    path = root / case_id / f"{name}.npy"
    path.write_bytes(data_bytes)
    _rewrite_manifest(root, lambda d: _entry(d, case_id)["files"][name].update(sha256=sha256(data_bytes)))
    return path


def _object_npy(array):
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def _assert_rejected(root, case_id, *needles):
    with pytest.raises(GoldenFileError) as info:
        golden.load(case_id, root)
    for needle in needles:
        assert needle in str(info.value), str(info.value)
    report = golden.verify(root)
    assert list(_problems_besides_the_missing_cases(report.problems)) == [case_id], report.problems


def test_truncated_npy(copy):
    path = copy / "half_basic_d8" / "x.npy"
    data = path.read_bytes()[:100]
    path.write_bytes(data)
    _rewrite_manifest(copy, lambda d: _entry(d, "half_basic_d8")["files"]["x"].update(sha256=sha256(data)))
    _assert_rejected(copy, "half_basic_d8", "x.npy", "not a valid .npy array")


def test_wrong_dtype(copy):
    _replace_array(copy, "half_basic_d8", "x", golden.load("half_basic_d8", GOLDEN).inputs["x"].astype(np.float64))
    _assert_rejected(copy, "half_basic_d8", "x.npy", "dtype float64 does not match the manifest's float32")


def test_wrong_shape(copy):
    _replace_array(copy, "half_basic_d8", "x", np.zeros((2, 8), np.float32))
    _assert_rejected(copy, "half_basic_d8", "x.npy", "shape [2, 8] does not match")


def test_object_array_is_never_unpickled(copy):
    path = _replace_array(copy, "half_basic_d8", "x", np.array([{"boom": 1}], dtype=object))
    _assert_rejected(copy, "half_basic_d8", str(path), "not a valid .npy array", "allow_pickle")


def test_hash_mismatch(copy):
    path = copy / "half_basic_d8" / "expected.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    _assert_rejected(copy, "half_basic_d8", "expected.npy", "SHA-256 mismatch")


def test_manifest_that_is_not_json(copy):
    (copy / "manifest.json").write_text("{ not json")
    for call in (lambda: golden.load("half_basic_d8", copy), lambda: golden.verify(copy)):
        with pytest.raises(GoldenFileError, match=r"manifest.json: not valid JSON"):
            call()
    assert main(["golden", "verify", str(copy)]) == 1


def test_manifest_missing_a_field(copy):
    _rewrite_manifest(copy, lambda d: _entry(d, "half_basic_d8").pop("tolerances"))
    with pytest.raises(GoldenFileError, match="'half_basic_d8' misses the field 'tolerances'"):
        golden.load("half_basic_d8", copy)
    _rewrite_manifest(copy, lambda d: d.pop("case_count"))
    with pytest.raises(GoldenFileError, match="misses the field 'case_count'"):
        golden.verify(copy)


@pytest.mark.parametrize("name", ["../x.npy", "/etc/passwd", "half_basic_d8/../../x.npy", "C:\\x.npy", ""])
def test_file_names_that_escape_the_folder(copy, name):
    _rewrite_manifest(copy, lambda d: _entry(d, "half_basic_d8")["files"]["x"].update(file=name))
    _assert_rejected(copy, "half_basic_d8", "file name")


def test_missing_file(copy):
    (copy / "half_basic_d8" / "x.npy").unlink()
    _assert_rejected(copy, "half_basic_d8", "x.npy", "file not found")


# -- command line ---------------------------------------------------------------------------------

def test_cli_verify_json_and_exit_codes(copy, capsys):
    assert main(["golden", "verify", str(GOLDEN), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is True and report["checked"] == len(golden.cases())
    path = copy / "half_basic_d8" / "expected.npy"
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")
    assert main(["golden", "verify", str(copy), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] is False
    assert list(_problems_besides_the_missing_cases(report["problems"])) == ["half_basic_d8"], report["problems"]


def test_cli_list_show_generate(tmp_path, capsys, monkeypatch):
    assert main(["golden", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listed] == [s.id for s in golden.cases()]
    assert main(["golden", "show", "yarn_f4_d64_long", "--root", str(GOLDEN)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["params"]["rope_scaling"]["rope_type"] == "yarn" and "sha256" in shown["files"]["x"]
    assert main(["golden", "show", "nope"]) == 2
    from rope_ref.golden import _build, _load, _verify

    for module in (_build, _load, _verify):  # what generate writes, the CLI counts and verify expects
        monkeypatch.setattr(module, "CASES", FEW)
    assert main(["golden", "generate", "--out", str(tmp_path / "g")]) == 0
    assert f"wrote {len(FEW)} cases" in capsys.readouterr().out
    assert golden.verify(tmp_path / "g").passed  # the catalogue is FEW here
    assert main(["golden", "generate", "--out", str(tmp_path / "g")]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["golden", "generate", "--out", str(tmp_path / "g"), "--force"]) == 0


def test_case_ids_cited_in_the_docs_exist():
    """docs cite golden cases by id (divergences, golden, verify): each must be in the catalogue."""
    import re

    ids = {spec.id for spec in golden.cases()}
    cited = set()
    for page in (ROOT / "docs").glob("*.md"):
        cited |= {t for t in re.findall(r"`([a-z0-9_]+)`", page.read_text()) if re.search(r"_d\d+", t)}
    assert cited and cited <= ids, sorted(cited - ids)


def test_load_reads_a_format_1_manifest(copy):
    """Format 1 kept one {atol, rtol} per dtype; load reads it into format 2's list, marked unjudged."""
    def downgrade(data):
        data["format_version"] = 1
        for entry in data["cases"]:
            entry["tolerances"] = {t["dtype"]: {"atol": t["atol"], "rtol": 0.0}
                                   for t in entry["tolerances"] if t["default"]}
    _rewrite_manifest(copy, downgrade)
    case = golden.load("half_basic_d8", copy)
    assert {t["dtype"] for t in case.tolerances} == {"float64", "float32", "float16", "bfloat16"}
    assert not any(t["checkable"] for t in case.tolerances)
    assert case.tolerance("float32", "float32")["atol"] > 0


def test_params_are_config_json_that_from_hf_config_reads_into_the_same_rope():
    """A case's params can be handed to transformers' config classes: from_hf_config, which reads
    config.json as transformers does, gives the RoPE the case was computed with."""
    from rope_ref import from_hf_config

    checked = 0
    for spec in golden.cases():
        block = spec.params.get("rope_scaling") or {}
        if spec.kind not in ("apply", "cos_sin", "scores") or spec.result != "valid" \
                or block.get("rope_type") in ("ntk_aware", "dynamic_fixed", "deepseek_yarn"):
            continue
        assert from_hf_config(spec.params, layout=spec.params["layout"]) == build_rope(spec.params, "float64"), spec.id
        checked += 1
    assert checked >= 35

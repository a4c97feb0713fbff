"""The verification policy: tight enough that wrong implementations fail wherever it says
checkable, loose enough that correct ones in every dtype pass, and one verdict everywhere."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from rope_ref import _policy, golden
from rope_ref.golden._load import _read_manifest
from rope_ref.golden.catalogue import CASES, build_rope
from rope_ref.precision import RECIPES, recipe_apply, round_to

APPLY = [spec for spec in CASES if spec.kind == "apply"]
ROOT = golden.default_root()


@functools.cache
def _load(case_id: str) -> golden.GoldenCase:
    """golden.load of a committed case, once per case in this module (each load reads and checks the
    whole manifest; the tests below read each case up to six times). Its arrays are made read-only,
    so no test can change what another one reads."""
    case = golden.load(case_id, ROOT)
    for array in (*case.inputs.values(), *case.outputs.values()):
        array.flags.writeable = False
    return case


def _wrong(name: str, rope, x, positions, seq_len):
    """Deliberately wrong implementations, each with the condition under which it is wrong."""
    pos = np.asarray(positions, dtype=np.float64)
    if name == "zeros":
        return np.zeros_like(np.asarray(x, dtype=np.float64))
    if name == "unrotated":
        return np.asarray(x, dtype=np.float64)
    if name == "negated":
        return rope.apply(x, -pos, seq_len)
    if name == "shifted":
        return rope.apply(x, pos + 1, seq_len)
    if name == "clamped":
        return rope.apply(x, np.minimum(pos, 4095), seq_len)
    other = "interleaved" if rope.layout == "half" else "half"
    return type(rope)(rope.dim, base=rope.base, layout=other, rotary_dim=rope.rotary_dim,
                      scaling=rope.scaling).apply(x, positions, seq_len)


def _applies(name: str, rope, positions) -> bool:
    pos = np.asarray(positions, dtype=np.float64)
    return {"zeros": True, "unrotated": bool(np.any(pos != 0)), "negated": bool(np.any(pos != 0)),
            "shifted": True, "clamped": bool(np.any(pos > 4095)), "other_layout": rope.rotary_dim >= 4}[name]


WRONG = ("zeros", "unrotated", "negated", "shifted", "clamped", "other_layout")


@pytest.mark.parametrize("spec", APPLY, ids=[s.id for s in APPLY])
def test_wrong_implementations_fail_every_checkable_tolerance(spec):
    case = _load(spec.id)
    rope = build_rope(spec.params, "float64")
    x, positions = case.inputs["x"], case.inputs["positions"]
    seq_len = float(case.inputs["seq_len"]) if "seq_len" in case.inputs else None
    expected = case.outputs["expected"]
    checked = 0
    for name in WRONG:
        if not _applies(name, rope, positions):
            continue
        for entry in case.tolerances:
            if not entry["checkable"]:
                continue
            wrong = round_to(_wrong(name, rope, x, positions, seq_len), entry["dtype"])
            err = float(np.max(np.abs(wrong - expected)))
            assert err > entry["atol"], (f"{spec.id}: the {name} implementation passes {entry['dtype']} with "
                                         f"{entry['angle_dtype']} angles: error {err:.3g} <= atol {entry['atol']}")
            checked += 1
    assert checked >= 8  # at least zeros and shifted at every precision


def test_no_checkable_tolerance_reaches_half_of_the_expected_output():
    entries = _read_manifest(ROOT)
    counted = 0
    for entry in entries:
        if not entry["outputs"]:
            continue
        case = _load(entry["id"])
        top = max(float(np.max(np.abs(a))) for a in case.outputs.values())
        for t in case.tolerances:
            if t["checkable"]:
                assert t["atol"] < 0.5 * top, (entry["id"], t)
                counted += 1
            else:
                assert t["atol"] is None and "half of max|expected|" in t["reason"], (entry["id"], t)
    assert counted > 300


@pytest.mark.parametrize("recipe, dtype, angle_dtype", [("float64", "float64", "float64"),
                                                        ("float32", "float32", "float32"),
                                                        ("bf16", "bfloat16", "float32"),
                                                        ("fp16", "float16", "float32")])
def test_correct_recipes_pass_their_precision_on_every_apply_case(recipe, dtype, angle_dtype):
    """A correct implementation computing as the recipe says (rounding emulated bit for bit) passes
    every checkable tolerance at its declared precision."""
    passed = 0
    for spec in APPLY:
        if spec.result != "valid":
            continue
        case = _load(spec.id)
        rope = build_rope(spec.params, "float64")
        seq_len = float(case.inputs["seq_len"]) if "seq_len" in case.inputs else None
        y = recipe_apply(RECIPES[recipe], rope, case.inputs["x"], case.inputs["positions"], seq_len)
        entry = case.tolerance(dtype, angle_dtype)
        if entry["checkable"]:
            err = float(np.max(np.abs(y - case.outputs["expected"])))
            assert err <= entry["atol"], (spec.id, err, entry)
            passed += 1
    assert passed >= 20


def test_float32_angles_fail_a_float64_angle_requirement_and_pass_the_default_at_long_positions():
    case = _load("half_d128_sparse_2p20")
    rope = build_rope(case.params, "float64")
    y = recipe_apply(RECIPES["float32"], rope, case.inputs["x"], case.inputs["positions"])
    err = float(np.max(np.abs(y - case.outputs["expected"])))
    assert err > case.tolerance("float32", "float64")["atol"]
    assert err <= case.tolerance("float32", "float32")["atol"]
    assert case.judge(err, "float32", "float64")[0] == "fail"
    status, entry = case.judge(err, "float32")
    assert status == "pass" and entry["angle_dtype"] == "float32" and entry["default"]


def test_default_angle_precision_per_dtype():
    assert _policy.DEFAULT_ANGLE_DTYPES == {"float64": ("float64",), "float32": ("float64", "float32"),
                                            "float16": ("float64", "float32"), "bfloat16": ("float64", "float32")}
    assert _policy.DEFAULT_ANGLE_DTYPE == {"float64": "float64", "float32": "float32", "float16": "float32",
                                           "bfloat16": "float32"}
    assert _policy.angle_dtype_for("float16") == "float32"
    assert _policy.angle_dtypes_for("float32") == ("float64", "float32")
    assert _policy.angle_dtypes_for("float32", "float64") == ("float64",)
    with pytest.raises(ValueError, match="angle_dtype"):
        _policy.angle_dtype_for("float32", "float8")


def test_angle_rate_covers_the_exponent_rounding_of_small_frequencies():
    # theta = 0.25 (a linear factor 4): A = 0.25 (4 + ln 4), above 4 * 0.25
    assert _policy.angle_rate([0.25, 0.01]) == pytest.approx(0.25 * (4 + np.log(4)))
    assert _policy.angle_rate([]) == 0.0


def test_judge_refuses_tolerances_that_cannot_tell_right_from_wrong():
    t = _policy.judge(0.6, 1.0, dtype="float16")
    assert not t.checkable and t.atol is None and not t.accepts(0.0)
    t = _policy.judge(0.4, 1.0, dtype="float16")
    assert t.checkable and t.accepts(0.4) and not t.accepts(float("nan")) and not t.accepts(0.41)


def test_the_defaults_leave_exactly_the_documented_cases_not_checkable():
    """docs/golden.md: 4 (case, dtype) pairs have no checkable default entry (the scores at bfloat16);
    9 more have one, and float32 angles cannot be checked there (the near-2^31 cases at float32,
    float16 and bfloat16)."""
    none, some = set(), set()
    for entry in _read_manifest(ROOT):
        for dtype in ("float64", "float32", "float16", "bfloat16"):
            default = [t for t in entry["tolerances"] if t["dtype"] == dtype and t["default"]]
            assert [t["angle_dtype"] for t in default] == list(_policy.DEFAULT_ANGLE_DTYPES[dtype]) or not default
            if default and not any(t["checkable"] for t in default):
                none.add((entry["id"], dtype))
            elif any(not t["checkable"] for t in default):
                some.add((entry["id"], dtype))
    near = {"half_d64_near_2p31", "interleaved_d64_near_2p31", "cos_sin_d64_base1e6_near_2p31"}
    scores = {"scores_half_d64", "scores_half_d64_shifted", "scores_interleaved_d128_query_ahead",
              "scores_yarn_f4_d64"}
    assert none == {(c, "bfloat16") for c in scores}
    assert some == {(c, d) for c in near for d in ("float32", "float16", "bfloat16")}


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "bfloat16"])
def test_check_and_the_manifest_give_the_same_verdict_on_the_same_outputs(dtype):
    """An output off by 0.9 or 1.1 times the manifest's atol: check's verdict on that golden case is the
    manifest's, at the policy's default angle precision."""
    from rope_ref import check

    for spec_id in ("half_d128_sparse_2p20", "yarn_f4_d64_long", "interleaved_partial_r64_d96"):
        case = _load(spec_id)
        rope = build_rope(case.params)  # exact mode: the perturbation is the only error
        entry = case.tolerance(dtype)
        for scale in (0.9, 1.1):
            def fn(x, positions, rope=rope, scale=scale, atol=entry["atol"]):
                y = rope.apply(x, positions)
                return y + scale * atol * np.where(np.arange(y.shape[-1]) % 2, 1.0, -1.0)

            report = check(fn, rope=rope, dtype=dtype, seed=3)
            result = next(c for c in report.cases if c.name == spec_id)
            expected = case.outputs["expected"]
            y = fn(case.inputs["x"].reshape(-1, expected.shape[-1]),
                   np.broadcast_to(case.inputs["positions"], expected.shape[:-1]).reshape(-1))
            manifest_pass = float(np.max(np.abs(y - expected.reshape(y.shape)))) <= entry["atol"]
            assert result.passed == manifest_pass == (scale < 1), (spec_id, dtype, scale, result)
            assert result.tolerance == entry["atol"]


OTHER = [spec for spec in CASES if spec.kind in ("multiaxis", "xpos", "cos_sin") and spec.result == "valid"]


@pytest.mark.parametrize("spec", OTHER, ids=[s.id for s in OTHER])
def test_wrong_multiaxis_xpos_and_table_outputs_fail_every_checkable_tolerance(spec):
    """Zeros, the input unchanged (tables: cos = 1, sin = 0), negated positions: each fails."""
    from rope_ref.golden.catalogue import build_multiaxis
    from rope_ref.xpos import XPos

    case = _load(spec.id)
    pos = case.inputs["positions"]
    if spec.kind == "cos_sin":
        rope = build_rope(spec.params, "float64")
        expected = np.concatenate([case.outputs["cos"], case.outputs["sin"]], axis=-1)
        neg = np.concatenate(rope.cos_sin(-pos.astype(np.float64)), axis=-1)
        wrongs = {"zeros": np.zeros_like(expected), "unrotated": np.concatenate(
            [np.ones_like(case.outputs["cos"]), np.zeros_like(case.outputs["sin"])], axis=-1), "negated": neg}
    else:
        x, expected = case.inputs["x"], case.outputs["expected"]
        if spec.kind == "multiaxis":
            model = build_multiaxis(spec.params, "float64")
            neg = model.apply(x, -pos.astype(np.float64))
        else:
            model = XPos(build_rope(spec.params, "float64"), scale_base=spec.params["scale_base"],
                         centre=spec.params["centre"])
            neg = model.apply(x, -pos.astype(np.float64), spec.params["role"])
        wrongs = {"zeros": np.zeros_like(expected), "unrotated": x.astype(np.float64), "negated": neg}
    checked = 0
    for name, wrong in wrongs.items():
        for entry in case.tolerances:
            if entry["checkable"]:
                err = float(np.max(np.abs(round_to(wrong, entry["dtype"]) - expected)))
                assert err > entry["atol"], (spec.id, name, entry)
                checked += 1
    assert checked >= 12

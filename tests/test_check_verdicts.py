"""The default verdict follows how implementations are built, and garbage fails at every setting.

A float32, bfloat16 or float16 output passes with angles formed in float64 or in float32 (the report
names the recipe it saw); a declared angle_dtype is a requirement. Zeros, unrotated, negated, clamped,
shifted and wrong-layout outputs fail at every dtype, at the default and at every declared angle precision.
"""

from __future__ import annotations

import numpy as np
import pytest

from rope_ref import RoPE, check

from implementations import bfloat16, textbook

DIM = 64
DTYPES = ("float64", "float32", "float16", "bfloat16")
RIGHT = RoPE(DIM)
OTHER = RoPE(DIM, layout="interleaved")


def _as(y, dtype):
    """An output rounded to dtype as a framework would return it (bfloat16 values in a float32 array)."""
    y = np.asarray(y, dtype=np.float64)
    if dtype == "bfloat16":
        return bfloat16(y)
    return y.astype(dtype)


GARBAGE = {
    "zeros": lambda x, p: np.zeros(np.shape(x)),
    "unrotated": lambda x, p: np.asarray(x, dtype=np.float64),
    "negated": lambda x, p: RIGHT.apply(x, -np.asarray(p)),
    "clamped": lambda x, p: RIGHT.apply(x, np.minimum(p, 4095)),  # a 4096-row cos/sin cache, clamped
    "shifted": lambda x, p: RIGHT.apply(x, np.asarray(p) + 1),
    "wrong_layout": lambda x, p: OTHER.apply(x, p),
}


@pytest.mark.parametrize("angle_dtype", [None, "float64", "float32"])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_fails_at_every_dtype_and_angle_precision(name, dtype, angle_dtype):
    wrong = GARBAGE[name]
    report = check(lambda x, p: _as(wrong(x, p), dtype), dim=DIM, dtype=dtype, angle_dtype=angle_dtype)
    assert not report.passed, str(report)
    assert any(c.status == "fail" for c in report.cases), str(report)


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_correct_output_passes_at_every_dtype(dtype):
    report = check(lambda x, p: _as(RIGHT.apply(x, p), dtype), dim=DIM, dtype=dtype)
    assert report.passed, str(report)
    assert report.recipe is None  # float64 angles: nothing to say


@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
def test_float32_angles_pass_the_default_and_the_report_says_so(dtype):
    fn = lambda x, p: _as(textbook(x, p, dim=DIM, angle_dtype=np.float32), dtype)  # noqa: E731
    report = check(fn, dim=DIM, dtype=dtype)
    assert report.passed, str(report)
    if dtype == "float32":  # at float16 and bfloat16, their own rounding hides float32 angles below 2^20
        assert report.angle_dtype == "float32" and "like transformers" in report.recipe
    required = check(fn, dim=DIM, dtype=dtype, angle_dtype="float64")
    if dtype == "float32":
        assert not required.passed and required.diagnosis.causes == ["float32_angles"], str(required)


def test_a_float64_output_needs_float64_angles():
    fn = lambda x, p: textbook(x, p, dim=DIM, angle_dtype=np.float32)  # noqa: E731  (float64 output)
    report = check(fn, dim=DIM, dtype="float64")
    assert report.angle_dtypes == ("float64",)
    assert not report.passed and report.diagnosis.causes == ["float32_angles"], str(report)


def test_check_and_the_manifest_agree_on_the_default_verdict():
    """The same output gets the same verdict from check and from GoldenCase.judge (the manifest's
    default entries), on a golden case where float32 angles are well off float64's bound."""
    from rope_ref import golden

    case = golden.load("half_d64_base1e4")
    x, pos = case.inputs["x"], case.inputs["positions"]
    y = textbook(x, pos, dim=DIM, angle_dtype=np.float32).astype(np.float32)
    err = float(np.max(np.abs(y - case.outputs["expected"])))
    status, entry = case.judge(err, "float32")
    report = check(lambda xx, pp: textbook(xx, pp, dim=DIM, angle_dtype=np.float32).astype(np.float32), dim=DIM,
                   dtype="float32")
    result = next(c for c in report.cases if c.name == "half_d64_base1e4")
    assert (result.status, result.angle_dtype) == (status, entry["angle_dtype"]) == ("pass", "float32")

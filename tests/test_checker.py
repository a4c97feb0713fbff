"""rope_ref.check: correct implementations pass; each classic mistake is diagnosed by name."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rope_ref import RoPE, check
from rope_ref.scaling import YaRN

from checks import assert_rejected
from implementations import textbook

DIM = 64


def impl(**knobs):
    """A from-scratch NumPy RoPE (tests/implementations.py) with one mistake turned on."""
    return lambda x, positions: textbook(x, positions, dim=DIM, **knobs)


def test_correct_implementations_pass():
    for layout in ("half", "interleaved"):
        report = check(impl(layout=layout), dim=DIM, layout=layout, dtype="float64")
        assert report.passed, str(report)
        assert report.diagnosis is None
        # golden cases with d = 64 fit; the schedule runs the first random case again at the end
        assert {c.source for c in report.cases} == {"golden", "random", "schedule"}


@pytest.mark.parametrize("knobs,declared,cause,parameter", [
    (dict(layout="interleaved"), {}, "other_layout", None),
    (dict(base=500000.0), {}, "other_base", 500000.0),
    (dict(base=12345.0), {}, "other_base", 12345.0),          # not a common base: fitted from probes
    (dict(factor=4.0), {}, "linear_factor", 4.0),
    (dict(factor=3.0), {}, "linear_factor", 3.0),             # fitted
    (dict(offset=1.0), {}, "position_offset", 1.0),
    (dict(offset=5.0), {}, "position_offset", 5.0),           # fitted
    (dict(sign=-1.0), {}, "opposite_direction", None),
    (dict(rotary_dim=32), {}, "smaller_rotary_dim", 32.0),
    (dict(gain=1.2), {}, "attention_factor", 1.2),
    (dict(swap=True), {}, "cos_sin_swapped", None),
])
def test_each_mistake_is_diagnosed(knobs, declared, cause, parameter):
    report = check(impl(**knobs), dim=DIM, dtype="float64", **declared)
    assert not report.passed
    assert report.diagnosis.cause == cause, str(report)
    if parameter is not None:
        assert report.diagnosis.parameter == pytest.approx(parameter, rel=1e-6)
    assert cause in str(report) and "FAIL" in str(report)


def test_missing_attention_factor_is_diagnosed():
    rule = YaRN(4.0, 4096)
    # the implementation applies YaRN's frequencies but forgets to multiply by a = 1.1386
    rope = RoPE(DIM, scaling=rule)

    def no_factor(x, positions):
        return rope.apply(x, positions) / rope.attention_factor

    report = check(no_factor, dim=DIM, scaling=rule, dtype="float64")
    assert report.diagnosis.cause == "missing_attention_factor"
    assert report.diagnosis.parameter == pytest.approx(rule.attention_factor, rel=1e-9)


def test_float32_angles_pass_by_default_and_fail_when_float64_angles_are_required():
    """transformers' float32 recipe (angles formed in float32) is correct code: a float32 output passes
    under either recipe and the report names the one it saw; a declared float64 requirement fails it
    as float32_angles, with the error growing with position."""
    fn = impl(angle_dtype=np.float32, out_dtype=np.float32)
    report = check(fn, dim=DIM, dtype="float32")
    assert report.passed and report.angle_dtype == "float32", str(report)
    assert report.angle_dtypes == ("float64", "float32") and report.declared_angle_dtype is None
    long = next(c for c in report.cases if c.name == "random_positions_below_1048576")
    assert long.status == "pass" and long.angle_dtype == "float32"
    assert "computes its angles in float32, like transformers" in report.recipe
    assert "angle_dtype='float64'" in report.recipe and "recipe: computes" in str(report)
    required = check(fn, dim=DIM, dtype="float32", angle_dtype="float64")
    assert not required.passed and required.diagnosis.causes == ["float32_angles"], str(required)
    long = next(c for c in required.cases if c.name == "random_positions_below_1048576")
    assert long.status == "fail" and long.growth[-1][1] > long.growth[0][1]
    declared = check(fn, dim=DIM, dtype="float32", angle_dtype="float32")
    assert declared.passed and declared.recipe is None, str(declared)
    assert {c.status for c in declared.cases} <= {"pass", "not_checkable", "skipped"}
    assert any(c.status == "not_checkable" for c in declared.cases)  # positions near 2^31 at float32 angles


def test_the_recipe_states_the_cost_of_float32_angles_at_the_longest_position():
    """The quoted cost is the largest |fl32(fl32(m) fl32(theta_j)) - m theta_j| at that position,
    recomputed here from 40-digit mpmath frequencies."""
    mp = pytest.importorskip("mpmath")
    report = check(impl(angle_dtype=np.float32, out_dtype=np.float32), dim=DIM, dtype="float32")
    at = max((c for c in report.cases if c.angle_dtype == "float32"), key=lambda c: c.max_position)
    m = at.max_position
    with mp.workdps(40):
        exact = [mp.mpf(m) * mp.power(10000, -mp.mpf(2 * j) / DIM) for j in range(DIM // 2)]
        theta32 = np.float32(1.0) / np.power(np.float32(10000.0), np.arange(0, DIM, 2, dtype=np.float32) / DIM)
        worst = max(abs(mp.mpf(float(np.float32(m) * t)) - e) for t, e in zip(theta32, exact, strict=True))
    assert f"at position {m:g} that is up to {float(worst):.2g} rad" in report.recipe, report.recipe


@pytest.mark.parametrize("cache", ["bfloat16", "float16"])
def test_low_precision_cos_sin_cache_is_diagnosed(cache):
    report = check(impl(cache=cache, out_dtype=np.float32), dim=DIM, dtype="float32")
    assert not report.passed
    assert report.diagnosis.cause == f"{cache}_cache", str(report)


def test_a_per_feature_gain_ripple_is_not_a_rotation():
    """A 5% per-feature gain ripple changes pair norms: named from the measurement, where and by how much."""
    ripple = 1 + 0.05 * np.sin(np.arange(DIM))
    report = check(lambda x, p: textbook(x, p, dim=DIM) * ripple, dim=DIM, dtype="float64")
    assert report.diagnosis.cause == "not_a_rotation", str(report)
    assert "pairs 0-31 are not rotated" in report.diagnosis.explanation
    assert report.diagnosis.parameter == pytest.approx(1 / (1 - 0.05 * np.max(np.abs(np.sin(np.arange(DIM))))),
                                                       rel=0.05)


def test_unexplained_reports_the_measured_per_pair_differences():
    """Frequencies off by a per-pair wiggle no known mistake makes: unexplained, with the measured
    frequency ratios of the pairs that differ."""
    theta = 10000.0 ** (-np.arange(0, DIM, 2) / DIM) * (1 + 0.003 * np.sin(np.arange(DIM // 2)))

    def wiggle(x, positions):
        ang = np.asarray(positions, dtype=np.float64)[:, None] * theta
        x1, x2 = x[:, : DIM // 2].astype(np.float64), x[:, DIM // 2:].astype(np.float64)
        return np.concatenate([x1 * np.cos(ang) - x2 * np.sin(ang), x2 * np.cos(ang) + x1 * np.sin(ang)], axis=1)

    report = check(wiggle, dim=DIM, dtype="float64")
    assert report.diagnosis.cause == "unexplained", str(report)
    pairs = report.measurement.pairs
    assert [p.ratio for p in pairs] == pytest.approx(1 + 0.003 * np.sin(np.arange(DIM // 2)), rel=1e-9)
    assert pair_zero_as_declared(pairs)
    assert "pairs 1-31: frequency x" in "\n".join(report.measurement.lines)
    assert "measured: pairing: as declared" in report.diagnosis.explanation
    assert report.as_dict()["measurement"]["pairs"][5]["frequency_ratio"] == pytest.approx(1 + 0.003 * np.sin(5))


def pair_zero_as_declared(pairs):
    return pairs[0].as_declared and not pairs[1].as_declared


def test_frameworks_are_converted_through_numpy_method():
    class Tensor:  # stands in for a framework tensor: np.asarray would not know it
        def __init__(self, a):
            self.a = a

        def numpy(self):
            return self.a

    report = check(lambda x, p: Tensor(textbook(x, p, dim=DIM)), dim=DIM)
    assert report.passed and report.dtype == "float64"


def test_dtype_is_inferred_from_the_output():
    report = check(impl(out_dtype=np.float32), dim=DIM)
    assert report.dtype == "float32" and report.passed


def test_implementation_errors_are_reported_not_raised():
    def crashes(x, positions):
        raise RuntimeError("CUDA out of memory")

    report = check(crashes, dim=DIM, dtype="float64")
    assert not report.passed and "CUDA out of memory" in str(report)


def test_report_json_is_stable_and_strict():
    data = check(impl(layout="interleaved"), dim=DIM, dtype="float64").as_dict()
    text = json.dumps(data, allow_nan=False)  # strict JSON: no NaN or Infinity anywhere
    assert json.loads(text) == data
    assert data["format"] == "rope-ref-check" and data["format_version"] == 3
    assert set(data) == {"format", "format_version", "passed", "dtype", "angle_dtype", "angle_dtypes",
                         "declared_angle_dtype", "recipe", "declared", "reason", "cases", "measurement", "diagnosis",
                         "notes", "timing"}
    assert data["declared"] == {"kind": "rope", "dim": DIM, "base": 10000.0, "layout": "half", "rotary_dim": DIM,
                                "scaling": None, "attention_factor": 1.0}
    assert set(data["cases"][0]) == {"name", "source", "status", "max_abs_error", "ulps", "tolerance",
                                     "angle_dtype", "max_position", "growth", "reason"}
    assert data["measurement"]["pairing_as_declared"] is False and data["measurement"]["measured_pairs"][0] == [0, 1]
    assert set(data["diagnosis"]) == {"cause", "causes", "explanation", "parameter", "tried"}
    assert data["diagnosis"]["causes"][0]["cause"] == "other_layout"


def test_declared_scaling_is_structured_in_json():
    data = check(impl(), dim=DIM, scaling=YaRN(4.0, 4096), dtype="float64").as_dict()
    scaling = data["declared"]["scaling"]
    assert scaling["rope_type"] == "yarn" and scaling["factor"] == 4.0
    assert scaling["original_max_position_embeddings"] == 4096
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize("call,kind,needle", [
    (lambda: check(42, dim=8), TypeError, "fn must be a callable"),
    (lambda: check(impl(), dim=None), ValueError, "dim must be given"),
    (lambda: check(impl(), dim=DIM, dtype="float8"), ValueError, "dtype must be"),
    (lambda: check(impl(), dim=7), ValueError, "dim must be an even integer"),
    (lambda: check(impl(), dim=8, config={"hidden_size": 8, "num_attention_heads": 1}), ValueError,
     "config gives the RoPE"),
])
def test_bad_arguments(call, kind, needle):
    assert_rejected(call, kind, [needle])


def test_check_against_a_model_config():
    import pathlib

    from rope_ref import from_hf_config

    config = pathlib.Path(__file__).parent / "data" / "configs" / "llama-3.1-8b.json"
    rope = from_hf_config(config)
    assert check(lambda x, p: rope.apply(x, p), config=config, dtype="float64").passed
    plain = RoPE(128, base=500000.0)  # forgets the llama3 frequency smoothing
    report = check(lambda x, p: plain.apply(x, p), config=config, dtype="float64")
    assert not report.passed and report.diagnosis.cause == "missing_scaling"

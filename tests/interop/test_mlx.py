"""MLX's ``mx.fast.rope`` through rope_ref.interop.from_mlx: the verdict of check for each of its settings.

What the outcomes rest on (mlx 0.32, Linux CPU build). ``mlx/backend/no_gpu/primitives.cpp`` declares
``NO_GPU_USE_FALLBACK(RoPE)``, so the op runs the fallback graph of ``mlx/fast.cpp`` ``rope(...)``:

- ``positions = multiply(add(arange(x.shape(2), float32), offset), array(scale, float32))``: positions
  (offset + t) * scale formed in float32;
- ``exp(multiply(arange(0, -half_dims, -1, float32), array(std::log(base) / half_dims, float32)))``:
  inv_freq_j = exp(-j ln(base) / (dims/2)) in float32, or ``reciprocal(freqs)`` (freqs cast to float32);
- ``theta = positions * inv_freqs`` in float32, then ``coss = astype(cos(theta), t)``: cos and sin are
  rounded to x's dtype and the rotation is multiplied and added in x's dtype (float16 / bfloat16 too).

So every angle is a float32 angle: the default verdict passes (it accepts float32 angles and
reports seeing them), and with float64 angles required the long cases fail as ``float32_angles``.
Positions near 2^31 round to multiples of 128 in float32, which no tolerance that still rejects
garbage can accept: that golden case is "not checkable" at the default verdict.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest

mx = pytest.importorskip("mlx.core")

from rope_ref import RoPE, check  # noqa: E402
from rope_ref.interop import _mlx as mlx_adapter  # noqa: E402
from rope_ref.interop import from_mlx  # noqa: E402
from rope_ref.scaling import Linear, Llama3  # noqa: E402


def _not_passing(report) -> dict[str, str]:
    return {c.name: c.status for c in report.cases if c.status != "pass"}


def _llama3_freqs() -> np.ndarray:
    """MLX's freqs for Llama 3 (as mlx-lm's Llama3RoPE passes them): 1 / inv_freq of the rule."""
    return 1.0 / RoPE(128, base=500000.0, scaling=Llama3()).inv_freq()


# (id, from_mlx arguments, check arguments): each is the RoPE the MLX call computes
PASSING = [
    ("half", {"dims": 64}, {"dim": 64}),
    ("interleaved", {"dims": 64, "traditional": True}, {"dim": 64, "layout": "interleaved"}),
    ("partial_half", {"dims": 32}, {"dim": 128, "rotary_dim": 32}),
    ("partial_interleaved", {"dims": 32, "traditional": True}, {"dim": 128, "rotary_dim": 32, "layout": "interleaved"}),
    ("scale_quarter", {"dims": 64, "scale": 0.25}, {"dim": 64, "scaling": Linear(4.0)}),
    ("scale_third", {"dims": 64, "scale": 1 / 3}, {"dim": 64, "scaling": Linear(3.0)}),  # float32(1/3) is off by 1e-8
    ("freqs_default", {"dims": 64, "base": None, "freqs": 1.0 / RoPE(64).inv_freq()}, {"dim": 64}),
    ("freqs_llama3", {"dims": 128, "base": None, "freqs": _llama3_freqs()},
     {"dim": 128, "base": 500000.0, "scaling": Llama3()}),
]


@pytest.mark.parametrize(("kwargs", "declared"), [p[1:] for p in PASSING], ids=[p[0] for p in PASSING])
def test_mx_fast_rope_passes_when_declared_as_what_it_computes(kwargs, declared):
    report = check(from_mlx(**kwargs), **declared)
    assert report.passed, report
    assert report.angle_dtype == "float32"  # the recipe seen: float32 angles (fast.cpp's fallback graph)
    layout = declared.get("layout", "half")
    near = {f"{layout}_d64_near_2p31": "not_checkable", f"{layout}_d64_fractional": "skipped"}
    # golden cases exist for d = 64 at base 1e4 only; MLX takes integer offsets, so fractional ones are skipped
    assert _not_passing(report) == (near if declared in ({"dim": 64}, {"dim": 64, "layout": "interleaved"}) else {})


@pytest.mark.parametrize("traditional", [False, True])
def test_the_offset_interface_and_per_batch_offsets_agree(traditional):
    """fn(x, offset) runs one sequence with a scalar offset; fn(x, positions) one batch entry per row
    with MLX's vector offset. The two paths compute the same float32 positions: equal outputs."""
    layout = "interleaved" if traditional else "half"
    fn = from_mlx(dims=64, traditional=traditional)
    report = check(fn, dim=64, layout=layout, interface="offset")
    assert report.passed, report
    assert "prefill_then_decode" in {c.name for c in report.cases}
    x = np.random.default_rng(0).standard_normal((6, 64)).astype(np.float32)
    assert np.array_equal(fn(x, 1000), fn(x, 1000 + np.arange(6)))


def test_float64_angles_required_fail_as_float32_angles():
    report = check(from_mlx(dims=64), dim=64, angle_dtype="float64")
    assert not report.passed
    assert report.diagnosis.causes == ["float32_angles"]
    assert _not_passing(report) == {
        "half_d64_base1e4": "fail", "half_d64_near_2p31": "fail", "half_d64_negative": "fail",
        "half_d64_fractional": "skipped", "random_positions_below_64": "fail", "random_positions_below_4096": "fail",
        "random_positions_below_131072": "fail", "random_positions_below_1048576": "fail",
        "rerun::random_positions_below_64": "fail"}


# (id, from_mlx arguments, the wrong declaration, the cause check names, its measured parameter)
WRONG = [
    ("traditional_declared_half", {"dims": 64, "traditional": True}, {"dim": 64}, "other_layout", None),
    ("half_declared_interleaved", {"dims": 64}, {"dim": 64, "layout": "interleaved"}, "other_layout", None),
    ("base_5e5_declared_1e4", {"dims": 64, "base": 500000.0}, {"dim": 64}, "other_base", None),
    ("scale_undeclared", {"dims": 64, "scale": 0.25}, {"dim": 64}, "linear_factor", 4.0),
    ("scale_declared_factor_2", {"dims": 64, "scale": 0.25}, {"dim": 64, "scaling": Linear(2.0)}, "scaling_factor",
     4.0),
    ("dims_32_declared_full", {"dims": 32}, {"dim": 128}, "smaller_rotary_dim", 32.0),
]


@pytest.mark.parametrize(("kwargs", "declared", "cause", "parameter"), [w[1:] for w in WRONG],
                         ids=[w[0] for w in WRONG])
def test_a_wrong_declaration_fails_with_the_named_cause(kwargs, declared, cause, parameter):
    report = check(from_mlx(**kwargs), **declared)
    assert not report.passed
    assert report.diagnosis.causes == [cause], report
    if parameter is not None:
        assert report.diagnosis.parameter == pytest.approx(parameter, rel=1e-6)


def test_freqs_taken_for_inverse_frequencies_fail():
    """MLX's freqs are 1 / inv_freq: passing inv_freq itself is a RoPE no rule names (unexplained)."""
    report = check(from_mlx(dims=64, base=None, freqs=RoPE(64).inv_freq()), dim=64)
    assert not report.passed
    assert report.diagnosis.causes == ["unexplained"]


@pytest.mark.parametrize("layout", ["half", "interleaved"])
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_outputs(dtype, layout):
    """cos and sin rounded to x's dtype and the rotation done in it (fast.cpp) stay within the policy's
    bound at the default verdict. float16 shows its float32 angles; in bfloat16 its own rounding hides
    them (the report sees float64-compatible angles)."""
    fn = from_mlx(dims=64, traditional=layout == "interleaved", dtype=dtype)
    report = check(fn, dim=64, layout=layout, dtype=dtype)
    assert report.passed, report
    assert report.angle_dtype == ("float32" if dtype == "float16" else "float64")
    assert _not_passing(report) == {f"{layout}_d64_near_2p31": "not_checkable", f"{layout}_d64_fractional": "skipped"}
    for case in report.cases:  # a visible margin: the largest error is below a third of the tolerance
        if case.status == "pass" and case.name.startswith(layout):
            assert case.max_abs_error < case.tolerance / 3, case
    required = check(fn, dim=64, layout=layout, dtype=dtype, angle_dtype="float64")
    assert not required.passed
    if dtype == "float16":
        assert required.diagnosis.causes == ["float32_angles"]
        assert _not_passing(required) == {f"{layout}_d64_near_2p31": "fail", f"{layout}_d64_fractional": "skipped",
                                          "random_positions_below_1048576": "fail"}
    else:
        # Only float32 positions near 2^31 (multiples of 128 there) show through bfloat16's rounding; one case
        # with nothing else to go on is not a pattern the diagnosis names.
        assert required.diagnosis.causes == ["unexplained"]
        assert _not_passing(required) == {f"{layout}_d64_near_2p31": "fail", f"{layout}_d64_fractional": "skipped"}


def test_float16_output_is_float16_and_bfloat16_comes_back_as_float32():
    x = np.ones((2, 8), np.float32)
    assert from_mlx(dims=8, dtype="float16")(x, 0).dtype == np.float16
    assert from_mlx(dims=8, dtype="bfloat16")(x, 0).dtype == np.float32
    assert from_mlx(dims=8)(x, 0).dtype == np.float32


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"dims": 63}, ValueError, "dims must be an even integer >= 2; got 63."),
    ({"dims": 64.0}, TypeError, "dims must be"),
    ({"dims": 64, "dtype": "float64"}, ValueError, "dtype must be"),
    ({"dims": 64, "base": 1.0}, ValueError, "base must be"),
    ({"dims": 64, "scale": 0.0}, ValueError, "scale must be"),
    ({"dims": 64, "freqs": np.ones(32)}, ValueError, "base must be None when freqs is given"),
    ({"dims": 64, "base": None}, ValueError, "base must be"),
    ({"dims": 64, "base": None, "freqs": np.ones(16)}, ValueError, "freqs must be a vector of dims // 2 = 32"),
    ({"dims": 64, "base": None, "freqs": -np.ones(32)}, ValueError, "freqs must be positive"),
])
def test_bad_arguments_are_refused_with_the_argument_named(kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        from_mlx(**kwargs)


def test_positions_mlx_cannot_take_are_refused_when_called():
    fn = from_mlx(dims=8)
    x = np.ones((2, 8), np.float32)
    with pytest.raises(ValueError, match="int32"):
        fn(x, np.array([0, 2**31]))
    with pytest.raises(ValueError, match="int32"):
        fn(x, 2**31)
    with pytest.raises(ValueError, match="fractional"):
        fn(x, np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="dims = 8"):
        fn(np.ones((2, 4), np.float32), 0)


def test_docstring_example_runs():
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(mlx_adapter, mlx_adapter.__name__)
             if t.examples]
    assert tests
    runner = doctest.DocTestRunner()
    for test in tests:
        runner.run(test)
    assert runner.failures == 0

"""Sizes and values that used to pass and mean nothing (issue 22, part C1).

- Every allocation that follows from the input is checked against a memory limit first: a ValueError
  names the argument, the size the call would need and the limit (4 GiB, ``ROPE_REF_MAX_BYTES``), under
  an address-space limit too, where numpy would raise MemoryError.
- Masked arrays (numpy.ma) are refused, never silently unmasked.
- float64 mode refuses positions where its own angle error bound (rope_ref._policy) reaches half of
  the output; below that reach it still rotates, within that bound (checked against mpmath).
- Outputs that overflow float64 are refused in every rotation, with no RuntimeWarning.
- The scaling helpers refuse nan, inf and negative inputs instead of returning nan.
"""

import json
import math
import os
import re
import subprocess
import sys
import textwrap
import tracemalloc

import mpmath
import numpy as np
import pytest

from rope_ref import MultiAxisRoPE, RoPE, XPos, _validate, exact, precision, rotation
from rope_ref._backend import Exact, Float64, float64_reach
from rope_ref._policy import allowed_error, angle_rate
from rope_ref.scaling import DynamicNTK, Linear, LongRoPEMscale, YaRN, get_mscale

U = 2.0**-53  # float64 unit roundoff

# -- 1. sizes: refused before allocating, under an address-space limit ----------------------------------

# Each case runs in one child process whose address space is capped at 2 GiB, far below what the calls
# would allocate: "zero-stride views of terabytes, 10**8 positions, rotation_matrix at d = 2**20".
_HUGE_CASES = {
    "control_numpy_runs_out": ("x", "np.empty(2**30 // 8 * 3)"),  # 3 GiB: shows the cap is in force
    "rope_apply_zero_stride_x": ("x", "RoPE(128).apply(np.broadcast_to(np.float32(1), (2**20, 2**14, 128)), "
                                      "np.arange(2**14))"),
    "rope_apply_exact_zero_stride_x": ("x", "RoPE(128, precision='exact').apply(np.broadcast_to(1.0, "
                                            "(2**22, 2**10, 128)), np.arange(2**10))"),
    "rope_invert_zero_stride_y": ("y", "RoPE(64).invert(np.broadcast_to(1.0, (2**30, 64)), 0)"),
    "rope_cos_sin_1e8_positions": ("positions", "RoPE(128).cos_sin(np.arange(10**8, dtype=np.float64))"),
    "rope_angles_zero_stride_positions": ("positions", "RoPE(128).angles(np.broadcast_to(3.0, (10**8,)))"),
    "rope_cos_sin_scaled": ("positions", "RoPE(128, scaling=YaRN(4.0, 4096)).cos_sin(np.broadcast_to(3.0, "
                                         "(10**8,)), scaled=True)"),
    "positions_of_terabytes": ("positions", "RoPE(8).angles(np.broadcast_to(1, (2**40,)))"),
    "rope_matrix_d_2_20": ("dim", "RoPE(2**20).matrix(1.0)"),
    "rotation_matrix_d_2_20": ("angles", "rotation_matrix(np.zeros(2**19))"),
    "rotation_matrix_dim_2_20": ("dim", "rotation_matrix(np.zeros(2), dim=2**20)"),
    "multiaxis_apply_zero_stride_x": ("x", "MultiAxisRoPE.axial(64).apply(np.broadcast_to(1.0, (2**30, 64)), "
                                           "np.zeros(2))"),
    "multiaxis_cos_sin_exact": ("positions", "MultiAxisRoPE.axial(64, precision='exact').cos_sin("
                                             "np.broadcast_to(1.0, (10**8, 2)))"),
    "xpos_apply_zero_stride_x": ("x", "XPos(RoPE(64)).apply(np.broadcast_to(1.0, (2**30, 64)), 0)"),
    "xpos_scale_1e8_positions": ("positions", "XPos(RoPE(64)).scale(np.broadcast_to(1.0, (10**8,)))"),
    "rotate_zero_stride_x": ("x", "rotation.rotate(np.broadcast_to(1.0, (2**30, 8)), np.ones(4, complex), "
                                  "'half')"),
    "rotate_cos_sin_tables": ("cos", "rotation.rotate_cos_sin(np.ones(8), np.broadcast_to(1.0, (2**30, 4)), "
                                     "np.zeros(4), 'half')"),
    "to_complex_zero_stride": ("x", "rotation.to_complex(np.broadcast_to(1.0, (2**30, 8)), 'half')"),
    "from_complex_zero_stride": ("z", "rotation.from_complex(np.broadcast_to(1j, (2**30, 4)), 'half')"),
    "exact_cos_sin_1e8_positions": ("positions", "exact.cos_sin(np.broadcast_to(1.0, (10**8,)), "
                                                 "exact.theta_dd(128, 1e4))"),
    "exact_cos_sin_dd": ("hi", "exact.cos_sin_dd(np.broadcast_to(1.0, (2**30,)))"),
    "exact_rotate_dd": ("x", "exact.rotate_dd(np.broadcast_to(1.0, (2**30, 8)), (np.ones(4), np.zeros(4)), "
                             "(np.zeros(4), np.zeros(4)), 'half')"),
    "recipe_cos_sin_1e8_positions": ("positions", "precision.recipe_cos_sin('float32', RoPE(128), "
                                                  "np.broadcast_to(1.0, (10**8,)))"),
    "round_to_zero_stride": ("x", "precision.round_to(np.broadcast_to(1.0, (2**30,)), 'bfloat16')"),
}

_CHILD = textwrap.dedent("""
    import json, resource, sys
    import numpy as np
    from rope_ref import MultiAxisRoPE, RoPE, XPos, exact, precision, rotation, rotation_matrix
    from rope_ref.scaling import YaRN
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
    results = {}
    for name, call in json.loads(sys.argv[1]).items():
        try:
            eval(call)
            results[name] = ["returned", ""]
        except BaseException as err:  # MemoryError included: the point is to see which
            results[name] = [type(err).__name__, str(err)]
    print(json.dumps(results))
""")


@pytest.fixture(scope="module")
def under_an_address_space_limit():
    """What each huge call raised in a child whose address space is capped at 2 GiB (Linux only)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_AS is enforced on Linux only")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    env.pop(_validate.MAX_BYTES_VARIABLE, None)
    calls = {name: call for name, (_, call) in _HUGE_CASES.items()}
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(calls)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_address_space_limit_is_in_force(under_an_address_space_limit):
    assert under_an_address_space_limit["control_numpy_runs_out"][0] == "MemoryError"


@pytest.mark.parametrize("case", [c for c in _HUGE_CASES if not c.startswith("control")])
def test_a_huge_call_is_refused_before_it_allocates(under_an_address_space_limit, case):
    kind, message = under_an_address_space_limit[case]
    name = _HUGE_CASES[case][0]
    assert kind == "ValueError", (case, kind, message)
    assert message.startswith(f"{name} must be small enough that "), message
    assert "fits the memory limit of 4 GiB; got " in message and ", which needs about " in message, message
    assert "Set the environment variable ROPE_REF_MAX_BYTES" in message, message


def test_the_size_named_is_the_size_needed():
    # rotation_matrix at d = 2**20: 8 bytes * (2**20)**2 = 2**43 bytes = 8 TiB, the figure in the issue.
    with pytest.raises(ValueError, match=r"^dim must be small enough that the \(dim, dim\) matrix fits the memory "
                                         r"limit of 4 GiB; got dim = 1048576, which needs about 8 TiB\. "):
        rotation.rotation_matrix(np.zeros(2), dim=2**20)
    # x of 2**41 float32 values: its output, its float64 form and a contiguous copy, 3 * 8 * 2**41 = 48 TiB.
    x = np.broadcast_to(np.float32(1), (2**20, 2**14, 128))
    with pytest.raises(ValueError, match=r"needs about 48 TiB\."):
        rotation.rotate(x, np.ones(64, complex), "half")


def test_raising_the_limit_lets_a_call_through(monkeypatch):
    """The limit is ROPE_REF_MAX_BYTES, read at every call: 2 MiB calls are refused at 1 MiB and run at 4 MiB."""
    rope, x, pos = RoPE(64), np.ones((1024, 64)), np.arange(1024)
    # rotation_matrix(d = 512): 8 * 512**2 bytes = 2 MiB. apply: its output, 8 * 1024 * 64 bytes = 0.5 MiB,
    # plus Float64.WORK["rotate"] = 48 bytes for each of 1024 * 32 table entries, 1.5 MiB: 2 MiB.
    assert Float64.WORK["rotate"] == 48
    monkeypatch.setenv(_validate.MAX_BYTES_VARIABLE, "1MiB")
    with pytest.raises(ValueError, match=r"memory limit of 1 MiB; got 256 angles \(dim = 512\), which needs about "
                                         r"2 MiB\."):
        rotation.rotation_matrix(np.zeros(256))
    with pytest.raises(ValueError, match=r"^x must be small enough .* limit of 1 MiB; got shape \(1024, 64\) of "
                                         r"float64 at positions of shape \(1024,\), which needs about 2 MiB\."):
        rope.apply(x, pos)
    monkeypatch.setenv(_validate.MAX_BYTES_VARIABLE, str(4 * 2**20))
    assert rotation.rotation_matrix(np.zeros(256)).shape == (512, 512)
    assert rope.apply(x, pos).shape == (1024, 64)
    monkeypatch.setenv(_validate.MAX_BYTES_VARIABLE, "lots")
    with pytest.raises(ValueError, match=r"^ROPE_REF_MAX_BYTES must be a number of bytes .*; got 'lots'\."):
        rope.apply(x, pos)


def _peak(call):
    """Bytes a call allocates at its peak (tracemalloc: NumPy reports its buffers to it)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        call()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


# Blocked kernels reuse a fixed scratch whatever the size (exact mode: about 40 arrays of exact._CHUNK
# values; "half": rotation._BLOCK_PAIRS complex values); the checks count bytes per entry only.
_FIXED_SCRATCH = 4 * 2**20


@pytest.mark.parametrize("mode", [Float64, Exact])
def test_the_size_check_does_not_underestimate_what_a_call_allocates(mode):
    """The bytes per table entry (WORK) each check uses, plus a fixed scratch of a few MiB, are at least
    what the call allocates, measured."""
    s, d = 2048, 128
    entries, x, x32, pos = s * d // 2, np.ones((s, d)), np.ones((s, d), np.float32), np.arange(s, dtype=float)
    rope = RoPE(d, precision=mode.name)
    yarn = RoPE(d, precision=mode.name, scaling=YaRN(4.0, 4096))
    xpos = XPos(rope)
    axial = MultiAxisRoPE.axial(d, axes=2, precision=mode.name)
    grid = np.ones((s, 2))
    axial_work = mode.SUM_WORK + 2 * mode.SUM_WORK_PER_AXIS
    cases = [  # (call, bytes the check allows for it)
        (lambda: rope.angles(pos), entries * mode.WORK["angles"]),
        (lambda: rope.cos_sin(pos), entries * mode.WORK["cos_sin"]),
        (lambda: yarn.cos_sin(pos, scaled=True), entries * mode.WORK["cos_sin_scaled"]),
        (lambda: rope.apply(x, pos), entries * mode.WORK["rotate"] + x.nbytes),
        (lambda: rope.apply(x32, pos), entries * mode.WORK["rotate"] + 2 * x.nbytes),
        (lambda: xpos.apply(x, pos), entries * mode.WORK["rotate_scaled"] + x.nbytes),
        (lambda: xpos.scale(pos), entries * mode.WORK["scale"]),
        (lambda: axial.angles(grid), entries * (mode.WORK["angles"] + axial_work)),
        (lambda: axial.cos_sin(grid), entries * (mode.WORK["cos_sin"] + axial_work)),
        (lambda: axial.apply(x, grid), entries * (mode.WORK["rotate"] + axial_work) + x.nbytes),
    ]
    for i, (call, allowed) in enumerate(cases):
        peak = _peak(call)
        assert peak <= allowed + _FIXED_SCRATCH, f"case {i}: {peak} bytes allocated, the check allows {allowed}"


# -- 2. masked arrays are refused, not silently unmasked -------------------------------------------------

_MASKED_POSITIONS = np.ma.array([0, 123456789], mask=[False, True])
_MASKED_X = np.ma.array(np.ones((2, 8)), mask=np.zeros((2, 8), bool))
_M = np.ma.array(np.ones(4))
_THETA = exact.theta_dd(8, 1e4)

_MASKED_CALLS = {
    "rope_apply_positions": (lambda: RoPE(8).apply(np.ones((2, 8)), _MASKED_POSITIONS), "positions"),
    "rope_apply_x": (lambda: RoPE(8).apply(_MASKED_X, [0, 1]), "x"),
    "rope_apply_exact": (lambda: RoPE(8, precision="exact").apply(np.ones((2, 8)), _MASKED_POSITIONS), "positions"),
    "rope_invert_y": (lambda: RoPE(8).invert(_MASKED_X, [0, 1]), "y"),
    "rope_angles": (lambda: RoPE(8).angles(_MASKED_POSITIONS), "positions"),
    "rope_cos_sin": (lambda: RoPE(8).cos_sin(_MASKED_POSITIONS), "positions"),
    "rope_matrix": (lambda: RoPE(8).matrix(np.ma.array(3.0)), "position"),
    "rope_inv_freq_for": (lambda: RoPE(8, scaling=DynamicNTK(2.0, 4)).inv_freq_for(_MASKED_POSITIONS), "positions"),
    "multiaxis_frequencies": (lambda: MultiAxisRoPE(4, np.ma.array([[1.0, 0.1]])), "frequencies"),
    "multiaxis_apply_positions": (lambda: MultiAxisRoPE.axial(8).apply(np.ones(8), np.ma.array([1.0, 2.0])),
                                  "positions"),
    "multiaxis_apply_x": (lambda: MultiAxisRoPE.axial(8).apply(_MASKED_X, np.zeros(2)), "x"),
    "multiaxis_cos_sin": (lambda: MultiAxisRoPE.axial(8).cos_sin(np.ma.array([[1.0, 2.0]])), "positions"),
    "xpos_apply_positions": (lambda: XPos(RoPE(8)).apply(np.ones((2, 8)), _MASKED_POSITIONS), "positions"),
    "xpos_invert_y": (lambda: XPos(RoPE(8)).invert(_MASKED_X, [0, 1]), "y"),
    "xpos_scale": (lambda: XPos(RoPE(8)).scale(_MASKED_POSITIONS), "positions"),
    "rotate_x": (lambda: rotation.rotate(_MASKED_X, np.ones(4, complex), "half"), "x"),
    "rotate_table": (lambda: rotation.rotate(np.ones(8), np.ma.array(np.ones(4, complex)), "half"), "rot"),
    "rotate_cos_sin_cos": (lambda: rotation.rotate_cos_sin(np.ones(8), _M, np.zeros(4), "half"), "cos"),
    "rotate_cos_sin_sin": (lambda: rotation.rotate_cos_sin(np.ones(8), np.ones(4), _M, "half"), "sin"),
    "rotate_cos_sin_scale": (lambda: rotation.rotate_cos_sin(np.ones(8), np.ones(4), np.zeros(4), "half",
                                                             scale=_M), "scale"),
    "rotation_matrix": (lambda: rotation.rotation_matrix(_M), "angles"),
    "to_complex": (lambda: rotation.to_complex(_MASKED_X, "half"), "x"),
    "from_complex": (lambda: rotation.from_complex(np.ma.array([1j, 2j]), "half"), "z"),
    "exact_angles": (lambda: exact.angles(_MASKED_POSITIONS, _THETA), "positions"),
    "exact_cos_sin": (lambda: exact.cos_sin(_MASKED_POSITIONS, _THETA), "positions"),
    "exact_cos_sin_theta": (lambda: exact.cos_sin([1.0], (np.ma.array(_THETA[0]), _THETA[1])), "theta"),
    "exact_cos_sin_dd": (lambda: exact.cos_sin_dd(np.ma.array([1.0])), "hi"),
    "exact_table_dd": (lambda: exact.cos_sin_table_dd(_MASKED_POSITIONS, _THETA), "positions"),
    "exact_rotate": (lambda: exact.rotate(_MASKED_X, [0, 1], _THETA), "x"),
    "exact_rotate_dd": (lambda: exact.rotate_dd(np.ones(8), (_M, np.zeros(4)), (np.zeros(4), np.zeros(4)), "half"),
                        "cos, sin"),
    "round_to": (lambda: precision.round_to(_M, "bfloat16"), "x"),
    "to_bfloat16": (lambda: precision.to_bfloat16(_M), "x"),
    "to_float16": (lambda: precision.to_float16(_M), "x"),
    "recipe_cos_sin": (lambda: precision.recipe_cos_sin("float32", RoPE(8), _MASKED_POSITIONS), "positions"),
    "recipe_apply": (lambda: precision.recipe_apply("bf16", RoPE(8), _MASKED_X, [0, 1]), "x"),
}


@pytest.mark.parametrize("case", _MASKED_CALLS)
def test_a_masked_array_is_refused(case):
    call, name = _MASKED_CALLS[case]
    with pytest.raises(TypeError, match=rf"^{name} must be .*, not a masked array \(numpy\.ma\); got a masked array "
                                        r"of shape .*Its mask would be ignored"):
        call()


def test_a_masked_out_position_is_not_rotated():
    """The finding: position 123456789, masked out, used to be rotated as if it were not."""
    with pytest.raises(TypeError, match=r"positions must be .*not a masked array"):
        RoPE(8).apply(np.ones((2, 8)), _MASKED_POSITIONS)
    # what the user meant, said explicitly, still works
    kept = _MASKED_POSITIONS.compressed()
    assert RoPE(8).apply(np.ones((1, 8)), kept).tolist() == [[1.0] * 8]


# -- 3. float64 mode: positions past the reach of float64 angles are refused -------------------------------

def _reach_mp(theta):
    """(1/2 - 11 u) / (u A), A = max_j theta_j (4 + |ln theta_j|), in 50-digit mpmath from the float64 theta_j:
    where the policy's bound a|z| (2 u + 6 u + 2 u) + u a|z| + u a|z| |m| A reaches a|z| / 2."""
    with mpmath.workdps(50):
        rate = max(mpmath.mpf(t) * (4 + abs(mpmath.log(mpmath.mpf(t)))) for t in np.ravel(theta) if t != 0)
        u = mpmath.mpf(2) ** -53
        return (mpmath.mpf(1) / 2 - 11 * u) / (u * rate)


@pytest.mark.parametrize("theta", [
    RoPE(128).inv_freq(),                                          # theta_0 = 1: A = 4, reach ~ 2**50
    RoPE(64, base=500000.0, scaling=YaRN(32.0, 4096)).inv_freq(),
    RoPE(8, base=1e-3).inv_freq(),                                 # theta_j up to 1e3
    RoPE(4, base=1e6).inv_freq()[1:],                              # only small frequencies
    MultiAxisRoPE(4, np.array([[2.0, 0.0], [0.0, 0.5]])).frequencies,
], ids=["plain", "yarn", "base_below_1", "small_only", "multiaxis"])
def test_the_float64_reach_is_where_the_policy_bound_reaches_half_the_output(theta):
    reach = float64_reach(theta)
    assert reach == pytest.approx(float(_reach_mp(theta)), rel=1e-13)
    # and the policy itself, asked at that position, gives half of the output
    bound = allowed_error(dtype="float64", pair_norm=1.0, max_position=reach, angle_rate=angle_rate(theta),
                          output_scale=1.0)
    assert bound == pytest.approx(0.5, rel=1e-13)


def test_the_plain_reach_is_about_2_to_the_50():
    # A = 4 (theta_0 = 1 dominates: t (4 - ln t) grows on (0, 1]), so reach = (1/2 - 11 u) / (4 u) = 2**50 - 11/4.
    assert float64_reach(RoPE(128).inv_freq()) == 2.0**50 - 2.75


@pytest.mark.parametrize("position", [1e300, 1e17, 2.0**50])
def test_float64_apply_refuses_positions_beyond_its_reach(position):
    message = (r"^positions must be of magnitude below 1\.1259e\+15 in float64 mode, where the float64 angle error "
               r"bound 2\*\*-53 \|m\| A \(A = 4, rope_ref\._policy\) stays below half of the output; "
               r"got (sum_a \|pos_a\| of the coordinates|positions) up "
               rf"to {re.escape(f'{position:.6g}')}\. Beyond it a float64 rotation means nothing.*precision='exact'.*"
               r"\|m\| <= 1\.75922e\+13 here")
    rope, x = RoPE(128), np.ones((2, 128))
    for call in (lambda: rope.apply(x, [0.0, position]), lambda: rope.invert(x, [position, 0.0]),
                 lambda: rope.cos_sin([-position]), lambda: XPos(rope, scale_base=1e300).apply(x, [0.0, position]),
                 lambda: MultiAxisRoPE.axial(128, axes=1, base=1e4).apply(x, [[0.0], [position]])):
        with pytest.raises(ValueError, match=message):
            call()
    # angles are numbers, not rotations: still given (m * theta_j rounded once)
    assert rope.angles([position])[0, 0] == position


def test_multiaxis_reach_counts_the_sum_of_the_coordinates():
    m = MultiAxisRoPE(4, np.array([[1.0, 0.0], [0.0, 1.0]]))
    half = float64_reach(m.frequencies) * 0.6
    assert m.apply(np.ones(4), [half, 0.0]).shape == (4,)
    with pytest.raises(ValueError, match=r"got sum_a \|pos_a\| of the coordinates up to"):
        m.apply(np.ones(4), [half, -half])


@pytest.mark.parametrize("position", [1e6, 1e9, 2.0**31 - 1, 2.0**31, 1e12, 2.0**49])
def test_float64_apply_still_works_below_its_reach_within_the_policy_bound(position):
    """d = 128, base 10000 at |m| from 1e6 to 2**49: rotated, and within the policy's float64 bound of the
    exact rotation by m * theta_j (theta_j = 10000**(-2j/128) and cos, sin in 40-digit mpmath)."""
    rope = RoPE(128, base=10000.0)
    x = np.linspace(-1.0, 1.0, 128)
    y = rope.apply(x, position)
    bound = allowed_error(dtype="float64", pair_norm=math.sqrt(2.0), max_position=position,
                          angle_rate=angle_rate(rope.inv_freq()), output_scale=math.sqrt(2.0))
    with mpmath.workdps(40):
        worst = 0.0
        for j in range(0, 64, 3):
            angle = mpmath.mpf(position) * mpmath.power(10000, mpmath.mpf(-2 * j) / 128)
            c, s = mpmath.cos(angle), mpmath.sin(angle)
            u, v = mpmath.mpf(x[j]), mpmath.mpf(x[j + 64])
            worst = max(worst, abs(float(u * c - v * s) - y[j]), abs(float(u * s + v * c) - y[j + 64]))
    assert worst <= bound, (worst, bound)
    if position <= 2**31:  # the golden sets go to 2**31: there the bound, 2**-53 * 2**31 * 4 * sqrt(2) + ...,
        assert bound < 1.4e-6  # is far below the output


def test_exact_mode_range_is_unchanged():
    with pytest.raises(ValueError, match=r"positions must be of magnitude <= 2\*\*44 / max\(theta_j\) = "
                                         r"1\.75922e\+13 in exact mode; got 1e\+17\."):
        RoPE(128, precision="exact").apply(np.ones(128), 1e17)
    assert np.isfinite(RoPE(128, precision="exact").apply(np.ones(128), 2.0**40)).all()


# -- 4. outputs that overflow float64 are refused everywhere ------------------------------------------

class _Loud(Linear):
    """A rule with attention factor 2**100: exact mode's |x| < 2**995 then overflows."""

    @property
    def attention_factor(self):
        return 2.0**100


_BIG = np.full((2, 8), 1.7e308)
_OVERFLOWS = {
    "rope_apply": (lambda: RoPE(8).apply(_BIG, [0, 1]), "x"),
    "rope_invert": (lambda: RoPE(8).invert(_BIG, [0, 1]), "y"),
    "rope_apply_exact": (lambda: RoPE(8, scaling=_Loud(1.0), precision="exact").apply(np.full((2, 8), 2.0**990),
                                                                                       [0, 1]), "x"),
    "multiaxis_apply": (lambda: MultiAxisRoPE.axial(8).apply(_BIG, np.ones((2, 2))), "x"),
    "multiaxis_invert": (lambda: MultiAxisRoPE.axial(8).invert(_BIG, np.ones((2, 2))), "y"),
    "xpos_apply": (lambda: XPos(RoPE(8)).apply(_BIG, [0, 1]), "x"),
    "xpos_invert": (lambda: XPos(RoPE(8)).invert(_BIG, [0, 1], role="key"), "y"),
    "rotate": (lambda: rotation.rotate(_BIG, np.full(4, 1.5 + 1.5j), "interleaved"), "x"),
    "rotate_cos_sin": (lambda: rotation.rotate_cos_sin(_BIG, np.ones(4), np.ones(4), "half"), "x"),
    "exact_rotate": (lambda: exact.rotate(np.full(8, 2.0**990), 1.0, _THETA, attention_factor=2.0**100), "x"),
    "exact_rotate_dd": (lambda: exact.rotate_dd(np.full(8, 2.0**990), (np.full(4, 2.0**100), np.zeros(4)),
                                                (np.full(4, 2.0**100), np.zeros(4)), "half"), "x"),
}


@pytest.mark.parametrize("case", _OVERFLOWS)
def test_an_overflowing_output_is_refused(case):
    call, name = _OVERFLOWS[case]
    with pytest.raises(ValueError, match=rf"^{name} must be small enough that .* fits float64; got values up to "
                                         r".*The result would overflow to inf\.$"):
        call()


def test_x_near_the_top_of_float64_is_refused_by_exact_mode_up_front():
    with pytest.raises(ValueError, match=r"x must be finite with magnitude < 2\*\*995"):
        RoPE(8, precision="exact").apply(_BIG, [0, 1])


def test_large_but_representable_outputs_are_still_given():
    y = RoPE(8).apply(np.full(8, 1e307), 1.0)
    assert np.isfinite(y).all() and np.abs(y).max() > 1e307


# -- 5. the scaling helpers refuse values that mean nothing -------------------------------------------

def test_get_mscale_matches_mpmath():
    with mpmath.workdps(40):
        for scale, m in [(4.0, 1.0), (40.0, 0.707), (1.5, 0.0), (1e300, 2.0)]:
            want = mpmath.mpf("0.1") * mpmath.mpf(m) * mpmath.log(mpmath.mpf(scale)) + 1
            assert get_mscale(scale, m) == float(want)
    assert get_mscale(0.5) == get_mscale(1.0) == 1.0  # no temperature without extension


@pytest.mark.parametrize(("args", "name"), [
    ((float("nan"),), "scale"), ((float("inf"),), "scale"), ((-float("inf"),), "scale"), ((-4.0,), "scale"),
    ((0.0,), "scale"), ((4.0, float("nan")), "mscale"), ((4.0, float("inf")), "mscale"), ((4.0, -1.0), "mscale"),
    ((1e300, 1e308), "mscale"),  # 0.1 * 1e308 * ln(1e300) overflows
])
def test_get_mscale_refuses_values_without_a_temperature(args, name):
    with pytest.raises(ValueError, match=rf"^{name} must be "):
        get_mscale(*args)


def test_get_mscale_refuses_non_numbers():
    with pytest.raises(TypeError, match=r"^scale must be a finite real number > 0; got '4'\."):
        get_mscale("4")


_NAN = float("nan")
_RULE_CALLS = {
    "inv_freq_seq_len_nan": (lambda: DynamicNTK(2.0, 4096).inv_freq(8, 1e4, seq_len=_NAN), "seq_len"),
    "inv_freq_seq_len_negative": (lambda: YaRN(4.0, 4096).inv_freq(8, 1e4, seq_len=-1.0), "seq_len"),
    "inv_freq_dd_rotary_dim_odd": (lambda: Linear(2.0).inv_freq_dd(7, 1e4), "rotary_dim"),
    "inv_freq_base_nan": (lambda: Linear(2.0).inv_freq(8, _NAN), "base"),
    "inv_freq_base_negative": (lambda: YaRN(4.0, 4096).inv_freq(8, -1e4), "base"),
    "growth_nan": (lambda: DynamicNTK(2.0, 4096).growth(_NAN), "seq_len"),
    "growth_inf": (lambda: DynamicNTK(2.0, 4096).growth(float("inf")), "seq_len"),
    "ntk_base_nan": (lambda: DynamicNTK(2.0, 4096).ntk_base(8, 1e4, _NAN), "seq_len"),
    "ntk_base_base_zero": (lambda: DynamicNTK(2.0, 4096).ntk_base(8, 0.0), "base"),
    "correction_dim_nan": (lambda: YaRN(4.0, 4096).correction_dim(_NAN, 128, 1e4), "rotations"),
    "correction_dim_negative": (lambda: YaRN(4.0, 4096).correction_dim(-1.0, 128, 1e4), "rotations"),
    "correction_range_base_nan": (lambda: YaRN(4.0, 4096).correction_range(128, _NAN), "base"),
    "ramp_rotary_dim_zero": (lambda: YaRN(4.0, 4096).ramp(0, 1e4), "rotary_dim"),
    "attention_factor_for_nan": (lambda: YaRN(4.0, 4096).attention_factor_for(_NAN), "seq_len"),
    "longrope_mscale_for_nan": (lambda: LongRoPEMscale((1.0,), (4.0,), 4096, short_mscale=1.1,
                                                       long_mscale=1.2).attention_factor_for(_NAN), "seq_len"),
}


@pytest.mark.parametrize("case", _RULE_CALLS)
def test_the_rules_refuse_nan_inf_and_negative_arguments(case):
    call, name = _RULE_CALLS[case]
    with pytest.raises(ValueError, match=rf"^{name} must be "):
        call()


def test_the_rules_still_answer_valid_arguments():
    rule = DynamicNTK(2.0, 4096)
    assert rule.growth(None) == rule.growth(4096.0) == (1.0, 0.0)
    assert rule.ntk_base(128, 1e4, 8192) > 1e4
    assert YaRN(4.0, 4096).correction_range(128, 1e4) == (20, 46)
    assert LongRoPEMscale((1.0,), (4.0,), 4096, short_mscale=1.1, long_mscale=1.2).attention_factor_for(8192) == 1.2


@pytest.mark.parametrize("base,dim,position,ending", [
    (1e4, 8, 1e17, "|m| <= 1.75922e+13 here, short of these positions."),
    # theta_max = 2**497.5: exact mode's cap 2**44 / theta_max passes float64's reach (1/2) / (u A)
    (2.0**-995, 4, 2.5e-137, "which covers these positions: use it."),
])
def test_the_refusal_past_float64_reach_says_whether_exact_mode_reaches_the_positions(base, dim, position, ending):
    with pytest.raises(ValueError, match="not checkable") as err:
        RoPE(dim, base=base).apply(np.ones(dim), position)
    assert str(err.value).endswith(ending), str(err.value)
    if ending.endswith("use it."):
        out = RoPE(dim, base=base, precision="exact").apply(np.ones(dim), position)
        assert np.all(np.isfinite(out))

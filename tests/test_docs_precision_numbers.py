"""Every number that docs/precision.md, docs/math.md and docs/corrections.md state and that can be
computed, recomputed here on an independent path (50-digit mpmath, exact rationals), and checked to
appear on the page as stated; plus `rope-ref prove` from a folder outside the checkout (issue 23).

Each test fails if the page states another value, or if the recomputed value moves away from the
stated one. Numbers the pages give as measurements (the recipe table) are checked against the bound
the page states for them.
"""

from __future__ import annotations

import contextlib
import io
import pathlib
import re
import subprocess
import sys
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from test_docs import fenced_blocks

from rope_ref import RoPE
from rope_ref.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def page(name: str) -> str:
    """The Markdown of docs/<name>.md with its line breaks folded to single spaces."""
    return re.sub(r"\s+", " ", (DOCS / f"{name}.md").read_text(encoding="utf-8"))


def states(name: str, *texts: str) -> None:
    """Assert that docs/<name>.md contains each text (whitespace-insensitive)."""
    text = page(name)
    for wanted in texts:
        wanted = re.sub(r"\s+", " ", wanted)
        assert wanted in text, f"docs/{name}.md should state {wanted!r} (recomputed here), but does not"


def never_states(name: str, *texts: str) -> None:
    text = page(name)
    for unwanted in texts:
        unwanted = re.sub(r"\s+", " ", unwanted)
        assert unwanted not in text, f"docs/{name}.md still states {unwanted!r}, which is wrong (issue 23)"


def to_binary(x: mp.mpf, bits: int) -> mp.mpf:
    """x rounded to nearest (ties to even) with `bits` significant bits: float32 is 24, float64 53,
    bfloat16 8 (normal numbers only, which is all this file needs)."""
    if x == 0:
        return mp.mpf(0)
    exponent = int(mp.floor(mp.log(abs(x), 2)))
    spacing = mp.mpf(2) ** (exponent - bits + 1)
    scaled = x / spacing
    nearest = mp.floor(scaled + mp.mpf(1) / 2)
    if scaled + mp.mpf(1) / 2 == nearest and int(nearest) % 2:  # a tie: to even
        nearest -= 1
    return nearest * spacing


def sci(x: mp.mpf, digits: int = 2) -> str:
    """x as the pages write it: '4.1 \\cdot 10^{-7}' (digits significant digits)."""
    mantissa, exponent = f"{float(x):.{digits - 1}e}".split("e")
    return f"{mantissa} \\cdot 10^{{{int(exponent)}}}"


def test_the_helpers_can_tell_right_from_wrong():
    with mp.workdps(50):
        assert to_binary(mp.mpf(1) / 3, 53) == mp.mpf(1 / 3)
        assert to_binary(mp.mpf(1) / 3, 24) == mp.mpf(float(np.float32(1 / 3)))
        assert to_binary(mp.mpf(257), 8) == 256  # a tie, to even
    assert sci(mp.mpf("4.129e-7")) == "4.1 \\cdot 10^{-7}"
    with pytest.raises(AssertionError, match="should state"):
        states("precision", "0.0136 radians")
    with pytest.raises(AssertionError, match="still states"):
        never_states("precision", "bfloat16")


# -- precision.md ---------------------------------------------------------------------------------


def test_which_theta_j_are_irrational_or_not_binary():
    # base 1e4: theta_j = (10^4)^(-2j/d) = 10^(-8j/d), irrational unless 8j/d is an integer
    # (10^(p/q) with q > 1 in lowest terms is not rational: 10^p is no perfect q-th power).
    assert Fraction(8 * 1, 128) == Fraction(1, 16)                   # d = 128, j = 1: irrational
    assert Fraction(8 * 2, 8) == 2                                   # d = 8, j = 2: 10^-2
    with mp.workdps(50):
        assert mp.mpf(10000) ** (-mp.mpf(2 * 2) / 8) == mp.mpf("0.01")
    assert Fraction(0.01) != Fraction(1, 100)                         # 0.01 is not a binary fraction
    states("precision", "10^{-1/16}", "$d = 8$, $j = 2$ gives $10^{-2} = 0.01$",
           "$\\theta_j = 10^{-8j/d}$ is irrational unless $8j/d$ is an integer")
    never_states("precision", "$\\mathrm{base}^{-2j/d}$ is irrational;")


def test_theta_1_angle_example_float32_and_float64():
    with mp.workdps(50):
        theta1 = mp.mpf(10000) ** (-mp.mpf(2) / 128)
        assert mp.almosteq(theta1, mp.mpf(10) ** (-mp.mpf(1) / 16), 1e-45)
        m32, m64 = mp.mpf(2) ** 17, mp.mpf(2) ** 31
        u32, u64 = mp.mpf(2) ** -24, mp.mpf(2) ** -53
        theta1_32 = to_binary(theta1, 24)
        assert to_binary(m32 * theta1_32, 24) == m32 * theta1_32      # times 2^17: the product is exact
        bound32 = 2 * u32 * m32 * theta1
        actual32 = m32 * theta1_32 - m32 * theta1
        bound64 = 2 * u64 * m64 * theta1
        actual64 = m64 * to_binary(theta1, 53) - m64 * theta1
        assert m32 * 1 == to_binary(m32 * 1, 24)                       # theta_0 = 1: exact angle
    assert str(np.float32(float(theta1_32))) == "0.86596435"
    states("precision",
           f"\\theta_1 = 10^{{-1/16}} \\approx {float(theta1):.3f}$",
           f"2 \\cdot 2^{{-24}} \\cdot 131072 \\cdot {float(theta1):.3f} \\approx {float(bound32):.4f}$ radians",
           f"off by {float(actual32):.4f} radians: $\\theta_1$ rounds to 0.86596435, "
           f"${sci(theta1_32 - theta1, 3)}$ too large",
           f"2 \\cdot 2^{{-53}} \\cdot 2^{{31}} \\cdot {float(theta1):.3f} \\approx {sci(bound64)}$ radians",
           f"actual error is ${sci(abs(actual64))}$")
    # The old example used theta_0 = 1, whose angle m * 1 has no rounding error at all.
    never_states("precision", "131072 \\approx 0.016$", "2^{31} \\approx 4.8 \\cdot 10^{-7}$")


def test_np_power_is_8_54_ulp_from_the_exact_value_and_9_from_the_correctly_rounded():
    naive = np.power(1e7, -np.arange(0, 810, 2) / 810)[244]
    with mp.workdps(50):
        exact = mp.mpf(10) ** (-7 * mp.mpf(488) / 810)
        ulp = mp.mpf(float(np.spacing(naive)))
        from_exact = abs(mp.mpf(float(naive)) - exact) / ulp
        from_rounded = abs(mp.mpf(float(naive)) - to_binary(exact, 53)) / ulp
    assert f"{float(from_exact):.2f}" == "8.54" and from_rounded == 9
    states("precision", "is 8.54 ulp from the exact value (9 ulp from the correctly rounded one;")


def test_bfloat16_rounding_of_cos_sin_and_of_positions():
    with mp.workdps(30):
        # largest error of 8-significant-bit rounding on [0.5, 1): half the spacing 2^-8
        worst = max(abs(to_binary(mp.mpf(k) / 8192, 8) - mp.mpf(k) / 8192) for k in range(4096, 8192))
    assert worst == mp.mpf(2) ** -9 and round(2.0**-9, 3) == 0.002
    with mp.workdps(30):
        assert all(to_binary(mp.mpf(n), 8) == n for n in range(1, 257))
        assert to_binary(mp.mpf(257), 8) != 257
    states("precision", "up to $2^{-9} \\approx 0.002$ at every position",
           "lose every integer above 256")


def test_measured_float32_column_is_within_the_stated_bound():
    # The table's float32 (transformers) column is a measurement (the audit block on the page
    # re-runs it); each value must stay under the page's bound 2 u |m| theta_1 plus cos/sin's ulp.
    measured = {2**10: "3.4 \\cdot 10^{-5}", 2**17: "4.2 \\cdot 10^{-3}", 2**20: "2.5 \\cdot 10^{-2}"}
    with mp.workdps(30):
        theta1 = mp.mpf(10000) ** (-mp.mpf(2) / 128)
        for m, text in measured.items():
            states("precision", f"${text}$")
            mantissa, exponent = re.match(r"([\d.]+) \\cdot 10\^\{(-?\d+)\}", text).groups()
            assert float(mantissa) * 10.0 ** int(exponent) <= 2 * 2.0**-24 * m * theta1 + 2.0**-24, m


def test_float64_reach_of_plain_rope():
    with mp.workdps(50):
        u = mp.mpf(2) ** -53
        thetas = [mp.mpf(10000) ** (-mp.mpf(2 * j) / 128) for j in range(64)]
        rate = [t * (4 + abs(mp.log(t))) for t in thetas]
        A = max(rate)
        assert A == 4 and rate.index(A) == 0                         # theta_0 = 1 gives A = 4
        reach = (mp.mpf(1) / 2 - 11 * u) / (u * A)
        assert reach == mp.mpf(2) ** 50 - mp.mpf("2.75")
    states("precision", "$2^{50} - 2.75 \\approx 1.1 \\cdot 10^{15}$",
           "($\\theta_0 = 1$, $A = 4$)")
    assert f"{float(reach):.1e}" == "1.1e+15"


def test_exact_mode_limit_against_the_float64_reach():
    with mp.workdps(50):
        u = mp.mpf(2) ** -53
        # |m theta_max| <= 2^44 inside (1/2 - 11u) / (u A)  <=>  A <= 2^8 (1 - 22u) theta_max
        assert (mp.mpf(1) / 2 - 11 * u) / (u * mp.mpf(2) ** 44) == 2**8 * (1 - 22 * u)
        # A <= theta_max (4 + |ln theta_max|), so e^(+-251) is inside and e^(+-253) is not
        assert 4 + 251 < 2**8 * (1 - 22 * u) < 4 + 253
        for thetas in ([mp.mpf(1), mp.mpf("1e-3")], [mp.mpf("1e-50"), mp.mpf("1e-90")],
                       [mp.mpf("1e80"), mp.mpf("0.5")]):
            top = max(thetas)
            assert max(t * (4 + abs(mp.log(t))) for t in thetas) <= top * (4 + abs(mp.log(top)))
        # the edge of the accepted bases: 2^-995 with d = 4
        base = mp.mpf(2) ** -995
        thetas = [base ** (-mp.mpf(2 * j) / 4) for j in range(2)]
        top = max(thetas)
        A = max(t * (4 + abs(mp.log(t))) for t in thetas)
        reach = (mp.mpf(1) / 2 - 11 * u) / (u * A)
        cap = mp.mpf(2) ** 44 / top
    assert cap > reach
    states("precision", "$A \\le 2^8 (1 - 22u) \\theta_{\\max}$",
           "between $e^{-251}$ and $e^{251}$",
           f"$\\theta_{{\\max}} \\approx {sci(top)}$", f"up to ${sci(cap)}$",
           f"float64 reach of ${sci(reach)}$")
    never_states("precision", "always below the float64 reach")


def test_exact_mode_polynomial_bounds_and_reduction():
    """The range, table, truncation and measured error the page states for exact mode's cos and sin."""
    from test_cr_bounds import polynomial_worst

    from rope_ref import _cr
    from rope_ref import _exact_kernel as kernel
    with mp.workdps(50):
        r_max = mp.mpf("0.505") * mp.pi / 2                        # k within 0.505 of 2 A / pi
        r = mp.mpf("0.7934")
        r1 = mp.mpf(1) / 128 * (1 + mp.mpf(2) ** -50)              # |r - j/64| <= 1/128, plus r_lo
        sine = r1 ** 11 / mp.factorial(11) / mp.sin(r1)           # first term left out, relative
        cosine = r1 ** 10 / mp.factorial(10) / mp.cos(r)           # relative to cos r >= cos 0.7934
        # the float64 terms, relative to the result: y**2/120 r1 against sin r1 (and sin r >= 0.99 |r1|
        # where j != 0), y**2/24 against cos r >= cos 0.7934
        smaller = max(r1 ** 5 / 120 / (mp.mpf("0.99") * r1), r1 ** 4 / 24 / mp.cos(r))
    assert r_max < r and int(mp.nint(r * 64)) == kernel.TABLE_J == 51
    assert max(sine, cosine) < mp.mpf(2) ** -91 and smaller < mp.mpf(2) ** -32
    worst = polynomial_worst()
    assert _cr.POLY_REL == 2.0**-76 and _cr.OUTPUT_ABS == 2.0**-75 and _cr.ANGLE_REL == 2.0**-100
    states("precision", "$\\lvert r \\rvert \\lt 0.7934$",
           "so $\\lvert j \\rvert \\le 51$ and $\\lvert r_1 \\rvert \\le 1/128$",
           "$\\sin r_1$ is summed to $r_1^9$ and $\\cos r_1 - 1$ to $r_1^8$", "(below $2^{-32}$ of the result)",
           f"The relative error is below $2^{{-80}}$ (the truncation is below $2^{{-91}}$; measured: "
           f"$2^{{{np.log2(worst):.1f}}}$), and the rounding test allows $2^{{-76}}$",
           "(\\lvert u \\rvert + \\lvert v \\rvert)(\\lvert A \\rvert(\\rho_j + 2^{-100}) + 2^{-75})$")
    never_states("precision", "7.2 \\cdot 10^{-17}", "1.25 ulp", "to $r^{21}$")


def test_exact_mode_test_counts_are_the_test_files():
    import json

    import test_correct_rounding as tcr
    total = sum(tcr._planned(group) for group in tcr.GROUPS)
    hard = json.loads((ROOT / "tests" / "data" / "cr_hard_cases.json").read_text())
    tables, outputs, cancel = (len(hard[k]) for k in ("table_cases", "output_cases", "cancel_cases"))
    closest = float(hard["closest_distance_ulp"])
    states("precision", f"compares {total:,} values", f"holds {tables + outputs + cancel} cases found by search",
           f"{tables} table values and {outputs} output components", f"the closest ${sci(closest, 2)}$ ulp",
           f"and {cancel} pairs that cancel", f"{len(tcr.GROUPS)} groups)")


def test_exact_mode_slow_path_fractions_are_measured_as_stated():
    """Exact mode is deterministic, so the slow path's share on fixed inputs is a number, recomputed here."""
    from rope_ref import _cr
    rope = RoPE(128, precision="exact")
    _cr.STATS.reset()
    rope.apply(np.random.default_rng(0).standard_normal((1, 32, 4096, 128)), np.arange(4096.0))
    tensor = _cr.STATS.fraction
    far = np.random.default_rng(1).uniform(-(2.0**31), 2.0**31, 65536)
    _cr.STATS.reset()
    rope.cos_sin(far)
    tables = _cr.STATS.fraction
    _cr.STATS.reset()
    rope.apply(np.random.default_rng(2).standard_normal((65536, 128)), far)
    outputs = _cr.STATS.fraction
    states("precision", f"${sci(tensor, 2)}$ of the outputs of `rope-ref bench`'s tensor",
           f"${sci(outputs, 2)}$ of the outputs and ${sci(tables, 2)}$ of the table values")


def test_cost_section_publishes_no_targets_or_machine_timings():
    never_states("precision", "target", "EPYC", "1.96 times", "about 20 times")
    states("precision", "`rope-ref bench` measures what exact mode costs on your machine")


# -- math.md --------------------------------------------------------------------------------------


def test_frequencies_use_the_rotary_dim():
    states("math", "\\theta_j = \\mathrm{base}^{-2j/r}, \\qquad j = 0, \\dots, r/2 - 1",
           "$\\theta_{r/2-1} = \\mathrm{base}^{-(r-2)/r}$")
    never_states("math", "\\theta_j = \\mathrm{base}^{-2j/d}, \\qquad j = 0, \\dots, d/2 - 1")
    theta = RoPE(128, rotary_dim=64).inv_freq()
    with mp.workdps(30):
        want = [mp.mpf(10000) ** (-mp.mpf(2 * j) / 64) for j in range(32)]
    assert all(abs(mp.mpf(float(t)) - w) <= w * 2.0**-53 for t, w in zip(theta, want, strict=True))


def test_wavelengths_and_the_13_percent():
    with mp.workdps(50):
        base, r = mp.mpf(10000), 128
        shortest = 2 * mp.pi
        longest = 2 * mp.pi * base ** (mp.mpf(r - 2) / r)
        below = 1 - longest / (2 * mp.pi * base)
        assert mp.almosteq(below, 1 - base ** (-mp.mpf(2) / r), 1e-40)
    assert (f"{float(shortest):.2f}", round(float(longest))) == ("6.28", 54410)
    assert round(float(below) * 100) == 13 and round(float(2 * mp.pi * base)) == 62832
    states("math", "from 6.28 to 54410 positions, 13% below $2\\pi \\cdot 10^4 \\approx 62832$",
           "a factor $\\mathrm{base}^{-2/r}$ below")
    never_states("math", "just under")


def _bound_mp(distance: int, base: int) -> mp.mpf:
    thetas = [mp.mpf(base) ** (-mp.mpf(2 * j) / 128) for j in range(64)]
    partial, total = mp.mpc(0), mp.mpf(0)
    for t in thetas:
        partial += mp.expj(distance * t)
        total += abs(partial)
    return total / 64


def test_long_term_decay_numbers():
    with mp.workdps(30):
        values = {n: _bound_mp(n, 10000) for n in (0, 10, 100, 1000, 10000, 18, 19)}
        theta = {b: np.array([float(mp.mpf(b) ** (-mp.mpf(2 * j) / 128)) for j in range(64)])
                 for b in (10000, 500000)}
        slower = all(mp.mpf(500000) ** (-mp.mpf(2 * j) / 128) < mp.mpf(10000) ** (-mp.mpf(2 * j) / 128)
                     for j in range(1, 64))
    assert [f"{float(values[n]):.1f}" for n in (0, 10, 100, 1000, 10000)] == ["32.5", "18.0", "10.2", "4.5",
                                                                              "3.9"]
    assert f"{float(values[18]):.2f}" == "15.35" and f"{float(values[19]):.2f}" == "15.39"
    states("math", "from 15.35 at distance 18 to 15.39 at 19", "from 32.5 at distance 0 to about 4")

    # Over thousands of distances the sums run in float64 on the 50-digit theta_j: their rounding
    # (~1e-12) is far below the rounding of the stated two decimals (checked by the margins).
    def bound(distances, b):
        return np.abs(np.cumsum(np.exp(1j * np.outer(distances, theta[b])), axis=-1)).mean(axis=-1)

    near = np.arange(1, 329)
    above = bound(near, 500000) > bound(near, 10000)
    assert above[:327].all() and not above[327]                      # 1 .. 327, and not 328
    far = np.arange(1000, 10000)
    means = bound(far, 500000).mean(), bound(far, 10000).mean()
    assert [round(x, 2) for x in means] == [6.93, 4.80]
    assert all(abs(x * 100 - round(x * 100) - 0.5) > 1e-3 for x in means)   # not near a rounding tie
    assert slower
    states("math", "every distance from 1 to 327", "a mean of 6.93 against 4.80",
           "slows every frequency except $\\theta_0$, which is 1 for every base")


def test_yarn_attention_factor():
    with mp.workdps(30):
        a = mp.mpf("0.1") * mp.log(4) + 1
    assert f"{float(a):.4f}" == "1.1386"
    text = (DOCS / "math.md").read_text(encoding="utf-8")
    assert "round(a, 4) == 1.1386" in text and "0.1 ln 4 + 1" in text


def test_math_sends_readers_to_rope_ref_prove_not_python_m_proofs():
    never_states("math", "python -m proofs`)")
    states("math", "`rope-ref prove` runs them all", "`rope-ref prove --help` works from any folder")


# -- corrections.md -------------------------------------------------------------------------------


def test_rope_share_of_the_score_arithmetic():
    n, d = 4096, 128
    share = Fraction(2 * (n * d // 2) * 6, 2 * n * n * d)
    assert share == Fraction(3, n) and f"{float(share):.1e}" == "7.3e-04"
    states("corrections", "$3/n \\approx 7.3 \\cdot 10^{-4}$")
    never_states("corrections", "well under a thousandth", "take 0.4.")


def test_corrections_names_the_articles():
    title = "旋转位置编码（RoPE）：提升Transformer效果的新技术"  # noqa: RUF001  (the title's own punctuation)
    states("corrections", title,
           "Rotary Position Embedding (RoPE): a new technique to improve Transformer performance")


# -- the pages' examples outside the checkout ------------------------------------------------------


@pytest.mark.parametrize("name", ["golden", "precision", "math", "corrections"])
def test_examples_run_from_a_folder_outside_the_checkout(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ROPE_REF_GOLDEN", raising=False)
    namespace: dict = {"__name__": f"docs_example_{name}"}
    path = DOCS / f"{name}.md"
    for language, body, line in fenced_blocks(path.read_text(encoding="utf-8")):
        if language == "python":
            exec(compile("\n" * line + body, str(path), "exec"), namespace)
    never_states(name, '"golden/v1/', "root = \"golden/v1\"", '"golden/v2/', "root = \"golden/v2\"")


# -- rope-ref prove -------------------------------------------------------------------------------


def _run(args: list[str], cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rope_ref", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_prove_help_works_outside_a_checkout(tmp_path):
    for args in (["prove", "--help"], ["prove", "-h"], ["prove", "3", "--help"]):
        done = _run(args, tmp_path)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stderr == "" and "usage: rope-ref prove" in done.stdout
        assert "source repository" in done.stdout and "not installed with the package" in done.stdout


def test_prove_outside_a_checkout_is_a_one_line_error(tmp_path):
    done = _run(["prove"], tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rope-ref prove: error: "), done.stderr
    assert "source repository" in lines[0] and "proofs/ folder" in lines[0] and str(tmp_path) in lines[0]
    assert "Traceback" not in done.stderr


def test_prove_help_in_process_and_its_arguments_match_python_m_proofs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert main(["prove", "--help"], out=out) == 0
    text = out.getvalue()
    monkeypatch.syspath_prepend(str(ROOT))
    from proofs import PROOFS
    from proofs.__main__ import parse_args

    numbers = [p.number for p in PROOFS]
    plain = [n for n in numbers if n.isdigit()]
    lettered = [n for n in numbers if not n.isdigit()]
    assert plain == [str(i) for i in range(1, len(plain) + 1)]
    assert f"({plain[0]} to {plain[-1]}, {lettered[0]} to {lettered[-1]})" in text
    for option in ("--json", "-v", "--verbose"):
        assert option in text
        parse_args([option])                                              # python -m proofs accepts it
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        parse_args(["--no-such-option"])                                  # ... and this check could fail
    assert text.endswith("\n")

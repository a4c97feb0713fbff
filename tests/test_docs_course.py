"""The course pages (docs/why.md, docs/encodings.md, docs/base.md): their examples run from a
folder outside the checkout, every number they state is recomputed here on an independent path
(mpmath or plain NumPy formulas, not rope_ref) and found on the page, and their figures match
docs/figures.py."""

from __future__ import annotations

import importlib.util
import math
import pathlib
import re
import subprocess
import sys

import mpmath
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
COURSE = ("why", "encodings", "base")


def _text(name: str) -> str:
    return (DOCS / f"{name}.md").read_text(encoding="utf-8")


def _python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.S | re.M)


def _flat(text: str) -> str:
    """The page with line breaks as spaces, so a number split across lines is still found."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", COURSE)
def test_examples_run_outside_the_checkout(name, tmp_path):
    blocks = _python_blocks(_text(name))
    assert blocks, f"docs/{name}.md has no python example"
    script = tmp_path / f"{name}_examples.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    # rope_ref must come from the installed package, not from the checkout on sys.path.
    subprocess.run([sys.executable, str(script)], cwd=tmp_path, check=True)


@pytest.mark.parametrize("name", COURSE)
def test_code_lines_fit_in_100_characters(name):
    for block in _python_blocks(_text(name)):
        for line in block.splitlines():
            assert len(line) <= 100, f"docs/{name}.md: code line over 100 characters: {line!r}"


def _theta(base, d=128):
    return [mpmath.mpf(base) ** (-mpmath.mpf(2 * j) / d) for j in range(d // 2)]


def test_base_page_wavelengths_and_ratios():
    text = _flat(_text("base"))
    with mpmath.workdps(30):
        for base, below in ((10**4, "13.4%"), (5 * 10**5, "18.5%"), (10**6, "19.4%")):
            theta = _theta(base)
            longest = 2 * mpmath.pi / theta[-1]
            factor = mpmath.mpf(base) ** (-mpmath.mpf(2) / 128)
            assert abs(longest - 2 * mpmath.pi * base * factor) < 1e-15 * longest
            assert f"{int(mpmath.nint(longest)):,}".replace(",", " ") in text
            assert f"{int(mpmath.nint(2 * mpmath.pi * base)):,}".replace(",", " ") in text
            assert mpmath.nstr(factor, 3) in text
            assert below == f"{float(100 * (1 - factor)):.1f}%" and below in text
            wavelengths = [2 * mpmath.pi / t for t in theta]
            above_8k = sum(w > 8192 for w in wavelengths)
            above_128k = sum(w > 131072 for w in wavelengths)
            assert f"| {above_8k} of 64 | {above_128k} |" in text
    assert "| $10^4$ | 54 410 | 62 832 | 14 of 64 | 0 |" in text


def test_base_page_abf_as_ntk_factor():
    with mpmath.workdps(30):
        s = mpmath.mpf(50) ** (mpmath.mpf(126) / 128)
        assert mpmath.nstr(s, 5) == "47.035"
        # NTK-aware: base' = base * s ** (d / (d - 2)) gives back 500000.
        assert abs(10000 * s ** (mpmath.mpf(128) / 126) - 500000) < 1e-20
    assert "47.035" in _text("base")


def _first_negative_numpy(base, d=128, limit=200000):
    theta = np.float64(base) ** (-np.arange(0, d, 2, dtype=np.float64) / d)
    for start in range(0, limit, 8192):
        m = np.arange(start, min(start + 8192, limit), dtype=np.float64)
        sums = np.cos(np.outer(m, theta)).sum(axis=-1)
        negative = np.flatnonzero(sums < 0)
        if negative.size:
            return start + int(negative[0]), sums
    return None, None


@pytest.mark.parametrize(("base", "stated"), [(10**4, "1707"), (5 * 10**5, "18 438"),
                                              (10**6, "27 115"), (10**7, "144 660")])
def test_base_page_men_criterion(base, stated):
    first, _ = _first_negative_numpy(base)
    spaced = f"{first:,}".replace(",", " ") if first >= 10000 else str(first)   # 1707, 18 438
    assert spaced == stated and stated in _flat(_text("base"))
    with mpmath.workdps(30):
        theta = _theta(base)
        at = mpmath.fsum(mpmath.cos(first * t) for t in theta)
        before = mpmath.fsum(mpmath.cos((first - 1) * t) for t in theta)
    # 50-digit sums on both sides of the boundary, well away from zero, so float64 sums agree.
    assert at < -1e-6 and before > 1e-6, (at, before)


def test_base_page_llama4_temperature():
    text = _flat(_text("base"))

    def tau(p):
        return 1 + mpmath.mpf("0.1") * mpmath.log(1 + mpmath.floor(mpmath.mpf(p + 1) / 8192))

    with mpmath.workdps(30):
        assert tau(0) == 1 and tau(8190) == 1
        for p, stated in ((8191, "1.0693"), (131071, "1.2833"), (1048575, "1.4860"), (10485759, "1.7155")):
            assert f"{float(tau(p)):.4f}" == stated and stated in text
    assert "10 485 760" in text and "first 8191 positions" in text


def test_encodings_page_t5_buckets_and_alibi():
    # transformers' causal T5 buckets: 16 exact, then 16 + floor(16 log(r / 16) / log 8) up to 31.
    def bucket(r):
        return r if r < 16 else min(31, 16 + int(math.log(r / 16) / math.log(8) * 16))

    first_last = next(r for r in range(16, 1000) if bucket(r) == 31)
    assert first_last == 113 and bucket(112) == 30
    with mpmath.workdps(30):
        assert mpmath.ceil(16 * mpmath.mpf(8) ** (mpmath.mpf(15) / 16)) == 113   # r / 16 >= 8^(15/16)
    text = _flat(_text("encodings"))
    assert "distances 16 to 112 share the next 15 buckets" in text and "from 113 on" in text
    assert "$1/2, 1/4, \\dots, 1/256$" in text and "11% faster" in text


def test_why_page_numbers():
    text = _flat(_text("why"))
    with mpmath.workdps(30):
        assert mpmath.nstr(44 - 7 * 2 * mpmath.pi, 3) == "0.0177"
        assert mpmath.nstr(2 * mpmath.pi, 3) == "6.28"
        assert int(mpmath.nint(2 * mpmath.pi / _theta(10**4)[-1])) == 54410
        # RoFormer's relative bound, mean of |S_j| over 64 pairs, in 30 digits.
        theta = _theta(10**4)
        for distance, stated in ((1, "31.54"), (16, "15.77"), (256, "6.54"), (4096, "4.88")):
            partial, total = mpmath.mpc(0), mpmath.mpf(0)
            for t in theta:
                partial += mpmath.expj(distance * t)
                total += abs(partial)
            assert f"{float(total / 64):.2f}" == stated and stated in text
    assert "0.0177 radians" in text and "54 410 positions" in text


COURSE_FIGURES = ("why_rotation", "why_clocks")


def _load_course_figures():
    """docs/figures.py, which draws every figure of the site, the course pages' included."""
    spec = importlib.util.spec_from_file_location("_docs_figures_for_course", DOCS / "figures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_course_figures_are_used_and_up_to_date():
    figures = _load_course_figures()
    pages = "".join(_text(name) for name in COURSE)
    for name in COURSE_FIGURES:
        make_data, _ = figures.FIGURES[name]
        assert f"(img/{name}.svg)" in pages, f"docs/img/{name}.svg is not shown on a course page"
        svg = (DOCS / "img" / f"{name}.svg").read_text(encoding="utf-8")
        recorded = re.search(re.escape(figures.DIGEST_PREFIX) + r"([0-9a-f]{64})", svg)
        assert recorded and recorded.group(1) == figures.data_digest(make_data()), (
            f"docs/img/{name}.svg is stale; run python docs/figures.py")


def test_rotation_figure_shows_equal_angles_at_equal_distance():
    data = _load_course_figures().rotation_data()
    angles = [np.angle(complex(*q) * complex(*k).conjugate())
              for q, k in zip(data["query_pairs"], data["key_pairs"], strict=True)]
    assert np.allclose(angles, angles[0], rtol=0, atol=1e-14)

"""The numbers that docs/divergences.md, docs/variants.md and docs/conventions.md state, computed
independently (mpmath, plain integer arithmetic, or the real library where it is installed), and
checked to be what the page says.

Each test computes a value, formats it as the page does, and asserts that the page states it, so a
page that drifts from the computation (or a library that changes) fails here.
"""

from __future__ import annotations

import json
import math
import pathlib
import re

import mpmath
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _page(name: str) -> str:
    """The page with every run of whitespace made one space (the prose wraps anywhere)."""
    return " ".join((DOCS / f"{name}.md").read_text(encoding="utf-8").split())


def _states(page: str, text: str) -> None:
    assert text in _page(page), f"docs/{page}.md should state {text!r} (computed independently)"


def _mscale(s, mu):
    """YaRN's m(s, mu) = 0.1 mu ln s + 1 (arXiv:2309.00071), in 50-digit arithmetic."""
    with mpmath.workdps(50):
        return 0.1 * mpmath.mpf(mu) * mpmath.log(s) + 1


# -- DeepSeek's temperature (divergences.md) ---------------------------------------------------------


@pytest.mark.parametrize(("model", "mscale_all_dim", "stated"), [("DeepSeek-V3", "1", "1.874"),
                                                                 ("DeepSeek-V2", "0.707", "1.590")])
def test_deepseek_softmax_factor_is_mscale_all_dim_squared(model, mscale_all_dim, stated):
    value = _mscale(40, mpmath.mpf(mscale_all_dim)) ** 2
    assert f"{float(value):.3f}" == stated, (model, value)
    _states("divergences", f"m(40, {mscale_all_dim})^2 = {stated}")


def test_yarn_mscale_divergence_numbers():
    """s = 40, mscale 0.707, mscale_all_dim 0: transformers m(40), vLLM m(40, 0.707) / m(40, 0)."""
    hf, vllm = _mscale(40, 1), _mscale(40, mpmath.mpf("0.707")) / _mscale(40, 0)
    _states("divergences", f"transformers gives $a = {float(hf):.4f}$ and vLLM $a = {float(vllm):.4f}$")
    _states("divergences", f"({float(hf):.4f}/{float(vllm):.4f})^2 = {float((hf / vllm) ** 2):.2f}")


# -- keras-hub's "dynamic" (divergences.md, golden catalogue) -----------------------------------------


def test_keras_hub_factor_for_the_page_example():
    d, s = 128, 2
    factor = mpmath.mpf(s) ** (mpmath.mpf(d) / (d - 2))
    assert f"{float(factor):.4f}" == "2.0221"
    _states("divergences", f"(2.0221 for $s = {s}$, $d = {d}$)")
    _states("divergences", "`Linear(s ** (d / (d - 2)))`")
    assert "keras-hub | static NTK-aware" not in _page("divergences")


def test_golden_comment_no_longer_calls_ntk_aware_keras_hubs_dynamic():
    manifest = json.loads((ROOT / "golden" / "v2" / "manifest.json").read_text(encoding="utf-8"))
    [case] = [c for c in manifest["cases"] if c["id"] == "ntk_aware_f2_d128"]
    assert "keras" not in case["comment"], case["comment"]


# -- xPos (variants.md, divergences.md) ----------------------------------------------------------------


def test_xpos_overflow_points():
    """(7/2)^(n/512) against the float16 and float32 maxima, in 50-digit arithmetic."""
    with mpmath.workdps(50):
        growth = mpmath.log(mpmath.mpf(7) / 2) / 512
        n16 = mpmath.log(65504) / growth
        n32 = mpmath.log(mpmath.mpf(2) ** 128 * (1 - mpmath.mpf(2) ** -24)) / growth
    assert (int(mpmath.floor(n16)) + 1, int(mpmath.floor(n32)) + 1) == (4533, 36261)
    _states("variants", f"\\approx {float(n16):.1f}$, so position {int(mpmath.floor(n16)) + 1} is the first")
    _states("variants", f"$n \\approx {float(n32):.1f}$ (first overflowing position {int(mpmath.floor(n32)) + 1})")
    _states("variants", f"== ({float(n16):.1f}, {float(n32):.1f})")
    assert "\\approx 4534" not in _page("variants")


@pytest.mark.parametrize(("length", "offset"), [(7, 0), (6, 1), (1000, 0), (999, 24)])
def test_torchscale_start_rounds_down_after_negation(length, offset):
    """torchscale's min_pos = -(length + offset) // 2 is -ceil(total / 2); the others use floor."""
    total = length + offset
    assert -(length + offset) // 2 == -math.ceil(total / 2)
    assert math.ceil(total / 2) - total // 2 == total % 2


def test_both_pages_give_torchscale_the_same_start():
    for page in ("variants", "divergences"):
        _states(page, "`-(length + offset) // 2`")
        _states(page, "\\lceil \\ell/2 \\rceil")
        assert "minus half the length plus offset" not in _page(page)


# -- axial ladder (variants.md) ------------------------------------------------------------------------


@pytest.mark.parametrize(("r", "axes"), [(64, 2), (96, 3)])
def test_axial_ladder_in_k(r, axes):
    from rope_ref import MultiAxisRoPE

    _states("variants", "$k = 0, \\dots, r/(2A) - 1$")
    per_block = r // (2 * axes)
    ladder = [float(mpmath.mpf(100) ** (-mpmath.mpf(2 * k) / (r // axes))) for k in range(per_block)]
    frequencies = MultiAxisRoPE.axial(r, axes=axes, base=100.0).frequencies
    for a in range(axes):
        block = slice(a * per_block, (a + 1) * per_block)
        np.testing.assert_allclose(frequencies[a, block], ladder, rtol=1e-15, atol=0)
        assert np.count_nonzero(frequencies[a]) == per_block


# -- Llama 4 (variants.md) -----------------------------------------------------------------------------


def test_llama4_temperature_values():
    def tau(m):
        return 1 + mpmath.mpf("0.1") * mpmath.log(1 + mpmath.floor(mpmath.mpf(m + 1) / 8192))

    values = [tau(m) for m in (8190, 8191, 131071, 10**7 - 1)]
    assert values[0] == 1
    stated = [f"{float(v):.4f}" for v in values[1:]]
    _states("variants", f"{stated[0]} from position 8191, {stated[1]} at position 131071")
    _states("variants", f"{stated[2]} at position $10^7 - 1$")


# -- the checkpoint-conversion formula (conventions.md) ---------------------------------------------------


def _glyphs(tex: str) -> int:
    """About how many symbols a line of TeX shows: commands that draw one symbol count 1,
    layout (\\operatorname, braces, &, \\cr, spaces, subscript marks) counts 0."""
    tex = re.sub(r"\\(operatorname|cr)\b", "", tex)
    tex = re.sub(r"\\[a-zA-Z]+", "#", tex)                       # \langle, \rangle, ...
    return len(re.sub(r"[{}&_\s]", "", tex))


def test_checkpoint_conversion_formula_is_split_into_short_lines():
    """The conversion formula (once a single line of about 120 symbols, cut mid-word at 1280 px) is
    an aligned block whose lines show at most 60 symbols each."""
    text = (DOCS / "conventions.md").read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"^\$\$\n(.*?)\n\$\$$", text, flags=re.S | re.M) if "W_q" in b]
    lines = [line for line in block.splitlines() if not line.startswith(("\\begin", "\\end"))]
    assert "\\begin{aligned}" in block and len(lines) == 3, block
    assert max(_glyphs(line) for line in lines) <= 60, [_glyphs(line) for line in lines]
    assert _glyphs(" ".join(lines)) > 100                       # the metric sees the unsplit formula as long

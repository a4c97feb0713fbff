"""Every figure of the docs, from one deterministic script: ``python docs/figures.py``.

Writes docs/img/<name>.svg for each entry of FIGURES (``--out DIR`` and ``--format png`` to
write elsewhere, e.g. to look at them). Needs matplotlib (the ``docs`` extra).

Each figure is two functions: ``<name>_data()`` computes what is drawn with NumPy and rope_ref
only, and ``_draw_<name>(plt, data)`` draws it. The data functions import no plotting library,
so the tests call them without matplotlib installed; each SVG records a digest of its data
(``data_digest``) and the tests recompute it, so a figure that no longer matches the code it
depicts fails the test suite until this script is run again.

The output is byte-for-byte reproducible for a given matplotlib: fixed ``svg.hashsalt``, no
date in the metadata, no random numbers. Text is drawn as paths (``svg.fonttype = "path"``), so
a figure looks the same in every viewer, whatever fonts it has.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import re
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent
if __name__ == "__main__" and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # draw this checkout's rope_ref, installed or not

from rope_ref import MultiAxisRoPE, RoPE, from_hf_config, layout_permutation  # noqa: E402
from rope_ref.rotation import pair_indices  # noqa: E402
from rope_ref.scaling import DynamicNTK, Linear, Llama3, NTKAware, YaRN  # noqa: E402

IMG = DOCS / "img"
PHI3_CONFIG = ROOT / "tests" / "data" / "configs" / "phi-3-mini-128k-instruct.json"

Data = dict[str, Any]

# One colour per role, used in every figure (colour-blind safe, after Okabe and Ito).
DEFAULT_COLOUR, SCALED_COLOUR, EXTRA_COLOUR = "#7f7f7f", "#0072b2", "#d55e00"
AXIS_COLOURS = ("#e69f00", "#0072b2", "#009e73")  # temporal / height / width (or axis 0, 1, 2)


# -- data (NumPy and rope_ref only) ------------------------------------------------------------


def decay_bound(distance: np.ndarray, dim: int = 128, base: float = 10000.0) -> np.ndarray:
    """RoFormer's relative upper bound (section 3.4.3): (1/N) sum_{j=1..N} |S_j|, N = d/2,
    S_j = sum_{k<j} exp(i r theta_k), for each relative distance r = m - n."""
    theta = RoPE(dim, base=base).inv_freq()
    r = np.asarray(distance, dtype=np.float64)
    partial = np.cumsum(np.exp(1j * r[..., None] * theta), axis=-1)  # S_1 .. S_N
    return np.abs(partial).mean(axis=-1)


def decay_data() -> Data:
    """The bound for d = 128 against distance, for base 1e4 (RoFormer) and 5e5 (Llama 3)."""
    distance = np.unique(np.concatenate([np.arange(0, 256), np.geomspace(256, 65536, 1200).round()]))
    checks = np.array([0.0, 10.0, 100.0, 1000.0, 10000.0])
    return {
        "distance": distance,
        "bases": (10000.0, 500000.0),
        "bound": [decay_bound(distance, 128, b) for b in (10000.0, 500000.0)],
        "check_distance": checks,
        "check_bound": decay_bound(checks, 128, 10000.0),
    }


def frequencies_data() -> Data:
    """Wavelength 2 pi / theta_j per pair, and cos(m theta_j) against m for a few pairs (d = 128)."""
    rope = RoPE(128, base=10000.0)
    theta = rope.inv_freq()
    positions = np.arange(0, 256, 0.5)
    pairs = (8, 16, 24, 40, 63)
    cos, _ = rope.cos_sin(positions)
    return {"pair": np.arange(64), "wavelength": 2 * np.pi / theta, "positions": positions,
            "pairs": pairs, "cos": [cos[:, j] for j in pairs]}


def layouts_data() -> Data:
    """Which features form pair j in each layout, and the permutation P between them (d = 8)."""
    dim = 8
    return {"dim": dim, "interleaved": [a.tolist() for a in pair_indices(dim, "interleaved")],
            "half": [a.tolist() for a in pair_indices(dim, "half")],
            "perm": layout_permutation(dim).tolist()}


def _panel(label: str, default: np.ndarray, curves: list[tuple[str, np.ndarray]], l0: float | None,
           note: str = "") -> Data:
    return {"label": label, "default": default, "curves": curves, "l0": l0, "note": note}


def scaling_data() -> Data:
    """Scaled against default inv_freq per pair for each rule, at the settings named in each panel."""
    d = 128
    t4 = RoPE(d, base=1e4).inv_freq()
    t5 = RoPE(d, base=5e5).inv_freq()

    def freq(rule: Any, base: float, seq_len: float | None = None) -> np.ndarray:
        return RoPE(d, base=base, scaling=rule).inv_freq(seq_len)

    dynamic = DynamicNTK(factor=2.0, max_position_embeddings=4096)
    phi3 = from_hf_config(PHI3_CONFIG)
    phi3_default = RoPE(phi3.dim, base=phi3.base).inv_freq()
    yarn = YaRN(factor=4.0, original_max_position_embeddings=4096)
    return {
        "linear": _panel("linear (position interpolation), s = 4, base 1e4", t4,
                         [("s = 4", freq(Linear(4.0), 1e4))], 4096.0),
        "ntk_aware": _panel("NTK-aware, s = 4, base 1e4", t4, [("s = 4", freq(NTKAware(4.0), 1e4))], 4096.0),
        "dynamic": _panel("dynamic NTK, s = 2, L = 4096, base 1e4", t4,
                          [(f"seq_len = {n}", freq(dynamic, 1e4, n)) for n in (8192, 16384, 65536)], 4096.0,
                          "seq_len <= 4096 gives the default"),
        "yarn": _panel("YaRN, s = 4, L0 = 4096, base 1e4", t4, [("s = 4", freq(yarn, 1e4))], 4096.0,
                       "ramp between pairs {} and {}".format(*yarn.correction_range(d, 1e4))),
        "llama3": _panel("Llama 3.x smoothing, L0 = 8192, base 5e5", t5,
                         [("Llama 3.1 (low 1, high 4)", freq(Llama3(), 5e5)),
                          ("Llama 4 Scout (s = 16, low = high = 1)", freq(Llama3(16.0, 1.0, 1.0, 8192), 5e5))],
                         8192.0),
        "longrope": _panel("LongRoPE, Phi-3-mini-128k (d = 96, L0 = 4096)", phi3_default,
                           [("short factors (seq_len <= 4096)", phi3.inv_freq(4096)),
                            ("long factors (seq_len > 4096)", phi3.inv_freq(4097))], 4096.0),
    }


def scaling_overview_data() -> Data:
    """theta'_j / theta_j for the static rules at one setting: d = 128, base 5e5, L0 = 8192, s = 8."""
    d, base, l0, s = 128, 5e5, 8192, 8.0
    theta = RoPE(d, base=base).inv_freq()
    rules = [("linear", Linear(s), None), ("NTK-aware", NTKAware(s), None),
             ("dynamic NTK at seq_len = s L0", DynamicNTK(s, l0), s * l0),
             ("YaRN", YaRN(s, l0), None), ("Llama 3.x (low 1, high 4)", Llama3(s, 1.0, 4.0, l0), None)]
    return {"pair": np.arange(d // 2), "wavelength": 2 * np.pi / theta, "l0": float(l0), "factor": s,
            "ratios": [(name, RoPE(d, base=base, scaling=rule).inv_freq(n) / theta) for name, rule, n in rules]}


def multiaxis_data() -> Data:
    """For each multi-axis scheme, the coordinate (0, 1, 2) that drives each pair j and its frequency."""
    schemes = [("axial 2-D, d = 64, base 100 (RoPE-ViT)", MultiAxisRoPE.axial(64, axes=2, base=100.0),
                ("axis 0", "axis 1")),
               ("Pixtral 2-D, d = 64, base 1e4", MultiAxisRoPE.pixtral(64), ("height", "width")),
               ("M-RoPE, Qwen2-VL: d = 128, sections [16, 24, 24]", MultiAxisRoPE.mrope(128, (16, 24, 24)),
                ("temporal", "height", "width")),
               ("M-RoPE interleaved, Qwen3-VL: d = 128, [24, 20, 20]",
                MultiAxisRoPE.mrope(128, (24, 20, 20), interleaved=True), ("temporal", "height", "width"))]
    return {"schemes": [(name, np.argmax(m.frequencies != 0, axis=0), m.frequencies.max(axis=0), axes)
                        for name, m, axes in schemes]}


def precision_data() -> Data:
    """Max |cos/sin error| against exact mode per recipe at positions 2^k - 1 and 2^k (d = 128,
    base 1e4), from rope_ref.audit; every recipe is emulated bit for bit, so this is the same on
    every machine."""
    from rope_ref.audit import audit

    result = audit(128, base=10000.0, exponents=range(8, 32), samples=2)
    recipes = [r for r in result["recipes"] if r["name"] in ("float64", "float32", "bf16", "fp16",
                                                             "bf16_positions")]
    return {"position": np.array([row["positions"][1] for row in result["rows"]], dtype=np.float64),
            "names": [r["name"] for r in recipes],
            "cos_sin": [np.array(r["cos_sin_error"], dtype=np.float64) for r in recipes]}


def _flatten(value: Any) -> list[str]:
    """Every number in a nested structure as a 6-significant-digit string (stable across platforms:
    last-ulp differences of sin, cos or exp between NumPy builds do not change it)."""
    if isinstance(value, dict):
        return [item for key in sorted(value) for item in [key, *_flatten(value[key])]]
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in _flatten(v)]
    if isinstance(value, np.ndarray):
        return [f"{v:.6g}" for v in value.ravel().tolist()]
    if isinstance(value, float):
        return [f"{value:.6g}"]
    return [str(value)]


def data_digest(data: Data) -> str:
    """SHA-256 of a figure's data rounded to 6 significant digits; recorded in the SVG."""
    return hashlib.sha256(json.dumps(_flatten(data)).encode()).hexdigest()


# -- drawing (matplotlib, imported lazily) ----------------------------------------------------


def _draw_decay(plt: Any, data: Data) -> Any:
    fig, ax = plt.subplots(figsize=(4.8, 3.4))
    # Each distance is drawn where it is: a log axis from 1 on, linear between 0 and 1 (symlog), so
    # distance 0 has a place and the tick "10" marks distance 10 (not 9, as distance + 1 on a log
    # axis would).
    for base, bound, colour in zip(data["bases"], data["bound"], (SCALED_COLOUR, EXTRA_COLOUR), strict=True):
        ax.plot(data["distance"], bound, lw=0.8, color=colour, label=f"base = {base:g}")
    ax.plot(data["check_distance"], data["check_bound"], "o", ms=4, color="black",
            label="values quoted in the text (base 1e4)")
    ax.set_xscale("symlog", linthresh=1.0, linscale=0.5)
    ax.set_xlim(0, data["distance"].max() * 1.2)
    ax.set_xlabel("relative distance m - n")
    ax.set_ylabel(r"mean of $|S_j|$ over the $d/2$ pairs")
    ax.set_title("RoFormer long-term decay bound, d = 128")
    ax.grid(alpha=0.3, which="both", lw=0.4)
    ax.legend(frameon=False, fontsize=9)
    return fig


def _draw_frequencies(plt: Any, data: Data) -> Any:
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(4.8, 6.4), gridspec_kw={"height_ratios": [1, 1.3]})
    ax1.semilogy(data["pair"], data["wavelength"], ".", ms=3, color=SCALED_COLOUR)
    ax1.set_xlabel("pair j")
    ax1.set_ylabel(r"wavelength $2\pi/\theta_j$ (positions)")
    ax1.set_title(r"$\theta_j = 10000^{-2j/128}$")
    ax1.grid(alpha=0.3, which="both", lw=0.4)
    # Strong colours that stay apart on white (no pale end of a colour map).
    colours = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#e69f00")[:len(data["pairs"])]
    for j, cos, colour in zip(data["pairs"], data["cos"], colours, strict=True):
        ax2.plot(data["positions"], cos, lw=1.2, color=colour, label=f"j = {j} ({data['wavelength'][j]:.0f})")
    ax2.set_xlabel("position m")
    ax2.set_ylabel(r"$\cos(m\,\theta_j)$")
    ax2.set_title("each pair turns at its own speed")
    ax2.legend(frameon=False, fontsize=9, loc="lower left", ncols=3, title="pair (wavelength)", title_fontsize=9,
               columnspacing=1.0, handlelength=1.5)
    ax2.set_ylim(-1.9, 1.1)
    fig.tight_layout()
    return fig


def _draw_layouts(plt: Any, data: Data) -> Any:
    d = data["dim"]
    colours = plt.get_cmap("tab10")(np.arange(d // 2))
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    rows = {"interleaved": 3.0, "half": 0.0}

    def boxes(y: float, labels: list[str]) -> None:
        for i, text in enumerate(labels):
            ax.add_patch(plt.Rectangle((i - 0.4, y - 0.3), 0.8, 0.6, fill=False, lw=1))
            ax.text(i, y, text, ha="center", va="center", fontsize=11)

    def arcs(y: float, pairs: list[list[int]], above: bool) -> None:
        for j, (a, b) in enumerate(zip(*pairs, strict=True)):
            height = 0.35 + (0.18 * (b - a) if above else 0.3 * j)  # stagger the long arcs
            sign = 1 if above else -1
            xs = np.linspace(a, b, 40)
            ys = y + sign * (0.3 + height * np.sin(np.pi * (xs - a) / (b - a)))
            ax.plot(xs, ys, color=colours[j], lw=1.6)
            ax.text((a + b) / 2, y + sign * (0.42 + height), f"$z_{j}$", ha="center",
                    va="bottom" if above else "top", color=colours[j], fontsize=10)

    boxes(rows["interleaved"], [f"$x_{i}$" for i in range(d)])
    arcs(rows["interleaved"], data["interleaved"], above=True)
    boxes(rows["half"], [f"$x_{p}$" for p in data["perm"]])
    arcs(rows["half"], data["half"], above=False)
    for i, p in enumerate(data["perm"]):  # P gathers the even features, then the odd ones
        ax.annotate("", xy=(i, rows["half"] + 0.32), xytext=(p, rows["interleaved"] - 0.32),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.7})
    # The row labels sit above and below the rows, so the figure is no wider than the eight boxes.
    ax.text(-0.5, 5.2, '"interleaved": pair j = (2j, 2j+1)', ha="left", va="bottom", fontsize=10)
    ax.text(-0.5, -2.6, '"half" applied to P x: pair j = (j, j + d/2)', ha="left", va="top", fontsize=10)
    ax.text(d - 0.4, 1.5, "P: even features,\nthen odd ones", ha="right", va="center", fontsize=9, color="#555555",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_xlim(-0.6, d - 0.4)
    ax.set_ylim(-3.3, 5.8)
    ax.set_axis_off()
    ax.set_title("The same pairs $z_j$ in two orders\nof the features (d = 8)", fontsize=11)
    return fig


def _draw_scaling_panel(plt: Any, panel: Data) -> Any:
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(4.8, 5.0), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    j = np.arange(panel["default"].size)
    colours = (SCALED_COLOUR, EXTRA_COLOUR, "#009e73")
    ax1.semilogy(j, 2 * np.pi / panel["default"], "--", color=DEFAULT_COLOUR, lw=1.2, label="default")
    for (label, freq), colour in zip(panel["curves"], colours, strict=False):
        ax1.semilogy(j, 2 * np.pi / freq, ".-", ms=3, color=colour, lw=0.8, label=label)
        ax2.plot(j, freq / panel["default"], ".-", ms=3, color=colour, lw=0.8)
    if panel["l0"] is not None:
        ax1.axhline(panel["l0"], color="black", lw=0.6, ls=":")
        ax1.text(0, panel["l0"] * 1.25, f"pre-training length {panel['l0']:g}", fontsize=9)
    ax1.set_ylabel(r"wavelength $2\pi/\theta'_j$")
    ax1.set_title(panel["label"].replace(", ", ",\n", 1) if len(panel["label"]) > 44 else panel["label"],
                  fontsize=11)
    ax1.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(0, 0.92))
    ax1.grid(alpha=0.3, which="both", lw=0.4)
    ax2.set_ylabel(r"$\theta'_j / \theta_j$")
    ax2.set_ylim(0, 1.08)
    ax2.set_xlabel("pair j" + (f"\n({panel['note']})" if panel["note"] else ""))
    ax2.grid(alpha=0.3, which="both", lw=0.4)
    fig.tight_layout()
    return fig


def _draw_scaling_overview(plt: Any, data: Data) -> Any:
    fig, ax = plt.subplots(figsize=(4.8, 3.6))
    colours = plt.get_cmap("tab10")(np.arange(len(data["ratios"])))
    for (name, ratio), colour in zip(data["ratios"], colours, strict=True):
        ax.plot(data["pair"], ratio, lw=1.4, color=colour, label=name)
    ax.axhline(1 / data["factor"], color="black", lw=0.6, ls=":")
    ax.text(0, 1 / data["factor"] + 0.02, "1/s", fontsize=9)
    # Mark the pair whose default wavelength equals the pre-training length.
    j0 = int(np.searchsorted(data["wavelength"], data["l0"]))
    ax.axvline(j0, color="black", lw=0.6, ls="--")
    ax.text(j0 + 0.5, 0.95, "wavelength > L0\nto the right", fontsize=9, va="top")
    ax.set_xlabel("pair j (high frequency on the left)")
    ax.set_ylabel(r"$\theta'_j / \theta_j$")
    ax.set_title("Five rules at one setting:\nd = 128, base 5e5, L0 = 8192, s = 8", fontsize=11)
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(0, -0.2))
    ax.grid(alpha=0.3, lw=0.4)
    return fig


def _draw_multiaxis(plt: Any, data: Data) -> Any:
    schemes = data["schemes"]
    fig, axes = plt.subplots(len(schemes), 1, figsize=(4.8, 2.0 * len(schemes) + 0.4))
    for ax, (name, driver, freq, labels) in zip(axes, schemes, strict=True):
        ax.bar(np.arange(driver.size), freq, width=0.8, color=[AXIS_COLOURS[a] for a in driver])
        ax.set_yscale("log")
        ax.set_ylim(freq.min() / 3, 3)
        handles = [plt.Rectangle((0, 0), 1, 1, color=AXIS_COLOURS[a]) for a in range(len(labels))]
        ax.legend(handles, labels, frameon=False, fontsize=9, ncols=len(labels), loc="lower right",
                  bbox_to_anchor=(1, 1.0), borderaxespad=0.1, handlelength=1.0, columnspacing=1.0)
        ax.set_xlim(-0.6, driver.size - 0.4)
        ax.set_ylabel("frequency", fontsize=9)
        ax.set_title(name, fontsize=9, loc="left", pad=18)  # above the legend's row
    axes[-1].set_xlabel("pair j; the colour is the coordinate\nthat drives it")
    fig.tight_layout()
    return fig


# How each recipe of the precision figure is drawn: label (as in the table on the precision page),
# colour, marker, line style and width, in drawing order. From 2^17 on, the float32, bf16-cache
# and fp16-cache recipes share the float32 angle error and coincide: float32 is a thick line
# underneath, the caches are drawn over it with open markers, so all three stay visible where
# they meet.
PRECISION_STYLE = {
    "float64": ("float64", "#000000", "o", "-", 1.0),
    "bf16_positions": ("bf16 positions", "#cc79a7", "D", "-", 1.0),
    "float32": ("float32 (transformers)", "#0072b2", "o", "-", 3.0),
    "bf16": ("bf16 cache", "#d55e00", "s", "--", 1.0),
    "fp16": ("fp16 cache", "#009e73", "^", ":", 1.4),
}
def _draw_precision(plt: Any, data: Data) -> Any:
    fig, ax = plt.subplots(figsize=(4.8, 4.2))
    curves = dict(zip(data["names"], data["cos_sin"], strict=True))
    for order, name in enumerate(n for n in PRECISION_STYLE if n in curves):
        label, colour, marker, style, width = PRECISION_STYLE[name]
        err = curves[name]
        ok = np.isfinite(err)
        hollow = style != "-"
        ax.loglog(data["position"][ok], err[ok], marker=marker, ls=style, lw=width, ms=6 if hollow else 3.5,
                  color=colour, mfc="none" if hollow else colour, mew=1.1, label=label, zorder=2 + order)
    ax.axhline(2.0**-53, color="black", lw=0.6, ls=":", label="float64 unit roundoff $2^{-53}$")
    ax.set_xlabel("position m")
    ax.set_ylabel("largest cos/sin error")
    ax.set_title("RoPE cos/sin error against exact mode\nper recipe, d = 128, base 1e4", fontsize=11)
    ax.grid(alpha=0.3, which="both", lw=0.4)
    ax.legend(frameon=False, fontsize=9, loc="upper left", bbox_to_anchor=(0, -0.16), ncols=2, columnspacing=1.0)
    return fig


def _scaling_figure(name: str) -> tuple[Callable[[], Data], Callable[[Any, Data], Any]]:
    return (lambda: scaling_data()[name]), _draw_scaling_panel


#: name -> (data function, drawing function); each becomes docs/img/<name>.svg.
def frameworks_data() -> Data:
    """Max |error| against exact mode per real implementation at fixed positions, as measured by
    the last interop run (docs/frameworks.json, written by docs/frameworks.py), in three panels:
    float32 with no context-extension rule, float32 with a rule, and the rows whose angles are
    float64 or whose output is bfloat16. Rows with the same errors (to 3 digits) share a line."""
    measured = json.loads((DOCS / "frameworks.json").read_text(encoding="utf-8"))
    panels: dict[str, dict[tuple, list[str]]] = {title: {} for title in FRAMEWORK_PANELS}
    for row in measured["rows"]:
        if row["dtype"] != "float32" or row["default"]["angle_dtype"] != "float32":
            title = FRAMEWORK_PANELS[2]
        else:
            title = FRAMEWORK_PANELS[0] if row["rules"].startswith("none") else FRAMEWORK_PANELS[1]
        key = tuple((float(m), float(f"{e:.3g}")) for m, e in row["sweep"])
        panels[title].setdefault(key, []).append(row["name"])
    return {"panels": [(title, [(_same(names), np.array(key)) for key, names in lines.items()])
                       for title, lines in panels.items()]}


def _same(names: list[str]) -> str:
    """One label for rows with the same errors: "transformers llama = gemma3 sliding layers"."""
    shown = [names[0]] + [name.removeprefix("transformers ") if names[0].startswith("transformers ") else name
                          for name in names[1:]]
    return " = ".join(shown)


FRAMEWORK_PANELS = ("float32, no context-extension rule", "float32, with a context-extension rule",
                    "float64 angles, or bfloat16 output")
# Okabe-Ito colours, one marker per colour; past eight lines a panel repeats them dashed, then dotted.
LINE_STYLES = tuple((colour, marker, dash) for dash in ("-", "--", ":") for colour, marker in zip(
    ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#000000", "#e69f00", "#56b4e9", "#7f7f7f"),
    ("o", "s", "^", "D", "v", "P", "X", "*"), strict=True))


def _draw_frameworks(plt: Any, data: Data) -> Any:
    # One panel per group, each with its legend in a row of its own below it (a legend over the
    # lines would hide them); the ticks are the positions measured.
    panels = data["panels"]
    # Each legend sits at the top of its row, the next panel's title below it; the last row also
    # leaves room for the position ticks.
    heights = [h for i, (_, lines) in enumerate(panels)
               for h in (1.45, 0.7 + 0.19 * len(lines) + (0.5 if i == len(panels) - 1 else 0.0))]
    fig, cells = plt.subplots(2 * len(panels), 1, figsize=(4.6, sum(heights)),
                              gridspec_kw={"height_ratios": heights, "hspace": 0.0})
    axes = cells[0::2]
    ticks = sorted({m for _, lines in panels for _, points in lines for m in points[:, 0]})
    for ax, key, cell, (title, lines) in zip(axes, cells[1::2], heights[1::2], panels, strict=True):
        if len(lines) > len(LINE_STYLES):
            raise ValueError(f"{title}: {len(lines)} lines, more than the {len(LINE_STYLES)} styles to tell them apart")
        for (label, points), (colour, marker, dash) in zip(lines, LINE_STYLES[:len(lines)], strict=True):
            m, err = points[:, 0], np.maximum(points[:, 1], 1e-9)  # exact zeros drawn at the floor
            ax.plot(m, err, marker=marker, ms=4.5, mfc="none", mew=1.0, lw=0.9, ls=dash, color=colour, label=label)
        ax.set_xscale("symlog", linthresh=1.0, linscale=0.6)
        ax.set_xlim(-0.3, 2.0 * max(ticks))
        ax.set_xticks(ticks, [f"$2^{{{int(np.log2(m))}}}$" if m > 4096 else f"{m:g}" for m in ticks])
        ax.minorticks_off()
        ax.set_yscale("log")
        ax.set_ylim(3e-10, 3.0)
        ax.set_yticks([1e-9, 1e-6, 1e-3, 1.0])
        ax.set_title(title, fontsize=10, loc="left")
        ax.grid(alpha=0.3, which="major", lw=0.4)
        ax.set_ylabel("max |error|")
        if ax is not axes[-1]:
            ax.tick_params(labelbottom=False)
        key.set_axis_off()
        below = 0.08 + (0.5 if ax is axes[-1] else 0.0)  # inches: under the axes, or under its ticks and label
        key.legend(*ax.get_legend_handles_labels(), fontsize=9, loc="upper left",
                   bbox_to_anchor=(0.0, 1 - below / cell),
                   frameon=False, handlelength=1.6, borderaxespad=0.0, labelspacing=0.25)
    axes[-1].set_xlabel("position m (an error of exactly 0 is drawn at 1e-9)")
    return fig


# -- the course pages (why.md): a rotating pair and the clock hands of several frequencies ----------

QUERY_COLOUR, KEY_COLOUR, GREY = "#0072b2", "#d55e00", "#7f7f7f"  # Okabe and Ito


def rotation_data() -> Data:
    """One pair (theta = 1 rad per position): a query at m = 0..4 and a key at n = 0; then
    (m, n) = (2, 0), (3, 1), (4, 2), all at distance 2."""
    rope = RoPE(2, layout="interleaved")
    q, k = np.array([1.0, 0.25]), np.array([0.75, -0.35])
    sweep = np.arange(5.0)
    pairs = np.array([[2.0, 0.0], [3.0, 1.0], [4.0, 2.0]])
    return {
        "query_sweep": rope.apply(np.broadcast_to(q, (5, 2)), sweep),
        "key_fixed": rope.apply(k, 0.0),
        "pairs": pairs,
        "query_pairs": rope.apply(np.broadcast_to(q, (3, 2)), pairs[:, 0]),
        "key_pairs": rope.apply(np.broadcast_to(k, (3, 2)), pairs[:, 1]),
    }


def clocks_data() -> Data:
    """The four hands of a d = 8, base 10000 head at positions 0 and 44."""
    rope = RoPE(8, layout="interleaved")
    return {"theta": rope.inv_freq(), "angle0": rope.angles(0.0), "angle44": rope.angles(44.0)}


def _arrow(ax: Any, xy: np.ndarray, colour: str, alpha: float = 1.0, width: float = 2.0) -> None:
    ax.annotate("", xy=tuple(xy), xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": colour, "lw": width, "alpha": alpha})


def _circle(ax: Any) -> None:
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(1.03 * np.cos(t), 1.03 * np.sin(t), color="#dddddd", lw=1)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.axis("off")


def _draw_rotation(plt: Any, data: Data) -> Any:
    fig, (left, right) = plt.subplots(1, 2, figsize=(5.2, 2.9))
    _circle(left)
    for m, xy in enumerate(data["query_sweep"]):
        _arrow(left, xy, QUERY_COLOUR, alpha=0.35 + 0.65 * m / 4)
        left.text(*(1.2 * xy / np.linalg.norm(xy)), f"m={m}", ha="center", va="center", fontsize=11,
                  color=QUERY_COLOUR)
    _arrow(left, data["key_fixed"], KEY_COLOUR, width=2.5)
    left.text(*(data["key_fixed"] * 1.35 + np.array([0.05, -0.05])), "n=0", fontsize=11,
              color=KEY_COLOUR, ha="center", va="center")
    left.set_title("query at m = 0..4, key at 0", fontsize=11)
    _circle(right)
    for (m, n), qxy, kxy in zip(data["pairs"], data["query_pairs"], data["key_pairs"], strict=True):
        _arrow(right, qxy, QUERY_COLOUR)
        _arrow(right, kxy, KEY_COLOUR)
        right.text(*(1.2 * qxy / np.linalg.norm(qxy)), f"m={m:g}", ha="center", va="center",
                   fontsize=11, color=QUERY_COLOUR)
        right.text(*(1.22 * kxy / np.linalg.norm(kxy)), f"n={n:g}", ha="center", va="center",
                   fontsize=11, color=KEY_COLOUR)
    right.set_title("m - n = 2: same angle", fontsize=11)
    fig.tight_layout()
    return fig


def _draw_clocks(plt: Any, data: Data) -> Any:
    fig, axes = plt.subplots(1, 4, figsize=(5.2, 1.9))
    for ax, theta, a0, a44 in zip(axes, data["theta"], data["angle0"], data["angle44"], strict=True):
        _circle(ax)
        ax.plot([0, np.cos(a0)], [0, np.sin(a0)], color=GREY, lw=1.5, ls="--")
        ax.plot([0, np.cos(a44)], [0, np.sin(a44)], color=QUERY_COLOUR, lw=2.5)
        ax.set_title(f"θ = {theta:g}", fontsize=11)
        ax.text(0, -1.55, f"{a44:g} rad", ha="center", va="center", fontsize=10)
    fig.tight_layout()
    return fig


FIGURES: dict[str, tuple[Callable[[], Data], Callable[[Any, Data], Any]]] = {
    "decay": (decay_data, _draw_decay),
    "frameworks": (frameworks_data, _draw_frameworks),
    "frequencies": (frequencies_data, _draw_frequencies),
    "layouts": (layouts_data, _draw_layouts),
    "multiaxis": (multiaxis_data, _draw_multiaxis),
    "precision": (precision_data, _draw_precision),
    "scaling_overview": (scaling_overview_data, _draw_scaling_overview),
    "why_rotation": (rotation_data, _draw_rotation),
    "why_clocks": (clocks_data, _draw_clocks),
    **{f"scaling_{name}": _scaling_figure(name)
       for name in ("linear", "ntk_aware", "dynamic", "yarn", "llama3", "longrope")},
}

DIGEST_PREFIX = "rope-ref figure data sha256:"
FONT_PREFIX = "smallest text "  # then the size in pt; tests/docs reads it to check the text on a phone
# A figure is drawn at most PHONE_COLUMN_PX wide on a 390 px phone (the page column), and its
# smallest text must stay PHONE_MIN_TEXT_PX high there (issue 23: figures had 4 px text).
PHONE_COLUMN_PX, PHONE_MIN_TEXT_PX = 358.0, 9.0


def smallest_text(fig: Any) -> float:
    """The smallest font size (pt) of any text the figure shows: titles, labels, ticks, legends."""
    from matplotlib.text import Text

    fig.canvas.draw()  # creates the tick labels
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip())


def _svg_width_pt(path: pathlib.Path) -> float:
    head = path.read_text(encoding="utf-8")[:2000]
    return float(re.search(r'<svg[^>]*\bwidth="([0-9.]+)pt"', head).group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=IMG, help="output folder (default docs/img)")
    parser.add_argument("--format", choices=("svg", "png"), default="svg")
    parser.add_argument("names", nargs="*", help=f"figures to write (default all: {', '.join(FIGURES)})")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(FIGURES))
    if unknown:
        parser.error(f"unknown figure(s) {unknown}; known: {sorted(FIGURES)}")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({"svg.hashsalt": "rope-ref", "svg.fonttype": "path", "font.size": 10,
                                "axes.spines.top": False, "axes.spines.right": False})
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for name in args.names or FIGURES:
        make_data, draw = FIGURES[name]
        data = make_data()
        fig = draw(plt, data)
        path = args.out / f"{name}.{args.format}"
        smallest = smallest_text(fig)
        metadata = ({"Date": None, "Creator": None,
                     "Description": f"{DIGEST_PREFIX}{data_digest(data)}; {FONT_PREFIX}{smallest:g} pt"}
                    if args.format == "svg" else {"Software": None})
        fig.savefig(path, format=args.format, metadata=metadata, dpi=110, bbox_inches="tight")
        width_pt = fig.get_tightbbox().width * 72 / fig.dpi if args.format == "png" else _svg_width_pt(path)
        plt.close(fig)
        on_phone = smallest * PHONE_COLUMN_PX / width_pt  # pt -> px (4/3) and natural px -> column px (3/4)
        if on_phone < PHONE_MIN_TEXT_PX:
            print(f"{name}: {width_pt:.0f} pt wide with {smallest:g} pt text: {on_phone:.1f} px on a phone, "
                  f"below {PHONE_MIN_TEXT_PX} px; make it narrower or its text larger", file=sys.stderr)
            status = 1
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return status


if __name__ == "__main__":
    sys.exit(main())


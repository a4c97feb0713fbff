"""The figures of the course pages (why.md): ``python docs/course_figures.py``.

Writes docs/img/<name>.svg for each entry of FIGURES (``--out DIR`` and ``--format png`` to
write elsewhere). Built like docs/figures.py: ``<name>_data()`` computes what is drawn with
NumPy and rope_ref only (no plotting library is imported before ``main`` runs), and each SVG
records a digest of its data so the tests can tell when a figure no longer matches the code.
The figures are drawn small (5 inches wide, 12 pt text) so their text stays legible on a phone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pathlib
import sys
from collections.abc import Callable
from typing import Any

import numpy as np

DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent
if __name__ == "__main__" and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # draw this checkout's rope_ref, installed or not

from rope_ref import RoPE  # noqa: E402

IMG = DOCS / "img"
Data = dict[str, Any]
QUERY_COLOUR, KEY_COLOUR, GREY = "#0072b2", "#d55e00", "#7f7f7f"  # Okabe and Ito, as figures.py
DIGEST_PREFIX = "rope-ref figure data sha256:"


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


def _flatten(value: Any) -> list[str]:
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
    "why_rotation": (rotation_data, _draw_rotation),
    "why_clocks": (clocks_data, _draw_clocks),
}


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

    matplotlib.rcParams.update({"svg.hashsalt": "rope-ref", "svg.fonttype": "path", "font.size": 11})
    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.names or FIGURES:
        make_data, draw = FIGURES[name]
        data = make_data()
        fig = draw(plt, data)
        path = args.out / f"{name}.{args.format}"
        metadata = ({"Date": None, "Creator": None, "Description": DIGEST_PREFIX + data_digest(data)}
                    if args.format == "svg" else {"Software": None})
        fig.savefig(path, format=args.format, metadata=metadata, dpi=110, bbox_inches="tight")
        plt.close(fig)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

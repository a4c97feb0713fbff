"""mkdocs hooks: serve MathJax from the site itself, so that the math renders with no network,
and give the search index a plain-text reading of every formula.

MathJax 3 comes from the ``django-static-mathjax`` wheel (the docs extra), which carries the
official ``es5`` build; the files the pages need are added to the site at build time under
``assets/mathjax/`` rather than committed here. The SVG output draws every glyph as a path, so
no web font is fetched either.
"""

# ruff: noqa: RUF001 -- SYMBOLS maps TeX names to the Greek letters themselves.

from __future__ import annotations

import html
import importlib.util
import json
import pathlib
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SITE_DIR = "assets/mathjax"
# The component the pages load, and the folders MathJax fetches from when a page or the reader
# asks for more (TeX extensions loaded on demand, the menu, its accessibility tools).
COMPONENT = "tex-svg.js"
ON_DEMAND = ("input/tex/extensions", "a11y", "ui", "sre", "adaptors")


def mathjax_es5() -> pathlib.Path:
    """The folder of MathJax's es5 build in the installed wheel."""
    spec = importlib.util.find_spec("mathjax")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        es5 = pathlib.Path(root) / "static" / "mathjax" / "es5"
        if (es5 / COMPONENT).is_file():
            return es5
    raise PluginError("MathJax not found: install the docs extra (pip install '.[docs]'), which brings "
                      f"django-static-mathjax; looked for static/mathjax/es5/{COMPONENT} in {roots or 'nothing'}.")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    es5 = mathjax_es5()
    paths = [es5 / COMPONENT]
    for folder in ON_DEMAND:
        paths += sorted(p for p in (es5 / folder).rglob("*") if p.is_file())
    for path in paths:
        files.append(File.generated(config, f"{SITE_DIR}/{path.relative_to(es5).as_posix()}", abs_src_path=str(path)))
    return files


# -- search ----------------------------------------------------------------------------------
# The search index holds each page's text with its math as TeX source between \( \) or \[ \],
# which search results would show raw. The index gets a plain-text reading of each formula
# instead ("\theta_j = \mathrm{base}^{-2j/d}" reads "θ_j = base^(-2j/d)").

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "zeta": "ζ", "theta": "θ", "lambda": "λ", "mu": "μ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "varphi": "φ", "ell": "ℓ", "cdot": "·", "times": "×",
    "div": "÷", "le": "≤", "lt": "<", "gt": ">", "ne": "≠", "approx": "≈", "mp": "∓", "in": "∈",
    "to": "→", "mapsto": "↦", "sum": "Σ", "dots": "…", "langle": "⟨", "rangle": "⟩", "lvert": "|",
    "rvert": "|", "lVert": "‖", "rVert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "top": "ᵀ", "sqrt": "√", "bmod": " mod ", "qquad": "  ", "quad": " ",
    "cr": "; ", "max": "max", "ln": "ln", "exp": "exp", "cos": "cos", "sin": "sin",
}
MATH_SPAN = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", flags=re.S)


def tex_as_text(tex: str) -> str:
    """A plain-text reading of a TeX formula, for search results (not a TeX parser)."""
    text = html.unescape(tex)
    text = re.sub(r"\\(?:mathrm|operatorname|text|texttt|mathbb|overline|bar)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", text)
    text = re.sub(r"\\(?:begin|end)\{[^{}]*\}|\\(?:left|right|big|Big)\b", "", text)
    text = re.sub(r"\^\{([^{}]*)\}", r"^(\1)", text)
    text = re.sub(r"_\{([^{}]*)\}", r"_\1", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("\\", "").replace("&", " ")
    return html.escape(re.sub(r"\s+", " ", text).strip(), quote=False)


def on_post_build(config: MkDocsConfig) -> None:
    index = pathlib.Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        doc["text"] = MATH_SPAN.sub(lambda m: tex_as_text(m.group(1) or m.group(2)), doc.get("text", ""))
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _toc_as_text(items: list) -> None:
    for item in items:
        item.title = MATH_SPAN.sub(lambda m: tex_as_text(m.group(1) or m.group(2)), item.title)
        _toc_as_text(item.children)


def on_page_content(html: str, page: object, **kwargs: object) -> str:
    """A heading's math reaches the table of contents as TeX (MathJax typesets only the page's
    arithmatex spans); there it is shown as text, as in the search index."""
    _toc_as_text(list(getattr(page, "toc", []) or []))
    return html

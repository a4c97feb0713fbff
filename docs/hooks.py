"""mkdocs hooks: serve MathJax from the site itself, so that the math renders with no network.

MathJax 3 comes from the ``django-static-mathjax`` wheel (the docs extra), which carries the
official ``es5`` build; the files the pages need are added to the site at build time under
``assets/mathjax/`` rather than committed here. The SVG output draws every glyph as a path, so
no web font is fetched either.
"""

from __future__ import annotations

import importlib.util
import pathlib

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

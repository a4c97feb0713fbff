"""The documentation site as a reader sees it: built, served on 127.0.0.1 and loaded in Chromium.

`mkdocs build --strict` builds the site into a temporary folder; every page is loaded in headless
Chromium (Debian's package, driven by playwright) at 1280 px and at 390 px, with every request to
another host aborted and counted. The checks: the math is typeset (no raw TeX left in the text),
no console errors, no request leaves the machine, every image loads, no code block is wider than
its box at 1280 px, no inline code in a table breaks across lines at 1280 px, and no page is
wider than the screen at 390 px. Screenshots of the main pages are written to build/screenshots/.

Needs the docs extra (``pip install ".[docs]" playwright``) and Chromium at /usr/bin/chromium
(or $ROPE_REF_CHROMIUM); skips with the missing piece named otherwise.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

for _module, _what in (("mkdocs", "mkdocs"), ("material", "mkdocs-material"),
                       ("mkdocstrings_handlers.python", "mkdocstrings-python"),
                       ("mathjax", "django-static-mathjax")):
    pytest.importorskip(_module, reason=f"the docs site needs {_what}: pip install '.[docs]'")

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("ROPE_REF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP, PHONE = 1280, 390
SHOWN = ("index", "math", "scaling", "verify", "api")  # the pages whose screenshots are kept

# Text that only raw (untypeset) math leaves behind: the delimiters arithmatex writes, $$, and
# TeX commands such as \theta or \mathrm.
RAW_TEX = re.compile(r"\\[()\[\]]|\$\$|\\[A-Za-z]{2,}")

# What one page reports, measured in the page itself. Text inside code, typeset math and scripts
# is not prose; a code block overflows when its content is wider than its box.
INSPECT = """() => {
  const skip = (node) => node.parentElement &&
      node.parentElement.closest("pre, code, script, style, mjx-container, .MathJax");
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const prose = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!skip(node)) prose.push(node.nodeValue);
  }
  const wideCode = [...document.querySelectorAll(".md-content pre > code")]
    .filter((code) => code.scrollWidth > code.clientWidth + 1)
    .map((code) => {
      const longest = code.innerText.split("\\n").reduce((a, b) => (b.length > a.length ? b : a), "");
      return `${code.scrollWidth}px in a ${code.clientWidth}px box: ${longest.trim().slice(0, 100)}`;
    });
  const brokenTableCode = [...document.querySelectorAll(".md-content td code, .md-content th code")]
    .filter((code) => code.getClientRects().length > 1)
    .map((code) => code.textContent);
  const badImages = [...document.images]
    .filter((img) => !img.complete || img.naturalWidth === 0)
    .map((img) => img.getAttribute("src"));
  const invisibleMath = [...document.querySelectorAll("mjx-container > svg")]
    .filter((svg) => svg.getBoundingClientRect().width < 2 || svg.getBoundingClientRect().height < 2)
    .map((svg) => svg.parentElement.parentElement.textContent.slice(0, 60));
  return {
    prose: prose.join(" "),
    math: document.querySelectorAll("mjx-container").length,
    invisibleMath,
    arithmatex: document.querySelectorAll(".arithmatex").length,
    wideCode, brokenTableCode, badImages,
    pageWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  };
}"""

# Wait until MathJax has typeset the page (pages without math load no MathJax work).
MATH_READY = """async () => {
  if (!document.querySelector(".arithmatex")) return true;
  for (let i = 0; i < 100 && !(window.MathJax && window.MathJax.startup && window.MathJax.startup.promise); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!(window.MathJax && window.MathJax.startup)) return false;
  await window.MathJax.startup.promise;
  return true;
}"""


@dataclass
class Report:
    """Everything the pages showed, by check; each entry names the page and the width."""

    pages: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    bad_images: list[str] = field(default_factory=list)
    wide_code: list[str] = field(default_factory=list)
    broken_table_code: list[str] = field(default_factory=list)
    wide_pages: list[str] = field(default_factory=list)
    formulas: dict[str, int] = field(default_factory=dict)
    screenshots: list[pathlib.Path] = field(default_factory=list)


def build_site(out: pathlib.Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site")
    build_site(out)
    return out


@pytest.fixture(scope="module")
def server(site: pathlib.Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def page_paths(site: pathlib.Path) -> list[str]:
    """The site's pages as URL paths ("" for the home page, "math/" ...), from the built files."""
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.split("/", 1)[0] not in ("assets", "search"):
            paths.append("" if rel == "." else rel + "/")
    return paths


def inspect_pages(base: str, paths: list[str], user_data_dir: pathlib.Path,
                  screenshots: pathlib.Path | None = None) -> Report:
    """Load each page at both widths in a fresh Chromium profile and collect what each check saw."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the browser test needs playwright: "
                                   "pip install playwright (it drives the system Chromium)")
    report = Report(pages=list(paths))
    host = urllib.parse.urlsplit(base).hostname

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urllib.parse.urlsplit(url).hostname == host:
            route.continue_()  # type: ignore[attr-defined]
        else:
            report.external_requests.append(url)
            route.abort()  # type: ignore[attr-defined]

    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": DESKTOP, "height": 900})
        try:
            context.route("**/*", route)
            page = context.new_page()
            where = ["?"]
            page.on("console", lambda msg: msg.type == "error" and report.console_errors.append(
                f"{where[0]}: {msg.text}"))
            page.on("pageerror", lambda error: report.console_errors.append(f"{where[0]}: {error}"))
            for path in paths:
                for width in (DESKTOP, PHONE):
                    where[0] = f"/{path} at {width} px"
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(base + path, wait_until="load")
                    if not page.evaluate(MATH_READY):
                        report.raw_tex.append(f"{where[0]}: MathJax did not start")
                    page.evaluate("document.fonts.ready")
                    seen = page.evaluate(INSPECT)
                    raw = sorted(set(RAW_TEX.findall(seen["prose"])))
                    if raw:
                        report.raw_tex.append(f"{where[0]}: raw TeX {raw[:8]} in the text")
                    if seen["math"] < seen["arithmatex"]:
                        report.raw_tex.append(f"{where[0]}: {seen['arithmatex']} formulas, "
                                              f"{seen['math']} typeset")
                    report.raw_tex += [f"{where[0]}: a formula is drawn 0 px wide or high: {text!r}"
                                       for text in seen["invisibleMath"]]
                    report.formulas[path] = seen["math"]
                    report.bad_images += [f"{where[0]}: {src}" for src in seen["badImages"]]
                    if width == DESKTOP:
                        report.wide_code += [f"{where[0]}: {w}" for w in seen["wideCode"]]
                        report.broken_table_code += [f"{where[0]}: {c!r}" for c in seen["brokenTableCode"]]
                    if seen["pageWidth"] > seen["viewport"]:
                        report.wide_pages.append(f"{where[0]}: the page is {seen['pageWidth']} px wide")
                    name = path.strip("/") or "index"
                    if screenshots is not None and name in SHOWN:
                        shot = screenshots / f"{name}-{width}.png"
                        page.screenshot(path=str(shot), full_page=True)
                        report.screenshots.append(shot)
        finally:
            context.close()
    return report


@pytest.fixture(scope="module")
def chromium() -> str:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"the browser test needs Chromium at {CHROMIUM} (apt-get install chromium, or set "
                    "ROPE_REF_CHROMIUM)")
    return CHROMIUM


@pytest.fixture(scope="module")
def report(site: pathlib.Path, server: str, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Report:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return inspect_pages(server, page_paths(site), tmp_path_factory.mktemp("chromium-profile"), SCREENSHOTS)


def _problems(found: list[str]) -> str:
    return f"{len(found)} found:\n" + "\n".join(found[:40])


# -- the site ------------------------------------------------------------------------------------


def test_every_nav_page_is_built(site):
    nav = re.findall(r"^\s+-\s+[^:]+:\s+(\S+)\.md\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                     flags=re.M)
    built = page_paths(site)
    expected = sorted("" if stem == "index" else f"{stem}/" for stem in nav)
    assert sorted(set(built) & set(expected)) == expected, f"built {built}, nav {expected}"


def test_the_api_page_documents_the_public_api(site):
    """Every public module has its section, and every name of its __all__ an entry: under the module, or
    (for what rope_ref itself exports, which the module sections do not repeat) under rope_ref."""
    import importlib
    import pkgutil

    import rope_ref

    names = [i.name for i in pkgutil.walk_packages(rope_ref.__path__, "rope_ref.") if i.name != "rope_ref.__main__"]
    modules = [rope_ref] + [importlib.import_module(n) for n in names
                            if not any(p.startswith("_") for p in n.split(".")[1:])]
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    at_top = {id(getattr(rope_ref, name)): name for name in rope_ref.__all__}
    missing = [f"{module.__name__}.{name}" for module in modules for name in module.__all__ if name != "__version__"
               if f'id="{module.__name__}.{name}"' not in html
               and f'id="rope_ref.{at_top.get(id(getattr(module, name)), "?")}"' not in html]
    missing += [module.__name__ for module in modules if f'id="{module.__name__}"' not in html]
    assert not missing, f"the API page has no entry for {missing}"
    # Sphinx roles became links (the role markup itself never reaches the page) ...
    assert not re.search(r":(mod|func|class|meth|attr|data):`", html), "a Sphinx role reached the API page"
    assert 'href="#rope_ref.scaling"' in html  # :mod:`rope_ref.scaling` in the package docstring
    # ... and signatures show their parameters.
    assert re.search(r"class=\"doc-signature.*?inv_freq.*?seq_len", html, flags=re.S)


def test_the_site_refers_to_no_other_host_for_its_assets(site):
    """The built HTML loads no script, stylesheet or font from elsewhere (the browser run checks
    what is actually requested; this names the file)."""
    offenders = []
    for html in site.rglob("*.html"):
        for url in re.findall(r"<(?:script|link)\b[^>]*?(?:src|href)=\"(https?://[^\"]+)\"", html.read_text("utf-8")):
            offenders.append(f"{html.relative_to(site)}: {url}")
    assert not offenders, _problems(offenders)


def test_search_results_show_formulas_as_text(site):
    """The search index reads each formula as text (docs/hooks.py), not as TeX source."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_docs_hooks", ROOT / "docs" / "hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    assert hooks.tex_as_text(r"\theta_j = \mathrm{base}^{-2j/d}") == "\u03b8_j = base^(-2j/d)"
    assert hooks.tex_as_text(r"\lvert r \rvert \lt 0.8") == "| r | &lt; 0.8"
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    raw = sorted({f"{doc['location']}: {tex}" for doc in docs for tex in RAW_TEX.findall(doc["text"])})
    assert not raw, _problems(raw)
    home = next(doc["text"] for doc in docs if doc["location"] == "")
    assert "z_j e^(i m \u03b8_j)" in home, home[:300]


# -- the site in a browser -----------------------------------------------------------------------


def test_every_page_was_loaded(report, site):
    assert len(report.pages) >= 12 and "api/" in report.pages and "" in report.pages, report.pages
    assert sum(report.formulas.values()) > 300, f"only {report.formulas} formulas typeset"


def test_math_is_typeset_on_every_page(report):
    assert not report.raw_tex, _problems(report.raw_tex)


def test_no_console_errors(report):
    assert not report.console_errors, _problems(report.console_errors)


def test_no_request_leaves_the_machine(report):
    assert not report.external_requests, _problems(report.external_requests)


def test_every_image_loads(report):
    assert not report.bad_images, _problems(report.bad_images)


def test_code_blocks_fit_their_box_at_1280_px(report):
    assert not report.wide_code, _problems(report.wide_code)


def test_code_in_tables_does_not_break_at_1280_px(report):
    assert not report.broken_table_code, _problems(report.broken_table_code)


def test_no_page_is_wider_than_a_390_px_phone(report):
    assert not report.wide_pages, _problems(report.wide_pages)


def test_screenshots_are_written(report):
    expected = {f"{name}-{width}.png" for name in SHOWN for width in (DESKTOP, PHONE)}
    written = {shot.name for shot in report.screenshots if shot.stat().st_size > 10_000}
    assert written == expected, f"missing screenshots {sorted(expected - written)} in {SCREENSHOTS}"


# -- the checks can fail -------------------------------------------------------------------------


BAD_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>pre > code { display: block; overflow: auto; }</style></head><body>
<div class="md-content">
<p>Raw math \\(\\theta_j\\) and <span class="arithmatex">\\(m\\)</span>.</p>
<pre><code>""" + "x = 1  # " + "a" * 400 + """</code></pre>
<table><tr><td style="width:3ch"><code>Linear(factor / r)</code></td></tr></table>
<img src="missing.svg" alt="missing">
<img src="https://example.org/remote.png" alt="remote">
<div style="width:600px">wide</div>
<p><span><mjx-container><svg width="0" height="0"></svg></mjx-container>collapsed</span></p>
<script>console.error("boom");</script>
</div></body></html>"""


def test_each_browser_check_catches_its_fault(chromium, tmp_path):
    """A page with one fault of each kind: every check reports it."""
    root = tmp_path / "bad"
    root.mkdir()
    (root / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        bad = inspect_pages(f"http://127.0.0.1:{httpd.server_address[1]}/", [""], tmp_path / "profile")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
    assert any("raw TeX" in p for p in bad.raw_tex) and any("MathJax did not start" in p for p in bad.raw_tex)
    assert any("0 px wide" in p and "collapsed" in p for p in bad.raw_tex), bad.raw_tex
    assert any("boom" in p for p in bad.console_errors), bad.console_errors
    assert bad.external_requests == ["https://example.org/remote.png"] * 2, bad.external_requests
    assert any("missing.svg" in p for p in bad.bad_images) and any("remote.png" in p for p in bad.bad_images)
    assert len(bad.wide_code) == 1 and "aaaa" in bad.wide_code[0], bad.wide_code
    assert bad.broken_table_code == ["/ at 1280 px: 'Linear(factor / r)'"], bad.broken_table_code
    assert any("390 px" in p for p in bad.wide_pages), bad.wide_pages

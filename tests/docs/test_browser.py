"""The documentation site as a reader sees it: built, served on 127.0.0.1 and loaded in Chromium.

`mkdocs build --strict` builds the site into a temporary folder; every page is loaded in headless
Chromium (Debian's package, driven by playwright) at 1280 px and at 390 px, with every request to
another host aborted and counted. The checks: the math is typeset (no raw TeX left in the text),
no console errors, no request leaves the machine, every image loads, no code block is wider than
its box at 1280 px, no inline code in a table breaks across lines at 1280 px, no formula is
squeezed below its own size, and no page is wider than the screen at 390 px. At 390 px also: every
display formula and every table either fits the screen or sits in a box that scrolls sideways, and
a formula's box shows that it scrolls (a shadow on its clipped edge, seen in the pixels with the
formula hidden); the text of every figure is drawn at least 9 CSS px high (from the smallest font
the figure script records in the SVG, its intrinsic width and its width on the page). Screenshots
of the main pages are written to build/screenshots/.

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
MAX_API_PAGE_PX = 30_000  # at 1280 px; rope_ref's page, the longest (all it exports), is about 24,600 px
MIN_FIGURE_TEXT_PX = 9.0  # the smallest figure text a reader can read on a phone, in CSS px
# docs/figures.py writes "smallest text <size> pt" into each SVG's description.
FIGURE_FONT = re.compile(r"smallest text ([0-9.]+) pt")

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
  // A formula drawn narrower than its own proportions was squeezed by a max-width (its glyphs
  // shrink with it): the SVG's box has a smaller width/height ratio than its viewBox.
  const squeezedMath = [...document.querySelectorAll("mjx-container > svg")]
    .filter((svg) => {
      const box = svg.getBoundingClientRect(), view = svg.viewBox.baseVal;
      return box.height >= 2 && view && view.height > 0 && box.width / box.height < 0.97 * view.width / view.height;
    })
    .map((svg) => `${svg.parentElement.parentElement.textContent.slice(0, 60)} ` +
                  `(${Math.round(svg.getBoundingClientRect().width)} px wide)`);
  // Every display formula and every table, with the box that would scroll it sideways: the
  // formula's own div, the table's wrapper (mkdocs-material's scrollwrap) or the table itself.
  // Each is marked so that the test can photograph its box.
  const scrolling = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const overflows = (el) => el.scrollWidth > el.clientWidth + 1;
  // What a formula draws: MathJax's svg (its container's padding may overflow unseen), else its children.
  const glyphs = (div) => {
    const svgs = [...div.querySelectorAll("mjx-container > svg")];
    return (svgs.length ? svgs : [...div.children]).map((el) => el.getBoundingClientRect());
  };
  const boxes = [];
  const add = (kind, item, box) => {
    const id = String(boxes.length), rect = box.getBoundingClientRect(), inner = item.getBoundingClientRect();
    box.setAttribute("data-rope-ref-box", id);
    const style = getComputedStyle(box);
    boxes.push({
      id, kind, text: item.textContent.replace(/\\s+/g, " ").trim().slice(0, 60),
      fits: inner.left >= -1 && inner.right <= window.innerWidth + 1 && (kind === "formula"
        ? glyphs(item).every((g) => g.left >= rect.left - 1 && g.right <= rect.right + 1)
        : !overflows(box) && !(item !== box && overflows(item))),
      scrolls: scrolling(box) && overflows(box) && rect.left >= -1 && rect.right <= window.innerWidth + 1,
      width: box.scrollWidth, visible: box.clientWidth,
      cue: style.backgroundImage.split("gradient(").length - 1 >= 2 && /local/.test(style.backgroundAttachment),
    });
  };
  for (const div of document.querySelectorAll(".md-typeset div.arithmatex")) add("formula", div, div);
  for (const table of document.querySelectorAll(".md-typeset table")) {
    const wrap = table.closest(".md-typeset__scrollwrap");
    add("table", table, wrap && (overflows(wrap) || !overflows(table)) ? wrap : table);
  }
  const figures = [...document.querySelectorAll(".md-typeset img")]
    .filter((img) => /\\.svg$/.test(img.getAttribute("src") || "") && img.naturalWidth > 0)  // else: badImages
    .map((img) => ({src: img.getAttribute("src"), url: img.src, naturalWidth: img.naturalWidth,
                    width: img.getBoundingClientRect().width}));
  return {
    prose: prose.join(" "),
    math: document.querySelectorAll("mjx-container").length,
    invisibleMath, squeezedMath,
    arithmatex: document.querySelectorAll(".arithmatex").length,
    wideCode, brokenTableCode, badImages, boxes, figures,
    pageWidth: document.documentElement.scrollWidth,
    pageHeight: document.documentElement.scrollHeight,
    viewport: window.innerWidth,
  };
}"""

# The edges of a box with its content hidden, as the mean darkness (0 white, 255 black) of a strip
# a few px wide at mid-height: a scroll shadow darkens the edge where the content is clipped.
HIDE_CONTENT = "(box) => { for (const child of box.children) child.style.visibility = 'hidden'; }"
SHOW_CONTENT = "(box) => { for (const child of box.children) child.style.visibility = ''; }"


def edge_darkness(png: bytes) -> tuple[float, float]:
    """(left, right) darkness of a screenshot of a box: 255 minus the mean grey of the outermost
    3 px columns over the middle half of its height."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    w, h = image.size
    rows = range(h // 4, max(h // 4 + 1, 3 * h // 4))

    def dark(columns: range) -> float:
        values = [image.getpixel((x, y)) for x in columns for y in rows]
        return 255 - sum(values) / len(values)

    return dark(range(0, min(3, w))), dark(range(max(0, w - 3), w))

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
    squeezed_math: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)  # formulas and tables cut off at 390 px
    no_cue: list[str] = field(default_factory=list)  # scrolling formulas that do not show it
    scroll_boxes: list[str] = field(default_factory=list)  # what scrolls at 390 px (for the record)
    small_figure_text: list[str] = field(default_factory=list)
    figures_seen: int = 0
    heights: dict[str, int] = field(default_factory=dict)  # page -> height in px at 1280 px
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
                        report.heights[path] = seen["pageHeight"]
                        report.wide_code += [f"{where[0]}: {w}" for w in seen["wideCode"]]
                        report.broken_table_code += [f"{where[0]}: {c!r}" for c in seen["brokenTableCode"]]
                    report.squeezed_math += [f"{where[0]}: {text}" for text in seen["squeezedMath"]]
                    report.small_figure_text += figure_text_problems(page, where[0], seen["figures"])
                    report.figures_seen += len(seen["figures"])
                    if width == PHONE:
                        check_scroll_boxes(page, where[0], seen["boxes"], report)
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


def check_scroll_boxes(page: object, where: str, boxes: list[dict], report: Report) -> None:
    """At 390 px: each formula and table fits, or its box scrolls sideways; a scrolling formula's
    box shows a shadow on its clipped (right) edge, seen in the pixels with the formula hidden."""
    for box in boxes:
        what = f"{where}: {box['kind']} {box['text']!r}"
        if box["fits"]:
            continue
        if not box["scrolls"]:
            report.clipped.append(f"{what} is {box['width']} px wide in {box['visible']} px and does not scroll")
            continue
        report.scroll_boxes.append(what)
        if box["kind"] != "formula":
            continue  # a table's cut-off column already shows that there is more
        handle = page.query_selector(f'[data-rope-ref-box="{box["id"]}"]')  # type: ignore[attr-defined]
        handle.scroll_into_view_if_needed()
        handle.evaluate("(box) => { box.scrollLeft = 0; }")
        handle.evaluate(HIDE_CONTENT)
        try:
            left, right = edge_darkness(handle.screenshot())
        finally:
            handle.evaluate(SHOW_CONTENT)
        if not (box["cue"] and right >= left + 8):
            report.no_cue.append(f"{what} scrolls ({box['width']} px in {box['visible']} px) but its clipped edge "
                                 f"shows no shadow (edge darkness {right:.0f}, other edge {left:.0f})")


def figure_text_problems(page: object, where: str, figures: list[dict]) -> list[str]:
    """Figures whose smallest text is drawn below MIN_FIGURE_TEXT_PX: a font of f pt in an SVG of
    natural width W px drawn w px wide is f * 4/3 * w / W CSS px."""
    problems = []
    for figure in figures:
        svg = page.request.get(figure["url"]).text()  # type: ignore[attr-defined]
        found = FIGURE_FONT.search(svg)
        if not found:
            problems.append(f"{where}: {figure['src']} records no smallest text size (its figure script must write "
                            "'smallest text <size> pt' into the SVG description, as docs/figures.py does)")
            continue
        size = float(found.group(1)) * 4 / 3 * figure["width"] / figure["naturalWidth"]
        if size < MIN_FIGURE_TEXT_PX - 0.05:
            problems.append(f"{where}: {figure['src']} is drawn {figure['width']:.0f} px wide (of "
                            f"{figure['naturalWidth']} px), so its {found.group(1)} pt text is {size:.1f} px "
                            f"high; at least {MIN_FIGURE_TEXT_PX:g} px is needed")
    return problems


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


def test_the_api_pages_document_the_public_api(site):
    """Every public module has its own page, and every name of its __all__ an entry: on the module's
    page, or (for what rope_ref itself exports, which the module pages do not repeat) on rope_ref's."""
    import importlib
    import pkgutil

    import rope_ref

    names = [i.name for i in pkgutil.walk_packages(rope_ref.__path__, "rope_ref.") if i.name != "rope_ref.__main__"]
    modules = [rope_ref] + [importlib.import_module(n) for n in names
                            if not any(p.startswith("_") for p in n.split(".")[1:])]
    api = site / "api"
    pages = {html.parent.name: html.read_text(encoding="utf-8") for html in api.glob("*/index.html")}
    index = (api / "index.html").read_text(encoding="utf-8")
    # One page per module, named after it (rope_ref.golden.catalogue -> api/golden_catalogue/), each
    # linked from the index.
    page_of = {module.__name__: "rope_ref" if module is rope_ref else module.__name__.removeprefix("rope_ref.")
               .replace(".", "_") for module in modules}
    assert sorted(pages) == sorted(page_of.values()), f"API pages {sorted(pages)}, modules {sorted(page_of)}"
    unlinked = [page for page in pages if f'href="{page}/"' not in index]
    assert not unlinked, f"the API index does not link to {unlinked}"
    for module in modules:
        page = page_of[module.__name__]
        assert f'id="{module.__name__}"' in pages[page], f"api/{page}/ has no heading for {module.__name__}"
    html = "".join(pages.values())
    at_top = {id(getattr(rope_ref, name)): name for name in rope_ref.__all__}
    missing = [f"{module.__name__}.{name}" for module in modules for name in module.__all__ if name != "__version__"
               if f'id="{module.__name__}.{name}"' not in html
               and f'id="rope_ref.{at_top.get(id(getattr(module, name)), "?")}"' not in html]
    missing += [module.__name__ for module in modules if f'id="{module.__name__}"' not in html]
    assert not missing, f"the API page has no entry for {missing}"
    # Sphinx roles became links (the role markup itself never reaches the page) ...
    assert not re.search(r":(mod|func|class|meth|attr|data):`", html), "a Sphinx role reached the API page"
    assert 'href="../scaling/#rope_ref.scaling"' in pages["rope_ref"]  # :mod:`rope_ref.scaling` in its docstring
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


def test_no_api_page_is_a_scroll_marathon(report):
    """The API reference is a page per module (issue 23: it was one page 80,000 px tall)."""
    api = {path: height for path, height in report.heights.items() if path.startswith("api/")}
    assert len(api) > 10, api
    tall = [f"/{path}: {height} px" for path, height in api.items() if height > MAX_API_PAGE_PX]
    assert not tall, _problems(tall)


def test_no_formula_is_squeezed(report):
    assert not report.squeezed_math, _problems(report.squeezed_math)


def test_every_formula_and_table_fits_or_scrolls_at_390_px(report):
    assert not report.clipped, _problems(report.clipped)


def test_every_scrolling_formula_shows_that_it_scrolls_at_390_px(report):
    assert not report.no_cue, _problems(report.no_cue)


def test_figure_text_is_readable_at_both_widths(report):
    assert report.figures_seen >= 2 * 10, f"only {report.figures_seen} figures seen"
    assert not report.small_figure_text, _problems(report.small_figure_text)


def test_screenshots_are_written(report):
    expected = {f"{name}-{width}.png" for name in SHOWN for width in (DESKTOP, PHONE)}
    written = {shot.name for shot in report.screenshots if shot.stat().st_size > 10_000}
    assert written == expected, f"missing screenshots {sorted(expected - written)} in {SCREENSHOTS}"


# -- the checks can fail -------------------------------------------------------------------------


BAD_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>pre > code { display: block; overflow: auto; }</style></head><body>
<div class="md-content md-typeset">
<p>Raw math \\(\\theta_j\\) and <span class="arithmatex">\\(m\\)</span>.</p>
<pre><code>""" + "x = 1  # " + "a" * 400 + """</code></pre>
<table><tr><td style="width:3ch"><code>Linear(factor / r)</code></td></tr></table>
<img src="missing.svg" alt="missing">
<img src="https://example.org/remote.png" alt="remote">
<div style="width:600px">wide</div>
<p><span><mjx-container><svg width="0" height="0"></svg></mjx-container>collapsed</span></p>
<p><span><mjx-container><svg viewBox="0 0 1000 100" width="300" height="30" style="max-width:50px"></svg>
</mjx-container>squeezed</span></p>
<div class="arithmatex" style="overflow-x:auto"><span style="display:inline-block;width:900px">uncued</span></div>
<div style="overflow:hidden;width:300px"><table><tr><td style="min-width:800px">clipped</td></tr></table></div>
<img src="small.svg" alt="small text">
<script>console.error("boom");</script>
</div></body></html>"""


def test_each_browser_check_catches_its_fault(chromium, tmp_path):
    """A page with one fault of each kind: every check reports it."""
    root = tmp_path / "bad"
    root.mkdir()
    (root / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    (root / "small.svg").write_text(  # 6 pt text in a figure 720 pt (960 px) wide: 8 px at most
        '<svg xmlns="http://www.w3.org/2000/svg" width="720pt" height="72pt" viewBox="0 0 720 72"><metadata>'
        'smallest text 6 pt</metadata><rect width="720" height="72" fill="#ccc"/></svg>', encoding="utf-8")
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
    assert any("squeezed" in p for p in bad.squeezed_math) and len(bad.squeezed_math) == 2, bad.squeezed_math
    assert len(bad.no_cue) == 1 and "uncued" in bad.no_cue[0], bad.no_cue
    assert len(bad.clipped) == 1 and "clipped" in bad.clipped[0], bad.clipped
    assert len(bad.small_figure_text) == 2, bad.small_figure_text
    assert all("small.svg" in p for p in bad.small_figure_text), bad.small_figure_text

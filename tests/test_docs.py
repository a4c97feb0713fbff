"""The docs: every Python example runs, every relative link and image resolves, the math avoids
what GitHub's Markdown would eat, and every figure matches the code it depicts. Nothing here needs
mkdocs or matplotlib (tests/docs builds the site and reads it in a browser)."""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import subprocess
import sys
import unicodedata
from types import ModuleType

import mpmath
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
API_PAGES = sorted((DOCS / "api").glob("*.md"))  # one page per public module, linked from docs/api.md
MARKDOWN = [ROOT / "README.md", *PAGES]
REQUIRED_PAGES = {"index", "math", "conventions", "scaling", "variants", "precision", "golden", "verify",
                  "corrections", "divergences", "api", "changelog"}

# Fence languages allowed in the docs. Only "python" blocks are code that runs here (the
# docstring examples on the API page run as doctests in tests/test_examples.py); the others are
# not Python. Anything else (```py, ```pycon, an empty language) is rejected, so no example can
# escape the test by its spelling.
FENCE_LANGUAGES = {"python", "text", "sh", "json"}


def _name(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT))


def _load(name: str) -> ModuleType:
    """docs/<name>.py as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_docs_{name}", DOCS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fenced_blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, body, line number of the opening fence) for every fenced code block."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        opening = re.match(r"^( *)(`{3,}|~{3,})(.*)$", lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, language = opening.group(1), opening.group(2), opening.group(3).strip()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != fence:
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        assert i < len(lines), f"unclosed code fence opened at line {start}"
        blocks.append((language, "\n".join(body) + "\n", start))
        i += 1
    return blocks


def prose(text: str, code_spans: bool = False) -> str:
    """The text outside fenced code blocks, and outside inline code spans unless ``code_spans``
    (links and math live in the prose; headings keep their code spans as text)."""
    out, inside = [], None
    for line in text.splitlines():
        fence = re.match(r"^ *(`{3,}|~{3,})", line)
        if inside is None and fence:
            inside = fence.group(1)
            out.append("")
            continue
        if inside is not None:
            if line.strip() == inside:
                inside = None
            out.append("")
            continue
        out.append(line.replace("`", "") if code_spans else re.sub(r"(`+)(?:(?!\1).)+?\1", "", line))
    return "\n".join(out)


# -- examples ------------------------------------------------------------------------------------


def test_every_page_uses_only_known_fence_languages():
    for path in MARKDOWN:
        for language, _, line in fenced_blocks(path.read_text(encoding="utf-8")):
            where = f"{_name(path)}:{line}"
            assert language in FENCE_LANGUAGES, (
                f"{where}: code fence language {language!r} is not one of {sorted(FENCE_LANGUAGES)}; use "
                "'python' for code that must run, 'text' for output or wrong code shown on purpose.")


# Runs the python blocks of one page (JSON on stdin: the page's name, then [line, body] per block)
# in order, in one namespace, as a reader would; tracebacks name the page and its line.
RUN_BLOCKS = """
import json, sys
page, blocks = json.load(sys.stdin)
namespace = {"__name__": "docs_example"}
for line, body in blocks:
    exec(compile("\\n" * line + body, page, "exec"), namespace)
"""


def run_examples(path: pathlib.Path, cwd: pathlib.Path, name: str | None = None) -> subprocess.CompletedProcess:
    """The ```python blocks of one page, run by a fresh interpreter in ``cwd`` with the installed
    package: no checkout on sys.path (no PYTHONPATH; ``python -c`` adds only ``cwd``), warnings as
    errors as in the suite."""
    blocks = [[line, body] for language, body, line in fenced_blocks(path.read_text(encoding="utf-8"))
              if language == "python"]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([sys.executable, "-W", "error", "-c", RUN_BLOCKS],
                          input=json.dumps([name or _name(path), blocks]), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def outside(tmp_path: pathlib.Path) -> pathlib.Path:
    """An empty folder outside the checkout: the examples find no golden/, proofs/ or tests/ there."""
    folder = tmp_path / "reader"
    folder.mkdir()
    assert not folder.resolve().is_relative_to(ROOT), f"{folder} is inside the checkout {ROOT}"
    return folder


@pytest.mark.parametrize("path", [p for p in MARKDOWN if "```python" in p.read_text(encoding="utf-8")],
                         ids=_name)
def test_python_examples_run_outside_the_checkout(path, outside):
    """The ```python blocks of one page run in order, in one namespace, as a reader would who has
    installed the package and works in a folder of their own (issue 23: examples that only work in
    the checkout)."""
    result = run_examples(path, outside)
    assert result.returncode == 0, (
        f"{_name(path)}: an example fails when run from {outside} (outside the checkout, package installed):\n"
        f"{result.stderr[-3000:]}")


def test_the_example_runner_runs_outside_the_checkout(tmp_path, outside):
    """The runner fails a page whose example reads a path of the checkout, and names the page's line."""
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n```python\nimport rope_ref\n```\n\n```python\n"
                    "open('golden/v2/manifest.json')\n```\n", encoding="utf-8")
    assert (ROOT / "golden" / "v2" / "manifest.json").exists()
    result = subprocess.run([sys.executable, "-c", "import os; print(os.getcwd())"], cwd=outside,
                            capture_output=True, text=True, check=True)
    assert pathlib.Path(result.stdout.strip()).resolve() == outside.resolve()
    result = run_examples(page, outside, "docs/page.md")
    assert result.returncode != 0 and "FileNotFoundError" in result.stderr, result.stderr
    assert 'docs/page.md", line 8' in result.stderr, result.stderr
    assert run_examples(page, ROOT, "docs/page.md").returncode == 0  # the same page passes in the checkout


def test_readme_and_main_pages_have_examples():
    for path in (ROOT / "README.md", DOCS / "index.md", DOCS / "math.md", DOCS / "conventions.md"):
        assert any(lang == "python" for lang, _, _ in fenced_blocks(path.read_text(encoding="utf-8"))), _name(path)


# -- structure and links -------------------------------------------------------------------------


def _nav_pages() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s+-\s+[^:]+:\s+(\S+\.md)\s*$", nav, flags=re.M)


def test_every_required_page_exists_and_the_nav_lists_every_page():
    stems = {p.stem for p in PAGES}
    assert REQUIRED_PAGES <= stems, f"missing pages: {sorted(REQUIRED_PAGES - stems)}"
    nav = _nav_pages()
    assert len(nav) == len(set(nav)), f"a page is listed twice in mkdocs.yml nav: {nav}"
    pages = {p.relative_to(DOCS).as_posix() for p in PAGES + API_PAGES}
    assert set(nav) == pages, (
        f"mkdocs.yml nav and docs/*.md, docs/api/*.md differ: only in nav {sorted(set(nav) - pages)}, "
        f"only in docs {sorted(pages - set(nav))}")
    assert nav[0] == "index.md"


def test_every_page_opens_with_one_title():
    for path in PAGES:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines and lines[0].startswith("# "), f"{_name(path)} must start with a '# ' title"
        titles = [line for line in prose("\n".join(lines), True).splitlines() if line.startswith("# ")]
        assert len(titles) == 1, f"{_name(path)} has {len(titles)} level-1 titles"


def slug_mkdocs(heading: str) -> str:
    """Python-Markdown's toc slug (the site's anchors)."""
    value = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def slug_github(heading: str) -> str:
    """GitHub's heading anchors."""
    value = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return value.replace(" ", "-")


def _heading_texts(path: pathlib.Path) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^#{1,6} (.+?)\s*$", prose(path.read_text(encoding="utf-8"), True),
                                            flags=re.M)]


def test_headings_have_the_same_anchor_on_github_and_on_the_site():
    for path in MARKDOWN:
        texts = _heading_texts(path)
        for text in texts:
            assert slug_mkdocs(text) == slug_github(text), (
                f"{_name(path)}: heading {text!r} gets anchor {slug_github(text)!r} on GitHub but "
                f"{slug_mkdocs(text)!r} on the site; reword it (no ' - ', '/', '&' between words)")
        slugs = [slug_mkdocs(t) for t in texts]
        duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
        assert not duplicates, f"{_name(path)}: headings with the same anchor {duplicates}"


LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<(?:img|a)\b[^>]*?\b(?:src|href)=\"([^\"]+)\"", re.I)


def links(path: pathlib.Path) -> list[str]:
    text = prose(path.read_text(encoding="utf-8"))
    return LINK.findall(text) + HTML_LINK.findall(text)


def link_problems(path: pathlib.Path, docs: pathlib.Path = DOCS) -> list[str]:
    """What is wrong with the relative links and images of one page (http links are not fetched)."""
    problems = []
    for target in links(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        where = f"{path.name}: link {target!r}"
        if not resolved.exists():
            problems.append(f"{where} points to {resolved}, which does not exist")
            continue
        if path.parent == docs and not resolved.is_relative_to(docs):
            problems.append(f"{where} leaves docs/ (mkdocs cannot follow it); name the file as `code` instead")
        if anchor:
            if resolved.suffix != ".md":
                problems.append(f"{where} has an anchor into a file that is not Markdown")
            elif anchor not in {slug_mkdocs(t) for t in _heading_texts(resolved)}:
                problems.append(f"{where}: no heading in {resolved.name} has the anchor #{anchor}")
    return problems


def test_every_relative_link_and_image_resolves():
    problems = [problem for path in MARKDOWN for problem in link_problems(path)]
    assert not problems, "\n".join(problems)


def test_the_link_check_catches_each_kind_of_broken_link(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "outside.md").write_text("# Outside\n")
    (docs / "other.md").write_text("# Other\n\n## A section\n")
    page = docs / "page.md"
    page.write_text("# Page\n\n[ok](other.md#a-section) [missing](nope.md) [anchor](other.md#no-such) "
                    "[escape](../outside.md) ![image](img/none.svg) [web](https://example.org/x)\n")
    problems = link_problems(page, docs)
    assert len(problems) == 4, problems
    for fragment in ("nope.md", "#no-such", "leaves docs/", "img/none.svg"):
        assert any(fragment in problem for problem in problems), (fragment, problems)


def test_the_link_checker_finds_links():
    sample = "See [a](math.md#x), ![b](img/decay.svg \"t\") and <img src=\"img/c.svg\">, not `[c](d.md)`."
    assert LINK.findall(prose(sample)) == ["math.md#x", "img/decay.svg"]
    assert HTML_LINK.findall(prose(sample)) == ["img/c.svg"]
    assert links(DOCS / "index.md"), "index.md should link to the other pages"


# Sequences that GitHub's Markdown treats as escapes inside $...$ (so the rendered math loses
# the backslash), and raw < > that it may read as HTML. Use \lvert, \langle, \cr instead.
MATH_HAZARDS = re.compile(r"\\[,;:!{}_|\\#&%$]|[<>*]")


def math_spans(text: str) -> list[str]:
    body = prose(text)
    display = re.findall(r"^\$\$\n(.*?)\n\$\$$", body, flags=re.S | re.M)
    inline_text = re.sub(r"^\$\$\n.*?\n\$\$$", "", body, flags=re.S | re.M)
    return display + re.findall(r"(?<![\\$])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)", inline_text)


def test_the_math_check_catches_hazards():
    text = "A $\\theta_j$ and $a \\, b$ and $x < y$, then\n\n$$\na \\\\ b\n$$\n\n`$code$` $$inline$$\n"
    spans = math_spans(text)
    assert spans == ["a \\\\ b", "\\theta_j", "a \\, b", "x < y"], spans
    assert [bool(MATH_HAZARDS.search(span)) for span in spans] == [True, False, True, True]


def test_math_renders_the_same_on_github_and_on_the_site():
    problems = []
    for path in MARKDOWN:
        text = path.read_text(encoding="utf-8")
        for span in math_spans(text):
            hazard = MATH_HAZARDS.search(span)
            if hazard:
                problems.append(f"{_name(path)}: math {span!r} contains {hazard.group(0)!r}")
        for line in prose(text).splitlines():
            if "$$" in line and line.strip() != "$$":
                problems.append(f"{_name(path)}: put $$ alone on its line: {line!r}")
        dollars = prose(text).count("$") - 2 * prose(text).count("$$")
        if dollars % 2:
            problems.append(f"{_name(path)}: an odd number of inline $ delimiters")
    assert not problems, "\n".join(problems)


# -- the API reference ---------------------------------------------------------------------------


API_MODULES = ["rope_ref", "rope_ref.scaling", "rope_ref.frequencies", "rope_ref.hf", "rope_ref.models",
               "rope_ref.gguf", "rope_ref.rope", "rope_ref.multiaxis", "rope_ref.xpos", "rope_ref.rotation",
               "rope_ref.exact", "rope_ref.checker",
               "rope_ref.testing", "rope_ref.pytest_plugin", "rope_ref.interop", "rope_ref.golden",
               "rope_ref.golden.catalogue", "rope_ref.golden.model_set", "rope_ref.precision", "rope_ref.audit",
               "rope_ref.cli"]


def api_directives() -> list[tuple[str, str]]:
    """(page, module) for each mkdocstrings directive, pages in the order docs/api.md links them."""
    index = (DOCS / "api.md").read_text(encoding="utf-8")
    assert not re.search(r"^::: ", index, flags=re.M), "docs/api.md is the index; each module has its page in docs/api/"
    order = list(dict.fromkeys(re.findall(r"\]\((api/[a-z_]+\.md)\)", index)))
    found = []
    for page in order:
        found += [(page, module) for module in re.findall(r"^::: (\S+)$", (DOCS / page).read_text(encoding="utf-8"),
                                                          flags=re.M)]
    return found


def test_the_api_reference_has_a_page_per_public_module():
    """docs/api/<module>.md holds the module's mkdocstrings directive (the site renders the docstrings
    at build time); docs/api.md links each page; tests/docs/test_browser.py checks the built pages name
    every public object, and tests/test_api.py holds the module list to the package."""
    directives = api_directives()
    assert [module for _, module in directives] == API_MODULES, directives
    pages = [page for page, _ in directives]
    assert len(pages) == len(set(pages)), f"a page documents two modules: {pages}"
    assert sorted(pages) == sorted(p.relative_to(DOCS).as_posix() for p in API_PAGES), (pages, API_PAGES)
    for page, module in directives:
        text = (DOCS / page).read_text(encoding="utf-8")
        assert re.search(r"^      heading_level: 1$", text, flags=re.M), f"{page}: {module} must be the page's title"


# -- figures -------------------------------------------------------------------------------------


def test_figure_data_needs_no_plotting_library():
    code = ("import importlib.util, sys\n"
            "spec = importlib.util.spec_from_file_location('figures', 'docs/figures.py')\n"
            "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
            "[make() for make, _ in module.FIGURES.values()]\n"
            "assert 'matplotlib' not in sys.modules, 'docs/figures.py imported matplotlib at import time'\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_every_figure_is_generated_used_and_up_to_date():
    figures = _load("figures")
    svgs = {p.stem for p in (DOCS / "img").glob("*")}
    assert svgs == set(figures.FIGURES), (
        f"docs/img and FIGURES in docs/figures.py differ: stray files {sorted(svgs - set(figures.FIGURES))}, "
        f"missing {sorted(set(figures.FIGURES) - svgs)}; run python docs/figures.py")
    used = {target for path in PAGES for target in links(path)}
    for name, (make_data, _) in figures.FIGURES.items():
        assert f"img/{name}.svg" in used, f"docs/img/{name}.svg is not shown on any page"
        svg = (DOCS / "img" / f"{name}.svg").read_text(encoding="utf-8")
        recorded = re.search(re.escape(figures.DIGEST_PREFIX) + r"([0-9a-f]{64})", svg)
        assert recorded, f"docs/img/{name}.svg has no data digest; run python docs/figures.py"
        assert recorded.group(1) == figures.data_digest(make_data()), (
            f"docs/img/{name}.svg no longer shows what the code computes; run python docs/figures.py")
        # Drawn at most PHONE_COLUMN_PX wide on a phone, its smallest text must stay readable (the
        # browser test measures the same on the built site).
        font = re.search(re.escape(figures.FONT_PREFIX) + r"([0-9.]+) pt", svg)
        width = re.search(r'<svg[^>]*\bwidth="([0-9.]+)pt"', svg)
        assert font and width, f"docs/img/{name}.svg records no smallest text size; run python docs/figures.py"
        on_phone = float(font.group(1)) * figures.PHONE_COLUMN_PX / float(width.group(1))
        assert on_phone >= figures.PHONE_MIN_TEXT_PX, (
            f"docs/img/{name}.svg: {font.group(1)} pt text in a {width.group(1)} pt wide figure is {on_phone:.1f} px "
            f"on a 390 px phone; at least {figures.PHONE_MIN_TEXT_PX} px is needed")


def test_figure_digest_changes_with_the_data():
    figures = _load("figures")
    data = figures.layouts_data()
    changed = dict(data, perm=list(reversed(data["perm"])))
    assert figures.data_digest(data) != figures.data_digest(changed)
    assert figures.data_digest({"x": np.array([1.0])}) != figures.data_digest({"x": np.array([1.0001])})
    assert figures.data_digest({"x": np.array([1.0])}) == figures.data_digest({"x": np.array([1.0 + 1e-15])})


def test_decay_figure_against_an_independent_50_digit_computation():
    figures = _load("figures")
    distances = [0, 10, 100, 1000, 10000, 19]
    ours = figures.decay_bound(np.array(distances, dtype=float))
    with mpmath.workdps(50):
        theta = [mpmath.mpf(10000) ** (-mpmath.mpf(2 * j) / 128) for j in range(64)]
        for r, value in zip(distances, ours, strict=True):
            partial, total = mpmath.mpc(0), mpmath.mpf(0)
            for t in theta:
                partial += mpmath.expjpi(r * t / mpmath.pi)
                total += abs(partial)
            # float64 angles r * theta_j lose about r * 2**-53 radians; 1e-10 covers r <= 1e4.
            assert abs(value - float(total / 64)) < 1e-10, (r, value, total / 64)
    assert np.round(ours[:5], 1).tolist() == [32.5, 18.0, 10.2, 4.5, 3.9]


def test_scaling_figures_show_rope_ref_frequencies():
    figures = _load("figures")
    panels = figures.scaling_data()
    yarn = panels["yarn"]
    ratio = yarn["curves"][0][1] / yarn["default"]
    assert np.all(ratio[:21] == 1.0) and np.allclose(ratio[46:], 0.25, rtol=1e-15, atol=0)
    llama = panels["llama3"]
    scout = llama["curves"][1][1] / llama["default"]
    assert int(np.sum(scout == 1.0)) == 35 and np.allclose(scout[35:], 1 / 16, rtol=1e-15, atol=0)
    longrope = panels["longrope"]
    phi3 = json.loads(figures.PHI3_CONFIG.read_text())["rope_scaling"]
    assert np.allclose(longrope["default"] / longrope["curves"][1][1], phi3["long_factor"], rtol=1e-15, atol=0)


def _drawn(name: str):
    """The matplotlib figure docs/figures.py draws for ``name`` (skips without matplotlib)."""
    matplotlib = pytest.importorskip("matplotlib", reason="drawing a figure needs matplotlib (the docs extra)")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = _load("figures")
    make_data, draw = figures.FIGURES[name]
    data = make_data()
    return figures, data, draw(plt, data), plt


def test_decay_figure_draws_each_distance_where_it_is():
    """Issue 23: the decay figure drew distance r at r + 1 on a log axis, so its ticks read one
    too far. Every point drawn at x must show the bound at distance x."""
    figures, _, fig, plt = _drawn("decay")
    try:
        (ax,) = fig.axes
        lines = ax.get_lines()
        assert len(lines) == 3, lines
        for line in lines:
            x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
            base = 10000.0 if line.get_label().startswith(("base = 10000", "values")) else 500000.0
            picks = np.unique(np.concatenate([x[:5], x[x == 10], x[x == 1000], x[-2:]]))
            ours = figures.decay_bound(picks, 128, base)
            drawn = np.array([y[x == r][0] for r in picks])
            assert np.allclose(drawn, ours, rtol=1e-12, atol=0), (line.get_label(), picks, drawn, ours)
        assert lines[-1].get_xdata().tolist() == [0.0, 10.0, 100.0, 1000.0, 10000.0]
        assert ax.get_xscale() == "symlog" and ax.get_xlim()[0] == 0
    finally:
        plt.close(fig)


def test_the_decay_check_catches_the_shift_by_one():
    figures = _load("figures")
    r = np.array([0.0, 10.0, 100.0])
    assert not np.allclose(figures.decay_bound(r + 1, 128, 1e4), figures.decay_bound(r, 128, 1e4), rtol=1e-3)


def test_frameworks_figure_groups_its_rows_and_tells_every_line_apart():
    """Issue 23: 18 lines on one axes hid each other. The rows fall into panels; rows with the same
    errors share one line and one legend entry; in a panel no two lines share colour, marker and dash."""
    _, data, fig, plt = _drawn("frameworks")
    try:
        rows = json.loads((DOCS / "frameworks.json").read_text(encoding="utf-8"))["rows"]
        labels = [label for _, lines in data["panels"] for label, _ in lines]
        named = " = ".join(labels)
        assert all(row["name"].removeprefix("transformers ") in named for row in rows), (labels, rows)
        assert len(labels) < len(rows), "rows with the same errors should share a line"
        for ax, (_, lines) in zip([a for a in fig.axes if a.get_lines()], data["panels"], strict=True):
            drawn = ax.get_lines()
            assert len(drawn) == len(lines) <= 16  # every row drawn, none dropped
            styles = {(line.get_color(), line.get_marker(), line.get_linestyle()) for line in drawn}
            assert len(styles) == len(drawn), styles
            for line, (_, points) in zip(drawn, lines, strict=True):
                assert np.asarray(line.get_xdata(), dtype=float).tolist() == points[:, 0].tolist()
    finally:
        plt.close(fig)

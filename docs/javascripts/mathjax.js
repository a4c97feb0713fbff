// MathJax configuration for the math that pymdownx.arithmatex (generic mode) wraps in
// <span class="arithmatex"> / <div class="arithmatex">. The pages write $...$ and $$...$$, so that
// GitHub renders the same Markdown. MathJax itself is served by the site (assets/mathjax/,
// copied from the docs extra by docs/hooks.py): nothing is fetched from the network.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  svg: {
    fontCache: "global",
  },
};

// With instant navigation, mkdocs-material swaps pages without reloading: typeset each new page
// once MathJax has started (the first page is typeset by MathJax's own startup).
if (typeof document$ !== "undefined") {
  document$.subscribe(() => {
    const startup = window.MathJax && window.MathJax.startup;
    if (!startup || !startup.promise || !window.MathJax.typesetPromise) return;
    startup.promise.then(() => {
      window.MathJax.typesetClear();
      window.MathJax.texReset();
      return window.MathJax.typesetPromise();
    });
  });
}

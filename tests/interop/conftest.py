"""tests/interop: rope-ref against real frameworks (transformers, torch, onnxruntime, JAX, ...).

Each test module imports its framework with ``pytest.importorskip``, so without the interop extra
(``pip install ".[interop]"``) these tests skip with the missing package named.
"""

import pytest


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """``pytest tests/interop`` runs in one process despite pyproject's ``-n auto``: the model sweep's
    summary below is kept on this process's config, and each worker would load every framework again."""
    return 0


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the model sweep's counts (and every family not compared, with its reason) when it ran."""
    summary = getattr(config, "_rope_ref_model_sweep", None)
    if summary:
        terminalreporter.write_sep("-", "model sweep")
        terminalreporter.write_line(summary)

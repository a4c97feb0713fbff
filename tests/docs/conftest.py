"""tests/docs: the documentation site in a browser (test_browser.py)."""

import pytest


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """``pytest tests/docs`` runs in one process despite pyproject's ``-n auto``: one site build, one
    server and one browser serve every page; each worker would build and start its own."""
    return 0

"""After ``pip install .`` in a fresh virtual environment, the golden vectors and their schema come with
the package: ``rope-ref golden list/verify/export`` and ``golden.load`` work from a folder outside the
checkout, and so do ``golden generate --config`` and ``golden verify`` of a model's set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args, cwd, env=None, timeout=300):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


# pyproject.toml's build requirement (setuptools>=69) with a bdist_wheel command (setuptools' own from 70.1, else
# the wheel package's): without them an offline build fails, so it is not tried.
CAN_BUILD = """
import setuptools
assert int(setuptools.__version__.split(".")[0]) >= 69
try:
    import setuptools.command.bdist_wheel
except ImportError:
    import wheel.bdist_wheel
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv (seeing the base interpreter's packages for NumPy) with this checkout's wheel."""
    base = tmp_path_factory.mktemp("install")
    src = base / "src"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "site", "*.egg-info", "__pycache__",
                                                             ".pytest_cache", ".hypothesis"))
    venv = base / "venv"
    # Without a pip of its own (ensurepip takes seconds): the base interpreter's pip, seen through
    # --system-site-packages, installs into the venv it runs in.
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], base)
    assert made.returncode == 0, made.stderr
    py = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    if _run([str(py), "-c", "import numpy"], base).returncode != 0:
        pytest.skip("the base interpreter has no NumPy to share with a fresh venv (CI checks the install itself)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ROPE_REF_GOLDEN")}
    if _run([str(py), "-m", "pip", "--version"], base, env).returncode != 0:  # the base has no pip: the venv's own
        pip = _run([str(py), "-m", "ensurepip", "--default-pip"], base, env)
        assert pip.returncode == 0, pip.stdout + pip.stderr
    built = None
    if _run([str(py), "-c", CAN_BUILD], base, env).returncode == 0:  # the base can build the wheel offline
        built = _run([str(py), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q",
                      str(src)], base, env)
    if built is None or built.returncode != 0:  # pip fetches the build requirements, as `pip install .` does
        built = _run([str(py), "-m", "pip", "install", "--no-deps", "-q", str(src)], base, env)
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.rmtree(src)  # nothing of the checkout is left to find
    outside = base / "elsewhere"
    outside.mkdir()
    return py, outside, env


def test_golden_verify_passes_outside_the_checkout(installed):
    py, outside, env = installed
    run = _run([str(py), "-m", "rope_ref", "golden", "verify"], outside, env)
    assert run.returncode == 0 and "PASS" in run.stdout, run.stdout + run.stderr
    assert "site-packages" in run.stdout, run.stdout  # the installed copy, not a checkout's


def test_golden_load_and_export_work_outside_the_checkout(installed):
    py, outside, env = installed
    code = ("from rope_ref import golden; import numpy as np\n"
            "c = golden.load('half_basic_d8'); print(c.outputs['expected'].shape)\n"
            "from rope_ref.golden._export import export_npz; n = export_npz('all.npz')\n"
            "print(n, np.load('all.npz', allow_pickle=False)['half_basic_d8/x'].dtype)")
    run = _run([str(py), "-c", code], outside, env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["(1,", "2,", "8,", "8)", str(len(__import__("rope_ref").golden.cases())),
                                  "float32"], run.stdout


def test_the_installed_set_is_the_current_one_with_its_changelog(installed):
    py, outside, env = installed
    code = ("from rope_ref import golden; from rope_ref.golden import _changelog\n"
            "print(golden.PACKAGED.name, golden.default_root() == golden.PACKAGED, _changelog.PACKAGED_CHANGELOG)")
    run = _run([str(py), "-c", code], outside, env)
    assert run.returncode == 0, run.stderr
    name, found, changelog = run.stdout.split()
    assert (name, found) == ("v2", "True"), run.stdout
    assert "site-packages" in changelog
    assert Path(changelog).read_bytes() == (ROOT / "golden" / "CHANGELOG.md").read_bytes()
    assert (Path(changelog).parent / "v2" / "manifest.json").read_bytes() == (
        ROOT / "golden" / "v2" / "manifest.json").read_bytes()


def test_golden_v1_verifies_outside_the_checkout_against_the_installed_changelog(installed, tmp_path):
    """A copy of golden/v1 with no CHANGELOG.md beside it: verify reads the one installed with the package."""
    py, outside, env = installed
    shutil.copytree(ROOT / "golden" / "v1", tmp_path / "old" / "v1")
    run = _run([str(py), "-m", "rope_ref", "golden", "verify", str(tmp_path / "old" / "v1")], outside, env)
    assert run.returncode == 0 and run.stdout.splitlines()[-1].startswith("PASS  "), run.stdout + run.stderr
    shown = _run([str(py), "-m", "rope_ref", "golden", "show", "half_basic_d8", "--root", str(tmp_path / "old" / "v1")],
                 outside, env)
    assert shown.returncode == 0 and '"rounding"' not in shown.stdout, shown.stdout + shown.stderr


def test_a_tampered_installed_manifest_is_refused(installed):
    py, outside, env = installed
    code = ("from rope_ref import golden\n"
            "p = golden.PACKAGED / 'manifest.sha256'; saved = p.read_text()\n"
            "p.write_text('0' * 64 + '  manifest.json\\n')\n"
            "try:\n"
            "    golden.default_root()\n"
            "except golden.GoldenFileError as err:\n"
            "    print('refused:', err)\n"
            "finally:\n"
            "    p.write_text(saved)\n")
    run = _run([str(py), "-c", code], outside, env)
    assert run.returncode == 0 and "refused:" in run.stdout and "reinstall" in run.stdout, run.stdout + run.stderr


def test_rope_ref_golden_env_overrides(installed, tmp_path):
    py, outside, env = installed
    run = _run([str(py), "-m", "rope_ref", "golden", "verify"], outside, {**env, "ROPE_REF_GOLDEN": str(tmp_path)})
    assert run.returncode == 1 and str(tmp_path) in run.stdout, run.stdout


def test_the_installed_schema_is_the_repositorys(installed):
    py, outside, env = installed
    code = "from rope_ref.golden import _schema; print(_schema.PACKAGED_SCHEMA)"
    run = _run([str(py), "-c", code], outside, env)
    assert run.returncode == 0, run.stderr
    packaged = Path(run.stdout.strip())
    assert "site-packages" in str(packaged) and packaged.read_bytes() == (ROOT / "golden" / "schema.json").read_bytes()


def test_a_models_set_generates_and_verifies_outside_the_checkout(installed, tmp_path):
    """`rope-ref golden generate --config` of a real config, then `rope-ref golden verify` from another
    folder: the schema comes with the package, and every case verifies."""
    py, outside, env = installed
    config = outside / "phi-3-mini-128k-instruct.json"
    shutil.copy(ROOT / "tests" / "data" / "configs" / config.name, config)
    made = _run([str(py), "-m", "rope_ref", "golden", "generate", "--config", config.name, "--out", "phi3"], outside,
                env)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "wrote 4 cases" in made.stdout and "attention    a = 1.19" in made.stdout, made.stdout
    elsewhere = tmp_path / "another"
    elsewhere.mkdir()
    run = _run([str(py), "-m", "rope_ref", "golden", "verify", str(outside / "phi3")], elsewhere, env)
    assert run.returncode == 0 and "PASS  4 golden cases" in run.stdout, run.stdout + run.stderr
    report = _run([str(py), "-m", "rope_ref", "golden", "verify", str(outside / "phi3"), "--json"], elsewhere, env)
    data = json.loads(report.stdout)
    assert data["passed"] and data["verified"] == data["checked"] == 4 and data["problems"] == {}, report.stdout
    shown = _run([str(py), "-m", "rope_ref", "golden", "show", "phi3_cos_sin", "--root", str(outside / "phi3")],
                 elsewhere, env)
    assert shown.returncode == 0 and "AttentionFactorInTables" in shown.stdout, shown.stdout + shown.stderr


def test_the_sdist_carries_the_golden_folder_and_its_schema(tmp_path):
    """`python -m build` builds the wheel from the sdist: setup.py's copy of golden/v2, golden/schema.json
    and golden/CHANGELOG.md into the package needs them in the sdist (MANIFEST.in); golden/v1 comes too."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "site", "dist", "*.egg-info",
                                                             "__pycache__", ".pytest_cache", ".hypothesis"))
    code = "import setuptools.build_meta as b, sys; print(b.build_sdist(sys.argv[1]))"
    run = _run([sys.executable, "-c", code, str(tmp_path / "dist")], src)
    if run.returncode != 0 and "No module named" in run.stderr:
        pytest.skip(f"no setuptools to build an sdist with: {run.stderr.strip().splitlines()[-1]}")
    assert run.returncode == 0, run.stdout + run.stderr
    import tarfile

    with tarfile.open(tmp_path / "dist" / run.stdout.split()[-1]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"golden/schema.json", "golden/CHANGELOG.md", "golden/v1/manifest.json", "golden/v2/manifest.json",
            "setup.py"} <= names
    for version in ("v1", "v2"):
        assert len([n for n in names if n.startswith(f"golden/{version}/") and n.endswith(".npy")]) > 100

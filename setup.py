"""Copy the repository's current golden set into the package when building (the one source stays golden/v2).

The wheel gets rope_ref/golden/data/v2 (the manifest and every .npy), rope_ref/golden/data/schema.json,
rope_ref/golden/data/CHANGELOG.md (what `rope-ref golden verify golden/v1` checks an older set against)
and data/v2/manifest.sha256, the manifest's digest that default_root() checks on first use. golden/v1
stays in the repository and the sdist, not in the wheel.
"""

import hashlib
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CURRENT = "v2"  # rope_ref.golden.CURRENT (not imported: the build must not need NumPy)


class BuildPyWithGolden(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent / "golden"
        target = Path(self.build_lib) / "rope_ref" / "golden" / "data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(root / CURRENT, target / CURRENT)
        shutil.copy2(root / "schema.json", target / "schema.json")
        shutil.copy2(root / "CHANGELOG.md", target / "CHANGELOG.md")
        digest = hashlib.sha256((root / CURRENT / "manifest.json").read_bytes()).hexdigest()
        (target / CURRENT / "manifest.sha256").write_text(f"{digest}  manifest.json\n", encoding="ascii")


setup(cmdclass={"build_py": BuildPyWithGolden})

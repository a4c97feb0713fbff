"""Copy the repository's golden vectors into the package when building (the one source stays golden/v1).

The wheel gets rope_ref/golden/data/v1 (the manifest and every .npy), rope_ref/golden/data/schema.json
and data/v1/manifest.sha256, the manifest's digest that default_root() checks on first use.
"""

import hashlib
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithGolden(build_py):
    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent / "golden"
        target = Path(self.build_lib) / "rope_ref" / "golden" / "data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(root / "v1", target / "v1")
        shutil.copy2(root / "schema.json", target / "schema.json")
        digest = hashlib.sha256((root / "v1" / "manifest.json").read_bytes()).hexdigest()
        (target / "v1" / "manifest.sha256").write_text(f"{digest}  manifest.json\n", encoding="ascii")


setup(cmdclass={"build_py": BuildPyWithGolden})

"""The installed package holds every module: pyproject lists each subpackage explicitly.

An editable install finds a package missing from the list anyway, so the test suite
alone would not notice; a user's ``pip install backoffice`` would lack it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_every_package_directory_is_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for name, folder in config["package-dir"].items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            relative = init.parent.relative_to(base).parts
            found.add(".".join((name, *relative)))
    # Packages nested under a mapped one are found twice (backoffice/ and its mapping).
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "these listed packages have no folder"

"""The wheel must carry every subpackage and data file: pyproject lists them by hand."""

from __future__ import annotations

import tomllib

from tests.helpers import REPO


def test_every_python_package_folder_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    roots = {folder: package for package, folder in config["package-dir"].items()}
    found = set()
    for folder, package in roots.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            found.add(".".join([package, *relative.parts]))
    assert found == set(config["packages"])

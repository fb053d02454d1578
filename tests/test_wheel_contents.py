"""A wheel built as `pip install .` builds it carries every file of every package folder.

pyproject lists packages and package data by hand, so a new kind of file (the Korean stubs in
``exercises/ko/``, a lesson, a stylesheet) is easy to leave out of the wheel while the editable
install, which reads the checkout, still works.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from tests.helpers import REPO

BUILD_FILES = ("pyproject.toml", "README.md")


def _package_folders() -> dict[str, str]:
    """Each top-level package folder and where it lands in the wheel."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    return {folder: package.replace(".", "/") for package, folder in config["package-dir"].items()}


def _source_files() -> list[str]:
    """The files of the checkout that a build reads: tracked or new, never ignored ones."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout to know which files are the project's")
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", *BUILD_FILES, *_package_folders()],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    ).stdout.splitlines()
    return [name for name in listed if (REPO / name).is_file()]  # not the ones just deleted


def test_the_wheel_carries_every_file_of_every_package(tmp_path):
    files = _source_files()
    for name in files:
        (tmp_path / "src" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, tmp_path / "src" / name)
    # A path, never a bare name: pip would take "src" for a package on an index.
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", "dist", "./src"]
    built = subprocess.run(build, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("bigpicture-*.whl")
    carried = set(zipfile.ZipFile(wheel).namelist())

    folders = _package_folders()
    expected = {
        folders[name.split("/", 1)[0]] + "/" + name.split("/", 1)[1]
        for name in files
        if name.split("/", 1)[0] in folders
    }
    assert sorted(expected - carried) == []
    for stub in (REPO / "exercises" / "ko").glob("*.py"):
        assert f"bigpicture/exercises/ko/{stub.name}" in carried

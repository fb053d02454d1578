"""Builders of a class's submissions on disk, for the bulk grading tests."""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Mapping
from pathlib import Path


def make_class(
    root: Path,
    specs: Mapping[str, Mapping[str, str | bytes]],
    zipped: Collection[str] = frozenset(),
) -> Path:
    """Writes one submission per student into ``root``.

    Args:
        root: the submissions folder; created if missing.
        specs: student name -> {path inside the submission ("sub/exercise1_relu.py") -> content};
            text is written as UTF-8.
        zipped: the students whose submission is ``<name>.zip`` (deflated) instead of a folder.

    Returns:
        ``root``.
    """
    root.mkdir(parents=True, exist_ok=True)
    for student, files in specs.items():
        if student in zipped:
            with zipfile.ZipFile(root / f"{student}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
                for path, content in files.items():
                    archive.writestr(path, content)
            continue
        for path, content in files.items():
            target = root / student / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        (root / student).mkdir(exist_ok=True)  # a student with no files still has a folder
    return root

"""A deterministic entry app for the SVG snapshots: fixed workspace path, no progress, fixed
lesson and language. Plots are seeded, so their pictures are the same on every run."""

from __future__ import annotations

import shutil
from pathlib import Path

from bigpicture.course.app import BigPictureApp
from bigpicture.grader.workspace import init_workspace

ROOT = Path("/tmp/bigpicture-snapshots/ws")


def snapshot_app(lesson: int, lang: str) -> BigPictureApp:
    """A fresh app on ``lesson`` in ``lang`` over a new, empty workspace."""
    shutil.rmtree(ROOT, ignore_errors=True)
    workspace, _, _ = init_workspace(ROOT)
    return BigPictureApp(workspace, lang, lesson)

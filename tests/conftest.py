"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from bigpicture.grader.grading import ExerciseResult, grade_file
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.workspace import init_workspace


@pytest.fixture
def grade():
    """grade(exercise_query, path, timeout=...) -> ExerciseResult, with a fixed seed."""

    def run(query: str, path: Path, timeout: float = 5.0, seed: int = 1234) -> ExerciseResult:
        return grade_file(load_manifest().find(query), path, seed=seed, timeout=timeout)

    return run


@pytest.fixture
def anyio_backend():
    """Async tests (the TUI's Pilot) run on asyncio, Textual's loop."""
    return "asyncio"


@pytest.fixture
def workspace(tmp_path):
    """A workspace whose learner has already seen the welcome page."""
    workspace = init_workspace(tmp_path / "ws")[0]
    with workspace.updating() as data:
        data.welcomed = True
    return workspace

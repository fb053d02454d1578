"""The reference solutions, shown by `bigpicture solution` and the TUI once an exercise is
passed. Only the course reads them: the grader never does (tests/test_architecture.py)."""

from __future__ import annotations

from importlib import resources

from bigpicture.grader.manifest import Exercise


def solution_source(exercise: Exercise) -> str:
    """The reference solution of ``exercise``, as text."""
    return resources.files("bigpicture.solutions").joinpath(exercise.file).read_text("utf-8")

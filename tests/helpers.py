"""Paths into the repository and small helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bigpicture.course.demos import Demo, make_demo
from bigpicture.grader.grading import ExerciseResult

TESTS = Path(__file__).parent
REPO = TESTS.parent
MISTAKES = TESTS / "mistakes"
FIXTURES = TESTS / "fixtures"


class Recorder:
    """A stand-in for a plotext figure that keeps what was drawn."""

    def __init__(self) -> None:
        self.lines: list[tuple[np.ndarray, np.ndarray, tuple]] = []

    def plot(self, x, y, color=None, **_) -> None:
        self.lines.append((np.asarray(x), np.asarray(y), color))

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: None


def pressed(name: str, keys: str = "") -> Demo:
    """A new demo ``name`` with ``keys`` pressed."""
    demo = make_demo(name)
    for key in keys:
        demo.press(key)
    return demo


def messages(result: ExerciseResult) -> list[str]:
    """Every distinct English failure message of a result, in check order."""
    seen: list[str] = []
    for check in result.checks:
        if check.message is not None and check.message.en not in seen:
            seen.append(check.message.en)
    return seen

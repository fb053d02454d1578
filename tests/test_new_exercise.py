"""An exercise is one manifest entry, a stub, a solution and a checks module: nothing else.

A throwaway exercise that no course has (``square``, tests/new_exercise/checks.py) is graded,
listed and checked in the course from those alone.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from bigpicture.grader.grading import grade_file
from bigpicture.grader.manifest import Lesson, Manifest, load_manifest
from bigpicture.grader.status import FAILED, NOT_IMPLEMENTED, PASSED
from bigpicture.grader.workspace import Workspace
from tests.snapshot_app import CourseApp

SQUARE = replace(
    load_manifest().exercises[0],
    id="exercise99",
    file="exercise99_square.py",
    functions=("square",),
    checks="tests.new_exercise.checks",
    aliases=("square",),
    title={"en": "Square", "ko": "제곱"},
)
STUB = "def square(x):\n    raise NotImplementedError\n"


def grade(tmp_path, body: str):
    path = tmp_path / SQUARE.file
    path.write_text(body, encoding="utf-8")
    return grade_file(SQUARE, path, seed=7, timeout=10.0)


def test_its_solution_passes(tmp_path):
    result = grade(tmp_path, "def square(x):\n    return x * x\n")
    assert result.status == PASSED, [c.message for c in result.checks]


def test_its_stub_is_not_implemented(tmp_path):
    assert grade(tmp_path, STUB).status == NOT_IMPLEMENTED


def test_a_wrong_answer_fails_with_the_learners_function_named(tmp_path):
    result = grade(tmp_path, "def square(x):\n    return x + x\n")
    assert result.status == FAILED
    assert "square" in result.checks[0].message.en


@pytest.mark.anyio
async def test_the_course_shows_it_and_checks_it(tmp_path):
    """The TUI's rows and its check come from the manifest: a course of one lesson and the
    square exercise shows it in the sidebar and grades it with its own checks."""
    lesson = Lesson(1, "squares", {"en": "Squares", "ko": "제곱"})
    exercise = replace(SQUARE, lesson=1)
    folder = tmp_path / "course"
    (folder / ".bigpicture").mkdir(parents=True)
    (folder / ".bigpicture" / "progress.json").write_text('{"welcomed": true}')
    (folder / exercise.file).write_text("def square(x):\n    return x * x\n")
    workspace = Workspace(folder, Manifest(lessons=(lesson,), exercises=(exercise,)))
    app = CourseApp(workspace, "en", 1, text_of=lambda number, lang: "# Squares\n\nSquare x.\n")
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        labels = [str(sidebar.get_option_at_index(i).prompt) for i in range(sidebar.option_count)]
        assert labels[1].strip() == "○ Square"
        await pilot.press("c")
        for _ in range(400):  # the check runs in a worker: wait for its verdict to be stored
            if workspace.progress().passed(exercise.id):
                break
            await asyncio.sleep(0.05)
        assert workspace.progress().passed(exercise.id)

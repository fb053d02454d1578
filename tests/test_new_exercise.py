"""An exercise is one manifest entry, a stub, a solution and a checks module: nothing else.

A throwaway exercise that no course has (``square``, tests/new_exercise/checks.py) is graded
end to end from those alone.
"""

from __future__ import annotations

from dataclasses import replace

from bigpicture.grader.grading import grade_file
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.status import FAILED, NOT_IMPLEMENTED, PASSED

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

"""`bigpicture dev check`: the real course agrees, and each kind of disagreement is found."""

from __future__ import annotations

from dataclasses import replace

from click.testing import CliRunner

from bigpicture.course.cli import app
from bigpicture.course.dev_check import problems
from bigpicture.course.reference import solution_source
from bigpicture.grader.manifest import Manifest, load_manifest
from bigpicture.grader.workspace import stub_source

COURSE = load_manifest()
RELU = COURSE.exercises[0]


def found(exercise=RELU, solution=None, stub=None, lessons=COURSE.lessons, exists=None):
    """The problems of a course of the one ``exercise``, with these texts swapped in."""
    course = Manifest(lessons=lessons, exercises=(exercise,))
    return list(
        problems(
            course,
            solution_of=lambda e: solution if solution is not None else solution_source(e),
            stub_of=lambda e, lang: stub if stub is not None else stub_source(e, lang),
            lesson_exists=exists or (lambda number, lang: True),
            seeds=[1, 2, 3],
        )
    )


def test_the_course_agrees_and_the_command_says_so():
    result = CliRunner().invoke(app, ["dev", "check"])
    assert result.exit_code == 0, result.output
    assert "the course agrees: 15 exercises" in result.output


def test_a_course_of_one_right_exercise_has_no_problem():
    assert found() == []


def test_a_function_missing_from_the_solution():
    solution = solution_source(RELU).replace("def relu_backward(", "def relu_back(")
    assert found(solution=solution) == ["exercise1: the solution does not define relu_backward"]


def test_a_stub_whose_signature_differs():
    stub = stub_source(RELU, "en").replace("def relu(x: np.ndarray)", "def relu(x, inplace=0)")
    assert "exercise1: relu is def relu(x, inplace=0) in the en stub" in "\n".join(found(stub=stub))


def test_a_stub_that_is_already_solved():
    said = found(stub=solution_source(RELU))
    assert "exercise1: the en stub grades passed, not not_implemented" in said


def test_a_solution_that_fails_its_checks():
    solution = solution_source(RELU).replace("np.maximum(x, 0.0)", "np.abs(x)")
    said = "\n".join(found(solution=solution))
    assert (
        "exercise1: the solution fails 'relu on a fixed example with exact zeros' on seed 1" in said
    )


def test_hints_titles_lessons_and_texts():
    exercise = replace(RELU, lesson=99, hints={"en": ("one", "two"), "ko": ("하나",)})
    said = found(exercise, exists=lambda number, lang: not (number == 2 and lang == "ko"))
    assert "exercise1: its lesson 99 does not exist" in said
    assert "exercise1: its hints differ in number between languages ({'ko': 1, 'en': 2})" in said
    assert "lesson 2 has no text in ko" in said
    untitled = replace(RELU, title={"en": "ReLU", "ko": " "})
    assert "exercise1's title is missing in ko" in found(untitled)


def test_a_checks_module_that_does_not_exist():
    said = found(replace(RELU, checks="no_such_checks"))
    assert said[0].startswith("exercise1: its checks module 'no_such_checks' cannot build checks")

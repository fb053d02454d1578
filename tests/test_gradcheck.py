"""`bigpicture gradcheck`: the learner's backward against central differences of the learner's
own forward, for every exercise with a backward pass."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from bigpicture.grader import gradcheck as gc
from bigpicture.grader.checks import checks_module
from bigpicture.grader.manifest import load_manifest
from tests.helpers import MISTAKES, REPO

MANIFEST = load_manifest()
CHECKABLE = gc.checkable(MANIFEST)


def _spec(exercise) -> gc.Spec:
    return checks_module(exercise).gradcheck(np.random.default_rng(0))


def _owner(exercise):
    spec = _spec(exercise)
    return MANIFEST.find(spec.forward_exercise) if spec.forward_exercise else exercise


def _solve(workspace, *exercises) -> None:
    for exercise in exercises:
        shutil.copy(REPO / "solutions" / exercise.file, workspace.path(exercise))


def _doubled(workspace, exercise, function: str, items: tuple[int, ...] | None = None) -> None:
    """The solution of ``exercise`` with the values ``function`` returns at ``items`` doubled
    (all of them when None)."""
    path = workspace.path(exercise)
    path.write_text(
        (REPO / "solutions" / exercise.file).read_text("utf-8")
        + f"\n\n_original = {function}\n\n\ndef {function}(*args, **kwargs):\n"
        "    out = _original(*args, **kwargs)\n"
        "    if not isinstance(out, tuple):\n"
        "        return 2 * out\n"
        f"    return tuple(2 * o if {items!r} is None or i in {items!r} else o"
        " for i, o in enumerate(out))\n",
        "utf-8",
    )


def _run(workspace, exercise, seed: int = 1) -> gc.Report:
    return gc.gradcheck(exercise, MANIFEST, workspace.path, seed=seed)


def test_the_exercises_with_a_backward_pass_have_a_gradcheck():
    assert [e.number for e in CHECKABLE] == [1, 4, 7, 8, 9, 12, 13, 14]


@pytest.mark.parametrize("exercise", CHECKABLE, ids=lambda e: e.id)
def test_the_solutions_agree_with_their_own_forward_on_every_seed(workspace, exercise):
    _solve(workspace, exercise, _owner(exercise))
    for seed in range(5):
        report = _run(workspace, exercise, seed)
        assert report.problem is None, report.problem
        assert report.passed, [(r.param, r.error) for r in report.rows]
        assert [r.param for r in report.rows] == list(_spec(exercise).params)
        assert all(r.error is not None and r.error <= 1e-7 for r in report.rows)


@pytest.mark.parametrize("exercise", CHECKABLE, ids=lambda e: e.id)
def test_a_backward_that_disagrees_is_wrong_for_every_parameter(workspace, exercise):
    spec = _spec(exercise)
    _solve(workspace, _owner(exercise))
    _doubled(workspace, exercise, spec.backward[-1].function, spec.grads)
    report = _run(workspace, exercise)
    assert report.problem is None and not report.passed
    assert all(r.verdict == gc.Verdict.WRONG for r in report.rows)


@pytest.mark.parametrize("exercise", CHECKABLE, ids=lambda e: e.id)
def test_a_forward_that_disagrees_is_found_too(workspace, exercise):
    """The numerical side is the learner's own forward (another exercise's file, for conv and
    the RNN): doubling it doubles every numerical gradient."""
    owner, spec = _owner(exercise), _spec(exercise)
    _solve(workspace, exercise)
    # softmax_cross_entropy returns the loss and its gradient: only the loss is doubled.
    _doubled(workspace, owner, spec.forward, (spec.output,) if spec.forward_returns > 1 else None)
    report = _run(workspace, exercise)
    assert not report.passed
    assert all(r.verdict == gc.Verdict.WRONG for r in report.rows)


@pytest.mark.parametrize("exercise", CHECKABLE, ids=lambda e: e.id)
def test_an_unwritten_forward_is_named_not_compared(workspace, exercise):
    owner = _owner(exercise)
    _solve(workspace, exercise)
    if owner != exercise:
        shutil.copy(REPO / "exercises" / owner.file, workspace.path(owner))
    else:
        workspace.path(exercise).write_text(
            (REPO / "exercises" / exercise.file).read_text("utf-8"), "utf-8"
        )
    report = _run(workspace, exercise)
    assert not report.passed and not report.rows
    assert "NotImplementedError" in report.problem.en
    assert report.forward_file == owner.file


def test_a_wrong_shape_is_reported_on_its_row(workspace):
    relu = MANIFEST.find("relu")
    path = workspace.path(relu)
    path.write_text(
        "import numpy as np\n\ndef relu(x):\n    return np.maximum(x, 0.0)\n\n"
        "def relu_backward(dout, x):\n    return (dout * (x > 0)).T\n",
        "utf-8",
    )
    (row,) = _run(workspace, relu).rows
    assert row.verdict == gc.Verdict.WRONG and row.error is None
    assert "but x has shape (3, 4)" in row.note.en


def test_a_kink_mistake_is_invisible_away_from_the_kink(workspace):
    """ReLU's gradient at exactly 0 is a convention, not a derivative: gradcheck samples away
    from it, so `x >= 0` passes here and only `check` names it."""
    relu = MANIFEST.find("relu")
    shutil.copy(MISTAKES / "exercise1" / "backward_ge_zero.py", workspace.path(relu))
    assert _run(workspace, relu).passed


@pytest.mark.parametrize(
    ("error", "verdict"),
    [
        (0.0, "correct"),
        (1e-7, "correct"),
        (2e-7, "likely correct"),
        (1e-4, "likely correct"),
        (2e-4, "suspicious"),
        (1e-2, "suspicious"),
        (0.5, "wrong"),
        (float("inf"), "wrong"),
    ],
)
def test_cs231n_thresholds(error, verdict):
    assert gc.Verdict.of(error) == verdict


def test_relative_error_is_cs231n_and_refuses_nan():
    a, n = np.array([1.0, 0.0, -2.0]), np.array([1.0, 0.0, -1.0])
    assert gc.relative_error(a, n) == pytest.approx(1 / 3)
    assert gc.relative_error(a, np.array([1.0, np.nan, -2.0])) == float("inf")


def test_the_command_in_both_languages(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)
    runner = CliRunner()
    relu = MANIFEST.find("relu")
    _solve(workspace, relu)
    result = runner.invoke(app, ["gradcheck", "relu", "--lang", "en"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "gradcheck · relu_backward" in result.output and "✓ correct" in result.output
    _doubled(workspace, relu, "relu_backward")
    result = runner.invoke(app, ["gradcheck", "1", "--lang", "ko"], env={"COLUMNS": "100"})
    assert result.exit_code == 1 and "✗ 틀렸어요" in result.output
    result = runner.invoke(app, ["gradcheck", "sgd", "--lang", "en"], env={"COLUMNS": "100"})
    assert result.exit_code == 2
    assert "gradcheck works on exercises 1, 4, 7, 8, 9, 12, 13, 14" in result.output

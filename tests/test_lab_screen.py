"""The training lab in the TUI: from the wrap-up lesson, a scenario driven by the keyboard to its
end on the learner's own parts, its curves and accuracies on screen, and a stop that keeps what
was reached."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from textual.widgets import Static

from bigpicture.course.screens.lab_screen import LabScreen
from bigpicture.grader.lab import scenarios
from bigpicture.grader.progress import ExerciseProgress
from bigpicture.grader.status import Status
from tests.helpers import REPO
from tests.test_tui import make_app, settle, text_of

pytestmark = pytest.mark.anyio


def _lab(app) -> LabScreen:
    screen = app.screen
    assert isinstance(screen, LabScreen)
    return screen


async def test_the_lab_opens_from_the_wrap_up_only(workspace):
    app = make_app(workspace, lesson=8)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, "lesson")
        assert not app.screen.check_action("lab", ())
        await pilot.press("full_stop")  # on to lesson 9, the wrap-up
        await settle(pilot, "lesson")
        assert app.screen.check_action("lab", ())
        await pilot.press("a")
        await pilot.pause()
        assert _lab(app).id == "lab"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.id != "lab"


async def test_a_scenario_runs_to_its_end_on_the_learner_s_parts(workspace):
    shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace.path_of("relu"))
    with workspace.updating() as data:
        data.exercises["exercise1"] = ExerciseProgress(Status.PASSED, passed_ever=True)
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        assert "sigmoid stays" not in text_of(app, Static)  # nothing described before a choice
        await pilot.press("down", "up")  # highlight the first scenario: underfitting
        assert "The sigmoid net stays at chance" in text_of(app, Static)
        await pilot.press("enter")
        await settle(pilot, "lab", seconds=300)
        shown = text_of(app, Static)
        assert "relu (yours), relu_backward (yours)" in shown  # the ReLU run used the learner's
        assert "done: every run is saved" in shown and "loss gap" in shown
        results = {label: run for label, run in lab.finished}
        assert set(results) == {"sigmoid", "relu"}
        assert results["sigmoid"].test_acc < 0.3 < 0.9 < results["relu"].test_acc
        relu_row = next(line for line in shown.splitlines() if line.strip().startswith("relu "))
        assert f"{results['relu'].test_acc:.1%}" in relu_row
        assert [len(lab.curves.points[label]) for label in ("sigmoid", "relu")] == [20, 20]
        saved = sorted(p.stem for p in (workspace.state_dir / "runs").glob("*.json"))
        assert saved == ["underfitting-relu", "underfitting-sigmoid"]


async def test_s_stops_a_run_and_keeps_what_it_reached(workspace, monkeypatch):
    # Runs of 500 epochs: however slow the machine, s comes before the first run could end.
    slow = scenarios.find("slow")
    long_runs = tuple((label, replace(s, epochs=500)) for label, s in slow.runs)
    patched = tuple(replace(x, runs=long_runs) if x is slow else x for x in scenarios.SCENARIOS)
    monkeypatch.setattr(scenarios, "SCENARIOS", patched)
    app = make_app(workspace, lesson=9, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        await pilot.press("2")  # the second scenario, slow learning, in one key
        await pilot.pause()
        assert "그냥 SGD는 기어가고" in " ".join(text_of(app, Static).split())
        await pilot.press("s")
        await settle(pilot, "lab", seconds=300)
        assert len(lab.finished) == 1, [(label, len(run.epochs)) for label, run in lab.finished]
        label, run = lab.finished[0]
        assert label == "sgd" and run.test_acc is None and len(run.epochs) < 500
        assert "멈췄어요" in text_of(app, Static)


async def test_a_failing_part_of_yours_is_named_and_r_reruns_with_the_reference_s(workspace):
    workspace.path_of("relu").write_text(
        "import numpy as np\n\ndef relu(x):\n    return x * np.nan\n\n"
        "def relu_backward(dout, x):\n    return dout * (x > 0)\n",
        "utf-8",
    )
    with workspace.updating() as data:  # as if it had passed before it was broken
        data.exercises["exercise1"] = ExerciseProgress(Status.PASSED, passed_ever=True)
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        await pilot.press("down", "up", "enter")
        await settle(pilot, "lab", seconds=300)
        shown = " ".join(text_of(app, Static).split())
        assert "step 1: your relu failed (returned NaN or infinity)" in shown
        assert "Press r to run again with the reference's relu." in shown
        await pilot.press("r")
        await settle(pilot, "lab", seconds=300)
        assert [run.failure for _, run in lab.finished] == [None, None]
        assert lab.reference == {"relu"}
        assert "relu (reference)" in text_of(app, Static)


async def test_a_run_of_the_learner_s_own_choosing(workspace):
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        await pilot.press("end", "up", "enter")  # "Your own run…": the form takes the focus
        assert app.focused is lab.query_one("#run-model")
        lab.query_one("#run-lr").focus()
        await pilot.press(*"abc")  # typing replaces the field's text
        lab.query_one("#run-train").focus()
        await pilot.press("enter")
        assert "lr must be a number, not 'abc'" in text_of(app, Static)
        assert not lab.running
        for field, value in (("lr", "0.01"), ("epochs", "2"), ("train_size", "100")):
            lab.query_one(f"#run-{field}").focus()
            await pilot.press(*value)
        lab.query_one("#run-optimizer").focus()
        await pilot.press("enter", "up", "up", "up", "enter")  # adam → rmsprop → adagrad → nesterov
        lab.query_one("#run-train").focus()
        await pilot.press("enter")
        await settle(pilot, "lab", seconds=300)
        ((label, run),) = lab.finished
        assert label == "mlp-relu-nesterov-0.01" and len(run.epochs) == 2
        assert run.settings.train_size == 100 and run.test_acc is not None
        assert (workspace.state_dir / "runs" / "custom-mlp-relu-nesterov-0-01.json").exists()


async def test_saved_runs_are_overlaid_and_tabled(workspace):
    from bigpicture.grader.lab import runs
    from bigpicture.grader.lab.train import Epoch, Run, Settings

    folder = workspace.state_dir / "runs"
    for name, acc in (("first", 0.5), ("second", 0.9)):
        epochs = [Epoch(n, 16 * n, 1.0 / n, acc, 1.2 / n, acc - 0.01 * n, 0.1 * n) for n in (1, 2)]
        runs.save(Run(Settings(epochs=2), epochs, acc), folder, name)
    (folder / "edited.json").write_text('{"settings": {"model": "gru"}, "epochs": []}')
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert lab.curves.labels == ["first", "second"]
        assert lab.curves.points["second"] == [0.89, 0.88]
        shown = text_of(app, Static)
        assert "2 saved run(s)" in shown and "90.0%" in shown and "gru" not in shown


async def test_a_failure_of_the_lab_itself_is_said_and_the_course_runs_on(workspace, monkeypatch):
    from bigpicture.course.screens import lab_screen

    def broken(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(lab_screen, "learner_files", broken)
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("1")
        await settle(pilot, "lab")
        assert "The lab itself failed: OSError('disk gone')" in text_of(app, Static)
        assert not _lab(app).running
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen.id != "lab"


async def test_leaving_mid_run_stops_it_and_nothing_comes_back(workspace, monkeypatch):
    """Escape while a run trains: the run stops at its next epoch, and nothing of it reaches
    the screen that was left (its thread ends without an error)."""
    slow = scenarios.find("slow")
    long_runs = tuple((label, replace(s, epochs=500)) for label, s in slow.runs)
    patched = tuple(replace(x, runs=long_runs) if x is slow else x for x in scenarios.SCENARIOS)
    monkeypatch.setattr(scenarios, "SCENARIOS", patched)
    errors: list[BaseException] = []
    to_screen = LabScreen._from_thread

    def watched(self, *args) -> None:
        try:
            to_screen(self, *args)
        except BaseException as exc:
            errors.append(exc)
            raise

    monkeypatch.setattr(LabScreen, "_from_thread", watched)
    app = make_app(workspace, lesson=9)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lab = _lab(app)
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot, "lab", seconds=300)
        assert app.screen is not lab
        assert errors == []

"""The training lab with the learner's own files: one sandboxed job per run, its epochs streamed
back and read as hostile, failures named by part and step, and `bigpicture train` end to end."""

from __future__ import annotations

import importlib
import json

import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from bigpicture.grader.lab.parts import Parts
from bigpicture.grader.lab.session import LearnerFile, train_sandboxed
from bigpicture.grader.lab.train import Run, Settings, train
from bigpicture.grader.manifest import load_manifest
from tests.helpers import REPO

MANIFEST = load_manifest()
SMALL = Settings(epochs=3, train_size=200)


def _solution(query: str) -> LearnerFile:
    exercise = MANIFEST.find(query)
    return LearnerFile(exercise, exercise.file, (REPO / "solutions" / exercise.file).read_bytes())


def _file(query: str, source: str) -> LearnerFile:
    exercise = MANIFEST.find(query)
    return LearnerFile(exercise, exercise.file, source.encode())


def test_a_sandboxed_run_of_the_learner_s_parts_equals_the_same_run_in_process():
    files = [_solution(q) for q in ("affine", "relu", "softmax", "adam")]
    seen = []
    run = train_sandboxed(SMALL, files, on_epoch=lambda e: seen.append(e.epoch) or True)
    assert run.failure is None and seen == [1, 2, 3]
    assert run.yours == [
        "adam_step",
        "affine_backward",
        "affine_forward",
        "relu",
        "relu_backward",
        "softmax_cross_entropy",
    ]
    learner = {}
    for file in files:
        module = importlib.import_module(f"bigpicture.solutions.{file.exercise.module}")
        learner.update({name: getattr(module, name) for name in file.exercise.functions})
    here = train(SMALL, Parts(learner))
    assert [(e.train_loss, e.val_acc) for e in run.epochs] == pytest.approx(
        [(e.train_loss, e.val_acc) for e in here.epochs], rel=1e-12
    )
    assert run.test_acc == here.test_acc


def test_a_part_that_returns_nan_is_named_with_its_step():
    broken = "import numpy as np\ndef relu(x):\n    return x * np.nan\n"
    run = train_sandboxed(SMALL, [_file("relu", broken)])
    assert run.failure is not None and run.epochs == []
    assert "step 1: your relu failed (returned NaN or infinity)" in run.failure.en
    assert "--reference relu" in run.failure.en and "relu" in run.failure.ko


def test_a_part_that_exits_is_named_and_a_file_that_does_not_load_is_replaced():
    exits = "import sys\ndef relu(x):\n    sys.exit(3)\ndef relu_backward(d, x):\n    return d\n"
    run = train_sandboxed(SMALL, [_file("relu", exits)])
    assert "your relu failed (it called sys.exit(3))" in run.failure.en
    run = train_sandboxed(SMALL, [_file("relu", "def relu(x:\n")])
    assert run.failure is None and run.not_loaded == ["exercise1"] and run.yours == []


def test_a_part_that_never_ends_runs_out_of_cpu_time():
    loops = "def relu(x):\n    while True:\n        pass\ndef relu_backward(d, x):\n    return d\n"
    run = train_sandboxed(SMALL, [_file("relu", loops)], cpu_seconds=1.0)
    assert run.failure is not None and "used up its time" in run.failure.en


@pytest.mark.parametrize(
    ("forged", "said"),
    [
        ('{"event": "epoch", "epoch": 7}', "an epoch record with other keys"),
        ('{"event": "done", "test_acc": NaN, "yours": []}', "not finite"),
        ('{"event": "done", "test_acc": 2.0, "yours": []}', "test_acc = 2.0"),
        ('{"event": "reward", "points": 100}', "an unknown event 'reward'"),
        ('{"event": "loaded", "exercise": "exercise1", "ok": false}', "a file loaded twice"),
        ("[" * 100_000, "a line longer than 64 KiB"),
    ],
)
def test_a_forged_report_stops_the_run_with_a_plain_message(forged, said):
    """The learner's code shares the job with the lab's loop: whatever it writes to the report
    is read like the rest, and breaks nothing but its own run."""
    line = forged.encode() + b"\n"
    source = f"import os\nos.write(3, {line!r})\n"
    run = train_sandboxed(SMALL, [_file("relu", source)])
    assert run.failure is not None and "broke the lab's protocol" in run.failure.en
    assert said in run.failure.en


def test_a_sandbox_that_cannot_start_is_named_as_the_course_s_problem(monkeypatch):
    from bigpicture.grader.isolation.launcher import SandboxError
    from bigpicture.grader.lab import session

    class Refused:
        def __init__(self) -> None:
            pass

        def run_sections(self, *args, **kwargs):
            raise SandboxError("the sandbox for a job could not be made: no namespaces")

        def close(self) -> None:
            pass

    monkeypatch.setattr(session, "ZygoteLauncher", Refused)
    run = train_sandboxed(SMALL, [])
    assert "sandbox could not run on this machine" in run.failure.en
    assert "not your code's" in run.failure.en and run.epochs == []


def test_stopping_keeps_the_epochs_reached():
    run = train_sandboxed(Settings(epochs=50, train_size=200), [], on_epoch=lambda e: e.epoch < 2)
    assert len(run.epochs) == 2 and run.test_acc is None and run.failure is None


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["init", "ws", "--lang", "en"]).exit_code == 0
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def _bp(*args: str):
    return CliRunner().invoke(app, [*args], env={"COLUMNS": "120"})


def test_the_train_command_uses_passed_parts_saves_and_compares(workspace):
    (workspace / "exercise1_relu.py").write_bytes(
        (REPO / "solutions" / "exercise1_relu.py").read_bytes()
    )
    assert _bp("check", "1", "--lang", "en").exit_code == 0
    result = _bp("train", "--epochs", "2", "--train-size", "100", "--name", "first", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "relu (yours), relu_backward (yours), affine_forward (reference)" in result.output
    assert "epoch   2/2" in result.output and "test accuracy" in result.output
    saved = json.loads((workspace / ".bigpicture" / "runs" / "first.json").read_text())
    assert saved["settings"]["epochs"] == 2 and len(saved["epochs"]) == 2
    assert saved["yours"] == ["relu", "relu_backward"]
    result = _bp(
        "train", "--epochs", "1", "--train-size", "100", "--reference", "relu", "--lang", "ko"
    )
    assert "relu (모범)" in result.output and "relu_backward (내 것)" in result.output
    compared = _bp("train", "--compare", "--lang", "en")
    assert (
        compared.exit_code == 0
        and "first" in compared.output
        and "mlp 2x64 relu" in compared.output
    )


def test_a_scenario_is_one_command(workspace):
    result = _bp("train", "--scenario", "underfitting", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Underfitting: sigmoid vs ReLU" in result.output and "stays at chance" in result.output
    runs = {p.stem for p in (workspace / ".bigpicture" / "runs").glob("*.json")}
    assert runs == {"underfitting-sigmoid", "underfitting-relu"}
    assert "underfitting-relu" in result.output.split("steps→0.5")[-1]  # the comparison table


def test_ctrl_c_in_a_scenario_stops_the_scenario_not_just_its_run(workspace, monkeypatch):
    """train_sandboxed returns a run ctrl+c stopped (no test accuracy): the shell's scenario
    ends there, with a failing status, instead of going on to its next run."""
    from bigpicture.course import train_command

    started = []

    def stopped(settings, files, on_epoch=None):
        started.append(settings)
        return Run(settings)  # no epoch reached, no test accuracy: stopped

    monkeypatch.setattr(train_command, "train_sandboxed", stopped)
    result = _bp("train", "--scenario", "underfitting", "--lang", "en")
    assert result.exit_code != 0 and len(started) == 1, result.output


def test_bad_choices_are_usage_errors(workspace):
    result = _bp("train", "--model", "gru")
    assert result.exit_code == 2 and "'gru' is not one of" in result.output
    assert _bp("train", "--dropout", "1").exit_code == 2
    assert _bp("train", "--scenario", "nope").exit_code == 2
    result = _bp("train", "--reference", "sigmoidd")
    assert result.exit_code == 2 and "sigmoidd is not a part" in result.output

"""The training lab's core on the reference engine: its data, its nets' gradients, the guard
that names a failing part, and the claim of each of the five scenarios on a fixed seed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

import numpy as np
import pytest

from bigpicture.grader.lab import data, runs, scenarios
from bigpicture.grader.lab.models import CNN, MLP, Recurrent
from bigpicture.grader.lab.parts import PartError, Parts
from bigpicture.grader.lab.train import OPTIMIZERS, Settings, train
from tests.helpers import REPO

README = REPO / "course" / "data" / "README.md"


def test_the_digits_are_the_shipped_file_with_its_attribution():
    raw = data.DIGITS.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == data.DIGITS_SHA256
    readme = README.read_text("utf-8")
    assert data.DIGITS_SHA256 in readme
    for words in ("Alpaydin", "Kaynak", "CC BY 4.0", "10.24432/C50P49", "scikit-learn"):
        assert words in readme
    images, labels = data.load_digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert images.min() == 0.0 and images.max() == 1.0
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_a_changed_data_file_is_refused(tmp_path, monkeypatch):
    changed = tmp_path / "digits.npz"
    raw = data.DIGITS.read_bytes()
    changed.write_bytes(raw[:100] + bytes([raw[100] ^ 1]) + raw[101:])
    monkeypatch.setattr(data, "DIGITS", changed)
    with pytest.raises(data.DataError, match="not the file the course shipped"):
        data.load_digits()


def test_the_test_set_is_fixed_and_the_splits_never_overlap():
    one, two = data.digits(100, seed=1), data.digits(data.MAX_TRAIN, seed=2)
    assert np.array_equal(one.test.x, two.test.x) and len(one.test) == data.TEST_SIZE
    assert not np.array_equal(one.validation.x, two.validation.x)
    assert len(one.train) == 100 and len(one.validation) == data.VALIDATION_SIZE
    # Every image lands in exactly one split when the training set takes all that is left.
    everything = np.concatenate([two.train.x, two.validation.x, two.test.x])
    images = data.load_digits()[0].reshape(1797, 64)
    assert sorted(map(bytes, everything)) == sorted(map(bytes, images))
    assert data.digits(5, seed=0, flat=False).train.x.shape == (5, 1, 8, 8)


def test_the_sequence_task_puts_the_answer_at_the_first_step():
    task = data.remember_first(gap=6, seed=0, train_size=50)
    x, y = task.train.x, task.train.y
    assert x.shape == (50, 7, 5) and task.classes == 4
    assert np.array_equal(np.argmax(x[:, 0, :4], axis=1), y)
    assert np.all(x[:, -1, 4] == 1.0) and np.all(x[:, 0, 4] == 0.0)


def _numeric(model, x, y, parts, key, step=1e-6):
    w = model.params[key]
    grad = np.zeros_like(w)
    for i in range(w.size):
        old = w.flat[i]
        w.flat[i] = old + step
        plus = model.loss(x, y, parts, None)[0]
        w.flat[i] = old - step
        minus = model.loss(x, y, parts, None)[0]
        w.flat[i] = old
        grad.flat[i] = (plus - minus) / (2 * step)
    return grad


@pytest.mark.parametrize("which", ["mlp-relu", "mlp-sigmoid", "cnn", "rnn", "lstm"])
def test_every_net_s_gradients_match_central_differences(which):
    rng = np.random.default_rng(3)
    y = rng.integers(0, 3, size=4)
    if which.startswith("mlp"):
        model = MLP(5, 3, 2, 4, which.split("-")[1], 0.0, rng)
        x = rng.normal(size=(4, 5))
    elif which == "cnn":
        model = CNN(3, 2, rng)
        x = rng.normal(size=(4, 1, 8, 8))
    else:
        model = Recurrent(3, 3, 4, which, rng)
        x = rng.normal(size=(4, 5, 3))
    parts = Parts()
    _, grads = model.loss(x, y, parts, None)
    assert set(grads) == set(model.params)
    for key in model.params:
        numeric = _numeric(model, x, y, parts, key)
        scale = max(np.abs(numeric).max(), 1e-8)
        assert np.abs(grads[key] - numeric).max() / scale < 1e-5, key


def test_a_failing_part_is_named_with_its_step():
    calls = []

    def broken_sigmoid(x):
        """Right until its fifth call: the first layer's at step 3 (two layers a step)."""
        calls.append(1)
        return 1.0 / (1.0 + np.exp(-x)) * (np.nan if len(calls) == 5 else 1.0)

    parts = Parts({"sigmoid": broken_sigmoid})
    with pytest.raises(PartError) as caught:
        train(Settings(activation="sigmoid", epochs=1, train_size=500), parts)
    assert (caught.value.part, caught.value.yours, caught.value.step) == ("sigmoid", True, 3)
    assert caught.value.problem == "returned NaN or infinity"


def test_a_part_that_raises_is_named_too():
    def affine_forward(x, w, b):
        raise IndexError("tuple index out of range")

    with pytest.raises(PartError, match=r"affine_forward \(yours\) at step 1: IndexError"):
        train(Settings(epochs=1, train_size=10), Parts({"affine_forward": affine_forward}))


def test_the_parts_used_are_reported_and_yours_listed():
    from bigpicture.grader import engine

    run = train(Settings(epochs=1, train_size=64), Parts({"relu": engine.relu}))
    assert run.yours == ["relu"] and len(run.epochs) == 1 and run.test_acc is not None


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
def test_every_optimizer_lowers_the_loss(optimizer):
    lr = 0.05 if optimizer in ("sgd", "momentum", "nesterov", "adagrad") else 3e-3
    run = train(
        Settings(optimizer=optimizer, lr=lr, epochs=3, train_size=300, weight_decay=1e-3), Parts()
    )
    assert run.epochs[-1].train_loss < run.epochs[0].train_loss < np.log(10)


def test_a_run_can_be_stopped_after_any_epoch():
    seen = []
    run = train(
        Settings(epochs=10, train_size=64),
        Parts(),
        on_epoch=lambda e: seen.append(e) or len(seen) < 2,
    )
    assert len(run.epochs) == 2 and run.test_acc is None


def test_saved_runs_read_back_and_anything_else_in_their_folder_is_skipped(tmp_path):
    """Runs are files a learner may edit: whatever is not a run is skipped, never a crash."""
    run = train(Settings(epochs=2, train_size=64), Parts())
    runs.save(run, tmp_path, "My first run!")
    (tmp_path / "not-json.json").write_text("{")
    (tmp_path / "a-list.json").write_text("[1, 2]")
    (tmp_path / "bad-epochs.json").write_text('{"settings": {}, "epochs": [1]}')
    (tmp_path / "bad-settings.json").write_text('{"settings": {"lr": -1}, "epochs": []}')
    (tmp_path / "unknown-key.json").write_text('{"settings": {"colour": 1}, "epochs": []}')
    (tmp_path / "text-lr.json").write_text('{"settings": {"lr": "0.1"}, "epochs": []}')
    epoch = {"epoch": 1, "steps": 4, "train_loss": 1.0, "train_acc": "90%", "val_loss": 1.0}
    text_epoch = {"settings": {}, "epochs": [{**epoch, "val_acc": 0.5, "seconds": 0.1}]}
    (tmp_path / "text-accuracy.json").write_text(json.dumps(text_epoch))
    [(name, back)] = runs.load_runs(tmp_path)
    assert name == "my-first-run"
    assert (back.settings, back.epochs, back.test_acc) == (run.settings, run.epochs, run.test_acc)
    assert runs.load_runs(tmp_path / "none") == []


def test_bad_settings_are_named():
    problems = Settings(model="gru", lr=-1.0, dropout=1.0, train_size=5000).problems()
    assert len(problems) == 4 and any("model must be one of mlp" in p for p in problems)
    assert Settings().problems() == []


def _runs(name, only=None):
    scenario = scenarios.find(name)
    return {
        label: train(settings, Parts())
        for label, settings in scenario.runs
        if only is None or label in only
    }


def test_underfitting_sigmoid_stays_near_chance_while_relu_learns():
    runs = _runs("underfitting")
    assert runs["sigmoid"].epochs[-1].val_acc < 0.3
    assert runs["relu"].epochs[-1].val_acc > 0.9


def test_slow_learning_plain_sgd_needs_the_most_steps():
    runs = _runs("slow")
    steps = {label: scenarios.steps_to(run, scenarios.TARGET_LOSS) for label, run in runs.items()}
    assert steps["sgd"] is None  # not within its 15 epochs
    assert all(steps[label] is not None for label in steps if label != "sgd")
    assert steps["adam"] <= steps["momentum"] * 1.5 and steps["rmsprop"] < steps["momentum"]


def test_overfitting_shows_a_gap_that_regularisation_shrinks():
    runs = _runs("overfitting", only=("plain", "both"))
    plain, both = runs["plain"].epochs[-1], runs["both"].epochs[-1]
    assert plain.train_acc == 1.0 and plain.val_acc < 0.95
    assert plain.val_loss - plain.train_loss > 0.3
    assert both.val_loss - both.train_loss < 0.85 * (plain.val_loss - plain.train_loss)


def test_images_a_cnn_beats_an_mlp_of_the_same_size():
    runs = _runs("images")
    assert runs["cnn"].test_acc > runs["mlp"].test_acc + 0.03


def test_sequences_an_lstm_remembers_across_a_gap_an_rnn_cannot():
    runs = _runs("sequences")
    assert runs["rnn, gap 5"].test_acc > 0.95 and runs["lstm, gap 5"].test_acc > 0.95
    assert runs["lstm, gap 20"].test_acc > 0.9
    assert runs["rnn, gap 20"].test_acc < 0.7


def test_every_scenario_says_what_to_look_for_in_both_languages():
    import re

    for scenario in scenarios.SCENARIOS:
        assert scenario.look_for.en and re.search("[가-힣]", scenario.look_for.ko)
        assert len(scenario.runs) >= 2
        assert all(settings.problems() == [] for _, settings in scenario.runs)
    with pytest.raises(KeyError, match="there are underfitting, slow"):
        scenarios.find("nope")


def test_replace_keeps_settings_frozen():
    assert replace(Settings(), lr=0.5).lr == 0.5

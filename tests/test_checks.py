"""The checks of every exercise, run for real: reference solutions pass, stubs are "not
implemented", and exact messages for mistakes (tests/test_feedback.py sweeps every mistake)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bigpicture.grader.grading import NOT_IMPLEMENTED, PASSED, ExerciseResult, grade_file
from bigpicture.grader.manifest import load_manifest
from tests.helpers import FIXTURES, MISTAKES, REPO, messages

SEED = 20240611
EXERCISES = load_manifest().exercises


@functools.cache
def grade(exercise_id: str, path: Path, seed: int = SEED) -> ExerciseResult:
    return grade_file(load_manifest().find(exercise_id), path, seed=seed, timeout=10.0)


def failures(result: ExerciseResult) -> str:
    """The names and messages of the failed checks, in English, as one text."""
    return "\n".join(f"{c.name.en}\n{c.message.en}" for c in result.checks if not c.passed)


def failed_message(result: ExerciseResult, check_name: str) -> str:
    (check,) = [c for c in result.checks if c.name.en.startswith(check_name)]
    assert not check.passed
    return check.message.en


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_solution_passes(exercise):
    result = grade(exercise.id, REPO / "solutions" / exercise.file)
    assert result.status == PASSED, failures(result)
    assert result.score == 1.0


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_stub_is_not_implemented(exercise):
    result = grade(exercise.id, REPO / "exercises" / exercise.file)
    assert result.status == NOT_IMPLEMENTED
    assert result.score == 0.0
    assert all(m.startswith("not implemented yet: ") for m in messages(result))


def test_hard_coded_answer_fails():
    result = grade("exercise1", FIXTURES / "exercise1_hardcoded.py")
    passed = {c.name.en for c in result.checks if c.passed}
    assert "relu on a fixed example with exact zeros" in passed
    assert result.status != PASSED
    assert failed_message(result, "relu on random input").startswith("relu: out ")


# (mistake file, failing check, the exact English message the learner reads there)
EXACT = [
    (
        "exercise5/flipped_kernel",
        "fixed example",
        "conv_forward: out is wrong. Max relative error 1.0e+00 at index (0, 0, 2, 0): "
        "expected -4, got 4.\n"
        "It looks like the kernel was flipped (true convolution). PyTorch's conv2d, and this "
        "exercise, use cross-correlation: multiply x_padded[..., i*stride + k, j*stride + l] by "
        "w[..., k, l] without flipping w.",
    ),
    (
        "exercise5/ignores_padding",
        "pad 1 on a 5x6 image",
        "conv_forward: out has shape (2, 3, 3, 4), expected (2, 3, 5, 6).\n"
        "It looks like pad was ignored. Zero-pad x on both sides of H and W: "
        "np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))), and use it in the output size.",
    ),
    (
        "exercise3/t_minus_one",
        "first step (t = 1)",
        "adam_step: w_next contains nan at index (0, 0) (expected finite numbers everywhere).\n"
        "It looks like you bias-corrected with t - 1 (at t = 1 that divides by zero). t already "
        "counts from 1: use beta1**t and beta2**t.",
    ),
    (
        "exercise4/uses_np_random",
        "same rng seed gives the same mask",
        "Calls with the same rng seed gave different masks (the global np.random seed "
        "differed). Draw the mask from the rng argument, rng.random(x.shape), never from "
        "np.random.",
    ),
    (
        "exercise6/includes_h0",
        "rnn_forward on a fixed example",
        "rnn_forward: h has shape (2, 5, 2), expected (2, 4, 2).\n"
        "It looks like h0 was put at the front of the output (T + 1 steps). Return only the T "
        "states computed from x: h has shape (N, T, H).",
    ),
    (
        "exercise12/not_cropped",
        "pad 2 on a 4x5 image",
        "conv_backward: dx has shape (2, 2, 8, 9), expected (2, 2, 4, 5).\n"
        "It looks like dx was returned with the padded shape: x_padded's gradient includes the "
        "pad zeros' rows and columns, which are not inputs. Crop them off: "
        "dx = dx_padded[:, :, pad : pad + H, pad : pad + W].",
    ),
    (
        "exercise13/row_col_swapped",
        "backward, fixed example",
        "max_pool_backward: dx is wrong. Max relative error 1.0e+00 at index (0, 0, 0, 1): "
        "expected 1, got 0.\n"
        "It looks like the row and the column of each window's maximum were swapped. np.argmax "
        "of a flattened size x size window k gives row k // size and column k % size (or use "
        "np.unravel_index(k, (size, size))).",
    ),
    (
        "exercise5/pads_by_one",
        "pad 2 on a 4x5 image",
        "conv_forward: out has shape (2, 3, 4, 5), expected (2, 3, 6, 7).\n"
        "It looks like x was padded by 1 pixel whatever pad is. Add pad rows and columns of zeros "
        "on every side: np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).",
    ),
    (
        "exercise5/channel_loop_overwrites",
        "fixed example",
        "conv_forward: out is wrong. Max relative error 1.0e+00 at index (0, 0, 0, 0): "
        "expected -10, got 9.\n"
        "It looks like only the last input channel counts: in a loop over the channels, `=` "
        "replaces what the earlier channels gave. Sum over every channel: out[...] += ..., or one "
        "np.sum over C, HH and WW.",
    ),
    (
        "exercise6/reversed_time",
        "rnn_forward on a fixed example",
        "rnn_forward: h is wrong. Max relative error 1.0e+00 at index (0, 1, 1): expected "
        "-0.191837, got 0.631189.\n"
        "It looks like the sequence was read backwards, from t = T - 1 down to 0. Step through it "
        "in order: for t in range(T).",
    ),
    (
        "exercise2/w_in_place",
        "sgd_step leaves its inputs unchanged",
        "sgd_step modified its input in place (w). The caller still needs those values: work on "
        "a copy or build a new array (e.g. w_next = w - lr * velocity_next, not w -= ...).",
    ),
    (
        "exercise10/adagrad_state_in_place",
        "nesterov_step and adagrad_step and rmsprop_step leave their inputs unchanged",
        "adagrad_step modified its input in place (state_sum). The caller still needs those "
        "values: work on a copy or build a new array (e.g. state_next = state + dw**2, not "
        "state += dw**2).",
    ),
    (
        "exercise7/dw_transposed",
        "affine_backward on a fixed example",
        "affine_backward: dw has shape (4, 3), expected (3, 4).\n"
        "It looks like dw = dout.T @ x, which is (M, D): the transpose of the right answer. dw "
        "has w's shape (D, M): x.T (D, N) times dout (N, M), dw = x.T @ dout.",
    ),
    (
        "exercise9/sum_loss",
        "softmax_cross_entropy on a fixed example",
        "softmax_cross_entropy: loss is wrong. Max relative error 5.0e-01 at index (): expected "
        "1.29044, got 3.87131.\n"
        "It looks like the loss is the sum over the samples, not the mean: it is N times too "
        "large. Average: loss = -log_p[np.arange(N), y].mean().",
    ),
]


@pytest.mark.parametrize(("mistake", "check", "message"), EXACT, ids=[e[0] for e in EXACT])
def test_exact_message(mistake, check, message):
    path = MISTAKES / f"{mistake}.py"
    assert failed_message(grade(path.parent.name, path), check) == message


def test_message_adam_without_bias_correction():
    result = grade("exercise3", MISTAKES / "exercise3" / "no_bias_correction.py")
    message = failed_message(result, "first step (t = 1)")
    assert message.startswith("adam_step: w_next is wrong. Max relative error ")
    assert message.endswith(
        "\nIt looks like the bias correction is missing: divide m_next by (1 - beta1**t) and "
        "v_next by (1 - beta2**t) before the step."
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_solutions_pass_whatever_the_seed(seed):
    for exercise in EXERCISES:
        result = grade(exercise.id, REPO / "solutions" / exercise.file, seed)
        assert result.status == PASSED, (exercise.id, seed, failures(result))

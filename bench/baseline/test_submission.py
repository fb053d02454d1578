"""The usual CI pattern the bulk-grading bench compares against: one pytest process per
submission, testing its six exercise files against the reference solutions.

Run as `SUBMISSION=folder python -m pytest bench/baseline/test_submission.py`.
"""

import importlib.util
import os
from pathlib import Path

import numpy as np

from bigpicture.solutions import (
    exercise1_relu,
    exercise2_sgd,
    exercise3_adam,
    exercise4_dropout,
    exercise5_conv,
    exercise6_rnn,
)

FOLDER = Path(os.environ["SUBMISSION"])
RNG = np.random.default_rng(0)


def submitted(name):
    spec = importlib.util.spec_from_file_location(name, FOLDER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_relu():
    mine, x = submitted("exercise1_relu"), RNG.standard_normal((4, 5))
    np.testing.assert_allclose(mine.relu(x), exercise1_relu.relu(x))
    np.testing.assert_allclose(mine.relu_backward(x, x), exercise1_relu.relu_backward(x, x))


def test_sgd():
    mine, w = submitted("exercise2_sgd"), RNG.standard_normal(5)
    for got, want in zip(
        mine.sgd_step(w, w, 0.1, 0.9, w), exercise2_sgd.sgd_step(w, w, 0.1, 0.9, w), strict=True
    ):
        np.testing.assert_allclose(got, want)


def test_adam():
    mine, w = submitted("exercise3_adam"), RNG.standard_normal(5)
    got, want = mine.adam_step(w, w, w, w**2, 3), exercise3_adam.adam_step(w, w, w, w**2, 3)
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b)


def test_dropout():
    mine, x = submitted("exercise4_dropout"), RNG.standard_normal((20, 20))
    out, mask = mine.dropout_forward(x, 0.3, True, np.random.default_rng(1))
    np.testing.assert_allclose(out, x * mask / 0.7)
    np.testing.assert_allclose(
        mine.dropout_backward(x, mask, 0.3), exercise4_dropout.dropout_backward(x, mask, 0.3)
    )


def test_conv():
    mine = submitted("exercise5_conv")
    x, w, b = RNG.standard_normal((2, 3, 8, 8)), RNG.standard_normal((4, 3, 3, 3)), np.ones(4)
    np.testing.assert_allclose(
        mine.conv_forward(x, w, b, 2, 1), exercise5_conv.conv_forward(x, w, b, 2, 1)
    )


def test_rnn():
    mine = submitted("exercise6_rnn")
    x, h0 = RNG.standard_normal((2, 5, 4)), RNG.standard_normal((2, 6))
    wx, wh, b = RNG.standard_normal((4, 6)), RNG.standard_normal((6, 6)), RNG.standard_normal(6)
    np.testing.assert_allclose(
        mine.rnn_forward(x, h0, wx, wh, b), exercise6_rnn.rnn_forward(x, h0, wx, wh, b)
    )

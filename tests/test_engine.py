"""The reference engine against the reference solutions, numerical gradients and bad input.

The PyTorch oracle lives in ``test_engine_torch.py``.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bigpicture.grader import engine
from bigpicture.grader.limits import GRAD_REL_TOL, REL_TOL, max_rel_error
from bigpicture.solutions import (
    exercise1_relu,
    exercise2_sgd,
    exercise3_adam,
    exercise4_dropout,
    exercise5_conv,
    exercise6_rnn,
)
from tests.gradcheck import gradient_error, numerical_gradient
from tests.strategies import (
    ConvShape,
    PoolShape,
    RnnShape,
    array_shapes,
    conv_shapes,
    pool_shapes,
    rnn_shapes,
    seeds,
)

FEW = settings(max_examples=25, deadline=None)
FEWER = settings(max_examples=10, deadline=None)


# Conv, the RNN, the LSTM and max pooling choose their path by problem size: plain numpy for
# grading's sizes, numba kernels for large problems. Tests that take ``path`` run both on every
# input.
PATHS = ("numpy", "numba")
engine_path = engine.forced_path


def conv_arrays(shape: ConvShape, seed: int):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((shape.n, shape.c, shape.h, shape.w))
    w = rng.standard_normal((shape.f, shape.c, shape.hh, shape.ww))
    b = rng.standard_normal(shape.f)
    h_out = 1 + (shape.h + 2 * shape.pad - shape.hh) // shape.stride
    w_out = 1 + (shape.w + 2 * shape.pad - shape.ww) // shape.stride
    dout = rng.standard_normal((shape.n, shape.f, h_out, w_out))
    return x, w, b, dout


def rnn_arrays(shape: RnnShape, seed: int):
    """Weights scaled so that tanh stays away from saturation."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((shape.n, shape.t, shape.d))
    h0 = rng.standard_normal((shape.n, shape.h))
    wx = rng.standard_normal((shape.d, shape.h)) / np.sqrt(shape.d + shape.h)
    wh = rng.standard_normal((shape.h, shape.h)) / np.sqrt(shape.d + shape.h)
    b = 0.1 * rng.standard_normal(shape.h)
    dh = rng.standard_normal((shape.n, shape.t, shape.h))
    return x, h0, wx, wh, b, dh


def lstm_arrays(shape: RnnShape, seed: int):
    """As :func:`rnn_arrays`, with four gates' worth of weights (D, 4H), (H, 4H), (4H,)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((shape.n, shape.t, shape.d))
    h0 = rng.standard_normal((shape.n, shape.h))
    scale = 1 / np.sqrt(shape.d + shape.h)
    wx = rng.standard_normal((shape.d, 4 * shape.h)) * scale
    wh = rng.standard_normal((shape.h, 4 * shape.h)) * scale
    b = 0.1 * rng.standard_normal(4 * shape.h)
    dh = rng.standard_normal((shape.n, shape.t, shape.h))
    return x, h0, wx, wh, b, dh


def pool_arrays(shape: PoolShape, seed: int, ties: bool):
    """Images and an upstream gradient; with ``ties``, small integers, so that most windows
    hold their maximum more than once (the first one, row-major, gets the gradient)."""
    rng = np.random.default_rng(seed)
    x = 3 * rng.standard_normal((shape.n, shape.c, shape.h, shape.w))
    if ties:
        x = np.round(x)
    h_out = (shape.h - shape.size) // shape.stride + 1
    w_out = (shape.w - shape.size) // shape.stride + 1
    dout = rng.standard_normal((shape.n, shape.c, h_out, w_out))
    return x, dout


# --- against the reference solutions and plain numpy ------------------------------------


@FEW
@given(shape=array_shapes(), seed=seeds())
def test_relu_matches_solution(shape, seed):
    rng = np.random.default_rng(seed)
    x, dout = rng.standard_normal(shape), rng.standard_normal(shape)
    assert max_rel_error(exercise1_relu.relu(x), engine.relu(x)) <= REL_TOL
    expected = exercise1_relu.relu_backward(dout, x)
    assert max_rel_error(expected, engine.relu_backward(dout, x)) <= REL_TOL


def test_relu_gradient_is_zero_at_zero():
    assert engine.relu_backward(np.ones(3), np.array([-1.0, 0.0, 1.0])).tolist() == [0, 0, 1]


@FEW
@given(shape=array_shapes(), seed=seeds())
def test_sigmoid_matches_numpy(shape, seed):
    rng = np.random.default_rng(seed)
    x, dout = 5 * rng.standard_normal(shape), rng.standard_normal(shape)
    out = 1 / (1 + np.exp(-x))
    assert max_rel_error(out, engine.sigmoid(x)) <= REL_TOL
    assert max_rel_error(dout * out * (1 - out), engine.sigmoid_backward(dout, out)) <= REL_TOL


def test_sigmoid_is_stable_for_large_inputs():
    with np.errstate(all="raise"):
        out = engine.sigmoid(np.array([-1e308, -1000.0, 0.0, 1000.0, 1e308]))
    assert out.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


@FEW
@given(shape=array_shapes(max_dims=3), seed=seeds(), momentum=st.sampled_from([0.0, 0.5, 0.9]))
def test_sgd_matches_solution(shape, seed, momentum):
    rng = np.random.default_rng(seed)
    w, velocity = rng.standard_normal(shape), None
    ref_w, ref_velocity = w, None
    for _ in range(3):
        dw = rng.standard_normal(shape)
        w, velocity = engine.sgd_step(w, dw, 0.1, momentum, velocity)
        ref_w, ref_velocity = exercise2_sgd.sgd_step(ref_w, dw, 0.1, momentum, ref_velocity)
        assert max_rel_error(ref_w, w) <= REL_TOL
        assert max_rel_error(ref_velocity, velocity) <= REL_TOL


@FEW
@given(shape=array_shapes(max_dims=3), seed=seeds())
def test_adam_matches_solution(shape, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    m, v = np.zeros(shape), np.zeros(shape)
    ref = (w, m, v)
    for t in range(1, 5):
        dw = rng.standard_normal(shape)
        w, m, v = engine.adam_step(w, dw, m, v, t, lr=0.01)
        ref = exercise3_adam.adam_step(ref[0], dw, ref[1], ref[2], t, lr=0.01)
        for expected, got in zip(ref, (w, m, v), strict=True):
            assert max_rel_error(expected, got) <= REL_TOL


@FEW
@given(shape=array_shapes(), seed=seeds(), p=st.sampled_from([0.0, 0.25, 0.5, 0.9]))
def test_dropout_matches_solution(shape, seed, p):
    x = np.random.default_rng(seed).standard_normal(shape)
    out, mask = engine.dropout_forward(x, p, True, np.random.default_rng(seed))
    ref_out, ref_mask = exercise4_dropout.dropout_forward(x, p, True, np.random.default_rng(seed))
    assert mask.dtype == bool and mask.shape == x.shape
    assert max_rel_error(x * mask / (1 - p), out) <= REL_TOL
    if np.array_equal(mask, ref_mask):  # the same mask rule; otherwise only check the formula
        assert max_rel_error(ref_out, out) <= REL_TOL
    expected = exercise4_dropout.dropout_backward(out, mask, p)
    assert max_rel_error(expected, engine.dropout_backward(out, mask, p)) <= REL_TOL


def test_dropout_eval_mode_copies_and_draws_nothing():
    x, rng = np.arange(6.0).reshape(2, 3), np.random.default_rng(0)
    out, mask = engine.dropout_forward(x, 0.5, False, rng)
    assert np.array_equal(out, x) and out is not x and mask.all()
    assert rng.random() == np.random.default_rng(0).random()


def test_dropout_with_p_one_gives_zeros():
    x = np.ones((3, 4))
    out, mask = engine.dropout_forward(x, 1.0, True, np.random.default_rng(0))
    assert not out.any() and not mask.any()
    assert not engine.dropout_backward(x, mask, 1.0).any()


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=conv_shapes(), seed=seeds())
def test_conv_forward_matches_solution(path, shape, seed):
    x, w, b, _ = conv_arrays(shape, seed)
    expected = exercise5_conv.conv_forward(x, w, b, shape.stride, shape.pad)
    with engine_path(path):
        got = engine.conv_forward(x, w, b, shape.stride, shape.pad)
    assert max_rel_error(expected, got) <= REL_TOL


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=rnn_shapes(), seed=seeds())
def test_rnn_matches_solution(path, shape, seed):
    x, h0, wx, wh, b, _ = rnn_arrays(shape, seed)
    with engine_path(path):
        step, h = engine.rnn_step(x[:, 0], h0, wx, wh, b), engine.rnn_forward(x, h0, wx, wh, b)
    assert max_rel_error(exercise6_rnn.rnn_step(x[:, 0], h0, wx, wh, b), step) <= REL_TOL
    assert max_rel_error(exercise6_rnn.rnn_forward(x, h0, wx, wh, b), h) <= REL_TOL


# --- against numerical gradients ---------------------------------------------------------


@FEW
@given(shape=array_shapes(max_dims=3), seed=seeds())
def test_relu_backward_numerically(shape, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    x = np.where(np.abs(x) < 0.1, 0.5, x)  # keep away from the kink
    dout = rng.standard_normal(shape)
    expected = numerical_gradient(engine.relu, x, dout)
    assert gradient_error(expected, engine.relu_backward(dout, x)) <= GRAD_REL_TOL


@FEW
@given(shape=array_shapes(max_dims=3), seed=seeds())
def test_sigmoid_backward_numerically(shape, seed):
    rng = np.random.default_rng(seed)
    x, dout = rng.standard_normal(shape), rng.standard_normal(shape)
    expected = numerical_gradient(engine.sigmoid, x, dout)
    got = engine.sigmoid_backward(dout, engine.sigmoid(x))
    assert gradient_error(expected, got) <= GRAD_REL_TOL


@FEW
@given(shape=array_shapes(max_dims=3), seed=seeds(), p=st.sampled_from([0.0, 0.3, 0.8]))
def test_dropout_backward_numerically(shape, seed, p):
    rng = np.random.default_rng(seed)
    x, dout = rng.standard_normal(shape), rng.standard_normal(shape)
    _, mask = engine.dropout_forward(x, p, True, np.random.default_rng(seed))

    def forward(x_):
        return engine.dropout_forward(x_, p, True, np.random.default_rng(seed))[0]

    expected = numerical_gradient(forward, x, dout)
    assert gradient_error(expected, engine.dropout_backward(dout, mask, p)) <= GRAD_REL_TOL


@pytest.mark.parametrize("path", PATHS)
@FEWER
@given(shape=conv_shapes(max_side=5), seed=seeds())
def test_conv_backward_numerically(path, shape, seed):
    x, w, b, dout = conv_arrays(shape, seed)
    s, p = shape.stride, shape.pad
    with engine_path(path):
        dx, dw, db = engine.conv_backward(dout, x, w, b, s, p)
        expected_dx = numerical_gradient(lambda x_: engine.conv_forward(x_, w, b, s, p), x, dout)
        expected_dw = numerical_gradient(lambda w_: engine.conv_forward(x, w_, b, s, p), w, dout)
        expected_db = numerical_gradient(lambda b_: engine.conv_forward(x, w, b_, s, p), b, dout)
    assert gradient_error(expected_dx, dx) <= GRAD_REL_TOL
    assert gradient_error(expected_dw, dw) <= GRAD_REL_TOL
    assert gradient_error(expected_db, db) <= GRAD_REL_TOL


#: Each recurrent layer: its arrays, its forward and its backward.
RECURRENT = {
    "rnn": (rnn_arrays, "rnn_forward", "rnn_backward"),
    "lstm": (lstm_arrays, "lstm_forward", "lstm_backward"),
}


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("layer", sorted(RECURRENT))
@FEWER
@given(shape=rnn_shapes(max_side=4), seed=seeds())
def test_recurrent_backward_numerically(layer, path, shape, seed):
    arrays, forward_name, backward_name = RECURRENT[layer]
    x, h0, wx, wh, b, dh = arrays(shape, seed)
    args = [x, h0, wx, wh, b]
    with engine_path(path):
        grads = getattr(engine, backward_name)(dh, x, h0, wx, wh, b)
        for i, got in enumerate(grads):

            def forward(value, i=i):
                return getattr(engine, forward_name)(*args[:i], value, *args[i + 1 :])

            assert gradient_error(numerical_gradient(forward, args[i], dh), got) <= GRAD_REL_TOL


@pytest.mark.parametrize("path", PATHS)
@FEWER
@given(shape=pool_shapes(max_side=5), seed=seeds())
def test_max_pool_backward_numerically(path, shape, seed):
    x, dout = pool_arrays(shape, seed, ties=False)  # distinct values: no kink within the step
    with engine_path(path):
        expected = numerical_gradient(
            lambda x_: engine.max_pool_forward(x_, shape.size, shape.stride), x, dout
        )
        got = engine.max_pool_backward(dout, x, shape.size, shape.stride)
    assert gradient_error(expected, got) <= GRAD_REL_TOL


def conv_passes(shape: ConvShape):
    x, w, b, dout = conv_arrays(shape, 0)
    s, p = shape.stride, shape.pad
    return engine.conv_forward(x, w, b, s, p), *engine.conv_backward(dout, x, w, b, s, p)


def rnn_passes(shape: RnnShape):
    x, h0, wx, wh, b, dh = rnn_arrays(shape, 0)
    return engine.rnn_forward(x, h0, wx, wh, b), *engine.rnn_backward(dh, x, h0, wx, wh, b)


def lstm_passes(shape: RnnShape):
    x, h0, wx, wh, b, dh = lstm_arrays(shape, 0)
    return engine.lstm_forward(x, h0, wx, wh, b), *engine.lstm_backward(dh, x, h0, wx, wh, b)


def pool_passes(shape: PoolShape):
    x, dout = pool_arrays(shape, 0, ties=True)
    s, k = shape.stride, shape.size
    return engine.max_pool_forward(x, k, s), engine.max_pool_backward(dout, x, k, s)


@pytest.mark.parametrize(
    ("passes", "shape"),
    [
        (conv_passes, ConvShape(2, 3, 8, 8, 4, 3, 3, 2, 1)),  # the grading size, stride 2
        (conv_passes, ConvShape(2, 3, 8, 8, 4, 3, 3, 1, 1)),  # the grading size, stride 1
        (conv_passes, ConvShape(3, 4, 11, 9, 5, 3, 2, 2, 2)),
        (rnn_passes, RnnShape(2, 5, 4, 6)),  # the grading size
        (rnn_passes, RnnShape(4, 9, 8, 16)),
        (rnn_passes, RnnShape(3, 12, 20, 24)),
        (lstm_passes, RnnShape(4, 5, 6, 4)),  # the grading size
        (lstm_passes, RnnShape(4, 40, 16, 32)),  # numba: long, with few cells per step
        (lstm_passes, RnnShape(40, 10, 8, 32)),  # numpy again: many cells per step
        (pool_passes, PoolShape(3, 3, 8, 8, 2, 2)),  # the grading size
        (pool_passes, PoolShape(3, 3, 8, 7, 3, 1)),  # the grading size, stride 1
        (pool_passes, PoolShape(8, 8, 16, 15, 3, 2)),  # numba, windows that do not tile
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_size_chosen_kernels_agree_with_both_paths(passes, shape):
    """Forward and backward as chosen by size, against each forced path, on either side of
    the switch; the two paths agree to 1e-12 (see :func:`agree`)."""
    chosen = passes(shape)
    for path in PATHS:
        with engine_path(path):
            forced = passes(shape)
        for expected, got in zip(forced, chosen, strict=True):
            assert max_rel_error(expected, got) <= REL_TOL, path
    for by_numpy, by_numba in both_paths(passes, shape):
        assert agree(by_numpy, by_numba)


# numpy and numba differ only in the order of floating-point sums: by at most 1e-12 of the
# array's largest value (a gradient that sums to almost 0 can differ by more, elementwise).
SAME = 1e-12


def agree(a: np.ndarray, b: np.ndarray) -> bool:
    return float(np.max(np.abs(a - b), initial=0.0)) <= SAME * float(np.max(np.abs(a), initial=0.0))


def both_paths(passes, shape):
    with engine_path("numpy"):
        by_numpy = passes(shape)
    with engine_path("numba"):
        by_numba = passes(shape)
    return zip(by_numpy, by_numba, strict=True)


@FEW
@given(shape=conv_shapes())
def test_conv_paths_give_the_same_numbers(shape):
    for a, b in both_paths(conv_passes, shape):
        assert agree(a, b)


@FEW
@given(shape=rnn_shapes())
def test_rnn_paths_give_the_same_numbers(shape):
    for a, b in both_paths(rnn_passes, shape):
        assert agree(a, b)


@FEW
@given(shape=rnn_shapes(max_side=6))
def test_lstm_paths_give_the_same_numbers(shape):
    for a, b in both_paths(lstm_passes, shape):
        assert agree(a, b)


@FEW
@given(shape=pool_shapes())
def test_max_pool_paths_give_exactly_the_same_numbers(shape):
    """Both take the same maxima and add the same gradients in the same order."""
    for a, b in both_paths(pool_passes, shape):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("path", PATHS)
def test_max_pool_takes_the_first_maximum_or_the_first_nan(path):
    nan = np.nan
    x = np.array(
        [
            [2.0, 5.0, 5.0, 1.0],
            [5.0, 1.0, 0.0, 5.0],
            [nan, 0.0, 3.0, nan],
            [1.0, nan, nan, 3.0],
        ]
    )[None, None]
    with engine_path(path):
        out = engine.max_pool_forward(x, 2, 2)
        dx = engine.max_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), x, 2, 2)
    assert np.array_equal(out[0, 0], [[5.0, 5.0], [nan, nan]], equal_nan=True)
    expected = np.zeros((4, 4))
    expected[0, 1], expected[0, 2], expected[2, 0], expected[2, 3] = 1.0, 2.0, 3.0, 4.0
    assert np.array_equal(dx[0, 0], expected)


# --- inputs: never modified, any layout and dtype, clear errors --------------------------


def every_call():
    """(name, function, args) for one call of every public function on small inputs."""
    rng = np.random.default_rng(0)
    a, c = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    x, w, b, dout = conv_arrays(ConvShape(2, 2, 5, 4, 3, 3, 2, 1, 1), 0)
    seq, h0, wx, wh, bias, dh = rnn_arrays(RnnShape(2, 3, 4, 5), 0)
    mask = rng.random((2, 3)) > 0.5
    wx4, wh4, b4 = np.tile(wx, 4), np.tile(wh, 4) / 4, np.tile(bias, 4)
    return [
        ("relu", engine.relu, (a,)),
        ("relu_backward", engine.relu_backward, (c, a)),
        ("sigmoid", engine.sigmoid, (a,)),
        ("sigmoid_backward", engine.sigmoid_backward, (c, engine.sigmoid(a))),
        ("sgd_step", engine.sgd_step, (a, c, 0.1, 0.9, c * 2)),
        ("adam_step", engine.adam_step, (a, c, c / 2, c**2, 3)),
        ("dropout_forward", engine.dropout_forward, (a, 0.3, True, np.random.default_rng(1))),
        ("dropout_backward", engine.dropout_backward, (c, mask, 0.3)),
        ("conv_forward", engine.conv_forward, (x, w, b, 2, 1)),
        ("conv_backward", engine.conv_backward, (dout, x, w, b, 1, 1)),
        ("rnn_step", engine.rnn_step, (seq[:, 0], h0, wx, wh, bias)),
        ("rnn_forward", engine.rnn_forward, (seq, h0, wx, wh, bias)),
        ("rnn_backward", engine.rnn_backward, (dh, seq, h0, wx, wh, bias)),
        ("affine_forward", engine.affine_forward, (a, c.T @ a, a[0])),
        ("affine_backward", engine.affine_backward, (a, a, c.T @ a)),
        ("softmax_cross_entropy", engine.softmax_cross_entropy, (a, np.array([2, 0]))),
        ("nesterov_step", engine.nesterov_step, (a, c, 0.1, 0.9, c * 2)),
        ("adagrad_step", engine.adagrad_step, (a, c, c**2)),
        ("rmsprop_step", engine.rmsprop_step, (a, c, c**2)),
        ("adamw_step", engine.adamw_step, (a, c, c / 2, c**2, 3)),
        ("lstm_step", engine.lstm_step, (seq[:, 0], h0, h0, wx4, wh4, b4)),
        ("lstm_forward", engine.lstm_forward, (seq, h0, wx4, wh4, b4)),
        ("lstm_backward", engine.lstm_backward, (dh, seq, h0, wx4, wh4, b4)),
        ("max_pool_forward", engine.max_pool_forward, (x, 2, 1)),
        ("max_pool_backward", engine.max_pool_backward, (x[:, :, :4, :3], x, 2, 1)),
    ]


def as_tuple(result):
    return result if isinstance(result, tuple) else (result,)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("name", "fn", "args"), every_call(), ids=lambda v: v)
def test_inputs_are_never_modified(name, fn, args, path):
    before = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    with engine_path(path):
        fn(*args)
    for old, new in zip(before, args, strict=True):
        if isinstance(old, np.ndarray):
            assert np.array_equal(old, new), f"{name} modified an input"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(("name", "fn", "args"), every_call(), ids=lambda v: v)
def test_non_contiguous_and_integer_inputs(name, fn, args, path):
    def call(convert):
        # deepcopy gives every call an identical random generator
        converted = [
            convert(a) if isinstance(a, np.ndarray) and a.dtype != bool else a
            for a in copy.deepcopy(args)
        ]
        with engine_path(path):
            return as_tuple(fn(*converted))

    expected = call(lambda a: a)
    for e, g in zip(expected, call(np.asfortranarray), strict=True):
        assert max_rel_error(e, g) <= REL_TOL, name
    expected = call(lambda a: np.round(a))
    for e, g in zip(expected, call(lambda a: np.round(a).astype(np.int64)), strict=True):
        assert np.array_equal(e, g) and g.dtype in (np.float64, np.bool_), name


def test_strided_view_input():
    x = np.arange(24.0).reshape(4, 6) - 12
    assert np.array_equal(engine.relu(x[::2, ::3]), np.maximum(x[::2, ::3], 0))


BAD_INPUTS = [
    (
        lambda: engine.relu_backward(np.ones((2, 3)), np.ones((3, 2))),
        "dout must have the same shape as x: dout has shape (2, 3), x has shape (3, 2)",
    ),
    (
        lambda: engine.sgd_step(np.ones(3), np.ones(4), 0.1),
        "dw must have the same shape as w: dw has shape (4,), w has shape (3,)",
    ),
    (lambda: engine.sgd_step(np.ones(3), np.ones(3), -0.1), "lr must be in [0.0, inf], got -0.1"),
    (
        lambda: engine.adam_step(np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), 0),
        "t must be an int >= 1 (the 1-based number of this update), got 0",
    ),
    (
        lambda: engine.adam_step(np.ones(3), np.ones(3), np.zeros(3), np.zeros(3), 1.0),
        "t must be an int >= 1 (the 1-based number of this update), got 1.0",
    ),
    (
        lambda: engine.dropout_forward(np.ones(3), 1.5, True, np.random.default_rng(0)),
        "p must be in [0.0, 1.0], got 1.5",
    ),
    (
        lambda: engine.dropout_backward(np.ones(3), np.ones(3), 0.5),
        "mask must be a boolean array, got dtype float64",
    ),
    (
        lambda: engine.conv_forward(np.ones((1, 3, 5, 5)), np.ones((2, 4, 3, 3)), np.ones(2)),
        "x and w must have the same number of channels C: x has shape (1, 3, 5, 5) "
        "(N, C, H, W), w has shape (2, 4, 3, 3) (F, C, HH, WW)",
    ),
    (
        lambda: engine.conv_forward(np.ones((1, 3, 5, 5)), np.ones((2, 3, 3, 3)), np.ones(3)),
        "b must have shape (2,), got shape (3,)",
    ),
    (
        lambda: engine.conv_forward(np.ones((3, 5, 5)), np.ones((2, 3, 3, 3)), np.ones(2)),
        "x must have 4 dimensions, got shape (3, 5, 5)",
    ),
    (
        lambda: engine.conv_forward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), np.ones(1)),
        "empty convolution output: x has shape (1, 1, 2, 2), w has shape (1, 1, 3, 3), "
        "pad=0, stride=1; need H + 2*pad >= HH and W + 2*pad >= WW and no zero-sized dimension",
    ),
    (
        lambda: engine.conv_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), [1.0], 0),
        "stride must be >= 1, got 0",
    ),
    (
        lambda: engine.conv_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), [1.0], 1, 0.5),
        "pad must be an integer, got 0.5",
    ),
    (
        lambda: engine.conv_backward(
            np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), np.ones((1, 1, 3, 3)), [1.0], 1, 0
        ),
        "dout must have shape (1, 1, 1, 1), got shape (1, 1, 2, 2)",
    ),
    (
        lambda: engine.rnn_forward(np.ones((2, 3, 4)), np.ones((2, 5)), np.ones((3, 5)), 0, 0),
        "Wx must have shape (D, H) with D = x.shape[-1] = 4, got Wx shape (3, 5) "
        "and x shape (2, 3, 4)",
    ),
    (
        lambda: engine.rnn_forward(
            np.ones((2, 3, 4)), np.ones((3, 5)), np.ones((4, 5)), np.ones((5, 5)), np.ones(5)
        ),
        "h0 must have shape (2, 5), got shape (3, 5)",
    ),
    (
        lambda: engine.rnn_step(np.ones((2, 4)), np.ones((2, 5)), np.ones((4, 5)), np.ones(5), 0),
        "Wh must have shape (5, 5), got shape (5,)",
    ),
]


@pytest.mark.parametrize(("call", "message"), BAD_INPUTS, ids=[m for _, m in BAD_INPUTS])
def test_bad_input_message(call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_dropout_rejects_a_non_generator():
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator, got int"):
        engine.dropout_forward(np.ones(3), 0.5, True, 0)


# --- packaging and the on-disk cache ----------------------------------------------------


def run_python(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_importing_the_grader_does_not_import_numba():
    code = "import sys, bigpicture.grader; print('numba' in sys.modules)"
    assert run_python(code) == "False"


LARGE_PROBLEMS = """
import sys
import numpy as np
from bigpicture.grader import engine
if sys.argv[1:] == ["numpy_only"]:
    engine.numpy_only()
x = np.ones((8, 8, 32, 32))
engine.max_pool_backward(engine.max_pool_forward(x), x)
seq, h0 = np.ones((4, 40, 16)), np.zeros((4, 32))
w, wh, b = np.ones((16, 128)), np.eye(32, 128), np.zeros(128)
engine.lstm_backward(engine.lstm_forward(seq, h0, w, wh, b), seq, h0, w, wh, b)
print(sorted(name for name in sys.modules if name.endswith("_kernels")))
"""


@pytest.mark.parametrize("numpy_only", [False, True])
def test_large_problems_load_the_kernels_unless_numpy_only(numpy_only):
    argv = [sys.executable, "-c", LARGE_PROBLEMS] + (["numpy_only"] if numpy_only else [])
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    loaded = [] if numpy_only else ["lstm", "pool"]
    assert done.stdout.strip() == str([f"bigpicture.grader.engine._{k}_kernels" for k in loaded])


def test_warm_up_compiles_every_kernel_once():
    """One specialization per kernel: every wrapper hands them C-contiguous float64 arrays."""
    engine.warm_up()
    for kernel in engine._kernels():
        assert len(kernel.signatures) == 1, kernel.py_func.__name__


def test_affine_and_softmax_cross_entropy_say_what_does_not_fit():
    x, w = np.ones((2, 3)), np.ones((3, 4))
    with pytest.raises(ValueError, match=r"w must have shape \(3, 4\)"):
        engine.affine_forward(x, np.ones((2, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"b must have shape \(4,\)"):
        engine.affine_forward(x, w, np.ones(3))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 4\)"):
        engine.affine_backward(np.ones((2, 3)), x, w)
    with pytest.raises(ValueError, match=r"each in \[0, 3\)"):
        engine.softmax_cross_entropy(x, np.array([0, 3]))
    with pytest.raises(ValueError, match="y must hold 2 integer classes"):
        engine.softmax_cross_entropy(x, np.array([0.0, 1.0]))


def test_max_pool_says_what_does_not_fit():
    x = np.ones((1, 1, 3, 3))
    with pytest.raises(ValueError, match="size 4 is larger than the image"):
        engine.max_pool_forward(x, 4)
    with pytest.raises(ValueError, match="x must have 4 dimensions"):
        engine.max_pool_forward(np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(1, 1, 2, 2\)"):
        engine.max_pool_backward(np.ones((1, 1, 1, 1)), x, 2, 1)

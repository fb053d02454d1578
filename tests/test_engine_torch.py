"""The reference engine against PyTorch CPU (float64), an independent oracle.

CI installs torch, so there a missing torch fails the run instead of silently skipping.
"""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bigpicture.grader import engine
from bigpicture.grader.limits import REL_TOL, max_rel_error
from tests.strategies import (
    PoolShape,
    RnnShape,
    array_shapes,
    conv_shapes,
    pool_shapes,
    rnn_shapes,
    seeds,
)
from tests.test_engine import (
    PATHS,
    conv_arrays,
    engine_path,
    lstm_arrays,
    pool_arrays,
    rnn_arrays,
)

if os.environ.get("CI") and importlib.util.find_spec("torch") is None:
    pytest.fail("CI is set but torch is not installed: the PyTorch oracle must run", pytrace=False)
torch = pytest.importorskip("torch")

FEW = settings(max_examples=25, deadline=None)


def tensor(a: np.ndarray) -> torch.Tensor:
    return torch.tensor(a, dtype=torch.float64, requires_grad=True)


def close(expected: torch.Tensor, got: np.ndarray) -> bool:
    return max_rel_error(expected.detach().numpy(), got) <= REL_TOL


@pytest.mark.parametrize(
    ("torch_fn", "forward", "backward", "backward_takes_output"),
    [
        ("relu", engine.relu, engine.relu_backward, False),
        ("sigmoid", engine.sigmoid, engine.sigmoid_backward, True),
    ],
)
@FEW
@given(shape=array_shapes(), seed=seeds())
def test_activation_and_gradient(torch_fn, forward, backward, backward_takes_output, shape, seed):
    rng = np.random.default_rng(seed)
    x, dout = np.array(3 * rng.standard_normal(shape)), rng.standard_normal(shape)
    x.reshape(-1)[:1] = 0.0  # the ReLU kink, where PyTorch's gradient is 0
    tx = tensor(x)
    expected = getattr(torch, torch_fn)(tx)
    expected.backward(torch.tensor(dout))
    out = forward(x)
    assert close(expected, out)
    assert close(tx.grad, backward(dout, out if backward_takes_output else x))


@FEW
@given(shape=array_shapes(), seed=seeds(), momentum=st.sampled_from([0.0, 0.9]))
def test_sgd_over_several_steps(shape, seed, momentum):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    param = tensor(w)
    optimizer = torch.optim.SGD([param], lr=0.05, momentum=momentum)
    velocity = None
    for _ in range(4):
        dw = rng.standard_normal(shape)
        param.grad = torch.tensor(dw)
        optimizer.step()
        w, velocity = engine.sgd_step(w, dw, 0.05, momentum, velocity)
        assert close(param, w)


@FEW
@given(shape=array_shapes(), seed=seeds())
def test_adam_over_several_steps(shape, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    m, v = np.zeros(shape), np.zeros(shape)
    param = tensor(w)
    optimizer = torch.optim.Adam([param], lr=0.01, betas=(0.8, 0.99), eps=1e-6)
    for t in range(1, 6):
        dw = rng.standard_normal(shape)
        param.grad = torch.tensor(dw)
        optimizer.step()
        w, m, v = engine.adam_step(w, dw, m, v, t, lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
        assert close(param, w)
        state = optimizer.state[param]
        assert close(state["exp_avg"], m) and close(state["exp_avg_sq"], v)


# name -> (torch optimizer, its state's names, one engine step: (w, dw, state, t) -> (w, *state))
FAMILY = {
    "nesterov": (
        lambda p: torch.optim.SGD([p], lr=0.05, momentum=0.9, nesterov=True),
        ["momentum_buffer"],
        lambda w, dw, s, t: engine.nesterov_step(w, dw, 0.05, 0.9, s[0] if t > 1 else None),
    ),
    "adagrad": (
        lambda p: torch.optim.Adagrad([p], lr=0.1, eps=1e-10),
        ["sum"],
        lambda w, dw, s, t: engine.adagrad_step(w, dw, s[0], lr=0.1, eps=1e-10),
    ),
    "rmsprop": (
        lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=1e-8),
        ["square_avg"],
        lambda w, dw, s, t: engine.rmsprop_step(w, dw, s[0], lr=0.01, alpha=0.9, eps=1e-8),
    ),
    "adamw": (
        lambda p: torch.optim.AdamW([p], lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
        ["exp_avg", "exp_avg_sq"],
        lambda w, dw, s, t: engine.adamw_step(
            w, dw, s[0], s[1], t, lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(FAMILY))
@FEW
@given(shape=array_shapes(), seed=seeds())
def test_the_optimizer_family_over_several_steps(name, shape, seed):
    make, state_names, step = FAMILY[name]
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    state = [np.zeros(shape) for _ in state_names]
    param = tensor(w)
    optimizer = make(param)
    for t in range(1, 6):
        dw = rng.standard_normal(shape)
        param.grad = torch.tensor(dw)
        optimizer.step()
        w, *state = step(w, dw, state, t)
        assert close(param, w), name
        for key, value in zip(state_names, state, strict=True):
            assert close(optimizer.state[param][key], value), (name, key)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_keep_rate_and_scaling_as_torch(p):
    x = np.random.default_rng(1).standard_normal((200, 500))
    out, mask = engine.dropout_forward(x, p, True, np.random.default_rng(2))
    torch_out = torch.nn.functional.dropout(torch.tensor(x), p, training=True).numpy()
    # Both keep about 1 - p of the values (5 standard deviations) and scale them alike.
    sd = np.sqrt(p * (1 - p) / x.size)
    assert abs(mask.mean() - (1 - p)) < 5 * sd
    assert abs((torch_out != 0).mean() - (1 - p)) < 5 * sd
    assert max_rel_error(x * mask / (1 - p), out) <= REL_TOL
    kept = torch_out != 0
    assert max_rel_error(x[kept] / (1 - p), torch_out[kept]) <= REL_TOL


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=conv_shapes(), seed=seeds())
def test_conv_forward_and_backward(path, shape, seed):
    x, w, b, dout = conv_arrays(shape, seed)
    tx, tw, tb = tensor(x), tensor(w), tensor(b)
    out = torch.nn.functional.conv2d(tx, tw, tb, stride=shape.stride, padding=shape.pad)
    out.backward(torch.tensor(dout))
    with engine_path(path):
        assert close(out, engine.conv_forward(x, w, b, shape.stride, shape.pad))
        dx, dw, db = engine.conv_backward(dout, x, w, b, shape.stride, shape.pad)
    assert close(tx.grad, dx) and close(tw.grad, dw) and close(tb.grad, db)


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=rnn_shapes(), seed=seeds())
def test_rnn_forward_and_backward(path, shape, seed):
    x, h0, wx, wh, b, dh = rnn_arrays(shape, seed)
    rnn = torch.nn.RNN(shape.d, shape.h, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(wx.T))
        rnn.weight_hh_l0.copy_(torch.tensor(wh.T))
        rnn.bias_ih_l0.copy_(torch.tensor(b))
        rnn.bias_hh_l0.zero_()
    tx, th0 = tensor(x), tensor(h0[None])
    h, _ = rnn(tx, th0)
    h.backward(torch.tensor(dh))
    with engine_path(path):
        assert close(h, engine.rnn_forward(x, h0, wx, wh, b))
        assert close(h[:, 0], engine.rnn_step(x[:, 0], h0, wx, wh, b))
        dx, dh0, dwx, dwh, db = engine.rnn_backward(dh, x, h0, wx, wh, b)
    assert close(tx.grad, dx) and close(th0.grad[0], dh0)
    assert close(rnn.weight_ih_l0.grad.T, dwx) and close(rnn.weight_hh_l0.grad.T, dwh)
    assert close(rnn.bias_ih_l0.grad, db)


@FEW
@given(n=st.integers(1, 6), d=st.integers(1, 6), m=st.integers(1, 6), seed=seeds())
def test_affine_forward_and_backward(n, d, m, seed):
    rng = np.random.default_rng(seed)
    x, w, b, dout = (rng.standard_normal(s) for s in [(n, d), (d, m), (m,), (n, m)])
    tx, tw, tb = tensor(x), tensor(w), tensor(b)
    out = tx @ tw + tb
    out.backward(torch.tensor(dout))
    assert close(out, engine.affine_forward(x, w, b))
    for expected, got in zip(
        (tx.grad, tw.grad, tb.grad), engine.affine_backward(dout, x, w), strict=True
    ):
        assert close(expected, got)


@FEW
@given(
    n=st.integers(1, 6), k=st.integers(2, 6), scale=st.sampled_from([1.0, 1e2, 1e4]), seed=seeds()
)
def test_softmax_cross_entropy_as_torch_even_for_huge_logits(n, k, scale, seed):
    rng = np.random.default_rng(seed)
    logits = rng.standard_normal((n, k)) * scale
    y = rng.integers(0, k, size=n)
    t = tensor(logits)
    expected = torch.nn.functional.cross_entropy(t, torch.tensor(y))
    expected.backward()
    with np.errstate(all="raise"):  # no overflow, no invalid value, at any scale
        loss, dlogits = engine.softmax_cross_entropy(logits, y)
    assert abs(loss - expected.item()) <= REL_TOL * max(1.0, abs(expected.item()))
    assert close(t.grad, dlogits)


def max_pool_as_torch(shape: PoolShape, seed: int, ties: bool, path: str) -> None:
    x, dout = pool_arrays(shape, seed, ties)
    t = tensor(x)
    out = torch.nn.functional.max_pool2d(t, shape.size, shape.stride)
    out.backward(torch.tensor(dout))
    with engine_path(path):
        assert close(out, engine.max_pool_forward(x, shape.size, shape.stride))
        assert close(t.grad, engine.max_pool_backward(dout, x, shape.size, shape.stride))


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=pool_shapes(), ties=st.booleans(), seed=seeds())
def test_max_pool_forward_and_backward(path, shape, ties, seed):
    """Windows that do not tile, that overlap (stride < size), and ties (rounded inputs)."""
    max_pool_as_torch(shape, seed, ties, path)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "shape",
    [
        PoolShape(1, 1, 5, 5, 2, 2),  # the last row and column left out
        PoolShape(2, 3, 7, 6, 3, 2),  # left out in one direction only
        PoolShape(1, 2, 4, 5, 2, 1),  # stride 1: every inner pixel in four windows
        PoolShape(2, 1, 6, 6, 3, 1),  # stride 1, nine windows a pixel
        PoolShape(1, 1, 9, 8, 2, 3),  # gaps between windows
        PoolShape(1, 2, 3, 3, 3, 1),  # one window, the whole image
        PoolShape(2, 1, 4, 4, 1, 1),  # size 1: every pixel its own window
    ],
    ids=str,
)
def test_max_pool_edge_shapes(path, shape):
    for ties in (False, True):
        max_pool_as_torch(shape, 7, ties, path)


def lstm_as_torch(shape: RnnShape, seed: int, path: str) -> None:
    """torch.nn.LSTM with one layer, its two biases our one."""
    n, h = shape.n, shape.h
    x, h0, wx, wh, b, dh = lstm_arrays(shape, seed)
    lstm = torch.nn.LSTM(shape.d, h, batch_first=True).double()
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.tensor(wx.T))
        lstm.weight_hh_l0.copy_(torch.tensor(wh.T))
        lstm.bias_ih_l0.copy_(torch.tensor(b))
        lstm.bias_hh_l0.zero_()
    tx, th0 = tensor(x), tensor(h0)
    out, (_, c_last) = lstm(tx, (th0[None], torch.zeros(1, n, h, dtype=torch.float64)))
    out.backward(torch.tensor(dh))
    with engine_path(path):
        assert close(out, engine.lstm_forward(x, h0, wx, wh, b))
        step_h, step_c = engine.lstm_step(x[:, 0], h0, np.zeros((n, h)), wx, wh, b)
        got = engine.lstm_backward(dh, x, h0, wx, wh, b)
    assert close(out[:, 0], step_h)
    if shape.t == 1:
        assert close(c_last[0], step_c)
    expected = (tx.grad, th0.grad, lstm.weight_ih_l0.grad.T, lstm.weight_hh_l0.grad.T)
    for e, g in zip((*expected, lstm.bias_ih_l0.grad), got, strict=True):
        assert close(e, g)


@pytest.mark.parametrize("path", PATHS)
@FEW
@given(shape=rnn_shapes(), seed=seeds())
def test_lstm_step_forward_and_backward(path, shape, seed):
    lstm_as_torch(shape, seed, path)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "shape",
    [
        RnnShape(1, 1, 1, 1),  # one sequence, one step, one input, one cell
        RnnShape(3, 1, 4, 2),  # T = 1: no recurrence at all
        RnnShape(2, 6, 3, 1),  # H = 1: every gate a single number
        RnnShape(1, 7, 1, 3),  # D = 1, N = 1
        RnnShape(4, 40, 16, 32),  # long enough for the size-chosen numba path
    ],
    ids=str,
)
def test_lstm_edge_shapes(path, shape):
    lstm_as_torch(shape, 3, path)


@pytest.mark.parametrize(
    ("logits", "y"),
    [
        ([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, 1e4]], [1, 2, 0]),
        ([[-1e4, 1e4], [1e4, -1e4]], [1, 1]),  # one right and sure, one wrong and sure
        ([[1e4], [-1e4]], [0, 0]),  # K = 1: a certain loss of 0
        ([[9999.0, 1e4, 1e4 - 2.0]], [2]),  # huge, but only 1 or 2 apart
    ],
    ids=["mixed", "sure", "one class", "close"],
)
def test_softmax_cross_entropy_at_the_extremes(logits, y):
    t = tensor(np.array(logits))
    expected = torch.nn.functional.cross_entropy(t, torch.tensor(y))
    expected.backward()
    with np.errstate(all="raise"):
        loss, dlogits = engine.softmax_cross_entropy(logits, np.array(y))
    assert abs(loss - expected.item()) <= REL_TOL * max(1.0, abs(expected.item()))
    assert close(t.grad, dlogits)

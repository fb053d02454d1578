"""LSTM: one step, the forward pass over a sequence, and its backward pass through time, as
``torch.nn.LSTM`` with one layer: gates in PyTorch's order i, f, g, o, with ``Wx (D, 4H)``
(``weight_ih.T``), ``Wh (H, 4H)`` and one bias (``b_ih + b_hh``); the cell starts at 0.

``c = f * c_prev + i * g`` and ``h = o * tanh(c)``: the cell is a sum, not a product of
squashed values, so its gradient passes from step to step scaled only by ``f``.

The input projections ``x @ Wx`` of all steps (and, backward, all weight gradients) are single
matrix products; only the recurrence loops over time, one ``@ Wh`` product per step. Problems
the size of grading's run each step's elementwise work in numpy, with no compiler to wait for;
large ones with few cells per step in numba kernels (:mod:`._lstm_kernels`, imported on first
use), two calls per step instead of a dozen. Both paths agree to 1e-12.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from ._validate import as_float64, check_shape
from .activations import sigmoid

# Problems with at most this many multiply-adds per pass, N*T*4H*(D+H), run in numpy; larger
# ones in numba (the RNN's limit for the same N, T, D, H: a plot of 8 sequences of 21 steps, H=16,
# is done in numpy in 2 ms, sooner than numba is imported).
_NUMPY_MAX_WORK = 800_000

# ...unless a step has more cells than this, N*H: numpy's SIMD exp and tanh (1-2 ns a value)
# then win back more than numpy's per-call overhead costs. Measured forward + backward: numba
# 2.4x faster at N*H=256 (N8 H32), 10-20% at 1024, even at 2048, 15% slower at 4096 (N64 H64).
_NUMBA_MAX_CELLS = 1024


def _checked(
    x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike, steps: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Validated float64 arrays: ``x`` is (N, T, D) when ``steps``, else (N, D)."""
    x = as_float64("x", x, 3 if steps else 2)
    Wx = as_float64("Wx", Wx, 2)
    if Wx.shape[0] != x.shape[-1] or Wx.shape[1] % 4 or not Wx.shape[1]:
        raise ValueError(
            f"Wx must have shape (D, 4H) with D = x.shape[-1] = {x.shape[-1]}, "
            f"got Wx shape {Wx.shape}"
        )
    if steps and x.shape[1] < 1:
        raise ValueError(f"x must have at least one time step, got shape {x.shape} (N, T, D)")
    hidden = Wx.shape[1] // 4
    h0 = as_float64("h0", h0)
    check_shape("h0", h0, (x.shape[0], hidden))
    Wh = as_float64("Wh", Wh)
    check_shape("Wh", Wh, (hidden, 4 * hidden))
    b = as_float64("b", b)
    check_shape("b", b, (4 * hidden,))
    return x, h0, Wx, Wh, b


def _gates(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    # One sigmoid over all four gates (g's quarter unused): at grading's sizes each call's
    # overhead costs more than the arithmetic, and three calls made the LSTM 1.5x slower.
    hidden = a.shape[1] // 4
    squashed = sigmoid(a)
    i, f, o = squashed[:, :hidden], squashed[:, hidden : 2 * hidden], squashed[:, 3 * hidden :]
    return i, f, np.tanh(a[:, 2 * hidden : 3 * hidden]), o


def lstm_step(
    x: ArrayLike, h_prev: ArrayLike, c_prev: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """One LSTM step.

    Args:
        x: (N, D) inputs; h_prev, c_prev: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    Returns:
        h_next, c_next: (N, H), float64.
    """
    x, h_prev, Wx, Wh, b = _checked(x, h_prev, Wx, Wh, b, steps=False)
    c_prev = as_float64("c_prev", c_prev)
    check_shape("c_prev", c_prev, h_prev.shape)
    i, f, g, o = _gates(x @ Wx + h_prev @ Wh + b)
    c_next = f * c_prev + i * g
    return o * np.tanh(c_next), c_next


def _compiled(x: np.ndarray, hidden: int) -> bool:
    """Whether a problem runs its steps' elementwise work in the numba kernels."""
    n_seq, n_steps, dim = x.shape
    work = n_seq * n_steps * 4 * hidden * (dim + hidden)
    return not _validate.numpy_path(work <= _NUMPY_MAX_WORK or n_seq * hidden > _NUMBA_MAX_CELLS)


def _run(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, list[tuple[np.ndarray, ...]]]:
    """Every hidden state (N, T, H), and each step's (i, f, g, o, c_prev, c)."""
    n_seq, n_steps, _ = x.shape
    projected = (x.reshape(n_seq * n_steps, -1) @ Wx).reshape(n_seq, n_steps, -1) + b
    h = np.empty((n_seq, n_steps, h0.shape[1]))
    h_prev, c_prev = h0, np.zeros_like(h0)
    cache: list[tuple[np.ndarray, ...]] = []
    for t in range(n_steps):
        i, f, g, o = _gates(projected[:, t] + h_prev @ Wh)
        c = f * c_prev + i * g
        h[:, t] = h_prev = o * np.tanh(c)
        cache.append((i, f, g, o, c_prev, c))
        c_prev = c
    return h, cache


def _backward_recurrence(
    dh: np.ndarray, h0: np.ndarray, cache: list[tuple[np.ndarray, ...]], Wh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients on the gates' pre-activations (N, T, 4H) and on ``h0``."""
    n_seq, n_steps, hidden = dh.shape
    da = np.empty((n_seq, n_steps, 4 * hidden))
    dh_next, dc_next = np.zeros_like(h0), np.zeros_like(h0)
    for t in reversed(range(n_steps)):
        i, f, g, o, c_prev, c = cache[t]
        dh_t = dh[:, t] + dh_next
        tanh_c = np.tanh(c)
        dc = dc_next + dh_t * o * (1.0 - tanh_c**2)
        da[:, t] = np.concatenate(
            [
                dc * g * i * (1.0 - i),
                dc * c_prev * f * (1.0 - f),
                dc * i * (1.0 - g**2),
                dh_t * tanh_c * o * (1.0 - o),
            ],
            axis=1,
        )
        dh_next, dc_next = da[:, t] @ Wh.T, dc * f
    return da, dh_next


def _run_compiled(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forward pass in time-major layout, each step's elementwise work in a numba kernel:
    the gates' values (T, N, 4H), and the hidden states and cells (T + 1, N, H), ``h0`` and
    the zero cell first."""
    from ._lstm_kernels import _lstm_cell_kernel

    n_seq, n_steps, dim = x.shape
    hidden = h0.shape[1]
    # Time-major, every step's gates and states are contiguous (N, 4H) and (N, H) blocks.
    flat_x = x.transpose(1, 0, 2).reshape(n_steps * n_seq, dim)
    gates = (flat_x @ Wx + b).reshape(n_steps, n_seq, 4 * hidden)
    h = np.empty((n_steps + 1, n_seq, hidden))
    h[0] = h0
    c = np.zeros((n_steps + 1, n_seq, hidden))
    for t in range(n_steps):
        gates[t] += h[t] @ Wh
        _lstm_cell_kernel(gates[t], c[t], h[t + 1], c[t + 1])
    return gates, h, c


def _backward_compiled(
    dh: np.ndarray, x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`_backward_recurrence` after :func:`_run`, each step's elementwise work in a
    numba kernel: the gradients on the pre-activations (N, T, 4H) and on ``h0``, and the
    hidden states (N, T, H)."""
    from ._lstm_kernels import _lstm_cell_backward_kernel

    gates, h, c = _run_compiled(x, h0, Wx, Wh, b)
    dh_steps = np.ascontiguousarray(dh.transpose(1, 0, 2))
    da = np.empty_like(gates)
    dc, dh_next = np.zeros_like(h0), np.zeros_like(h0)
    wh_t = np.ascontiguousarray(Wh.T)
    for t in reversed(range(dh_steps.shape[0])):
        _lstm_cell_backward_kernel(dh_steps[t] + dh_next, dc, gates[t], c[t], c[t + 1], da[t])
        dh_next = da[t] @ wh_t
    return da.transpose(1, 0, 2), dh_next, h[1:].transpose(1, 0, 2)


def lstm_forward(
    x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> np.ndarray:
    """The LSTM over a whole sequence, the cell starting at 0.

    Args:
        x: (N, T, D), T >= 1; h0: (N, H); Wx: (D, 4H); Wh: (H, 4H); b: (4H,).

    Returns:
        h: (N, T, H), every hidden state, float64.
    """
    x, h0, Wx, Wh, b = _checked(x, h0, Wx, Wh, b, steps=True)
    if not _compiled(x, h0.shape[1]):
        return _run(x, h0, Wx, Wh, b)[0]
    h = _run_compiled(x, h0, Wx, Wh, b)[1]
    return np.ascontiguousarray(h[1:].transpose(1, 0, 2))


def lstm_backward(
    dh: ArrayLike, x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Backpropagation through time of :func:`lstm_forward`.

    Args:
        dh: (N, T, H) the loss's gradient on every hidden state.
        x, h0, Wx, Wh, b: the forward's inputs.

    Returns:
        dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,), float64.
    """
    x, h0, Wx, Wh, b = _checked(x, h0, Wx, Wh, b, steps=True)
    n_seq, n_steps, _ = x.shape
    hidden = h0.shape[1]
    dh = as_float64("dh", dh)
    check_shape("dh", dh, (n_seq, n_steps, hidden))
    if _compiled(x, hidden):
        da, dh0, h = _backward_compiled(dh, x, h0, Wx, Wh, b)
    else:
        h, cache = _run(x, h0, Wx, Wh, b)
        da, dh0 = _backward_recurrence(dh, h0, cache, Wh)
    h_prev = np.concatenate([h0[:, None], h[:, :-1]], axis=1)
    flat_da = da.reshape(n_seq * n_steps, -1)
    dx = (flat_da @ Wx.T).reshape(x.shape)
    dWx = x.reshape(n_seq * n_steps, -1).T @ flat_da
    dWh = h_prev.reshape(n_seq * n_steps, -1).T @ flat_da
    return dx, dh0, dWx, dWh, flat_da.sum(axis=0)

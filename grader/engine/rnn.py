"""Vanilla tanh RNN: one step, the forward pass over a sequence, and its backward pass.

The input projections ``x @ Wx`` of all time steps (and, backward, all weight gradients) are
single matrix products; only the sequential recurrence loops over time. Problems the size of
grading's loop in numpy, with no compiler to wait for; large ones run the recurrences in numba
kernels (:mod:`._rnn_kernels`, imported on first use). Both paths agree to 1e-12.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from . import _validate
from ._validate import as_float64, check_shape

# Problems with at most this many multiply-adds per pass, N*T*H*(D+H), run in numpy; larger
# ones in numba, whose loops beat one numpy call per time step once there are many steps.
_NUMPY_MAX_WORK = 200_000


def _checked_rnn_inputs(
    x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Validate and convert a sequence ``x: (N, T, D)`` and the RNN parameters."""
    x = as_float64("x", x, ndim=3)
    n_seq, _, dim = x.shape
    Wx = as_float64("Wx", Wx, ndim=2)
    if Wx.shape[0] != dim:
        raise ValueError(
            f"Wx must have shape (D, H) with D = x.shape[-1] = {dim}, "
            f"got Wx shape {Wx.shape} and x shape {x.shape}"
        )
    if x.shape[1] < 1:
        raise ValueError(f"x must have at least one time step, got shape {x.shape} (N, T, D)")
    hidden = Wx.shape[1]
    h0 = as_float64("h0", h0)
    check_shape("h0", h0, (n_seq, hidden))
    Wh = as_float64("Wh", Wh)
    check_shape("Wh", Wh, (hidden, hidden))
    b = as_float64("b", b)
    check_shape("b", b, (hidden,))
    return x, h0, Wx, Wh, b


def _forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    n_seq, n_steps, dim = x.shape
    hidden = b.shape[0]
    h = (x.reshape(-1, dim) @ Wx + b).reshape(n_seq, n_steps, hidden)
    if _small(x, hidden):
        prev = h0
        for t in range(n_steps):
            prev = h[:, t] = np.tanh(h[:, t] + prev @ Wh)
        return h
    from ._rnn_kernels import _rnn_recurrence_kernel

    _rnn_recurrence_kernel(h, h0, Wh)
    return h


def _small(x: np.ndarray, hidden: int) -> bool:
    n_seq, n_steps, dim = x.shape
    return _validate.numpy_path(n_seq * n_steps * hidden * (dim + hidden) <= _NUMPY_MAX_WORK)


def _backward_recurrence(
    dh: np.ndarray, h: np.ndarray, Wh: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients on the pre-activations ``a[n, t]`` and on ``h0``."""
    if not _small(h, h.shape[2]):
        from ._rnn_kernels import _rnn_backward_kernel

        return _rnn_backward_kernel(dh, h, np.ascontiguousarray(Wh.T))
    da = np.empty_like(dh)
    carry = np.zeros((dh.shape[0], dh.shape[2]))  # the gradient on h[:, t-1]
    for t in range(dh.shape[1] - 1, -1, -1):
        da[:, t] = (dh[:, t] + carry) * (1.0 - h[:, t] * h[:, t])
        carry = da[:, t] @ Wh.T
    return da, carry


def rnn_step(
    x: ArrayLike, h_prev: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> np.ndarray:
    """One RNN step: ``tanh(x @ Wx + h_prev @ Wh + b)``.

    Args:
        x: (N, D) input at this step.
        h_prev: (N, H) previous hidden state.
        Wx: (D, H) input-to-hidden weights.
        Wh: (H, H) hidden-to-hidden weights.
        b: (H,) bias.

    Returns:
        h_next: (N, H) float64.

    Raises:
        ValueError: on inconsistent shapes.
    """
    x = as_float64("x", x, ndim=2)
    x, h_prev, Wx, Wh, b = _checked_rnn_inputs(x[:, None, :], h_prev, Wx, Wh, b)
    return _forward(x, h_prev, Wx, Wh, b)[:, 0, :]


def rnn_forward(
    x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> np.ndarray:
    """RNN forward pass over a whole sequence.

    Args:
        x: (N, T, D) inputs.
        h0: (N, H) initial hidden state.
        Wx: (D, H) input-to-hidden weights.
        Wh: (H, H) hidden-to-hidden weights.
        b: (H,) bias.

    Returns:
        h: (N, T, H) float64, the hidden state after every step (``h0`` not included).

    Raises:
        ValueError: on inconsistent shapes.
    """
    return _forward(*_checked_rnn_inputs(x, h0, Wx, Wh, b))


def rnn_backward(
    dh: ArrayLike, x: ArrayLike, h0: ArrayLike, Wx: ArrayLike, Wh: ArrayLike, b: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """RNN backward pass (recomputes the forward pass).

    Args:
        dh: (N, T, H) upstream gradient on every hidden state ``h[:, t]``.
        x: (N, T, D) inputs.
        h0: (N, H) initial hidden state.
        Wx: (D, H) input-to-hidden weights.
        Wh: (H, H) hidden-to-hidden weights.
        b: (H,) bias.

    Returns:
        dx: (N, T, D) float64.
        dh0: (N, H) float64.
        dWx: (D, H) float64.
        dWh: (H, H) float64.
        db: (H,) float64.

    Raises:
        ValueError: on inconsistent shapes.
    """
    x, h0, Wx, Wh, b = _checked_rnn_inputs(x, h0, Wx, Wh, b)
    n_seq, n_steps, dim = x.shape
    hidden = Wx.shape[1]
    dh = as_float64("dh", dh)
    check_shape("dh", dh, (n_seq, n_steps, hidden))
    h = _forward(x, h0, Wx, Wh, b)
    da, dh0 = _backward_recurrence(dh, h, Wh)
    da2 = da.reshape(-1, hidden)
    h_prev = np.concatenate((h0[:, None, :], h[:, :-1, :]), axis=1).reshape(-1, hidden)
    dx = (da2 @ Wx.T).reshape(n_seq, n_steps, dim)
    return dx, dh0, x.reshape(-1, dim).T @ da2, h_prev.T @ da2, da2.sum(axis=0)

"""Vanilla tanh RNN: one step, the forward pass over a sequence, and its backward pass.

Small problems run each pass in one fused numba kernel, plain loops throughout, as the
fixed cost of numpy calls would dominate them. For large ones the input projections
``x @ Wx`` of all time steps (and, backward, all weight gradients) are single BLAS products
in the wrappers, and only the sequential recurrence runs in numba.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from ._validate import as_float64, check_shape

# Problems with at most this many multiply-adds per pass, N*T*H*(D+H), run in the fused
# kernels. Measured backward: 5 us against 12 us for the BLAS path at N2 T5 D4 H6 (the numpy
# calls' fixed cost), about even near 30,000, and 1.5x slower at N16 T32 D32 H64.
_FUSED_MAX_WORK = 30_000


@njit(cache=True)
def _rnn_recurrence_kernel(a: np.ndarray, h0: np.ndarray, wh: np.ndarray) -> None:
    """Turn input projections ``a[n, t] = x[n, t] @ Wx + b`` into hidden states, in place:
    ``a[n, t] = tanh(a[n, t] + a[n, t-1] @ wh)``, with ``a[n, -1] = h0[n]``."""
    n_seq, n_steps, hidden = a.shape
    # A separate accumulator, not the row itself, keeps the inner loop as fast as a plain
    # axpy (writing into ``a`` ran 25% slower at N16 T32 H64).
    acc = np.empty(hidden)
    for n in range(n_seq):
        prev = h0[n]
        for t in range(n_steps):
            row = a[n, t]
            for j in range(hidden):
                acc[j] = row[j]
            # k outer, j inner: the inner loop runs along a contiguous row of wh.
            for k in range(hidden):
                hk = prev[k]
                for j in range(hidden):
                    acc[j] += hk * wh[k, j]
            for j in range(hidden):
                row[j] = math.tanh(acc[j])
            prev = row


@njit(cache=True)
def _rnn_forward_kernel(
    x: np.ndarray, h0: np.ndarray, wx: np.ndarray, wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """The whole forward pass: h[n, t] = tanh(x[n, t] @ wx + h[n, t-1] @ wh + b)."""
    n_seq, n_steps, dim = x.shape
    hidden = b.shape[0]
    h = np.empty((n_seq, n_steps, hidden))
    for n in range(n_seq):
        for t in range(n_steps):
            for j in range(hidden):
                h[n, t, j] = b[j]
            for d in range(dim):
                xd = x[n, t, d]
                for j in range(hidden):
                    h[n, t, j] += xd * wx[d, j]
    _rnn_recurrence_kernel(h, h0, wh)
    return h


@njit(cache=True)
def _rnn_backward_kernel(
    dh: np.ndarray, h: np.ndarray, wh_t: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients on the pre-activations ``a[n, t]`` and on ``h0``; ``wh_t`` is ``Wh.T``."""
    n_seq, n_steps, hidden = dh.shape
    da = np.empty_like(dh)
    dh0 = np.zeros((n_seq, hidden))
    # dh0[n] carries the gradient on h[n, t-1] back through the steps. Element loops, not
    # slice assignments: those took 1.5 s of this kernel's 2 s compile time.
    for n in range(n_seq):
        for t in range(n_steps - 1, -1, -1):
            for j in range(hidden):
                da[n, t, j] = (dh[n, t, j] + dh0[n, j]) * (1.0 - h[n, t, j] * h[n, t, j])
                dh0[n, j] = 0.0
            for k in range(hidden):
                dak = da[n, t, k]
                for j in range(hidden):
                    dh0[n, j] += dak * wh_t[k, j]
    return da, dh0


@njit(cache=True)
def _rnn_backward_fused_kernel(
    dh: np.ndarray,
    x: np.ndarray,
    h0: np.ndarray,
    wx: np.ndarray,
    wh: np.ndarray,
    b: np.ndarray,
    dx: np.ndarray,
    dh0: np.ndarray,
    dwx: np.ndarray,
    dwh: np.ndarray,
    db: np.ndarray,
) -> None:
    """The whole backward pass, forward recomputation included, into dx, dh0, dwx, dwh, db."""
    n_seq, n_steps, dim = x.shape
    hidden = b.shape[0]
    h = _rnn_forward_kernel(x, h0, wx, wh, b)
    da = np.empty(hidden)
    dwx[:] = 0.0
    dwh[:] = 0.0
    db[:] = 0.0
    for n in range(n_seq):
        # dh0[n] carries the gradient on h[n, t-1] back through the steps.
        dh0[n] = 0.0
        for t in range(n_steps - 1, -1, -1):
            for j in range(hidden):
                da[j] = (dh[n, t, j] + dh0[n, j]) * (1.0 - h[n, t, j] * h[n, t, j])
                db[j] += da[j]
            for k in range(hidden):
                hk = h[n, t - 1, k] if t > 0 else h0[n, k]
                carry = 0.0
                for j in range(hidden):
                    dwh[k, j] += hk * da[j]
                    carry += da[j] * wh[k, j]
                dh0[n, k] = carry
            for d in range(dim):
                xd = x[n, t, d]
                grad = 0.0
                for j in range(hidden):
                    dwx[d, j] += xd * da[j]
                    grad += da[j] * wx[d, j]
                dx[n, t, d] = grad


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
    if n_seq * n_steps * hidden * (dim + hidden) <= _FUSED_MAX_WORK:
        return _rnn_forward_kernel(x, h0, Wx, Wh, b)
    h = (x.reshape(-1, dim) @ Wx + b).reshape(n_seq, n_steps, hidden)
    _rnn_recurrence_kernel(h, h0, Wh)
    return h


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
    if n_seq * n_steps * hidden * (dim + hidden) <= _FUSED_MAX_WORK:
        dx, dh0, dWx, dWh, db = (
            np.empty(x.shape),
            np.empty(h0.shape),
            np.empty(Wx.shape),
            np.empty(Wh.shape),
            np.empty(hidden),
        )
        _rnn_backward_fused_kernel(dh, x, h0, Wx, Wh, b, dx, dh0, dWx, dWh, db)
        return dx, dh0, dWx, dWh, db
    h = _forward(x, h0, Wx, Wh, b)
    da, dh0 = _rnn_backward_kernel(dh, h, np.ascontiguousarray(Wh.T))
    da2 = da.reshape(-1, hidden)
    h_prev = np.concatenate((h0[:, None, :], h[:, :-1, :]), axis=1).reshape(-1, hidden)
    dx = (da2 @ Wx.T).reshape(n_seq, n_steps, dim)
    return dx, dh0, x.reshape(-1, dim).T @ da2, h_prev.T @ da2, da2.sum(axis=0)


KERNELS = (
    _rnn_recurrence_kernel,
    _rnn_forward_kernel,
    _rnn_backward_kernel,
    _rnn_backward_fused_kernel,
)

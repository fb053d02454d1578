"""Inverted dropout. The wrapper draws the uniform numbers; the kernels are deterministic."""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from ._validate import as_float64, check_same_shape, real_number


@njit(cache=True)
def _dropout_forward_kernel(
    x: np.ndarray, u: np.ndarray, p: float
) -> tuple[np.ndarray, np.ndarray]:
    out = np.empty_like(x)
    keep = np.empty(x.size, dtype=np.bool_)
    # u < 1 always, so p == 1 keeps nothing and the division below never runs.
    for i in range(x.size):
        keep[i] = u[i] >= p
        out[i] = x[i] / (1.0 - p) if keep[i] else 0.0
    return out, keep


@njit(cache=True)
def _dropout_backward_kernel(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    dx = np.empty_like(dout)
    for i in range(dout.size):
        dx[i] = dout[i] / (1.0 - p) if mask[i] else 0.0
    return dx


def dropout_forward(
    x: ArrayLike, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout: drop each element with probability ``p``, scale the rest by 1/(1-p).

    In training mode draws ``u = rng.random(x.shape)`` and keeps the elements where
    ``u >= p``. In eval mode returns a copy of ``x`` and draws nothing from ``rng``.

    Args:
        x: (...) any shape.
        p: probability of DROPPING an element (PyTorch's meaning), in [0, 1].
        train: True for training mode, False for eval mode.
        rng: the only source of randomness.

    Returns:
        out: same shape as ``x``, float64; zeros when ``p == 1``.
        mask: same shape as ``x``, bool, True where the element is kept (all True in eval mode).

    Raises:
        ValueError: if ``p`` is not in [0, 1].
        TypeError: if ``rng`` is not a ``numpy.random.Generator``.
    """
    x = as_float64("x", x)
    p = real_number("p", p, 0.0, 1.0)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    u = rng.random(x.shape)
    out, keep = _dropout_forward_kernel(x.reshape(-1), u.reshape(-1), p)
    return out.reshape(x.shape), keep.reshape(x.shape)


def dropout_backward(dout: ArrayLike, mask: ArrayLike, p: float) -> np.ndarray:
    """Gradient of :func:`dropout_forward` in training mode: ``dout * mask / (1 - p)``.

    Args:
        dout: (...) upstream gradient.
        mask: (...) bool keep-mask returned by :func:`dropout_forward`, same shape as ``dout``.
        p: the drop probability used in the forward pass, in [0, 1].

    Returns:
        dx: same shape as ``dout``, float64; zeros when ``p == 1``.

    Raises:
        ValueError: if ``mask`` is not boolean, the shapes differ, or ``p`` is not in [0, 1].
    """
    dout = as_float64("dout", dout)
    mask = np.asarray(mask)
    if mask.dtype != np.bool_:
        raise ValueError(f"mask must be a boolean array, got dtype {mask.dtype}")
    check_same_shape("mask", mask, "dout", dout)
    p = real_number("p", p, 0.0, 1.0)
    mask = np.ascontiguousarray(mask).reshape(-1)
    return _dropout_backward_kernel(dout.reshape(-1), mask, p).reshape(dout.shape)


KERNELS = (_dropout_forward_kernel, _dropout_backward_kernel)

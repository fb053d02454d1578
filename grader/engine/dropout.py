"""Inverted dropout, in numpy. The forward pass draws its uniform numbers from the rng it is
given, and nothing else is random."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float64, check_same_shape, real_number


def _scaled(values: np.ndarray, keep: np.ndarray, p: float) -> np.ndarray:
    """``values / (1 - p)`` where ``keep``, 0 elsewhere; all zeros when ``p == 1`` (nothing is
    kept then, and the division never runs)."""
    if p == 1.0:
        return np.zeros_like(values)
    return np.where(keep, values / (1.0 - p), 0.0)


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
    keep = rng.random(x.shape) >= p  # u < 1 always: p == 1 keeps nothing
    return _scaled(x, keep, p), keep


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
    return _scaled(dout, mask, p)

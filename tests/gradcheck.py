"""Numerical gradients by central differences, the independent check of every backward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bigpicture.grader.limits import NUMERIC_GRAD_STEP


def numerical_gradient(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    dout: np.ndarray,
    h: float = NUMERIC_GRAD_STEP,
) -> np.ndarray:
    """Gradient of ``sum(f(x) * dout)`` with respect to ``x``, by central differences.

    Args:
        f: function of ``x`` alone (close over the other arguments).
        x: (...) float64 point at which to differentiate; left unchanged.
        dout: upstream gradient, shaped as ``f(x)``.
        h: step of the differences.

    Returns:
        Array shaped as ``x``.
    """
    x = np.array(x, dtype=np.float64)
    flat = x.reshape(-1)
    grad = np.zeros_like(flat)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        plus = f(x)
        flat[i] = old - h
        minus = f(x)
        flat[i] = old
        # Differencing the outputs before summing keeps the rounding error of untouched
        # outputs (an exact zero) out of small gradients.
        grad[i] = np.sum((plus - minus) * dout) / (2 * h)
    return grad.reshape(x.shape)


def gradient_error(numeric: np.ndarray, analytic: np.ndarray) -> float:
    """Largest difference between a numerical and an analytic gradient, relative to the
    gradient's scale (at least 1).

    Central differences carry ~1e-10 of rounding noise whatever the entry, so an entry near
    zero (6.8e-6, say) can be off by 1e-5 of itself in a correct backward pass: comparing
    entry by entry would fail it now and then.
    """
    if numeric.size == 0:
        return 0.0
    scale = max(1.0, float(np.max(np.abs(numeric))))
    return float(np.max(np.abs(numeric - analytic))) / scale

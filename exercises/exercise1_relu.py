"""연습 1: ReLU — Exercise 1 (lesson 3): ReLU forward and backward.

Sigmoid is the reason deep nets used to underfit: its slope is never above 0.25, so a gradient
sent back through ten sigmoid layers shrinks by a factor of at least 0.25**10, about 1e-6.
ReLU is the fix this exercise builds.
"""

import numpy as np


def relu(x: np.ndarray) -> np.ndarray:
    """ReLU 순전파 — ReLU forward pass.

    ReLU lets positive values through unchanged and replaces negative values by zero. Because
    its slope is exactly 1 wherever a unit is active, gradients keep their size as they flow
    back through many layers, instead of vanishing as they do through sigmoids.

    Formula: ``out = max(0, x)``, elementwise.

    Args:
        x: any shape, float64. The pre-activations.

    Returns:
        out: same shape as ``x``, float64. A new array; ``x`` itself is left unchanged.
    """
    # TODO: Compute max(0, x) for every element, as a new array; x itself must not change.
    raise NotImplementedError("relu")


def relu_backward(dout: np.ndarray, x: np.ndarray) -> np.ndarray:
    """ReLU 역전파 — ReLU backward pass.

    The gradient passes through wherever the unit was active (``x > 0``) and is blocked
    everywhere else. At exactly ``x == 0`` ReLU has no derivative; like PyTorch, we use 0.

    Formula: ``dx = dout * 1[x > 0]``, elementwise.

    Args:
        dout: same shape as ``x``, float64. Gradient of the loss with respect to ``relu(x)``.
        x: any shape, float64. The input that was given to :func:`relu`.

    Returns:
        dx: same shape as ``x``, float64. Gradient of the loss with respect to ``x``.
    """
    # TODO: Compute the gradient with respect to x: dout where the unit was active (x > 0),
    #       0 everywhere else.
    raise NotImplementedError("relu_backward")

"""연습 2: SGD와 모멘텀 — Exercise 2 (lesson 4): an SGD step with momentum.

Gradient descent tells us which direction to step: downhill, against the gradient. SGD takes
that step after every mini-batch instead of after the whole data set, and momentum smooths the
zig-zag of those noisy steps.
"""

import numpy as np


def sgd_step(
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float = 0.0,
    velocity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """SGD 한 걸음(모멘텀 포함) — one SGD update, with optional momentum.

    Plain SGD moves the weights a small step against the gradient of one mini-batch. Momentum
    keeps a running sum of past gradients (the velocity), so steps that agree add up and steps
    that zig-zag cancel out; with ``momentum=0`` this is plain SGD. This is PyTorch's convention
    (``torch.optim.SGD``): the learning rate multiplies the velocity, not the gradient.

    Formula::

        v_next = momentum * v + dw
        w_next = w - lr * v_next

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w``.
        lr: the learning rate, e.g. 0.1.
        momentum: between 0 and 1, e.g. 0.9; 0 means plain SGD.
        velocity: same shape as ``w``, float64, or None before the first step (meaning zeros).

    Returns:
        (w_next, velocity_next): both the same shape as ``w``, float64, new arrays; ``w`` and
        ``velocity`` are left unchanged.
    """
    # TODO: Compute the new velocity from the previous one (zeros before the first step) and
    #       the gradient, then the new weights from the new velocity. Return both.
    raise NotImplementedError("sgd_step")

"""연습 10: 옵티마이저 가계도 — Exercise 10 (lesson 5): one step each of Nesterov momentum,
AdaGrad and RMSProp.

Two branches grow from plain SGD. Momentum remembers which way the weights have been going, and
Nesterov's form looks one step ahead along that memory. AdaGrad gives every weight its own step
size from the sum of its squared gradients, and RMSProp lets that sum fade into a moving average.
Adam joins the two branches.
"""

import numpy as np


def nesterov_step(
    w: np.ndarray,
    dw: np.ndarray,
    lr: float,
    momentum: float,
    velocity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """네스테로프 모멘텀 한 걸음 — one SGD step with Nesterov momentum, as
    ``torch.optim.SGD(nesterov=True)``.

    The velocity is built as in plain momentum, but the step looks ahead: it moves by the
    gradient plus ``momentum`` times the new velocity, as if the velocity had already carried the
    weights one step further. Near a turn of the valley that look-ahead brakes earlier, so
    Nesterov overshoots less than plain momentum.

    Formula::

        velocity_next = momentum * velocity + dw
        w_next = w - lr * (dw + momentum * velocity_next)

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w``.
        lr: the learning rate, e.g. 0.1.
        momentum: between 0 and 1, e.g. 0.9.
        velocity: same shape as ``w``, float64, or None before the first step (meaning zeros).

    Returns:
        (w_next, velocity_next): both the same shape as ``w``, float64, new arrays; ``w`` and
        ``velocity`` are left unchanged.
    """
    # TODO: Compute the new velocity (zeros before the first step), then the new weights from a
    #       look-ahead step along it. Return both.
    raise NotImplementedError("nesterov_step")


def adagrad_step(
    w: np.ndarray, dw: np.ndarray, state_sum: np.ndarray, lr: float = 1e-2, eps: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    """AdaGrad 한 걸음 — one AdaGrad step, as ``torch.optim.Adagrad``.

    Every weight keeps the sum of all its squared gradients, and its step is divided by the
    square root of that sum: weights with large gradients take small steps, weights with small
    gradients large ones. The sum only grows, so every step shrinks: for gradients of 1, 1, 1, 1
    the steps are 1, 0.71, 0.58 and 0.5 times ``lr``.

    Formula::

        state_sum_next = state_sum + dw**2
        w_next = w - lr * dw / (sqrt(state_sum_next) + eps)

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w``.
        state_sum: same shape as ``w``, float64. The sum of the squared gradients of the
            previous steps (zeros before the first).
        lr: the learning rate.
        eps: added after the square root, so we never divide by zero.

    Returns:
        (w_next, state_sum_next): both the same shape as ``w``, float64, new arrays; ``w`` and
        ``state_sum`` are left unchanged.
    """
    # TODO: Add this step's squared gradient to the sum, then step each weight by lr * dw over
    #       the square root of its new sum (plus eps). Return the new weights and the new sum.
    raise NotImplementedError("adagrad_step")


def rmsprop_step(
    w: np.ndarray,
    dw: np.ndarray,
    square_avg: np.ndarray,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray]:
    """RMSProp 한 걸음 — one RMSProp step, as ``torch.optim.RMSprop``.

    AdaGrad with a memory that fades: instead of the sum of all squared gradients, every weight
    keeps a moving average of them, in which a gradient from k steps ago counts ``alpha**k`` as
    much as the newest. The step is divided by the root of that average, so it adapts to each
    weight's gradients without shrinking forever.

    Formula::

        square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
        w_next = w - lr * dw / (sqrt(square_avg_next) + eps)

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w``.
        square_avg: same shape as ``w``, float64. The moving average of the squared gradients
            of the previous steps (zeros before the first).
        lr: the learning rate.
        alpha: how much of the old average each step keeps, e.g. 0.99.
        eps: added after the square root, so we never divide by zero.

    Returns:
        (w_next, square_avg_next): both the same shape as ``w``, float64, new arrays; ``w`` and
        ``square_avg`` are left unchanged.
    """
    # TODO: Update the moving average of squared gradients, then step each weight by lr * dw
    #       over the square root of its new average (plus eps). Return both.
    raise NotImplementedError("rmsprop_step")

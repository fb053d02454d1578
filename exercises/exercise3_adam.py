"""연습 3: Adam — Exercise 3 (lesson 5): one Adam update.

The learning rate decides how far each step goes: too small and training crawls, too large and
it diverges. Adam adapts the step size for every weight separately, which is why it is the
usual first choice.
"""

import numpy as np


def adam_step(
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Adam 한 걸음 — one Adam update, as ``torch.optim.Adam``.

    Adam keeps two running averages for every weight: ``m`` of the gradient (which way to go,
    like momentum) and ``v`` of the squared gradient (how large the gradients usually are).
    Dividing by ``sqrt(v)`` gives each weight its own step size. Both averages start at zero,
    so early on they are too small; dividing by ``1 - beta**t`` corrects that bias.

    Formula::

        m_next = beta1 * m + (1 - beta1) * dw
        v_next = beta2 * v + (1 - beta2) * dw**2
        m_hat = m_next / (1 - beta1**t)
        v_hat = v_next / (1 - beta2**t)
        w_next = w - lr * m_hat / (sqrt(v_hat) + eps)

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w``.
        m: same shape as ``w``, float64. First moment from the previous step (zeros at first).
        v: same shape as ``w``, float64. Second moment from the previous step (zeros at first).
        t: the 1-based number of this update: 1 on the first call, 2 on the second, ...
            The caller increments it.
        lr: the learning rate.
        beta1: decay rate of the first moment.
        beta2: decay rate of the second moment.
        eps: added after the square root, so we never divide by zero.

    Returns:
        (w_next, m_next, v_next): each the same shape as ``w``, float64, new arrays. ``m_next``
        and ``v_next`` are the raw moments, before bias correction: they are what the next call
        needs.
    """
    # TODO: Compute the new raw moments, their bias-corrected values for step t, and the new
    #       weights. Return the new weights with the raw moments.
    raise NotImplementedError("adam_step")

"""연습 11: AdamW — Exercise 11 (lesson 6): one AdamW update, with decoupled weight decay.

Weight decay fights overfitting by shrinking every weight a little at each step, so that only
weights the data keeps pushing stay large. With Adam it must be decoupled from the gradient:
added to the gradient, the decay would be divided by ``sqrt(v)`` too, and weights with large
gradients would barely be decayed.
"""

import numpy as np


def adamw_step(
    w: np.ndarray,
    dw: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """AdamW 한 걸음 — one AdamW update, as ``torch.optim.AdamW``.

    First shrink the weights by the factor ``1 - lr * weight_decay`` (0.99999 with the
    defaults), then take exactly Adam's step from the shrunk weights, with ``dw`` unchanged.
    The decay never enters ``m`` or ``v``: that is what "decoupled" means.

    Formula::

        w_decayed = w * (1 - lr * weight_decay)
        m_next = beta1 * m + (1 - beta1) * dw
        v_next = beta2 * v + (1 - beta2) * dw**2
        m_hat = m_next / (1 - beta1**t)
        v_hat = v_next / (1 - beta2**t)
        w_next = w_decayed - lr * m_hat / (sqrt(v_hat) + eps)

    Args:
        w: any shape, float64. The current weights.
        dw: same shape as ``w``, float64. Gradient of the loss with respect to ``w`` (without
            any decay term).
        m: same shape as ``w``, float64. First moment from the previous step (zeros at first).
        v: same shape as ``w``, float64. Second moment from the previous step (zeros at first).
        t: the 1-based number of this update: 1 on the first call, 2 on the second, ...
            The caller increments it.
        lr: the learning rate.
        beta1: decay rate of the first moment.
        beta2: decay rate of the second moment.
        eps: added after the square root, so we never divide by zero.
        weight_decay: how strongly the weights shrink: by ``lr * weight_decay`` of themselves
            at every step.

    Returns:
        (w_next, m_next, v_next): each the same shape as ``w``, float64, new arrays. ``m_next``
        and ``v_next`` are the raw moments, before bias correction: they are what the next call
        needs.
    """
    w_decayed = w * (1 - lr * weight_decay)
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    m_hat = m_next / (1 - beta1**t)
    v_hat = v_next / (1 - beta2**t)
    w_next = w_decayed - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

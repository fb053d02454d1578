"""The optimizers of the course's family tree, one update step each, with PyTorch's conventions,
in numpy (elementwise: nothing for a compiler to win): SGD with momentum and its Nesterov form,
AdaGrad, RMSProp, Adam and AdamW."""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_float64, check_same_shape, real_number


def _like(name: str, value: ArrayLike, w: np.ndarray) -> np.ndarray:
    """``value`` as float64, checked to have ``w``'s shape."""
    array = as_float64(name, value)
    check_same_shape(name, array, "w", w)
    return array


def _params(w: ArrayLike, dw: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    w = as_float64("w", w)
    return w, _like("dw", dw, w)


def _state(name: str, value: ArrayLike | None, w: np.ndarray) -> np.ndarray:
    """An optimizer's state for ``w``: zeros when None, else an array of ``w``'s shape."""
    return np.zeros_like(w) if value is None else _like(name, value, w)


def sgd_step(
    w: ArrayLike,
    dw: ArrayLike,
    lr: float,
    momentum: float = 0.0,
    velocity: ArrayLike | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with momentum, as ``torch.optim.SGD`` (no dampening, nesterov, decay).

    ``v = momentum * v + dw; w = w - lr * v``.

    Args:
        w: (...) parameters, any shape.
        dw: (...) gradient, same shape as ``w``.
        lr: learning rate, >= 0.
        momentum: momentum factor, >= 0.
        velocity: (...) velocity from the previous step, same shape as ``w``; None means zeros.

    Returns:
        w_next: same shape as ``w``, float64.
        velocity_next: same shape as ``w``, float64.

    Raises:
        ValueError: on mismatched shapes or a negative ``lr`` / ``momentum``.
    """
    w, dw = _params(w, dw)
    lr = real_number("lr", lr, 0.0, math.inf)
    momentum = real_number("momentum", momentum, 0.0, math.inf)
    velocity_next = momentum * _state("velocity", velocity, w) + dw
    return w - lr * velocity_next, velocity_next


def adam_step(
    w: ArrayLike,
    dw: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Adam update, as ``torch.optim.Adam`` (no weight decay, no amsgrad).

    ``m = b1*m + (1-b1)*dw; v = b2*v + (1-b2)*dw**2;``
    ``w = w - lr * (m / (1-b1**t)) / (sqrt(v / (1-b2**t)) + eps)``.

    Args:
        w: (...) parameters, any shape.
        dw: (...) gradient, same shape as ``w``.
        m: (...) first moment from the previous step (zeros before the first), same shape.
        v: (...) second moment from the previous step (zeros before the first), same shape.
        t: 1-based number of THIS update (1 on the first call), an int >= 1.
        lr: learning rate, >= 0.
        beta1: decay of the first moment, in [0, 1).
        beta2: decay of the second moment, in [0, 1).
        eps: added to the denominator, >= 0.

    Returns:
        w_next: same shape as ``w``, float64.
        m_next: same shape, the uncorrected first moment.
        v_next: same shape, the uncorrected second moment.

    Raises:
        ValueError: on mismatched shapes, ``t`` not an int >= 1, or a hyperparameter out of range.
    """
    w, dw = _params(w, dw)
    m, v = _like("m", m, w), _like("v", v, w)
    if isinstance(t, bool | np.bool_) or not isinstance(t, numbers.Integral) or t < 1:
        raise ValueError(f"t must be an int >= 1 (the 1-based number of this update), got {t!r}")
    lr = real_number("lr", lr, 0.0, math.inf)
    beta1 = real_number("beta1", beta1, 0.0, 1.0)
    beta2 = real_number("beta2", beta2, 0.0, 1.0)
    for name, beta in (("beta1", beta1), ("beta2", beta2)):
        if beta == 1.0:
            raise ValueError(f"{name} must be in [0, 1), got {beta}")
    eps = real_number("eps", eps, 0.0, math.inf)
    m_next = beta1 * m + (1.0 - beta1) * dw
    v_next = beta2 * v + (1.0 - beta2) * dw * dw
    m_hat = m_next / (1.0 - beta1 ** int(t))
    v_hat = v_next / (1.0 - beta2 ** int(t))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_next, v_next


def nesterov_step(
    w: ArrayLike, dw: ArrayLike, lr: float, momentum: float, velocity: ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """One step of SGD with Nesterov momentum, as ``torch.optim.SGD(nesterov=True)``.

    ``v = momentum * v + dw; w = w - lr * (dw + momentum * v)``: the step looks ahead along
    the new velocity.

    Returns:
        w_next, velocity_next: same shape as ``w``, float64.
    """
    w, dw = _params(w, dw)
    lr = real_number("lr", lr, 0.0, math.inf)
    momentum = real_number("momentum", momentum, 0.0, math.inf)
    velocity_next = momentum * _state("velocity", velocity, w) + dw
    return w - lr * (dw + momentum * velocity_next), velocity_next


def adagrad_step(
    w: ArrayLike, dw: ArrayLike, state_sum: ArrayLike, lr: float = 1e-2, eps: float = 1e-10
) -> tuple[np.ndarray, np.ndarray]:
    """One AdaGrad step, as ``torch.optim.Adagrad`` (no lr decay, no weight decay).

    ``s = s + dw**2; w = w - lr * dw / (sqrt(s) + eps)``: each weight's step shrinks with the
    squares of all its gradients so far.

    Returns:
        w_next, state_sum_next: same shape as ``w``, float64.
    """
    w, dw = _params(w, dw)
    lr = real_number("lr", lr, 0.0, math.inf)
    eps = real_number("eps", eps, 0.0, math.inf)
    state_next = _state("state_sum", state_sum, w) + dw * dw
    return w - lr * dw / (np.sqrt(state_next) + eps), state_next


def rmsprop_step(
    w: ArrayLike,
    dw: ArrayLike,
    square_avg: ArrayLike,
    lr: float = 1e-2,
    alpha: float = 0.99,
    eps: float = 1e-8,
) -> tuple[np.ndarray, np.ndarray]:
    """One RMSProp step, as ``torch.optim.RMSprop`` (not centered, no momentum).

    ``s = alpha * s + (1 - alpha) * dw**2; w = w - lr * dw / (sqrt(s) + eps)``: AdaGrad with
    a memory that fades, so that steps do not shrink forever.

    Returns:
        w_next, square_avg_next: same shape as ``w``, float64.
    """
    w, dw = _params(w, dw)
    lr = real_number("lr", lr, 0.0, math.inf)
    alpha = real_number("alpha", alpha, 0.0, 1.0)
    eps = real_number("eps", eps, 0.0, math.inf)
    square_next = alpha * _state("square_avg", square_avg, w) + (1.0 - alpha) * dw * dw
    return w - lr * dw / (np.sqrt(square_next) + eps), square_next


def adamw_step(
    w: ArrayLike,
    dw: ArrayLike,
    m: ArrayLike,
    v: ArrayLike,
    t: int,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One AdamW step, as ``torch.optim.AdamW``: the decay is decoupled from the gradient.

    ``w = w * (1 - lr * weight_decay)``, then :func:`adam_step` on it with ``dw`` unchanged
    (Adam with L2 in the gradient would divide the decay by ``sqrt(v)`` too).

    Returns:
        w_next, m_next, v_next: same shape as ``w``, float64.
    """
    w = as_float64("w", w)
    lr_value = real_number("lr", lr, 0.0, math.inf)
    decay = real_number("weight_decay", weight_decay, 0.0, math.inf)
    return adam_step(w * (1.0 - lr_value * decay), dw, m, v, t, lr, beta1, beta2, eps)

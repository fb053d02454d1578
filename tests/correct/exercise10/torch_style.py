"""torch.optim's own arrangement: the first velocity is a copy of the gradient, the new state is
built by an add-multiply, and the denominator is computed once as std."""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    buf = dw.copy() if velocity is None else momentum * velocity + dw
    update = dw + momentum * buf
    return w + (-lr) * update, buf


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_sum = state_sum + 1.0 * dw * dw
    std = np.sqrt(state_sum) + eps
    return w - lr * (dw / std), state_sum


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg = square_avg * alpha + (1 - alpha) * dw * dw
    avg = np.sqrt(square_avg) + eps
    return w + (-lr) * dw / avg, square_avg

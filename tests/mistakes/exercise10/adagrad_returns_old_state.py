"""Steps right but returns the sum it was given.

DIAGNOSIS: It looks like the old state_sum was returned.
"""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * (dw + momentum * velocity_next), velocity_next


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    w_next = w - lr * dw / (np.sqrt(state_sum + dw**2) + eps)
    return w_next, state_sum


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
    return w - lr * dw / (np.sqrt(square_avg_next) + eps), square_avg_next

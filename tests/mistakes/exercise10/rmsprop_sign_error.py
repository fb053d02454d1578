"""Steps uphill: w + lr * dw / (sqrt(square_avg) + eps).

DIAGNOSIS: It looks like the step goes uphill: w_next = w + lr * dw / (np.sqrt(square_avg_next) + eps).
"""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * (dw + momentum * velocity_next), velocity_next


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_sum_next = state_sum + dw**2
    return w - lr * dw / (np.sqrt(state_sum_next) + eps), state_sum_next


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
    return w + lr * dw / (np.sqrt(square_avg_next) + eps), square_avg_next

"""Writes 0.99 in the formula instead of reading alpha.

Only a call that passes another alpha shows it.

DIAGNOSIS: It looks like alpha kept its default value although the call passed another
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
    square_avg_next = 0.99 * square_avg + 0.01 * dw**2
    return w - lr * dw / (np.sqrt(square_avg_next) + eps), square_avg_next

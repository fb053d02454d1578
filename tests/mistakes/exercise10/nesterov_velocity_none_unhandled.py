"""Multiplies the velocity without handling None before the first step.

DIAGNOSIS: velocity is None before the first step: start from zeros with `if velocity is None:
velocity = np.zeros_like(w)`.
"""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    velocity_next = momentum * velocity + dw
    return w - lr * (dw + momentum * velocity_next), velocity_next


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_sum_next = state_sum + dw**2
    return w - lr * dw / (np.sqrt(state_sum_next) + eps), state_sum_next


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
    return w - lr * dw / (np.sqrt(square_avg_next) + eps), square_avg_next

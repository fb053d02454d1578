"""CS231n's Nesterov: v = mu * v - lr * dw; w += -mu * v_prev + (1 + mu) * v.

DIAGNOSIS: This is CS231n's form of Nesterov
"""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    v_prev = np.zeros_like(w) if velocity is None else velocity
    v = momentum * v_prev - lr * dw
    return w - momentum * v_prev + (1 + momentum) * v, v


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_sum_next = state_sum + dw**2
    return w - lr * dw / (np.sqrt(state_sum_next) + eps), state_sum_next


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_avg_next = alpha * square_avg + (1 - alpha) * dw**2
    return w - lr * dw / (np.sqrt(square_avg_next) + eps), square_avg_next

"""One weight at a time, with plain Python arithmetic on each element."""

import math

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    w_next, velocity_next = np.empty_like(w), np.empty_like(w)
    for i in np.ndindex(w.shape):
        v = momentum * (0.0 if velocity is None else velocity[i]) + dw[i]
        velocity_next[i] = v
        w_next[i] = w[i] - lr * (dw[i] + momentum * v)
    return w_next, velocity_next


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    w_next, state_next = np.empty_like(w), np.empty_like(w)
    for i in np.ndindex(w.shape):
        state_next[i] = state_sum[i] + dw[i] * dw[i]
        w_next[i] = w[i] - lr * dw[i] / (math.sqrt(state_next[i]) + eps)
    return w_next, state_next


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    w_next, square_next = np.empty_like(w), np.empty_like(w)
    for i in np.ndindex(w.shape):
        square_next[i] = alpha * square_avg[i] + (1 - alpha) * dw[i] ** 2
        w_next[i] = w[i] - lr * dw[i] / (math.sqrt(square_next[i]) + eps)
    return w_next, square_next

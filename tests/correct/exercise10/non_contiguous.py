"""Works on the transposed arrays and returns transposed views: not C-contiguous outputs."""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    previous = np.zeros(w.T.shape) if velocity is None else velocity.T
    velocity_next = momentum * previous + dw.T
    w_next = w.T - lr * (dw.T + momentum * velocity_next)
    return w_next.T, velocity_next.T


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_next = state_sum.T + dw.T**2
    return (w.T - lr * dw.T / (np.sqrt(state_next) + eps)).T, state_next.T


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_next = alpha * square_avg.T + (1 - alpha) * dw.T**2
    return (w.T - lr * dw.T / (np.sqrt(square_next) + eps)).T, square_next.T

"""In-place arithmetic, but on copies: the caller's arrays are never touched."""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    velocity_next = np.zeros_like(w) if velocity is None else velocity.copy()
    velocity_next *= momentum
    velocity_next += dw
    w_next = w.copy()
    w_next -= lr * dw
    w_next -= lr * momentum * velocity_next
    return w_next, velocity_next


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_next = state_sum.copy()
    state_next += dw * dw
    w_next = w.copy()
    w_next -= lr * dw / (np.sqrt(state_next) + eps)
    return w_next, state_next


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_next = square_avg.copy()
    square_next *= alpha
    square_next += (1 - alpha) * dw * dw
    w_next = w.copy()
    w_next -= lr * dw / (np.sqrt(square_next) + eps)
    return w_next, square_next

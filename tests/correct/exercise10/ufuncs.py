"""numpy ufuncs writing into preallocated outputs, and lists instead of tuples."""

import numpy as np


def nesterov_step(w, dw, lr, momentum, velocity=None):
    velocity_next = np.copy(dw)
    if velocity is not None:
        np.add(np.multiply(velocity, momentum), dw, out=velocity_next)
    look_ahead = np.add(dw, np.multiply(velocity_next, momentum))
    return [np.subtract(w, np.multiply(look_ahead, lr)), velocity_next]


def adagrad_step(w, dw, state_sum, lr=1e-2, eps=1e-10):
    state_next = np.add(state_sum, np.square(dw))
    denominator = np.add(np.sqrt(state_next), eps)
    return [np.subtract(w, np.divide(np.multiply(dw, lr), denominator)), state_next]


def rmsprop_step(w, dw, square_avg, lr=1e-2, alpha=0.99, eps=1e-8):
    square_next = np.empty_like(square_avg)
    np.multiply(square_avg, alpha, out=square_next)
    np.add(square_next, np.multiply(np.square(dw), 1 - alpha), out=square_next)
    denominator = np.add(np.sqrt(square_next), eps)
    return [np.subtract(w, np.divide(np.multiply(dw, lr), denominator)), square_next]

"""One element at a time, with np.ndindex, into new arrays."""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    w_next = np.empty_like(w)
    velocity_next = np.empty_like(w)
    for index in np.ndindex(w.shape):
        previous = 0.0 if velocity is None else velocity[index]
        velocity_next[index] = momentum * previous + dw[index]
        w_next[index] = w[index] - lr * velocity_next[index]
    return w_next, velocity_next

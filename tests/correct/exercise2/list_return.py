"""Returns a list instead of a tuple, which the contract allows."""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros(w.shape)
    velocity_next = momentum * velocity + dw
    return [w - lr * velocity_next, velocity_next]

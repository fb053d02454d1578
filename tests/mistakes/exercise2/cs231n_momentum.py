"""Uses the CS231n convention v = momentum * v - lr * dw; w = w + v instead of PyTorch's.

DIAGNOSIS: This is the CS231n convention (v = momentum * v - lr * dw; w = w + v), a different
convention from this course's.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity - lr * dw
    return w + velocity_next, velocity_next

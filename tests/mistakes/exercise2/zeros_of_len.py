"""Starts the velocity from np.zeros(len(w)), which has only w's first axis.

It breaks on weights with two axes or more whose sizes differ.

DIAGNOSIS: velocity must have the shape of w: start from np.zeros_like(w)
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros(len(w))
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next, velocity_next

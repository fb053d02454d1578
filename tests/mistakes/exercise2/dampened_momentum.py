"""Averages the gradient into the velocity with weight (1 - momentum) (PyTorch's dampening).

DIAGNOSIS: It looks like the gradient was dampened: velocity_next = momentum * velocity + (1 -
momentum) * dw
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + (1 - momentum) * dw
    return w - lr * velocity_next, velocity_next

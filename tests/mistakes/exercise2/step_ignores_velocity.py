"""Computes the new velocity but steps with the raw gradient.

DIAGNOSIS: It looks like the step ignores the velocity: velocity_next is right, but w_next = w
- lr * dw.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * dw, velocity_next

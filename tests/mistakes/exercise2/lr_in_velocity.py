"""Puts the learning rate inside the velocity, then steps by the velocity alone.

DIAGNOSIS: It looks like lr went inside the velocity: velocity_next = momentum * velocity + lr
* dw, then w_next = w - velocity_next.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + lr * dw
    return w - velocity_next, velocity_next

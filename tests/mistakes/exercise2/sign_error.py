"""Adds the step instead of subtracting it, so the weights climb the loss.

DIAGNOSIS: It looks like the step goes uphill: w_next = w + lr * velocity_next.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w + lr * velocity_next, velocity_next

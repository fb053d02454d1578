"""Takes a Nesterov step (looks ahead along the new velocity) instead of plain momentum.

DIAGNOSIS: It looks like this is Nesterov momentum: w_next = w - lr * (dw + momentum *
velocity_next).
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * (dw + momentum * velocity_next), velocity_next

"""Returns only the new weights and drops the velocity.

DIAGNOSIS: sgd_step should return a tuple of 2 values, but returned a single value.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next

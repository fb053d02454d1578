"""Updates w in place with -= and returns the same array object.

DIAGNOSIS: sgd_step modified its input in place (w).
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    w -= lr * velocity_next
    return w, velocity_next

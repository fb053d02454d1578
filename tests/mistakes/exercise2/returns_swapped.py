"""Returns (velocity_next, w_next) instead of (w_next, velocity_next).

DIAGNOSIS: It looks like the two results are swapped: return (w_next, velocity_next), in that
order.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return velocity_next, w - lr * velocity_next

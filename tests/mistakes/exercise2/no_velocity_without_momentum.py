"""Returns None as the velocity when momentum is 0, as if plain SGD had no velocity.

DIAGNOSIS: sgd_step returned None for velocity_next: always return an array, even when
momentum is 0
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if momentum == 0:
        return w - lr * dw, None
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next, velocity_next

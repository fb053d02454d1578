"""Tests `if not velocity:` for None, which raises as soon as a velocity array is passed.

DIAGNOSIS: An array has no single truth value, so `if not velocity:` and `velocity or ...`
fail once a velocity is passed.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if not velocity:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next, velocity_next

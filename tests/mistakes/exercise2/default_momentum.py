"""Gives momentum a default of 0.9 (the usual value in examples) instead of 0.

Only a call that passes a velocity but no momentum shows it: with velocity None the first step
is the same whatever the momentum.

DIAGNOSIS: It looks like momentum defaults to 0.9 instead of 0
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.9, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity_next = momentum * velocity + dw
    return w - lr * velocity_next, velocity_next

"""Moves w with the old velocity, then updates the velocity: the step lags one gradient behind.

DIAGNOSIS: It looks like w stepped with the old velocity.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    w_next = w - lr * velocity
    velocity_next = momentum * velocity + dw
    return w_next, velocity_next

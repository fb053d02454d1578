"""Updates the velocity in place, so the caller's previous velocity changes too.

DIAGNOSIS: sgd_step modified its input in place (velocity).
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity *= momentum
    velocity += dw
    return w - lr * velocity, velocity

"""Forgets the velocity: plain SGD whatever momentum is, returning dw as the velocity.

DIAGNOSIS: It looks like momentum was ignored: velocity_next is just dw.
"""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    return w - lr * dw, dw.copy()

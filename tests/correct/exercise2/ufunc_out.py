"""numpy ufuncs writing into preallocated outputs."""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    velocity_next = np.empty_like(w)
    if velocity is None:
        np.copyto(velocity_next, dw)
    else:
        np.multiply(velocity, momentum, out=velocity_next)
        np.add(velocity_next, dw, out=velocity_next)
    step = np.multiply(velocity_next, lr)
    return np.subtract(w, step), velocity_next

"""Works on the transposed arrays and returns transposed views: not C-contiguous outputs."""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    previous = np.zeros(w.T.shape) if velocity is None else velocity.T
    velocity_next = momentum * previous + dw.T
    w_next = w.T - lr * velocity_next
    return w_next.T, velocity_next.T

"""In-place arithmetic, on copies, so the caller's arrays stay as they were."""

import numpy as np


def sgd_step(w, dw, lr, momentum=0.0, velocity=None):
    velocity_next = np.zeros_like(w) if velocity is None else velocity.copy()
    velocity_next *= momentum
    velocity_next += dw
    w_next = w.copy()
    w_next -= lr * velocity_next
    return w_next, velocity_next

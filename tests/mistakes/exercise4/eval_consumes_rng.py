"""Draws random numbers even in eval mode, shifting the rng stream for later calls.

DIAGNOSIS: dropout_forward drew random numbers from rng in eval mode (train=False).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    mask = rng.random(x.shape) >= p
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

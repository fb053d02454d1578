"""Multiplies the kept values by (1 - p) instead of dividing by it, forward and backward.

DIAGNOSIS: It looks like the kept values were multiplied by (1 - p) instead of divided by it:
inverted dropout scales up what it keeps, by 1 / (1 - p).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask * (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask * (1 - p)

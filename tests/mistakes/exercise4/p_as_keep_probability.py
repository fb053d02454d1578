"""Reads p as the probability of keeping, so p=0.2 drops 80% instead of 20%.

DIAGNOSIS: It looks like p was read as the probability of keeping.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) < p
    return x * mask / p, mask


def dropout_backward(dout, mask, p):
    return dout * mask / p

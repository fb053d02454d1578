"""Drops values but never rescales the survivors by 1 / (1 - p), in forward or backward.

DIAGNOSIS: It looks like the 1 / (1 - p) scale is missing.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask, mask


def dropout_backward(dout, mask, p):
    return dout * mask

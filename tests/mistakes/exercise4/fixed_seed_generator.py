"""Draws the mask from a generator with a fixed seed, so every call drops the same values.

DIAGNOSIS: Two calls with different rng seeds gave the same mask.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = np.random.default_rng(0).random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

"""Passes x itself to rng.random, which takes a shape.

DIAGNOSIS: It looks like rng.random was given x itself: it takes a shape, rng.random(x.shape).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

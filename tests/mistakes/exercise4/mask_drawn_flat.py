"""Draws rng.random(x.size), a flat array that cannot multiply x.

DIAGNOSIS: It looks like the mask does not have x's shape (rng.random(x.size) or
rng.random(len(x)) draws a flat one): draw it with rng.random(x.shape).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.size) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

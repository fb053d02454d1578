"""Scales dout in place in the backward pass, changing the caller's gradient.

DIAGNOSIS: dropout_backward modified its input in place (dout).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    dout *= mask / (1 - p)
    return dout

"""Scales x in place (x *= mask / (1 - p)) and returns it, changing the caller's array.

DIAGNOSIS: dropout_forward modified its input in place (x).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    x *= mask / (1 - p)
    return x, mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

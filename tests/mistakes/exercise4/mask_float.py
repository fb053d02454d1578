"""Returns the mask as float64 zeros and ones instead of a bool array.

DIAGNOSIS: dropout_forward: mask has dtype float64; it must be a bool array (True = kept).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape)
    mask = (rng.random(x.shape) >= p).astype(np.float64)
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

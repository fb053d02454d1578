"""The forward pass is right but the backward pass forgets the 1 / (1 - p) factor.

DIAGNOSIS: It looks like the 1 / (1 - p) scale is missing.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask

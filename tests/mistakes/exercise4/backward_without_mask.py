"""The backward pass scales dout by 1 / (1 - p) but forgets the mask.

DIAGNOSIS: It looks like the mask was left out: the values it drops were scaled by 1 / (1 - p) too,
instead of set to 0.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout / (1 - p)

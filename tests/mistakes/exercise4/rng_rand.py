"""Calls rng.rand(*x.shape), the old np.random API, which a Generator does not have.

DIAGNOSIS: rng is a numpy Generator: it has no rand, randn or randint (those are the old
np.random functions).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.rand(*x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

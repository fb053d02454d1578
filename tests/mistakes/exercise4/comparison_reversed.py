"""Keeps where rng.random(x.shape) < p, so p = 0.3 keeps 30% instead of 70% (scaled by 1 / (1 - p)).

DIAGNOSIS: It looks like the comparison is reversed: rng.random(x.shape) < p keeps a fraction p of
the values.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) < p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

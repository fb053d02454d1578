"""Draws one mask to compute out and another to return, so out and mask disagree.

DIAGNOSIS: It looks like out and mask come from two different draws: out drops other values than
the ones your mask marks.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    out = x * (rng.random(x.shape) >= p) / (1 - p)
    return out, rng.random(x.shape) >= p


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

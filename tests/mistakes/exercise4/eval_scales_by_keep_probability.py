"""Scales x by (1 - p) in eval mode, the test-time rule of plain (non-inverted) dropout.

DIAGNOSIS: It looks like eval mode scaled x: with inverted dropout, the training pass already
scaled, so eval mode returns x unchanged (a copy of it).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x * (1 - p), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

"""The mask returned is True where a value was DROPPED; out itself is right.

DIAGNOSIS: It looks like your mask marks the dropped values; it must be True where the value is
KEPT: mask = rng.random(x.shape) >= p, and out = x * mask / (1 - p).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    dropped = rng.random(x.shape) < p
    out = x / (1 - p)
    out[dropped] = 0.0
    return out, dropped


def dropout_backward(dout, mask, p):
    return dout * ~mask / (1 - p)

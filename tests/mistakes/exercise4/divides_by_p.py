"""The mask is right but the forward pass divides the kept values by p instead of (1 - p).

DIAGNOSIS: It looks like you divided by p instead of by (1 - p), the probability of keeping a
value.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / p, mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

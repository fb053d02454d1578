"""Makes a new unseeded generator inside the function instead of using the rng argument.

DIAGNOSIS: It looks like a new generator was made inside the function (np.random.default_rng()
without a seed), so every call draws another mask.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = np.random.default_rng().random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

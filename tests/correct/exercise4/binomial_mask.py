"""The mask drawn as Bernoulli(1 - p) trials with rng.binomial; the scale precomputed."""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.full(x.shape, True)
    mask = rng.binomial(1, 1 - p, size=x.shape).astype(bool)
    scale = 1.0 / (1.0 - p)
    return x * mask * scale, mask


def dropout_backward(dout, mask, p):
    scale = 1.0 / (1.0 - p)
    return dout * mask.astype(np.float64) * scale

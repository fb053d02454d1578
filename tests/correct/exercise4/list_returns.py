"""Returns [out, mask] as a list (the contract allows any pair) and skips the draw when p = 0."""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train or p == 0:
        return [x.copy(), np.ones(x.shape, dtype=bool)]
    mask = rng.random(x.shape) >= p
    return [x * mask / (1 - p), mask]


def dropout_backward(dout, mask, p):
    return np.multiply(dout, mask) / (1 - p)

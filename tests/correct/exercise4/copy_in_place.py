"""In place, on copies: zero the dropped values of a copy of x, then divide the copy."""

import numpy as np


def dropout_forward(x, p, train, rng):
    out = x.copy()
    if not train:
        return out, np.ones_like(x, dtype=bool)
    mask = rng.uniform(size=x.shape) >= p
    out[~mask] = 0.0
    out /= 1 - p
    return out, mask


def dropout_backward(dout, mask, p):
    dx = dout.copy()
    dx[~mask] = 0.0
    dx /= 1 - p
    return dx

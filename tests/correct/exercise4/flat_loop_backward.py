"""Vectorised forward; a plain loop over the flattened values in the backward pass."""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    keep = rng.random(x.shape) >= p
    return keep * x / (1 - p), keep


def dropout_backward(dout, mask, p):
    dx = np.zeros(dout.size)
    flat_dout, flat_mask = dout.ravel(), mask.ravel()
    for i in range(dout.size):
        if flat_mask[i]:
            dx[i] = flat_dout[i] / (1 - p)
    return dx.reshape(dout.shape)

"""Keeps where the uniform number is below 1 - p (as likely as >= p); np.where for the scale."""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) < 1 - p
    return np.where(mask, x / (1 - p), 0.0), mask


def dropout_backward(dout, mask, p):
    return np.where(mask, dout / (1 - p), 0.0)

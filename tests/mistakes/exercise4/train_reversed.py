"""Tests `if train:` where `if not train:` is meant: drops in eval mode, not in training.

DIAGNOSIS: It looks like the test of train is reversed: values were dropped with train=False and
none with train=True.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

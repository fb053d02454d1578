"""Applies dropout in eval mode too, ignoring train.

DIAGNOSIS: In eval mode (train=False) dropout does nothing: check `if not train` first and return x
unchanged.
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

"""Applies dropout in eval mode too, ignoring train.

CAUGHT_BY: eval mode
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * mask / (1 - p)

"""Writes the slope as out * (out - 1), flipping its sign.

DIAGNOSIS: It looks like the slope's sign is flipped
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * out * (out - 1)

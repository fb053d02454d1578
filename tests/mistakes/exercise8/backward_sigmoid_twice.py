"""Treats out as if it were x and applies the sigmoid again in the backward pass.

DIAGNOSIS: It looks like the sigmoid was applied to out again
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    s = sigmoid(out)
    return dout * s * (1 - s)

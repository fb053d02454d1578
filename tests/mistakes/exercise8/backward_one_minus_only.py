"""Keeps only the (1 - out) factor of the slope.

DIAGNOSIS: It looks like the factor out is missing: dx = dout * (1 - out).
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * (1 - out)

"""Computes in float32 and casts back: every value below 1e-45 becomes 0.

DIAGNOSIS: It looks like the sigmoid was computed in float32
"""

import numpy as np


def sigmoid(x):
    x32 = x.astype(np.float32)
    e = np.exp(-np.abs(x32))
    return np.where(x32 >= 0, 1 / (1 + e), e / (1 + e)).astype(np.float64)


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

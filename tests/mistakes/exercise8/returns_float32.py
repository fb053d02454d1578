"""Returns a float32 array.

DIAGNOSIS: sigmoid: out has dtype float32, expected float64.
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x)).astype(np.float32)
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

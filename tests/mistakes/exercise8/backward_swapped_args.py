"""Declares the parameters as (out, dout), the wrong order.

DIAGNOSIS: It looks like the arguments were read in the wrong order
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(out, dout):
    return dout * out * (1 - out)

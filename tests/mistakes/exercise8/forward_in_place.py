"""Negates x in place to reuse its memory.

DIAGNOSIS: sigmoid modified its input in place (x).
"""

import numpy as np


def sigmoid(x):
    positive = x >= 0
    np.abs(x, out=x)
    np.negative(x, out=x)
    e = np.exp(x)
    return np.where(positive, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

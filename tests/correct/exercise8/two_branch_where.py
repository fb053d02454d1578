"""The two-branch form with np.where, where each branch's exp has a non-positive exponent."""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

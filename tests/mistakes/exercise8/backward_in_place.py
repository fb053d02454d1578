"""Builds the slope in the caller's out array with *=.

DIAGNOSIS: sigmoid_backward modified its input in place (out).
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    out *= 1 - out
    return dout * out

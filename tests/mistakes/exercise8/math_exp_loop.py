"""Loops with math.exp and the naive formula: math.exp(1000) raises OverflowError.

DIAGNOSIS: math.exp raises OverflowError above about 709.78
"""

import math

import numpy as np


def sigmoid(x):
    out = np.empty_like(x)
    for index in np.ndindex(x.shape):
        out[index] = 1 / (1 + math.exp(-x[index]))
    return out


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

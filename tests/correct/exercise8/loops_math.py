"""One element at a time with math.exp, choosing the formula by the sign of each value."""

import math

import numpy as np


def sigmoid(x):
    out = np.zeros(x.shape)
    for index in np.ndindex(x.shape):
        value = float(x[index])
        if value >= 0:
            out[index] = 1 / (1 + math.exp(-value))
        else:
            e = math.exp(value)
            out[index] = e / (1 + e)
    return out


def sigmoid_backward(dout, out):
    dx = np.zeros(out.shape)
    for index in np.ndindex(out.shape):
        dx[index] = dout[index] * out[index] * (1 - out[index])
    return dx

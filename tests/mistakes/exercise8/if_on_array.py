"""Chooses the formula with `if x >= 0:` on the whole array.

DIAGNOSIS: It looks like `if` was given a whole array
"""

import numpy as np


def sigmoid(x):
    if x >= 0:
        return 1 / (1 + np.exp(-x))
    e = np.exp(x)
    return e / (1 + e)


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

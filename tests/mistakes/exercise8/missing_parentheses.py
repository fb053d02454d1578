"""Writes 1 / 1 + np.exp(-x): / binds tighter than +.

DIAGNOSIS: It looks like the parentheses are missing: 1 / 1 + np.exp(-x) is 1 + exp(-x)
"""

import numpy as np


def sigmoid(x):
    return 1 / 1 + np.exp(-x)


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

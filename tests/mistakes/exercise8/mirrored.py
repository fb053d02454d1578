"""Drops the minus sign: 1 / (1 + exp(x)) is sigmoid(-x).

DIAGNOSIS: It looks like this is sigmoid(-x)
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, e / (1 + e), 1 / (1 + e))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

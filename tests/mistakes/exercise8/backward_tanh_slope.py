"""Uses tanh's slope 1 - out**2 for the sigmoid.

DIAGNOSIS: It looks like tanh's slope, 1 - out**2, was used.
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return dout * (1 - out**2)

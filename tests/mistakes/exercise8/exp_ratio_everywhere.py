"""Uses exp(x) / (1 + exp(x)) for every x: inf / inf is nan above 709.78.

DIAGNOSIS: It looks like exp(x) / (1 + exp(x)) was used for every x
"""

import numpy as np


def sigmoid(x):
    e = np.exp(x)
    return e / (1 + e)


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

"""Backward returns dout unchanged, as if ReLU were the identity.

CAUGHT_BY: backward values
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return dout

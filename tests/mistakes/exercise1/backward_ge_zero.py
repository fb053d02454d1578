"""Backward uses x >= 0, so the gradient at exactly x == 0 is 1 instead of PyTorch's 0.

DIAGNOSIS: It looks like you let the gradient through where x == 0.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x >= 0, dout, 0.0)

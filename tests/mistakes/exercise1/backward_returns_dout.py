"""Backward returns dout unchanged, as if ReLU were the identity.

DIAGNOSIS: It looks like dx is dout unchanged, as if ReLU were the identity: the gradient must be
blocked (0) where x <= 0.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return dout

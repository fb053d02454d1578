"""relu returns the right numbers in an object array of Python floats.

CAUGHT_BY: dtype
"""

import numpy as np


def relu(x):
    return np.array([max(value, 0.0) for value in x.ravel()], dtype=object).reshape(x.shape)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

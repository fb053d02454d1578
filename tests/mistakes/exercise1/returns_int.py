"""relu returns an integer array, truncating every positive value.

DIAGNOSIS: It looks like the values were cast to integers, which cuts off every fraction.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0).astype(int)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

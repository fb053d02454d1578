"""relu returns the right values flattened to one dimension.

CAUGHT_BY: shape
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0).ravel()


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

"""relu is a leaky ReLU: negative values are scaled by 0.01 instead of set to 0.

DIAGNOSIS: It looks like a leaky ReLU: values below 0 were multiplied by 0.01 instead of set to 0.
"""

import numpy as np


def relu(x):
    return np.where(x > 0, x, 0.01 * x)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

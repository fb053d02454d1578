"""relu zeroes the negatives of x in place and returns x itself, changing the caller's array.

DIAGNOSIS: relu modified its input in place (x).
"""

import numpy as np


def relu(x):
    x[x < 0] = 0
    return x


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

"""relu loops over two axes only, so it works on matrices and fails on a 4-D input.

DIAGNOSIS: It looks like your loops cover only the first two axes: when x has more, x[i, j] is
still an array.
"""

import numpy as np


def relu(x):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if x[i, j] > 0:
                out[i, j] = x[i, j]
    return out


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

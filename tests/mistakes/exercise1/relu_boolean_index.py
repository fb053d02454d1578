"""relu returns x[x > 0], the positive values as a flat array, instead of an array of x's shape.

DIAGNOSIS: It looks like relu returned x[x > 0]: boolean indexing keeps only the positive values,
as a flat 1-D array.
"""

import numpy as np


def relu(x):
    return x[x > 0]


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

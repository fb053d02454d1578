"""relu returns the 0/1 mask of the positive values (the slope) instead of the values.

DIAGNOSIS: It looks like relu returned the mask x > 0 (1 where x is positive) instead of x itself.
"""

import numpy as np


def relu(x):
    return (x > 0).astype(np.float64)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

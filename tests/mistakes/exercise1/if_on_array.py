"""relu_backward asks `if x > 0:` of the whole array, as if x were one number.

DIAGNOSIS: It looks like `if` was given a whole array: x > 0 holds one True/False per value, and
`if` needs a single one.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    if x > 0:
        return dout
    return np.zeros_like(dout)

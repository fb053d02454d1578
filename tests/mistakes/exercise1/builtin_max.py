"""relu uses Python's max(x, 0), which cannot compare a whole array with 0.

DIAGNOSIS: It looks like Python's max was given an array: it compares whole arrays and cannot
decide.
"""

import numpy as np


def relu(x):
    return max(x, 0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

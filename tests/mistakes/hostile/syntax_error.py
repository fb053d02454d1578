"""A missing colon on a def line: the file does not compile.

CAUGHT_BY: syntax error
"""

import numpy as np


def relu(x)
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

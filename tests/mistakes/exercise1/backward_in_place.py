"""relu_backward zeroes dout in place and returns it, changing the caller's gradient.

DIAGNOSIS: relu_backward modified its input in place (dout).
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    dout[x <= 0] = 0.0
    return dout

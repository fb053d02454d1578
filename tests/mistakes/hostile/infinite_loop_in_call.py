"""relu never returns: an infinite loop inside the call.

CAUGHT_BY: timeout
"""

import numpy as np


def relu(x):
    while True:
        pass


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

"""The module never finishes importing: an infinite loop at top level.

CAUGHT_BY: timeout
"""

import numpy as np

while True:
    pass


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

"""relu prints 50 MB of output.

CAUGHT_BY: output limit
"""

import numpy as np


def relu(x):
    line = "x" * 1023
    for _ in range(50 * 1024):
        print(line)
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

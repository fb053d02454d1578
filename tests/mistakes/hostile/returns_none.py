"""relu computes the answer but forgets to return it, so it returns None.

CAUGHT_BY: return type
"""

import numpy as np


def relu(x):
    np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

"""relu returns NaN everywhere.

CAUGHT_BY: non-finite values
"""

import numpy as np


def relu(x):
    return np.full(x.shape, np.nan)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

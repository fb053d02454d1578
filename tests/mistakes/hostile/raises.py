"""relu_backward raises ValueError from a helper function, two frames deep.

CAUGHT_BY: exception traceback
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def _active(x):
    raise ValueError("cannot decide which units are active")


def relu_backward(dout, x):
    return np.where(_active(x), dout, 0.0)

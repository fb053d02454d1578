"""relu_backward lets the gradient through where dout > 0 instead of where x > 0.

DIAGNOSIS: It looks like the mask was taken from dout (dout > 0) instead of from x: the gradient
passes where the INPUT was positive, dout * (x > 0).
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(dout > 0, dout, 0.0)

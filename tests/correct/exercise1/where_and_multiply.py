"""np.where forward; the backward multiplies dout by the boolean mask."""

import numpy as np


def relu(x):
    return np.where(x > 0, x, 0.0)


def relu_backward(dout, x):
    return dout * (x > 0)

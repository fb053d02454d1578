"""(x + |x|) / 2, which is exact in floating point, and the Heaviside step with 0 at 0."""

import numpy as np


def relu(x):
    return (x + np.abs(x)) / 2


def relu_backward(dout, x):
    return dout * np.heaviside(x, 0.0)

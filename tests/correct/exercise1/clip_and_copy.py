"""np.clip forward; the backward zeroes a copy of dout in place."""

import numpy as np


def relu(x):
    return np.clip(x, 0.0, None)


def relu_backward(dout, x):
    dx = dout.copy()
    dx[x <= 0] = 0.0
    return dx

"""Returns the local slope out * (1 - out) and forgets the upstream gradient.

DIAGNOSIS: It looks like sigmoid_backward returned the local slope out * (1 - out) without dout.
"""

import numpy as np


def sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_backward(dout, out):
    return out * (1 - out)

"""relu returns float32 instead of float64.

DIAGNOSIS: relu: out has dtype float32, expected float64.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0).astype(np.float32)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

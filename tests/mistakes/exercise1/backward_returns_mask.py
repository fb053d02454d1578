"""relu_backward returns the mask (x > 0) as floats and forgets to multiply it by dout.

DIAGNOSIS: It looks like relu_backward returned the mask (x > 0) itself, without dout.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return (x > 0).astype(np.float64)

"""relu_backward returns dout[x > 0], a flat array of the passing gradients.

DIAGNOSIS: It looks like relu_backward returned dout[x > 0]: boolean indexing keeps only the
passing values, as a flat 1-D array.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return dout[x > 0]

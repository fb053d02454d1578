"""relu uses np.max(x, 0), the largest value along axis 0, instead of np.maximum(x, 0).

DIAGNOSIS: It looks like np.max(x, 0) was used: that is the largest value along axis 0, not an
elementwise maximum.
"""

import numpy as np


def relu(x):
    return np.max(x, 0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

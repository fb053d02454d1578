"""relu_backward multiplies dout by np.sign(x), the slope of |x|, not of ReLU.

DIAGNOSIS: It looks like dout was multiplied by np.sign(x): that is -1 where x < 0, where ReLU's
slope is 0.
"""

import numpy as np


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return dout * np.sign(x)

"""relu goes through float32 and back, so its float64 output is right to only ~7 digits.

DIAGNOSIS: It looks like relu computed in float32: its values are right to only about 7 digits.
"""

import numpy as np


def relu(x):
    return np.maximum(x.astype(np.float32), 0).astype(np.float64)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

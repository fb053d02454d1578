"""relu allocates 8 GB with np.ones before answering.

CAUGHT_BY: memory limit
"""

import numpy as np


def relu(x):
    np.ones(1024**3)  # 1024**3 float64 values: 8 GiB, every page written
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

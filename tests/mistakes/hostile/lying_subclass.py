"""relu returns zeros in an ndarray subclass whose == always says True.

CAUGHT_BY: exact ndarray type
"""

import numpy as np


class AlwaysEqual(np.ndarray):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None


def relu(x):
    return np.zeros(x.shape).view(AlwaysEqual)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

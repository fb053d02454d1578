"""Avoids the overflow by clipping x to +-500 first: the function changes beyond the clip.

DIAGNOSIS: It looks like x was clipped to ±500 before the exp
"""

import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-np.clip(x, -500, 500)))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

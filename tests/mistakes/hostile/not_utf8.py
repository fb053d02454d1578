"""The file is not valid UTF-8: a Latin-1 byte in a string and in a comment.

CAUGHT_BY: encoding
"""

import numpy as np

GREETING = "café"  # ÿþ are not UTF-8 either


def relu(x):
    return np.maximum(x, 0.0)


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)

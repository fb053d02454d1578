"""db = dout, never summed over the samples.

DIAGNOSIS: It looks like db is dout itself, (N, M).
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout

"""db keeps the summed axis: shape (1, M).

DIAGNOSIS: It looks like db kept the summed axis (keepdims=True), shape (1, M).
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, np.sum(dout, axis=0, keepdims=True)

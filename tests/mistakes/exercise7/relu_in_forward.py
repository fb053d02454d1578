"""Puts a ReLU into the affine layer.

DIAGNOSIS: It looks like an activation (ReLU) was applied: the negative outputs are 0.
"""

import numpy as np


def affine_forward(x, w, b):
    return np.maximum(x @ w + b, 0.0)


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)

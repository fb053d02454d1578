"""Computes the gradients in float32.

DIAGNOSIS: affine_backward: dx has dtype float32, expected float64.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    dout, x, w = (a.astype(np.float32) for a in (dout, x, w))
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)

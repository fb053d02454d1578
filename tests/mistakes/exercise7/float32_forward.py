"""Computes the forward pass in float32 to save memory.

DIAGNOSIS: affine_forward: out has dtype float32, expected float64.
"""

import numpy as np


def affine_forward(x, w, b):
    x, w, b = (a.astype(np.float32) for a in (x, w, b))
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)

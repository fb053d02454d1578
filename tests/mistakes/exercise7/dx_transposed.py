"""dx = w @ dout.T, shape (D, N).

DIAGNOSIS: It looks like dx is transposed (w @ dout.T, shape (D, N)).
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return w @ dout.T, x.T @ dout, dout.sum(axis=0)

"""dx = dout @ w, the weights not transposed (runs only when D == M).

DIAGNOSIS: It looks like dx = dout @ w, without the transpose.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w, x.T @ dout, dout.sum(axis=0)

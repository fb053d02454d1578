"""db starts as dout[0], a view, and += adds the other rows into the caller's dout.

DIAGNOSIS: affine_backward modified its input in place (dout).
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout[0]
    for i in range(1, dout.shape[0]):
        db += dout[i]
    return dx, dw, db

"""dw = x.T @ dout / N, as if the layer averaged the batch.

DIAGNOSIS: It looks like dw was divided by N, a mean over the batch.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    n = x.shape[0]
    return dout @ w.T, x.T @ dout / n, dout.sum(axis=0)

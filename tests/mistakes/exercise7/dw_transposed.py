"""dw = dout.T @ x, the transpose of the gradient.

DIAGNOSIS: It looks like dw = dout.T @ x, which is (M, D): the transpose of the right answer.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, dout.T @ x, dout.sum(axis=0)

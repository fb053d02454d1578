"""db = dout.sum(), one number for every bias.

DIAGNOSIS: It looks like db is one number, the sum of all of dout.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, np.sum(dout)

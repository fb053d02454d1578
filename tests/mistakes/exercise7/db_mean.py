"""db averaged over the batch instead of summed (a sample of one hides it).

DIAGNOSIS: It looks like db was divided by N, a mean over the batch.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.mean(axis=0)

"""db summed over the outputs, axis=1.

DIAGNOSIS: It looks like db was summed over the outputs (axis=1), one value per sample.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.sum(axis=1)

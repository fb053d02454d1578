"""Leaves the bias out of the forward pass.

DIAGNOSIS: It looks like the bias was left out: out = x @ w.
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)

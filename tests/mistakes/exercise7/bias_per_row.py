"""Adds b as a column, one bias per sample (runs only when N == M).

DIAGNOSIS: It looks like b was added along the rows (b[:, None], one bias per sample).
"""

import numpy as np


def affine_forward(x, w, b):
    return x @ w + b[:, None]


def affine_backward(dout, x, w):
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)

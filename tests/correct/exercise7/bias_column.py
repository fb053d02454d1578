"""The bias folded into the weights: a column of ones on x and b as one more row of w."""

import numpy as np


def affine_forward(x, w, b):
    ones = np.ones((x.shape[0], 1))
    return np.hstack([x, ones]) @ np.vstack([w, b])


def affine_backward(dout, x, w):
    ones = np.ones((x.shape[0], 1))
    dwb = np.hstack([x, ones]).T @ dout
    return dout @ w.T, dwb[:-1], dwb[-1]

"""One sample at a time: dw is the sum of the outer products x_i dout_i, collected in lists."""

import numpy as np


def affine_forward(x, w, b):
    return np.array([row @ w + b for row in x])


def affine_backward(dout, x, w):
    dx = np.stack([g @ w.T for g in dout])
    dw = sum(np.outer(row, g) for row, g in zip(x, dout, strict=True))
    db = sum(dout[i] for i in range(dout.shape[0]))
    return dx, dw, np.array(db, dtype=np.float64)

"""Plain loops over samples, outputs and features, the weighted sums written out."""

import numpy as np


def affine_forward(x, w, b):
    n, d = x.shape
    m = w.shape[1]
    out = np.zeros((n, m))
    for i in range(n):
        for j in range(m):
            total = b[j]
            for k in range(d):
                total += x[i, k] * w[k, j]
            out[i, j] = total
    return out


def affine_backward(dout, x, w):
    n, d = x.shape
    m = w.shape[1]
    dx, dw, db = np.zeros((n, d)), np.zeros((d, m)), np.zeros(m)
    for i in range(n):
        for j in range(m):
            db[j] += dout[i, j]
            for k in range(d):
                dx[i, k] += dout[i, j] * w[k, j]
                dw[k, j] += x[i, k] * dout[i, j]
    return dx, dw, db

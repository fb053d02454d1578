"""CS231n's style: .dot and np.sum, the bias broadcast through a reshape."""

import numpy as np


def affine_forward(x, w, b):
    out = x.dot(w)
    out += b.reshape(1, -1)
    return out


def affine_backward(dout, x, w):
    dx = dout.dot(w.T)
    dw = x.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db

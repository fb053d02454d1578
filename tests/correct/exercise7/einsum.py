"""Every product named by its indices with np.einsum."""

import numpy as np


def affine_forward(x, w, b):
    return np.einsum("nd,dm->nm", x, w) + b[None, :]


def affine_backward(dout, x, w):
    dx = np.einsum("nm,dm->nd", dout, w)
    dw = np.einsum("nd,nm->dm", x, dout)
    db = np.einsum("nm->m", dout)
    return dx, dw, db

"""Computes on transposed views, so out, mask and dx are Fortran-ordered arrays."""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return np.array(x, order="F"), np.ones(x.shape, dtype=bool, order="F")
    mask = rng.random(x.shape) >= p
    return (x.T * mask.T / (1 - p)).T, mask.T.copy().T


def dropout_backward(dout, mask, p):
    return (dout.T * mask.T).T / (1 - p)

"""Outputs built on transposed views: Fortran-ordered, not C-contiguous, arrays."""

import numpy as np


def relu(x):
    return np.maximum(x.T, 0.0).T


def relu_backward(dout, x):
    return np.multiply(dout.T, x.T > 0).T

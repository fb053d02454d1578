"""sigmoid(x) = exp(-log(1 + exp(-x))), with np.logaddexp(0, -x) computing the log stably."""

import numpy as np


def sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def sigmoid_backward(dout, out):
    return dout * (out - out * out)

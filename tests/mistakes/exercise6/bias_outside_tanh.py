"""Adds the bias after the tanh instead of inside it.

DIAGNOSIS: It looks like b was added after the tanh.
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh) + b


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    h_prev = h0
    for t in range(steps):
        h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h

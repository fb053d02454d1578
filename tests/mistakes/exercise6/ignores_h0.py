"""Starts from a zero state, ignoring the h0 it is given.

DIAGNOSIS: It looks like h0 was ignored and the first step started from zeros.
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    hidden = Wh.shape[0]
    h = np.empty((n, steps, hidden))
    h_prev = np.zeros((n, hidden))
    for t in range(steps):
        h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h

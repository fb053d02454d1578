"""Swaps the roles of Wx and Wh, which only runs when D == H.

DIAGNOSIS: It looks like Wx and Wh were swapped:
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wh + h_prev @ Wx + b)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    h_prev = h0
    for t in range(steps):
        h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h

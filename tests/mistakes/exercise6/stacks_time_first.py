"""Stacks the states with np.stack(hs), which puts time first: (T, N, H).

DIAGNOSIS: It looks like the states were stacked with time first, (T, N, H):
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_forward(x, h0, Wx, Wh, b):
    hs, h_prev = [], h0
    for t in range(x.shape[1]):
        h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b)
        hs.append(h_prev)
    return np.stack(hs)

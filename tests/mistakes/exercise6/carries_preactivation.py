"""Stores tanh(a) but carries the pre-activation a on to the next step.

DIAGNOSIS: It looks like the sum inside the tanh was carried to the next step.
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    carried = h0
    for t in range(steps):
        carried = x[:, t, :] @ Wx + carried @ Wh + b
        h[:, t, :] = np.tanh(carried)
    return h

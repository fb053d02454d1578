"""Never carries the hidden state forward: every step starts again from h0.

DIAGNOSIS: It looks like every step starts again from h0.
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    for t in range(steps):
        h[:, t, :] = rnn_step(x[:, t, :], h0, Wx, Wh, b)
    return h

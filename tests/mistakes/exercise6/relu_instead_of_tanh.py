"""Uses ReLU as the RNN's nonlinearity instead of tanh.

DIAGNOSIS: It looks like ReLU was used instead of tanh.
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.maximum(x @ Wx + h_prev @ Wh + b, 0.0)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    h_prev = h0
    for t in range(steps):
        h_prev = rnn_step(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h

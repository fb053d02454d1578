"""The step written with einsum and np.dot; the loop reads the previous state from h itself."""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(np.einsum("nd,dh->nh", x, Wx) + np.dot(h_prev, Wh) + b)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.zeros((n, steps, Wh.shape[1]))
    for t in range(steps):
        h_prev = h0 if t == 0 else h[:, t - 1]
        h[:, t] = rnn_step(x[:, t], h_prev, Wx, Wh, b)
    return h

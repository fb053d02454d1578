"""Loops over the sequences as well as the time steps, one sample's vector at a time."""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    h_next = np.empty((x.shape[0], Wh.shape[1]))
    for i in range(x.shape[0]):
        h_next[i] = np.tanh(Wx.T @ x[i] + Wh.T @ h_prev[i] + b)
    return h_next


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    for i in range(n):
        state = h0[i : i + 1]
        for t in range(steps):
            state = rnn_step(x[i : i + 1, t], state, Wx, Wh, b)
            h[i, t] = state[0]
    return h

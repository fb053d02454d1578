"""Builds the new cell in place on a copy of c_prev, one sample at a time."""

import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def lstm_step(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    c_next = c_prev.copy()
    h_next = np.empty_like(h_prev)
    for n in range(x.shape[0]):
        a = Wx.T @ x[n] + Wh.T @ h_prev[n] + b
        c_next[n] *= sigmoid(a[H : 2 * H])
        c_next[n] += sigmoid(a[:H]) * np.tanh(a[2 * H : 3 * H])
        h_next[n] = sigmoid(a[3 * H :]) * np.tanh(c_next[n])
    return h_next, c_next


def lstm_forward(x, h0, Wx, Wh, b):
    h = np.empty((x.shape[0], x.shape[1], h0.shape[1]))
    h_t, c_t = h0, np.zeros_like(h0)
    for t in range(x.shape[1]):
        h_t, c_t = lstm_step(x[:, t], h_t, c_t, Wx, Wh, b)
        h[:, t] = h_t
    return h

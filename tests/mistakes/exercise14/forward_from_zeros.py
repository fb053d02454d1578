"""Recomputes the forward pass from zeros, ignoring h0.

DIAGNOSIS: It looks like the forward pass was recomputed from zeros instead of from h0
"""

import numpy as np


def rnn_backward(dh, x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    h_prev = np.zeros_like(h0)
    for t in range(steps):
        h_prev = np.tanh(x[:, t] @ Wx + h_prev @ Wh + b)
        h[:, t] = h_prev
    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(steps)):
        h_prev = np.zeros_like(h0) if t == 0 else h[:, t - 1]
        da = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)
        dx[:, t] = da @ Wx.T
        dWx += x[:, t].T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db

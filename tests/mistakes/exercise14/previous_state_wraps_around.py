"""Takes h[:, t - 1] as step t's previous state, which at t = 0 is h[:, -1], the last one.

DIAGNOSIS: It looks like step 0's dWh term did not use h0
"""

import numpy as np


def rnn_backward(dh, x, h0, Wx, Wh, b):
    n, steps, _ = x.shape
    h = np.empty((n, steps, h0.shape[1]))
    h_prev = h0
    for t in range(steps):
        h_prev = np.tanh(x[:, t] @ Wx + h_prev @ Wh + b)
        h[:, t] = h_prev
    dx = np.zeros_like(x)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(steps)):
        h_prev = h[:, t - 1]
        da = (dh[:, t] + dh_next) * (1 - h[:, t] ** 2)
        dx[:, t] = da @ Wx.T
        dWx += x[:, t].T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db

"""Adds each step's carried gradient into a copy of dh, in place, then sums per sample."""

import numpy as np


def rnn_backward(dh, x, h0, Wx, Wh, b):
    n, steps, d = x.shape
    hidden = h0.shape[1]
    h = np.zeros((n, steps + 1, hidden))  # h[:, 0] is h0, h[:, t + 1] is step t's state
    h[:, 0] = h0
    for t in range(steps):
        h[:, t + 1] = np.tanh(x[:, t] @ Wx + h[:, t] @ Wh + b)
    grad = dh.copy()
    dx = np.zeros((n, steps, d))
    dWx, dWh, db = np.zeros((d, hidden)), np.zeros((hidden, hidden)), np.zeros(hidden)
    dh0 = np.zeros((n, hidden))
    for t in range(steps - 1, -1, -1):
        da = grad[:, t] * (1 - h[:, t + 1] ** 2)
        back = da @ Wh.T
        if t > 0:
            grad[:, t - 1] += back
        else:
            dh0 = back
        for i in range(n):
            dx[i, t] = Wx @ da[i]
            dWx += np.outer(x[i, t], da[i])
            dWh += np.outer(h[i, t], da[i])
            db += da[i]
    return dx, dh0, dWx, dWh, db

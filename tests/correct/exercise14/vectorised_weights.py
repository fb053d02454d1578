"""Only the recurrence loops; the weight gradients are single products over all steps."""

import numpy as np


def rnn_backward(dh, x, h0, Wx, Wh, b):
    n, steps, d = x.shape
    hidden = h0.shape[1]
    a = (x.reshape(-1, d) @ Wx + b).reshape(n, steps, hidden)
    h = np.empty_like(a)
    prev = h0
    for t in range(steps):
        prev = h[:, t] = np.tanh(a[:, t] + prev @ Wh)
    da = np.empty_like(h)
    carry = np.zeros_like(h0)
    for t in range(steps - 1, -1, -1):
        da[:, t] = (dh[:, t] + carry) * (1.0 - h[:, t] ** 2)
        carry = da[:, t] @ Wh.T
    h_before = np.concatenate([h0[:, None, :], h[:, :-1, :]], axis=1)
    flat = da.reshape(-1, hidden)
    dx = (flat @ Wx.T).reshape(x.shape)
    dWx = x.reshape(-1, d).T @ flat
    dWh = h_before.reshape(-1, hidden).T @ flat
    return dx, carry, dWx, dWh, flat.sum(axis=0)

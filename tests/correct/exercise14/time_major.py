"""Works time-major, (T, N, ...), and returns a transposed view of dx."""

import numpy as np


def rnn_backward(dh, x, h0, Wx, Wh, b):
    xs, dhs = x.transpose(1, 0, 2), dh.transpose(1, 0, 2)
    hs = []
    h_prev = h0
    for x_t in xs:
        h_prev = np.tanh(np.matmul(x_t, Wx) + np.matmul(h_prev, Wh) + b)
        hs.append(h_prev)
    dxs = np.empty((len(xs), x.shape[0], x.shape[2]))
    dWx, dWh, db = 0.0 * Wx, 0.0 * Wh, 0.0 * b
    carry = 0.0 * h0
    for t in reversed(range(len(xs))):
        da = (dhs[t] + carry) * (1 - np.square(hs[t]))
        before = hs[t - 1] if t else h0
        dxs[t] = np.matmul(da, Wx.T)
        dWx = dWx + np.matmul(xs[t].T, da)
        dWh = dWh + np.matmul(before.T, da)
        db = db + np.sum(da, axis=0)
        carry = np.matmul(da, Wh.T)
    return dxs.transpose(1, 0, 2), carry, dWx, dWh, db

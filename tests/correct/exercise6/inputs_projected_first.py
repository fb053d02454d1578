"""Projects every input at once (x @ Wx + b for all N*T rows), then runs the recurrence only."""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    out = x @ Wx
    out += h_prev @ Wh
    out += b
    return np.tanh(out, out=out)


def rnn_forward(x, h0, Wx, Wh, b):
    n, steps, d = x.shape
    projected = (x.reshape(n * steps, d) @ Wx + b).reshape(n, steps, -1)
    h = np.empty_like(projected)
    h_prev = h0
    for t in range(steps):
        h_prev = np.tanh(projected[:, t] + h_prev @ Wh)
        h[:, t] = h_prev
    return h

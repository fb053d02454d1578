"""Works time-major, (T, N, H), and returns a transposed view: a non-contiguous result."""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(np.matmul(x, Wx) + np.matmul(h_prev, Wh) + b)


def rnn_forward(x, h0, Wx, Wh, b):
    x_time_major = x.transpose(1, 0, 2)
    h = np.empty((x.shape[1], x.shape[0], h0.shape[1]))
    h_prev = h0
    for t in range(len(x_time_major)):
        h[t] = h_prev = rnn_step(x_time_major[t], h_prev, Wx, Wh, b)
    return h.transpose(1, 0, 2)

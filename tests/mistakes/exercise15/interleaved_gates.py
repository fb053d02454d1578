"""Reshapes the pre-activations to (N, H, 4), reading each gate from every fourth column.

DIAGNOSIS: It looks like the gates were taken from interleaved columns
"""

import numpy as np


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def lstm_step(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    gates = a.reshape(a.shape[0], H, 4)
    i = sigmoid(gates[:, :, 0])
    f = sigmoid(gates[:, :, 1])
    g = np.tanh(gates[:, :, 2])
    o = sigmoid(gates[:, :, 3])
    c_next = f * c_prev + i * g
    h_next = o * np.tanh(c_next)
    return h_next, c_next


def lstm_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.zeros((N, T, h0.shape[1]))
    h_prev = h0
    c_prev = np.zeros_like(h0)
    for t in range(T):
        h_prev, c_prev = lstm_step(x[:, t, :], h_prev, c_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h

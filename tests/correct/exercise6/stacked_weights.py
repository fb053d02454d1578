"""One matrix product per step: [x, h_prev] @ [[Wx], [Wh]], the way fused RNN kernels do it."""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    both = np.concatenate([x, h_prev], axis=1)
    return np.tanh(both @ np.vstack([Wx, Wh]) + b)


def rnn_forward(x, h0, Wx, Wh, b):
    h = np.empty(x.shape[:2] + h0.shape[1:])
    state = h0
    for t, x_t in enumerate(np.moveaxis(x, 1, 0)):
        state = rnn_step(x_t, state, Wx, Wh, b)
        h[:, t] = state
    return h

"""Puts h0 at the front of the output, returning T + 1 steps.

DIAGNOSIS: It looks like h0 was put at the front of the output (T + 1 steps).
"""

import numpy as np


def rnn_step(x, h_prev, Wx, Wh, b):
    return np.tanh(x @ Wx + h_prev @ Wh + b)


def rnn_forward(x, h0, Wx, Wh, b):
    hs = [h0]
    for t in range(x.shape[1]):
        hs.append(rnn_step(x[:, t, :], hs[-1], Wx, Wh, b))
    return np.stack(hs, axis=1)

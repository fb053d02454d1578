"""Computes 1 - sigmoid(-x) with the overflow-free form for positive x: the subtraction from 1
cancels every value below 1e-16.

Only the far negative tail shows it (sigmoid(-40) comes out 0, not 4.2e-18).

DIAGNOSIS: It looks like the sigmoid was computed as a difference from 1
"""

import numpy as np


def sigmoid(x):
    with np.errstate(over="ignore"):
        return 1 - 1 / (1 + np.exp(x))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

"""Uses the tanh identity without halving x: 0.5 * (1 + tanh(x)) is sigmoid(2x).

DIAGNOSIS: It looks like 0.5 * (1 + tanh(x)) was used
"""

import numpy as np


def sigmoid(x):
    return 0.5 * (1 + np.tanh(x))


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

"""Uses the tanh identity without the 0.5 in front: twice the sigmoid.

DIAGNOSIS: It looks like the 0.5 in front is missing
"""

import numpy as np


def sigmoid(x):
    return 1 + np.tanh(x / 2)


def sigmoid_backward(dout, out):
    return dout * out * (1 - out)

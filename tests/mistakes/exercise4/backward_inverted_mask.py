"""The backward pass reads the mask as True where dropped: gradient reaches the dropped values only.

DIAGNOSIS: It looks like dropout_backward read the mask as marking the dropped values: mask is True
where the value was KEPT, so dx = dout * mask / (1 - p).
"""

import numpy as np


def dropout_forward(x, p, train, rng):
    if not train:
        return x.copy(), np.ones(x.shape, dtype=bool)
    mask = rng.random(x.shape) >= p
    return x * mask / (1 - p), mask


def dropout_backward(dout, mask, p):
    return dout * ~mask / (1 - p)

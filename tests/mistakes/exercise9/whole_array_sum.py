"""Normalises by the sum of every exponential in the batch.

DIAGNOSIS: It looks like the exponentials were divided by their sum over the whole array:
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    e = np.exp(logits - logits.max())
    p = e / np.sum(e)
    log_p = np.log(p)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = p.copy()
    dlogits[np.arange(n), y] -= 1.0
    dlogits /= n
    return loss, dlogits

"""Turns y into floats, which cannot index.

DIAGNOSIS: An index is a float:
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    y = y.astype(np.float64)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = p.copy()
    dlogits[np.arange(n), y.astype(int)] -= 1.0
    dlogits /= n
    return loss, dlogits

"""Forgets to subtract the one-hot: dlogits = p / N.

DIAGNOSIS: It looks like the one-hot was not subtracted: dlogits is p / N.
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = p / n
    return loss, dlogits

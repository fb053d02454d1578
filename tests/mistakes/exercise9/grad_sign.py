"""one_hot - p: the gradient points uphill.

DIAGNOSIS: It looks like the gradient's sign is flipped: (one_hot - p) / N.
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    loss = -log_p[np.arange(n), y].mean()
    one_hot = np.eye(logits.shape[1])[y]
    dlogits = (one_hot - p) / n
    return loss, dlogits

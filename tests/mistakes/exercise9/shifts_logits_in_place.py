"""logits -= max: the caller's logits change.

DIAGNOSIS: softmax_cross_entropy modified its input in place (logits).
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = p.copy()
    dlogits[np.arange(n), y] -= 1.0
    dlogits /= n
    return loss, dlogits

"""The gradient from a shifted softmax, but the loss's log-sum-exp from the raw logits.

DIAGNOSIS: It looks like the loss took log(p) of a probability that underflowed to 0 (log(0) = -inf), or log(sum(exp(logits))) without the shift, which overflows:
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    lse = np.log(np.exp(logits).sum(axis=1))
    loss = np.mean(lse - logits[np.arange(n), y])
    dlogits = p.copy()
    dlogits[np.arange(n), y] -= 1.0
    dlogits /= n
    return loss, dlogits

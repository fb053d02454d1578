"""Returns the softmax probabilities as the gradient.

DIAGNOSIS: It looks like dlogits is the softmax probabilities p themselves.
"""

import numpy as np


def softmax_cross_entropy(logits, y):
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    p = np.exp(log_p)
    loss = -log_p[np.arange(n), y].mean()
    dlogits = p
    return loss, dlogits

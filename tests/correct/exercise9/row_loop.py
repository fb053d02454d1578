"""One sample at a time, the loss accumulated as a Python float."""

import math

import numpy as np


def softmax_cross_entropy(logits, y):
    n, k = logits.shape
    loss = 0.0
    dlogits = np.zeros((n, k))
    for i in range(n):
        row = logits[i] - np.max(logits[i])
        total = np.sum(np.exp(row))
        loss += math.log(total) - row[y[i]]
        dlogits[i] = np.exp(row) / total
        dlogits[i, y[i]] -= 1.0
    return loss / n, dlogits / n

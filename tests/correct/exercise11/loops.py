"""One element at a time with np.ndindex and math.sqrt on plain floats, into new arrays."""

import math

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    w_next, m_next, v_next = np.empty_like(w), np.empty_like(w), np.empty_like(w)
    shrink = 1 - lr * weight_decay
    for index in np.ndindex(w.shape):
        m_next[index] = beta1 * m[index] + (1 - beta1) * dw[index]
        v_next[index] = beta2 * v[index] + (1 - beta2) * dw[index] ** 2
        m_hat = m_next[index] / (1 - beta1**t)
        v_hat = v_next[index] / (1 - beta2**t)
        w_next[index] = w[index] * shrink - lr * m_hat / (math.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

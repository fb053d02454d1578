"""Forgets Adam's bias correction.

DIAGNOSIS: It looks like the bias correction is missing
"""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    w = w * (1 - lr * weight_decay)
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    w_next = w - lr * m_next / (np.sqrt(v_next) + eps)
    return w_next, m_next, v_next

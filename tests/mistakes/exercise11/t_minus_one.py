"""Bias-corrects with t - 1 (at t = 1 that divides by zero).

DIAGNOSIS: It looks like you bias-corrected with t - 1
"""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    w = w * (1 - lr * weight_decay)
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    m_hat = m_next / (1 - beta1 ** (t - 1))
    v_hat = v_next / (1 - beta2 ** (t - 1))
    w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

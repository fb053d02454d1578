"""Swaps beta1 and beta2: m decays with beta2 and v with beta1, bias corrections included.

DIAGNOSIS: It looks like beta1 and beta2 are swapped: beta1 decays m, the average of the
gradient, and beta2 decays v, the average of its square.
"""

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = beta2 * m + (1 - beta2) * dw
    v_next = beta1 * v + (1 - beta1) * dw**2
    m_hat = m_next / (1 - beta2**t)
    v_hat = v_next / (1 - beta1**t)
    w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

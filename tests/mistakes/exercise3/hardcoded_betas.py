"""Writes 0.9 and 0.999 in the formulas instead of reading beta1 and beta2.

Only a call that passes other betas shows it.

DIAGNOSIS: It looks like beta1 and beta2 kept their default values although the call passed
others
"""

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = 0.9 * m + 0.1 * dw
    v_next = 0.999 * v + 0.001 * dw**2
    m_hat = m_next / (1 - 0.9**t)
    v_hat = v_next / (1 - 0.999**t)
    w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

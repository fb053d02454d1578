"""Puts beta on the new gradient and (1 - beta) on the old moment: the averages forget at once.

DIAGNOSIS: It looks like the weights of the running averages are flipped: beta1 multiplies the
old m, and (1 - beta1) the new dw
"""

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = (1 - beta1) * m + beta1 * dw
    v_next = (1 - beta2) * v + beta2 * dw**2
    m_hat = m_next / (1 - beta1**t)
    v_hat = v_next / (1 - beta2**t)
    w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_next, m_next, v_next

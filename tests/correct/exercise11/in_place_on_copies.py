"""In-place operators on copies: the caller's arrays stay as they were."""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    w_next, m_next, v_next = w.copy(), m.copy(), v.copy()
    w_next *= 1 - lr * weight_decay
    m_next *= beta1
    m_next += (1 - beta1) * dw
    v_next *= beta2
    v_next += (1 - beta2) * np.square(dw)
    denom = np.sqrt(v_next / (1 - beta2**t))
    denom += eps
    w_next -= lr / (1 - beta1**t) * m_next / denom
    return w_next, m_next, v_next

"""Returns Fortran-ordered copies and a reversed view: not C-contiguous outputs."""

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = np.asfortranarray(beta1 * m + (1 - beta1) * dw)
    v_next = np.asfortranarray(beta2 * v + (1 - beta2) * dw**2)
    m_hat = m_next / (1 - beta1**t)
    v_hat = v_next / (1 - beta2**t)
    flipped = (w - lr * m_hat / (np.sqrt(v_hat) + eps))[::-1].copy()
    return flipped[::-1], m_next, v_next

"""An Adam step of its own, called on the decayed weights, as PyTorch's AdamW does."""

import numpy as np


def _adam(w, dw, m, v, t, lr, beta1, beta2, eps):
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    m_hat = m_next / (1 - beta1**t)
    v_hat = v_next / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_next, v_next


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    return _adam(w * (1 - lr * weight_decay), dw, m, v, t, lr, beta1, beta2, eps)

"""Takes Adam's step first and decays the new weights.

Only a large lr * weight_decay shows it (the case with every hyperparameter set).

DIAGNOSIS: It looks like the decay was applied after Adam's step, to the new weights.
"""

import numpy as np


def adamw_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw**2
    m_hat = m_next / (1 - beta1**t)
    v_hat = v_next / (1 - beta2**t)
    w_next = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    w_next = w_next * (1 - lr * weight_decay)
    return w_next, m_next, v_next

"""torch.optim.Adam's own arrangement: the corrections folded into a step size and the
denominator, never building m_hat and v_hat."""

import math

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = beta1 * m + (1 - beta1) * dw
    v_next = beta2 * v + (1 - beta2) * dw * dw
    step_size = lr / (1 - beta1**t)
    denominator = np.sqrt(v_next) / math.sqrt(1 - beta2**t) + eps
    return w - step_size * m_next / denominator, m_next, v_next

"""numpy functions all the way: np.power for the corrections, einsum for the square."""

import numpy as np


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = np.add(np.multiply(beta1, m), np.multiply(1 - beta1, dw))
    squared = np.einsum("...,...->...", dw, dw)
    v_next = np.add(np.multiply(beta2, v), np.multiply(1 - beta2, squared))
    m_hat = np.divide(m_next, 1 - np.power(beta1, t))
    v_hat = np.divide(v_next, 1 - np.power(beta2, t))
    return np.subtract(w, lr * np.divide(m_hat, np.sqrt(v_hat) + eps)), m_next, v_next

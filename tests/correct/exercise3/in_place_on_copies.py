"""In-place arithmetic, on copies, so the caller's arrays stay as they were."""


def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m_next = m.copy()
    m_next *= beta1
    m_next += (1 - beta1) * dw
    v_next = v.copy()
    v_next *= beta2
    v_next += (1 - beta2) * dw**2
    denominator = v_next / (1 - beta2**t)
    denominator **= 0.5
    denominator += eps
    w_next = w.copy()
    w_next -= lr * (m_next / (1 - beta1**t)) / denominator
    return w_next, m_next, v_next

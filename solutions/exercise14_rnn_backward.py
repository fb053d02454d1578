"""연습 14: RNN 역전파 — Exercise 14 (lesson 8): backpropagation through time for a vanilla RNN.

The loss reaches every hidden state twice: directly, through ``dh[:, t]``, and through every
later state, which step t fed. Walking back from the last step, each step adds what the step
after it sends back through ``Wh`` and the tanh slope, and passes its own share further back.
"""

import numpy as np


def rnn_backward(
    dh: np.ndarray, x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """RNN 역전파 — the gradients of a vanilla RNN over a whole sequence (BPTT).

    The forward pass is exercise 6's ``h[:, t] = tanh(x[:, t] @ Wx + h_prev @ Wh + b)``, with
    ``h_prev = h0`` at ``t = 0``. There is no cache: run that forward pass again first, to
    have every state ``h[:, t]`` the slopes need.

    Walking back from ``t = T - 1`` to ``0``, the gradient on ``h[:, t]`` is ``dh[:, t]`` plus
    what step ``t + 1`` sent back; through the tanh it becomes ``da = (dh[:, t] + carry) *
    (1 - h[:, t] ** 2)``, and step ``t`` sends ``da @ Wh.T`` on to step ``t - 1``.

    Args:
        dh: (N, T, H) float64. The loss's gradient on every hidden state ``h[:, t]``.
        x: (N, T, D) float64. The inputs.
        h0: (N, H) float64. The initial hidden state.
        Wx: (D, H) float64. Input-to-hidden weights.
        Wh: (H, H) float64. Hidden-to-hidden weights.
        b: (H,) float64. Bias.

    Returns:
        dx: (N, T, D) float64. The gradient on the inputs.
        dh0: (N, H) float64. The gradient on the initial state: what step 0 sends back.
        dWx: (D, H) float64. The gradient on ``Wx``, summed over every step.
        dWh: (H, H) float64. The gradient on ``Wh``, summed over every step.
        db: (H,) float64. The gradient on ``b``, summed over every step and sample.
    """
    n, steps, _ = x.shape
    h = np.empty(dh.shape)
    h_prev = h0
    for t in range(steps):
        h_prev = h[:, t] = np.tanh(x[:, t] @ Wx + h_prev @ Wh + b)
    da = np.empty(dh.shape)
    carry = np.zeros_like(h0)  # the gradient step t + 1 sends back to h[:, t]
    for t in reversed(range(steps)):
        da[:, t] = (dh[:, t] + carry) * (1.0 - h[:, t] ** 2)
        carry = da[:, t] @ Wh.T
    h_before = np.concatenate([h0[:, None], h[:, :-1]], axis=1)  # h_prev of every step
    dx = da @ Wx.T
    dWx = np.einsum("ntd,nth->dh", x, da)
    dWh = np.einsum("nti,ntj->ij", h_before, da)
    return dx, carry, dWx, dWh, da.sum(axis=(0, 1))

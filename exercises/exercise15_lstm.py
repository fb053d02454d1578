"""연습 15: LSTM — Exercise 15 (lesson 8): one LSTM step and a whole sequence.

An LSTM carries two states: the hidden state h, which it shows, and the cell state c, which it
updates by addition. Four gates, each computed from the input and the previous h, decide what
the cell forgets, what it writes, and how much of it h shows.
"""

import numpy as np


def lstm_step(
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    Wx: np.ndarray,
    Wh: np.ndarray,
    b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """LSTM 한 스텝 — one time step of an LSTM, as PyTorch's ``nn.LSTM``.

    One product gives the pre-activations of all four gates, ``a = x @ Wx + h_prev @ Wh + b``
    of shape (N, 4H). Its four blocks of H columns are, in PyTorch's order:

    - ``i = sigmoid(a[:, 0:H])``, the input gate: how much of ``g`` to write;
    - ``f = sigmoid(a[:, H:2H])``, the forget gate: how much of ``c_prev`` to keep;
    - ``g = tanh(a[:, 2H:3H])``, the candidate values to write, between -1 and 1;
    - ``o = sigmoid(a[:, 3H:4H])``, the output gate: how much of the cell h shows.

    Formula: ``c_next = f * c_prev + i * g`` and ``h_next = o * tanh(c_next)``, with
    ``sigmoid(a) = 1 / (1 + np.exp(-a))``.

    Args:
        x: (N, D) float64. The inputs at this time step.
        h_prev: (N, H) float64. The previous hidden state.
        c_prev: (N, H) float64. The previous cell state.
        Wx: (D, 4H) float64. Input-to-gates weights, gates in the order i, f, g, o.
        Wh: (H, 4H) float64. Hidden-to-gates weights, same order.
        b: (4H,) float64. Bias, same order.

    Returns:
        h_next: (N, H) float64. The new hidden state.
        c_next: (N, H) float64. The new cell state.
    """
    # TODO: Compute the four gates from one product, then the new cell and hidden states.
    raise NotImplementedError("lstm_step")


def lstm_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """LSTM 순전파 — run an LSTM over a whole sequence.

    Start from ``h0`` and a cell state of zeros (``c0 = 0``, as PyTorch's default), and call
    :func:`lstm_step` once per time step, feeding each step both states the step before it
    produced.

    Args:
        x: (N, T, D) float64. N sequences of T steps, D features per step.
        h0: (N, H) float64. The initial hidden state.
        Wx: (D, 4H) float64. Input-to-gates weights, gates in the order i, f, g, o.
        Wh: (H, 4H) float64. Hidden-to-gates weights.
        b: (4H,) float64. Bias.

    Returns:
        h: (N, T, H) float64. The hidden state after every step; ``h0`` is not included, and
        the cell states are not returned.
    """
    # TODO: Start from h0 and a zero cell, step through time in order carrying both states,
    #       and collect every hidden state (all of them come back).
    raise NotImplementedError("lstm_forward")

"""연습 6: RNN — Exercise 6 (lesson 8): a vanilla RNN, one step and a whole sequence.

Sequences (text, sound, prices) have an order, and their length varies. A recurrent net reads
them one step at a time with the same weights, carrying a hidden state that summarises what it
has seen so far.
"""

import numpy as np


def rnn_step(
    x: np.ndarray, h_prev: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """RNN 한 스텝 — one time step of a vanilla RNN.

    The new hidden state mixes the current input with the previous hidden state, through two
    weight matrices that are the same at every time step. ``tanh`` keeps the state between -1
    and 1; the repeated multiplication by ``Wh`` is also why long sequences make gradients
    vanish or explode, the trouble LSTMs were designed to fix.

    Formula: ``h_next = tanh(x @ Wx + h_prev @ Wh + b)``.

    Args:
        x: (N, D) float64. The inputs at this time step, one row per sequence.
        h_prev: (N, H) float64. The hidden state from the previous step.
        Wx: (D, H) float64. Input-to-hidden weights.
        Wh: (H, H) float64. Hidden-to-hidden weights.
        b: (H,) float64. Bias.

    Returns:
        h_next: (N, H) float64. The new hidden state.
    """
    # TODO: Compute the new hidden state from this step's input and the previous state.
    raise NotImplementedError("rnn_step")


def rnn_forward(
    x: np.ndarray, h0: np.ndarray, Wx: np.ndarray, Wh: np.ndarray, b: np.ndarray
) -> np.ndarray:
    """RNN 순전파 — run a vanilla RNN over a whole sequence.

    Start from ``h0`` and call :func:`rnn_step` once per time step, feeding each step the
    hidden state the previous step produced. The same ``Wx``, ``Wh`` and ``b`` are used at
    every step; that weight sharing is what lets one RNN read sequences of any length.

    Formula: ``h[:, t] = rnn_step(x[:, t], h_prev, Wx, Wh, b)``, where ``h_prev`` is ``h0`` for
    ``t = 0`` and ``h[:, t - 1]`` after that.

    Args:
        x: (N, T, D) float64. N sequences of T steps, D features per step.
        h0: (N, H) float64. The initial hidden state.
        Wx: (D, H) float64. Input-to-hidden weights.
        Wh: (H, H) float64. Hidden-to-hidden weights.
        b: (H,) float64. Bias.

    Returns:
        h: (N, T, H) float64. The hidden state after every step; ``h0`` is not included.
    """
    # TODO: Compute the hidden state after every step, each step continuing from the state
    #       the step before it produced. Return them all, without h0.
    raise NotImplementedError("rnn_forward")

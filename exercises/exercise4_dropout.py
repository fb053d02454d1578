"""연습 4: 드롭아웃 — Exercise 4 (lesson 6): inverted dropout, forward and backward.

A net that memorises its training set overfits: it does well on data it has seen and badly on
new data. Dropout switches off a random part of the units on every training step, so no unit
can rely on any other one.
"""

import numpy as np


def dropout_forward(
    x: np.ndarray, p: float, train: bool, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """드롭아웃 순전파 — inverted dropout forward pass.

    In training, every value is dropped (set to 0) with probability ``p`` and the survivors are
    scaled up by ``1 / (1 - p)``, so the expected value of each output equals its input. That is
    why nothing needs to change at test time: in eval mode the input passes through unchanged.
    ``p`` is the probability of DROPPING, as in ``torch.nn.Dropout``.

    Formula (training)::

        mask = (uniform random numbers in [0, 1) of x's shape) >= p
        out = x * mask / (1 - p)

    Args:
        x: any shape, float64. The activations.
        p: probability of dropping each value, 0 <= p < 1 (e.g. 0.5).
        train: True while training; False in eval mode, where dropout does nothing.
        rng: the only source of randomness; draw the mask with ``rng.random(x.shape)``.
            In eval mode it is not used at all.

    Returns:
        (out, mask): ``out`` the same shape as ``x``, float64, a new array; ``mask`` the same
        shape as ``x``, bool, True where the value was kept (all True in eval mode).
    """
    # TODO: In eval mode, the output is a copy of x and every value is kept; rng is not used.
    #       In training, decide for every value whether it is kept, then compute the output,
    #       the survivors scaled up. Return the output and the mask.
    raise NotImplementedError("dropout_forward")


def dropout_backward(dout: np.ndarray, mask: np.ndarray, p: float) -> np.ndarray:
    """드롭아웃 역전파 — inverted dropout backward pass (training mode).

    The forward pass multiplied every value by ``mask / (1 - p)``, a constant as far as the
    gradient is concerned, so the backward pass multiplies the gradient by the same thing:
    dropped units get no gradient, kept units get it scaled by ``1 / (1 - p)``.

    Formula: ``dx = dout * mask / (1 - p)``.

    Args:
        dout: any shape, float64. Gradient of the loss with respect to the dropout output.
        mask: same shape as ``dout``, bool. The mask returned by :func:`dropout_forward`.
        p: the same drop probability that was given to :func:`dropout_forward`.

    Returns:
        dx: same shape as ``dout``, float64. Gradient of the loss with respect to ``x``.
    """
    # TODO: Compute the gradient with respect to x: dout, scaled exactly as the forward pass
    #       scaled x.
    raise NotImplementedError("dropout_backward")

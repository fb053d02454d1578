"""연습 8: 시그모이드 — Exercise 8 (lesson 3): a stable sigmoid and its backward pass.

The sigmoid's slope is ``out * (1 - out)``, never more than 0.25: the reason gradients vanish
through deep sigmoid nets. Computing it naively also overflows: ``exp(1000)`` is too large for
a float, so this exercise builds the form that never raises to a large positive power.
"""

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """시그모이드 순전파 — sigmoid forward pass, stable for any x.

    The sigmoid squashes every number into (0, 1). Written as ``1 / (1 + exp(-x))`` it works
    for positive x, but for x = -1000 ``exp(1000)`` overflows to inf (numpy warns). The same
    function can be written as ``exp(x) / (1 + exp(x))``, which is safe for negative x: use
    each form where its exponent is not positive, and every exp stays at most 1.

    Formula: ``out = 1 / (1 + exp(-x))``, elementwise; for x < 0 compute it as
    ``exp(x) / (1 + exp(x))``.

    Args:
        x: any shape, float64. The pre-activations, possibly as large as ±1000.

    Returns:
        out: same shape as ``x``, float64, in [0, 1]. A new array; ``x`` is left unchanged.
        Tiny values stay exact: ``sigmoid(-720)`` is ``exp(-720)``, about 2.0e-313, not 0.
    """
    # TODO: Compute the sigmoid of every element without ever taking exp of a large positive
    #       number, as a new float64 array.
    raise NotImplementedError("sigmoid")


def sigmoid_backward(dout: np.ndarray, out: np.ndarray) -> np.ndarray:
    """시그모이드 역전파 — sigmoid backward pass, from the forward OUTPUT.

    The sigmoid's derivative can be written with its own output: if ``out = sigmoid(x)``, then
    ``d out / dx = out * (1 - out)``. That is why this function receives ``out``, what
    :func:`sigmoid` returned, and not ``x``: no exp is needed at all. The slope is largest,
    0.25, where ``out = 0.5``.

    Formula: ``dx = dout * out * (1 - out)``, elementwise.

    Args:
        dout: same shape as ``out``, float64. Gradient of the loss with respect to ``out``.
        out: any shape, float64. What :func:`sigmoid` returned (values in [0, 1]).

    Returns:
        dx: same shape as ``out``, float64. Gradient of the loss with respect to ``x``.
    """
    # TODO: Multiply the upstream gradient by the sigmoid's slope, written with out.
    raise NotImplementedError("sigmoid_backward")

"""A small fully connected net with manual backprop on the reference engine.

Hidden layers are ``dense -> activation -> dropout``; the last layer is dense and linear.
Used by the vanishing-gradient demo (deep, no dropout) and the dropout demo (shallow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from bigpicture.grader import engine

Activation = Literal["relu", "sigmoid"]
Params = list[tuple[np.ndarray, np.ndarray]]


def init_params(rng: np.random.Generator, sizes: list[int], activation: Activation) -> Params:
    """Random weights, zero biases: He init for ReLU, Xavier init for sigmoid.

    Args:
        rng: the only source of randomness.
        sizes: layer widths from input to output, e.g. ``[1, 64, 64, 1]``.
        activation: the hidden layers' activation, which picks the init's scale.

    Returns:
        One ``(W, b)`` per layer: ``W`` (sizes[i], sizes[i+1]), ``b`` (sizes[i+1],).
    """
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        var = 2.0 / fan_in if activation == "relu" else 2.0 / (fan_in + fan_out)
        params.append((rng.normal(0.0, np.sqrt(var), (fan_in, fan_out)), np.zeros(fan_out)))
    return params


@dataclass
class Tape:
    """What the forward pass keeps for the backward pass, one entry per layer."""

    inputs: list[np.ndarray] = field(default_factory=list)  # (N, fan_in) each
    pre: list[np.ndarray] = field(default_factory=list)  # (N, fan_out) before the activation
    post: list[np.ndarray] = field(default_factory=list)  # (N, fan_out) after it
    masks: list[np.ndarray] = field(default_factory=list)  # (N, fan_out) bool dropout keep-masks


def forward(
    params: Params,
    x: np.ndarray,
    activation: Activation,
    p: float = 0.0,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, Tape]:
    """Runs the net; dropout (drop probability ``p``) only when ``rng`` is given.

    Args:
        params: from :func:`init_params`.
        x: (N, sizes[0]) inputs.
        activation: the hidden layers' activation.
        p: dropout's drop probability after every hidden layer.
        rng: the source of dropout masks; None means eval mode (no dropout).

    Returns:
        out: (N, sizes[-1]) the last (linear) layer's output.
        tape: what :func:`backward` needs.
    """
    tape = Tape()
    h = x
    for W, b in params[:-1]:
        tape.inputs.append(h)
        z = h @ W + b
        a = engine.relu(z) if activation == "relu" else engine.sigmoid(z)
        tape.pre.append(z)
        tape.post.append(a)
        if rng is not None and p > 0:
            a, mask = engine.dropout_forward(a, p, True, rng)
            tape.masks.append(mask)
        h = a
    tape.inputs.append(h)
    W, b = params[-1]
    return h @ W + b, tape


def backward(
    params: Params, tape: Tape, dout: np.ndarray, activation: Activation, p: float = 0.0
) -> tuple[Params, list[np.ndarray]]:
    """Backprop of :func:`forward` from the gradient on its output.

    Args:
        params: as given to :func:`forward`.
        tape: returned by :func:`forward`.
        dout: (N, sizes[-1]) gradient of the loss with respect to the output.
        activation: as given to :func:`forward`.
        p: as given to :func:`forward` (unused when it ran without dropout).

    Returns:
        grads: ``(dW, db)`` per layer, shaped as ``params``.
        dhidden: (N, sizes[i+1]) per hidden layer, the gradient on its activation's output.
    """
    grads: Params = []
    dhidden: list[np.ndarray] = []
    d = dout
    for i in range(len(params) - 1, -1, -1):
        W, _ = params[i]
        grads.append((tape.inputs[i].T @ d, d.sum(axis=0)))
        if i == 0:
            break
        d = d @ W.T
        if tape.masks:
            d = engine.dropout_backward(d, tape.masks[i - 1], p)
        dhidden.append(d)
        if activation == "relu":
            d = engine.relu_backward(d, tape.pre[i - 1])
        else:
            d = engine.sigmoid_backward(d, tape.post[i - 1])
    return grads[::-1], dhidden[::-1]

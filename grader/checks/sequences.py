"""What the checks of the sequence exercises share: exercise6's RNN forward pass and
exercise14's backward pass through time read the same example and the same kind of random
cases."""

from __future__ import annotations

import numpy as np

from bigpicture.grader.checks.common import random_array


def rnn_random_case(rng: np.random.Generator, n: int, t: int, d: int, h: int) -> tuple:
    """x: (n, t, d), h0: (n, h), Wx: (d, h), Wh: (h, h), b: (h,), scaled to keep tanh busy."""
    shapes = ((n, t, d), (n, h), (d, h), (h, h), (h,))
    return tuple(random_array(rng, shape, 0.6) for shape in shapes)


def rnn_fixed_case() -> tuple:
    """N=2, T=4, D=3, H=2: small numbers, pre-activations on both sides of 0 and beyond 1, an
    asymmetric Wh and an h0 far from zero: (x, h0, Wx, Wh, b)."""
    x = np.array(
        [
            [[1.0, 0.0, -1.0], [0.5, 2.0, 0.0], [0.0, -1.0, 1.5], [-0.5, 0.5, 0.5]],
            [[-2.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 1.0, 1.0], [0.5, -1.5, 0.0]],
        ]
    )
    h0 = np.array([[0.5, -0.5], [0.0, 1.0]])
    Wx = np.array([[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]])
    Wh = np.array([[0.9, -0.2], [0.5, 1.1]])
    b = np.array([0.1, -0.3])
    return x, h0, Wx, Wh, b

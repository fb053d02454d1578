"""The grader's reference engine: numba kernels behind validating numpy wrappers.

Every public function accepts array-likes of any numeric dtype and layout, converts them to
C-contiguous float64 (so each kernel compiles exactly one specialization), never modifies
its inputs, and raises ValueError naming the argument and the shapes on bad input.

Importing this package imports numba but compiles nothing; kernels compile (or load from
numba's on-disk cache) on first use. :func:`cache_is_warm` tells whether that first use
will be quick, and :func:`warm_up` triggers it for every kernel.
"""

from __future__ import annotations

import numpy as np

from . import activations, conv, dropout, optimizers, rnn
from ._cache import kernels_cached
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .conv import conv_backward, conv_forward
from .dropout import dropout_backward, dropout_forward
from .optimizers import adam_step, sgd_step
from .rnn import rnn_backward, rnn_forward, rnn_step

__all__ = [
    "adam_step",
    "cache_is_warm",
    "conv_backward",
    "conv_forward",
    "dropout_backward",
    "dropout_forward",
    "relu",
    "relu_backward",
    "rnn_backward",
    "rnn_forward",
    "rnn_step",
    "sgd_step",
    "sigmoid",
    "sigmoid_backward",
    "warm_up",
]

_KERNELS = activations.KERNELS + optimizers.KERNELS + dropout.KERNELS + conv.KERNELS + rnn.KERNELS


def cache_is_warm() -> bool:
    """True when every kernel is already compiled in numba's on-disk cache for this machine.

    Cheap: reads the cache index files and compiles nothing. Returns False when unsure, so a
    "preparing the reference engine (first run only)" message may at worst show needlessly.
    """
    return kernels_cached(_KERNELS)


def warm_up() -> None:
    """Call every public function once on tiny inputs, compiling or loading every kernel."""
    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    relu_backward(x, relu(x))
    sigmoid_backward(x, sigmoid(x))
    sgd_step(x, x, lr=0.1, momentum=0.9)
    adam_step(x, x, x, x**2, t=1)
    out, mask = dropout_forward(x, 0.5, True, np.random.default_rng(0))
    dropout_backward(out, mask, 0.5)
    # Conv and the RNN backward pass choose their kernels by problem size: a batch of one runs
    # the small-problem kernels, a batch as large as their size limit the BLAS path.
    for batch in (1, conv._DIRECT_MAX_WORK + 1):
        images = np.ones((batch, 1, 3, 3))
        filters = np.ones((1, 1, 2, 2))
        bias = np.zeros(1)
        out = conv_forward(images, filters, bias, stride=1, pad=1)
        conv_backward(out, images, filters, bias, stride=1, pad=1)
    wx, wh, b = np.ones((3, 2)), np.eye(2), x[0, :2]
    for batch in (1, rnn._FUSED_MAX_WORK + 1):
        seq, h0 = np.ones((batch, 2, 3)), np.zeros((batch, 2))
        h = rnn_forward(seq, h0, wx, wh, b)
        rnn_step(seq[:, 0], h0, wx, wh, b)
        rnn_backward(h, seq, h0, wx, wh, b)

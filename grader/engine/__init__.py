"""The grader's reference engine: numba kernels behind validating numpy wrappers.

Every public function accepts array-likes of any numeric dtype and layout, converts them to
C-contiguous float64 (so each kernel compiles exactly one specialization), never modifies
its inputs, and raises ValueError naming the argument and the shapes on bad input.

Problems the size of grading's run in plain numpy, so grading never imports numba or waits
for a compiler. Large convolutions, RNNs, LSTMs and max pools (plots, the training lab) run
numba kernels, imported and compiled (or loaded from numba's on-disk cache) on first use;
:func:`warm_up` compiles them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from . import _validate
from .activations import relu, relu_backward, sigmoid, sigmoid_backward
from .conv import conv_backward, conv_forward
from .dropout import dropout_backward, dropout_forward
from .layers import affine_backward, affine_forward, softmax_cross_entropy
from .lstm import lstm_backward, lstm_forward, lstm_step
from .optimizers import (
    adagrad_step,
    adam_step,
    adamw_step,
    nesterov_step,
    rmsprop_step,
    sgd_step,
)
from .pool import max_pool_backward, max_pool_forward
from .rnn import rnn_backward, rnn_forward, rnn_step

__all__ = [
    "adagrad_step",
    "adam_step",
    "adamw_step",
    "affine_backward",
    "affine_forward",
    "conv_backward",
    "conv_forward",
    "dropout_backward",
    "dropout_forward",
    "forced_path",
    "lstm_backward",
    "lstm_forward",
    "lstm_step",
    "max_pool_backward",
    "max_pool_forward",
    "nesterov_step",
    "numpy_only",
    "relu",
    "relu_backward",
    "rmsprop_step",
    "rnn_backward",
    "rnn_forward",
    "rnn_step",
    "sgd_step",
    "sigmoid",
    "sigmoid_backward",
    "softmax_cross_entropy",
    "warm_up",
]


def _kernels() -> tuple:
    from ._conv_kernels import KERNELS as conv_kernels
    from ._lstm_kernels import KERNELS as lstm_kernels
    from ._pool_kernels import KERNELS as pool_kernels
    from ._rnn_kernels import KERNELS as rnn_kernels

    return conv_kernels + rnn_kernels + lstm_kernels + pool_kernels


@contextmanager
def forced_path(path: str) -> Iterator[None]:
    """Run every size-chosen function on its numpy path (``"numpy"``) or its numba kernels
    (``"numba"``), whatever the size, inside the ``with`` block (for tests, the benchmark and
    :func:`warm_up`; not thread-safe)."""
    saved, _validate.FORCED = _validate.FORCED, path
    try:
        yield
    finally:
        _validate.FORCED = saved


def numpy_only() -> None:
    """Keep every function on its numpy path from now on, whatever the size: for processes
    that cannot load numba (the training lab's sandboxed jobs)."""
    _validate.FORCED = "numpy"


def warm_up() -> None:
    """Compiles (or loads from numba's cache) every numba kernel, with tiny problems forced
    onto the numba path."""
    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    with forced_path("numba"):
        images, filters, bias = np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.zeros(1)
        out = conv_forward(images, filters, bias, stride=1, pad=1)
        conv_backward(out, images, filters, bias, stride=1, pad=1)
        wx, wh, b = np.ones((3, 2)), np.eye(2), x[0, :2]
        seq, h0 = np.ones((1, 2, 3)), np.zeros((1, 2))
        rnn_backward(rnn_forward(seq, h0, wx, wh, b), seq, h0, wx, wh, b)
        wx4, wh4, b4 = np.tile(wx, 4), np.tile(wh, 4), np.tile(b, 4)
        lstm_backward(lstm_forward(seq, h0, wx4, wh4, b4), seq, h0, wx4, wh4, b4)
        max_pool_backward(max_pool_forward(out, 2, 1), out, 2, 1)

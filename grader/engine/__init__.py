"""The grader's reference engine: numba kernels behind validating numpy wrappers.

Every public function accepts array-likes of any numeric dtype and layout, converts them to
C-contiguous float64 (so each kernel compiles exactly one specialization), never modifies
its inputs, and raises ValueError naming the argument and the shapes on bad input.

Problems the size of grading's run in plain numpy, so grading never imports numba or waits
for a compiler. Large convolutions and RNNs (plots, the training lab) run numba kernels,
imported and compiled (or loaded from numba's on-disk cache) on first use; :func:`warm_up`
compiles them all.
"""

from __future__ import annotations

import numpy as np

from . import conv, rnn
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
    "lstm_backward",
    "lstm_forward",
    "lstm_step",
    "max_pool_backward",
    "max_pool_forward",
    "nesterov_step",
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
    "numpy_only",
    "warm_up",
]


def _kernels() -> tuple:
    from ._conv_kernels import KERNELS as conv_kernels
    from ._rnn_kernels import KERNELS as rnn_kernels

    return conv_kernels + rnn_kernels


def numpy_only() -> None:
    """Runs every size in plain numpy from now on, in this process: for a training job of the
    lab, where numba's files cannot be loaded (the sandbox hides them)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + ".") and hasattr(module, "_NUMPY_MAX_WORK"):
            setattr(module, "_NUMPY_MAX_WORK", float("inf"))  # noqa: B010


def warm_up() -> None:
    """Compiles (or loads from numba's cache) every numba kernel, with tiny problems forced
    onto the numba path."""
    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    saved = conv._NUMPY_MAX_WORK, rnn._NUMPY_MAX_WORK
    conv._NUMPY_MAX_WORK = rnn._NUMPY_MAX_WORK = -1
    try:
        images, filters, bias = np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), np.zeros(1)
        out = conv_forward(images, filters, bias, stride=1, pad=1)
        conv_backward(out, images, filters, bias, stride=1, pad=1)
        wx, wh, b = np.ones((3, 2)), np.eye(2), x[0, :2]
        seq, h0 = np.ones((1, 2, 3)), np.zeros((1, 2))
        rnn_backward(rnn_forward(seq, h0, wx, wh, b), seq, h0, wx, wh, b)
    finally:
        conv._NUMPY_MAX_WORK, rnn._NUMPY_MAX_WORK = saved

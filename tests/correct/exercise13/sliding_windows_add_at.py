"""No Python loop: every window as a view (sliding_window_view), the maxima in one call, and
the gradient scattered with np.add.at, which adds where windows overlap."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _windows(x, size, stride):
    views = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return views.reshape(*views.shape[:4], size * size)


def max_pool_forward(x, size=2, stride=2):
    return _windows(x, size, stride).max(axis=-1)


def max_pool_backward(dout, x, size=2, stride=2):
    first = _windows(x, size, stride).argmax(axis=-1)
    n, c, out_h, out_w = first.shape
    rows = np.arange(out_h)[:, None] * stride + first // size
    cols = np.arange(out_w)[None, :] * stride + first % size
    dx = np.zeros_like(x)
    np.add.at(
        dx, (np.arange(n)[:, None, None, None], np.arange(c)[None, :, None, None], rows, cols), dout
    )
    return dx

"""Max pooling over NCHW images, forward and backward, as PyTorch's ``F.max_pool2d`` (no
padding, no dilation): a window's gradient goes to its first maximum in row-major order, as
on PyTorch's CPU, and windows that do not tile the image leave its last rows and columns out.

Problems the size of grading's run in numpy (a strided view of the windows); large ones in
numba kernels (:mod:`._pool_kernels`, imported on first use) that visit each window once,
with no copy of the windows. Both paths give the same numbers.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from . import _validate
from ._validate import as_float64, check_shape, positive_int

# Problems with at most this many window elements, N*C*H_out*W_out*size*size, run in numpy;
# larger ones in numba.
_NUMPY_MAX_WORK = 20_000


def _checked(
    x: ArrayLike, size: object, stride: object
) -> tuple[np.ndarray, int, int, tuple[int, int, int, int]]:
    """``x`` as float64, size and stride as ints, and the output's shape (N, C, H_out, W_out)."""
    x = as_float64("x", x, 4)
    size, stride = positive_int("size", size, 1), positive_int("stride", stride, 1)
    n, c, h, w = x.shape
    if size > h or size > w:
        raise ValueError(f"size {size} is larger than the image ({h}x{w})")
    return x, size, stride, (n, c, (h - size) // stride + 1, (w - size) // stride + 1)


def _small(out_shape: tuple[int, int, int, int], size: int) -> bool:
    return _validate.numpy_path(math.prod(out_shape) * size * size <= _NUMPY_MAX_WORK)


def _windows(x: np.ndarray, size: int, stride: int) -> np.ndarray:
    """(N, C, H_out, W_out, size * size): every window, row-major inside (a copy)."""
    views = sliding_window_view(x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return views.reshape(*views.shape[:4], size * size)


def max_pool_forward(x: ArrayLike, size: int = 2, stride: int = 2) -> np.ndarray:
    """The maximum of every ``size``x``size`` window, ``stride`` apart.

    Args:
        x: (N, C, H, W) images.
        size: the window's side, >= 1.
        stride: the step between windows, >= 1.

    Returns:
        out: (N, C, H_out, W_out) with ``H_out = (H - size) // stride + 1`` (likewise W).

    Raises:
        ValueError: on a bad shape, or a window larger than the image.
    """
    x, size, stride, out_shape = _checked(x, size, stride)
    if _small(out_shape, size):
        return _windows(x, size, stride).max(axis=-1)
    from ._pool_kernels import _max_pool_forward_kernel

    return _max_pool_forward_kernel(x, size, stride)


def max_pool_backward(dout: ArrayLike, x: ArrayLike, size: int = 2, stride: int = 2) -> np.ndarray:
    """Gradient of :func:`max_pool_forward`: each window's ``dout`` goes to its first maximum;
    where windows overlap, a pixel gets the sum of what its windows send it.

    Args:
        dout: (N, C, H_out, W_out) upstream gradient.
        x: (N, C, H, W) the forward input.

    Returns:
        dx: (N, C, H, W), float64.

    Raises:
        ValueError: on a bad shape, or a window larger than the image.
    """
    x, size, stride, out_shape = _checked(x, size, stride)
    dout = as_float64("dout", dout, 4)
    check_shape("dout", dout, out_shape)
    if not _small(out_shape, size):
        from ._pool_kernels import _max_pool_backward_kernel

        return _max_pool_backward_kernel(dout, x, size, stride)
    first = _windows(x, size, stride).argmax(axis=-1)  # the first maximum (or NaN), row-major
    n, c, h_out, w_out = out_shape
    rows = np.arange(h_out)[:, None] * stride + first // size
    cols = np.arange(w_out)[None, :] * stride + first % size
    images = np.arange(n)[:, None, None, None]
    channels = np.arange(c)[None, :, None, None]
    dx = np.zeros_like(x)
    np.add.at(dx, (images, channels, rows, cols), dout)
    return dx

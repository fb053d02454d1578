"""2-D convolution (cross-correlation, as PyTorch), forward and backward.

Problems the size of grading's run in numpy: a strided view of the padded input and one
tensor product per pass, with no compiler to wait for. Large ones go through im2col: numba
kernels (:mod:`._conv_kernels`, imported on first use) gather and scatter-add the patches,
and the multiply-adds are BLAS matrix products in the wrappers. Both paths agree to 1e-12.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from . import _validate
from ._validate import as_float64, check_shape, positive_int

# Images go through im2col in blocks whose column matrix stays about this size: measured at
# N=16, C=16, 32x32, F=32, 3x3, one-image blocks (1.2 MB) ran forward + backward twice as
# fast as one 19 MB block for the whole batch, which spills the caches.
_BLOCK_BYTES = 1 << 20

# Problems with at most this many multiply-adds per pass, N*F*C*HH*WW*H_out*W_out, run in
# numpy; larger ones in the numba path.
_NUMPY_MAX_WORK = 2_000_000


def _checked_conv_inputs(
    x: ArrayLike, w: ArrayLike, b: ArrayLike, stride: object, pad: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int, int, int]:
    """Validate and convert the conv arguments; return them with the output height/width."""
    x = as_float64("x", x, ndim=4)
    w = as_float64("w", w, ndim=4)
    b = as_float64("b", b)
    if x.shape[1] != w.shape[1]:
        raise ValueError(
            f"x and w must have the same number of channels C: "
            f"x has shape {x.shape} (N, C, H, W), w has shape {w.shape} (F, C, HH, WW)"
        )
    check_shape("b", b, (w.shape[0],))
    stride = positive_int("stride", stride, 1)
    pad = positive_int("pad", pad, 0)
    height, width = x.shape[2:]
    hh, ww = w.shape[2:]
    h_out = 1 + (height + 2 * pad - hh) // stride
    w_out = 1 + (width + 2 * pad - ww) // stride
    if height + 2 * pad < hh or width + 2 * pad < ww or min(x.shape + w.shape) < 1:
        raise ValueError(
            f"empty convolution output: x has shape {x.shape}, w has shape {w.shape}, "
            f"pad={pad}, stride={stride}; need H + 2*pad >= HH and W + 2*pad >= WW "
            f"and no zero-sized dimension"
        )
    return x, w, b, stride, pad, h_out, w_out


def _block_starts(n_img: int, block_elements: int) -> range:
    """Start index of every block of images whose column matrix is ``_BLOCK_BYTES``-ish."""
    return range(0, n_img, max(1, _BLOCK_BYTES // (8 * block_elements)))


def conv_forward(
    x: ArrayLike, w: ArrayLike, b: ArrayLike, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """Convolution forward pass: cross-correlation (no kernel flip) with zero padding.

    Args:
        x: (N, C, H, W) input.
        w: (F, C, HH, WW) filters.
        b: (F,) biases.
        stride: step between windows, an int >= 1.
        pad: zeros added on every side of H and W, an int >= 0.

    Returns:
        out: (N, F, 1 + (H + 2*pad - HH) // stride, 1 + (W + 2*pad - WW) // stride) float64.

    Raises:
        ValueError: on inconsistent shapes, a bad stride/pad, or an empty output.
    """
    x, w, b, stride, pad, h_out, w_out = _checked_conv_inputs(x, w, b, stride, pad)
    n_img = x.shape[0]
    n_filters, channels, hh, ww = w.shape
    if _validate.numpy_path(
        n_img * n_filters * h_out * w_out * channels * hh * ww <= _NUMPY_MAX_WORK
    ):
        windows = _windows(x, hh, ww, stride, pad, h_out, w_out)
        out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
        return np.ascontiguousarray(out + b[None, :, None, None])
    from ._conv_kernels import _im2col_kernel

    out = np.empty((n_img, n_filters, h_out, w_out))
    w2d = w.reshape(n_filters, -1)
    starts = _block_starts(n_img, w2d.shape[1] * h_out * w_out)
    for n0 in starts:
        block = slice(n0, n0 + starts.step)
        cols = _im2col_kernel(x[block], hh, ww, stride, pad, h_out, w_out)
        prod = (w2d @ cols.reshape(w2d.shape[1], -1)).reshape(n_filters, -1, h_out, w_out)
        # Adding the bias also reorders the (F, n, ...) product into (n, F, ...).
        np.add(prod.transpose(1, 0, 2, 3), b[:, None, None], out=out[block])
    return out


def conv_backward(
    dout: ArrayLike, x: ArrayLike, w: ArrayLike, b: ArrayLike, stride: int, pad: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convolution backward pass.

    Args:
        dout: (N, F, H_out, W_out) upstream gradient, shaped as :func:`conv_forward`'s output.
        x: (N, C, H, W) forward input.
        w: (F, C, HH, WW) filters.
        b: (F,) biases (only their shape is used).
        stride: the forward stride, an int >= 1.
        pad: the forward padding, an int >= 0.

    Returns:
        dx: (N, C, H, W) float64.
        dw: (F, C, HH, WW) float64.
        db: (F,) float64.

    Raises:
        ValueError: on inconsistent shapes, a bad stride/pad, or an empty output.
    """
    x, w, b, stride, pad, h_out, w_out = _checked_conv_inputs(x, w, b, stride, pad)
    n_img, channels, height, width = x.shape
    n_filters, _, hh, ww = w.shape
    dout = as_float64("dout", dout)
    check_shape("dout", dout, (n_img, n_filters, h_out, w_out))
    db = dout.sum(axis=(0, 2, 3))
    if _validate.numpy_path(dout.size * channels * hh * ww <= _NUMPY_MAX_WORK):
        windows = _windows(x, hh, ww, stride, pad, h_out, w_out)
        dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))
        dx_padded = np.zeros((n_img, channels, height + 2 * pad, width + 2 * pad))
        for kh in range(hh):
            for kw in range(ww):
                rows = slice(kh, kh + stride * (h_out - 1) + 1, stride)
                cols = slice(kw, kw + stride * (w_out - 1) + 1, stride)
                spread = np.tensordot(dout, w[:, :, kh, kw], axes=([1], [0]))
                dx_padded[:, :, rows, cols] += spread.transpose(0, 3, 1, 2)
        dx = np.ascontiguousarray(dx_padded[:, :, pad : pad + height, pad : pad + width])
        return dx, np.ascontiguousarray(dw), db
    from ._conv_kernels import _col2im_kernel, _im2col_kernel

    w2d = w.reshape(n_filters, -1)
    dx = np.empty_like(x)
    dw2d = np.zeros_like(w2d)
    starts = _block_starts(n_img, w2d.shape[1] * h_out * w_out)
    for n0 in starts:
        block = slice(n0, n0 + starts.step)
        columns = _im2col_kernel(x[block], hh, ww, stride, pad, h_out, w_out)
        dout_fp = dout[block].transpose(1, 0, 2, 3).reshape(n_filters, -1)
        dw2d += dout_fp @ columns.reshape(w2d.shape[1], -1).T
        dcols = (w2d.T @ dout_fp).reshape(channels, hh, ww, -1, h_out, w_out)
        dx[block] = _col2im_kernel(dcols, height, width, stride, pad)
    return dx, dw2d.reshape(w.shape), db


def _windows(
    x: np.ndarray, hh: int, ww: int, stride: int, pad: int, h_out: int, w_out: int
) -> np.ndarray:
    """(N, C, H_out, W_out, HH, WW): every window of the zero-padded ``x``, as a view."""
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(padded, (hh, ww), axis=(2, 3))
    return windows[:, :, : stride * (h_out - 1) + 1 : stride, : stride * (w_out - 1) + 1 : stride]

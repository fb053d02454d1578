"""2-D convolution (cross-correlation, as PyTorch), forward and backward, via im2col.

The numba kernels only gather (im2col) and scatter-add (col2im) patches; the
multiply-adds are single BLAS matrix products in the wrappers. The column matrix is laid
out as (C, HH, WW, N, H_out, W_out) so that every product covers the whole batch at once
and the innermost kernel loops run over contiguous output columns.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from ._validate import as_float64, check_shape, positive_int


@njit(cache=True)
def _valid_columns(kw: int, stride: int, pad: int, width: int, w_out: int) -> tuple[int, int]:
    """First and one-past-last output column whose input column ``wo*stride + kw - pad``
    lies inside ``[0, width)``; outside that range the column reads zero padding."""
    lo = 0
    while lo < w_out and lo * stride + kw - pad < 0:
        lo += 1
    hi = w_out
    while hi > lo and (hi - 1) * stride + kw - pad >= width:
        hi -= 1
    return lo, hi


@njit(cache=True)
def _im2col_kernel(
    x: np.ndarray, hh: int, ww: int, stride: int, pad: int, h_out: int, w_out: int
) -> np.ndarray:
    n_img, channels, height, width = x.shape
    cols = np.zeros((channels, hh, ww, n_img, h_out, w_out))
    for c in range(channels):
        for kh in range(hh):
            for kw in range(ww):
                lo, hi = _valid_columns(kw, stride, pad, width, w_out)
                for n in range(n_img):
                    for ho in range(h_out):
                        row = ho * stride + kh - pad
                        if 0 <= row < height:
                            for wo in range(lo, hi):
                                cols[c, kh, kw, n, ho, wo] = x[n, c, row, wo * stride + kw - pad]
    return cols


@njit(cache=True)
def _col2im_kernel(cols: np.ndarray, height: int, width: int, stride: int, pad: int) -> np.ndarray:
    channels, hh, ww, n_img, h_out, w_out = cols.shape
    dx = np.zeros((n_img, channels, height, width))
    for c in range(channels):
        for kh in range(hh):
            for kw in range(ww):
                lo, hi = _valid_columns(kw, stride, pad, width, w_out)
                for n in range(n_img):
                    for ho in range(h_out):
                        row = ho * stride + kh - pad
                        if 0 <= row < height:
                            for wo in range(lo, hi):
                                dx[n, c, row, wo * stride + kw - pad] += cols[c, kh, kw, n, ho, wo]
    return dx


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
    cols = _im2col_kernel(x, hh, ww, stride, pad, h_out, w_out)
    out = w.reshape(n_filters, -1) @ cols.reshape(channels * hh * ww, -1)
    # Adding the bias also copies the (F, N, ...) product into (N, F, ...) order.
    return out.reshape(n_filters, n_img, h_out, w_out).transpose(1, 0, 2, 3) + b[:, None, None]


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
    cols = _im2col_kernel(x, hh, ww, stride, pad, h_out, w_out).reshape(channels * hh * ww, -1)
    dout_fp = dout.transpose(1, 0, 2, 3).reshape(n_filters, -1)
    db = dout_fp.sum(axis=1)
    dw = (dout_fp @ cols.T).reshape(w.shape)
    dcols = w.reshape(n_filters, -1).T @ dout_fp
    dx = _col2im_kernel(
        dcols.reshape(channels, hh, ww, n_img, h_out, w_out), height, width, stride, pad
    )
    return dx, dw, db


# _valid_columns is compiled into its callers, so their cache entries cover it.
KERNELS = (_im2col_kernel, _col2im_kernel)

"""2-D convolution (cross-correlation, as PyTorch), forward and backward.

Small problems run in one direct-loop kernel per pass. Larger ones go through im2col: the
numba kernels only gather (im2col) and scatter-add (col2im) patches, and the multiply-adds
are BLAS matrix products in the wrappers. A column matrix is laid out as
(C, HH, WW, n, H_out, W_out) for a block of n images, so that one product covers the block
and the innermost kernel loops run over contiguous output columns.
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import ArrayLike

from ._validate import as_float64, check_shape, positive_int

# Images go through im2col in blocks whose column matrix stays about this size: measured at
# N=16, C=16, 32x32, F=32, 3x3, one-image blocks (1.2 MB) ran forward + backward twice as
# fast as one 19 MB block for the whole batch, which spills the caches.
_BLOCK_BYTES = 1 << 20

# Problems with at most this many multiply-adds per pass, N*F*C*HH*WW*H_out*W_out, run in the
# direct kernels, which skip im2col's copies and the numpy calls around the BLAS products.
# Measured forward + backward: 18 us against 24 us at N2 C3 8x8 F4 3x3 stride 2 (3,456), but
# 47 us against 33 us at stride 1 (13,824), where BLAS's speed outweighs its fixed cost.
_DIRECT_MAX_WORK = 6_000


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


@njit(cache=True)
def _conv_forward_direct_kernel(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int, pad: int, out: np.ndarray
) -> None:
    """Fill ``out`` with the convolution of ``x`` and ``w`` plus ``b``, by direct loops."""
    n_img, channels, height, width = x.shape
    n_filters, _, hh, ww = w.shape
    _, _, h_out, w_out = out.shape
    for n in range(n_img):
        for f in range(n_filters):
            out[n, f] = b[f]
            for c in range(channels):
                for kh in range(hh):
                    for kw in range(ww):
                        weight = w[f, c, kh, kw]
                        lo, hi = _valid_columns(kw, stride, pad, width, w_out)
                        for ho in range(h_out):
                            row = ho * stride + kh - pad
                            if 0 <= row < height:
                                for wo in range(lo, hi):
                                    out[n, f, ho, wo] += (
                                        weight * x[n, c, row, wo * stride + kw - pad]
                                    )


@njit(cache=True)
def _conv_backward_direct_kernel(
    dout: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    stride: int,
    pad: int,
    dx: np.ndarray,
    dw: np.ndarray,
    db: np.ndarray,
) -> None:
    """Fill ``dx``, ``dw`` and ``db`` with the convolution's gradients, by direct loops."""
    n_img, channels, height, width = x.shape
    n_filters, _, hh, ww = w.shape
    _, _, h_out, w_out = dout.shape
    dx[:] = 0.0
    dw[:] = 0.0
    db[:] = 0.0
    for n in range(n_img):
        for f in range(n_filters):
            db[f] += dout[n, f].sum()
            for c in range(channels):
                for kh in range(hh):
                    for kw in range(ww):
                        weight = w[f, c, kh, kw]
                        lo, hi = _valid_columns(kw, stride, pad, width, w_out)
                        grad = 0.0
                        for ho in range(h_out):
                            row = ho * stride + kh - pad
                            if 0 <= row < height:
                                for wo in range(lo, hi):
                                    col = wo * stride + kw - pad
                                    g = dout[n, f, ho, wo]
                                    dx[n, c, row, col] += g * weight
                                    grad += g * x[n, c, row, col]
                        dw[f, c, kh, kw] += grad


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
    out = np.empty((n_img, n_filters, h_out, w_out))
    if out.size * channels * hh * ww <= _DIRECT_MAX_WORK:
        _conv_forward_direct_kernel(x, w, b, stride, pad, out)
        return out
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
    if dout.size * channels * hh * ww <= _DIRECT_MAX_WORK:
        dx, dw, db = np.empty(x.shape), np.empty(w.shape), np.empty(n_filters)
        _conv_backward_direct_kernel(dout, x, w, stride, pad, dx, dw, db)
        return dx, dw, db
    w2d = w.reshape(n_filters, -1)
    dx = np.empty_like(x)
    dw2d = np.zeros_like(w2d)
    starts = _block_starts(n_img, w2d.shape[1] * h_out * w_out)
    for n0 in starts:
        block = slice(n0, n0 + starts.step)
        cols = _im2col_kernel(x[block], hh, ww, stride, pad, h_out, w_out)
        dout_fp = dout[block].transpose(1, 0, 2, 3).reshape(n_filters, -1)
        dw2d += dout_fp @ cols.reshape(w2d.shape[1], -1).T
        dcols = (w2d.T @ dout_fp).reshape(channels, hh, ww, -1, h_out, w_out)
        dx[block] = _col2im_kernel(dcols, height, width, stride, pad)
    return dx, dw2d.reshape(w.shape), dout.sum(axis=(0, 2, 3))


# _valid_columns is compiled into its callers, so their cache entries cover it.
KERNELS = (
    _im2col_kernel,
    _col2im_kernel,
    _conv_forward_direct_kernel,
    _conv_backward_direct_kernel,
)

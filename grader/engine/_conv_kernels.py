"""The numba kernels of :mod:`.conv`'s large-problem path: im2col's gather and col2im's
scatter-add. Imported only when a problem is large enough to need them, so that grading,
whose problems are small, never imports numba.

A column matrix is laid out as (C, HH, WW, n, H_out, W_out) for a block of n images, so that
one BLAS product covers the block and the innermost loops run over contiguous output columns.
"""

from __future__ import annotations

import numpy as np
from numba import njit


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


# _valid_columns is compiled into its callers, so their cache entries cover it.
KERNELS = (_im2col_kernel, _col2im_kernel)

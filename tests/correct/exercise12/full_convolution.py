"""The textbook view: dx is a full convolution of dout (spread out by the stride) with the
flipped kernel, F and C swapped; dw is a correlation of x_padded with that spread-out dout."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_backward(dout, x, w, b, stride=1, pad=0):
    n_images, _, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h, out_w = dout.shape[2:]
    padded_h, padded_w = height + 2 * pad, width + 2 * pad
    # dout with stride - 1 zeros between its values: as if the stride were 1.
    spread = np.zeros((n_images, filters, (out_h - 1) * stride + 1, (out_w - 1) * stride + 1))
    spread[:, :, ::stride, ::stride] = dout
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    reach = x_padded[:, :, : spread.shape[2] + kernel_h - 1, : spread.shape[3] + kernel_w - 1]
    windows = sliding_window_view(reach, spread.shape[2:], axis=(2, 3))  # (N, C, HH, WW, h, w)
    dw = np.einsum("nfhw,nckshw->fcks", spread, windows)
    # Full convolution: pad by kernel - 1 (and by what the stride left out at the far end).
    extra_h = padded_h - (spread.shape[2] + kernel_h - 1)
    extra_w = padded_w - (spread.shape[3] + kernel_w - 1)
    full = np.pad(
        spread,
        (
            (0, 0),
            (0, 0),
            (kernel_h - 1, kernel_h - 1 + extra_h),
            (kernel_w - 1, kernel_w - 1 + extra_w),
        ),
    )
    flipped = w[:, :, ::-1, ::-1]
    patches = sliding_window_view(full, (kernel_h, kernel_w), axis=(2, 3))  # (N, F, Hp, Wp, HH, WW)
    dx_padded = np.einsum("nfijkl,fckl->ncij", patches, flipped)
    dx = dx_padded[:, :, pad : pad + height, pad : pad + width]
    return dx, dw, dout.sum(axis=(0, 2, 3))

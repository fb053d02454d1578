"""Loops over the kernel's HH x WW offsets instead of the output positions: for each offset the
pixels it touched form one strided slice of x_padded."""

import numpy as np


def conv_backward(dout, x, w, b, stride=1, pad=0):
    height, width = x.shape[2:]
    kernel_h, kernel_w = w.shape[2:]
    out_h, out_w = dout.shape[2:]
    x_padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    dx_padded = np.zeros_like(x_padded)
    dw = np.empty_like(w)
    for k in range(kernel_h):
        for m in range(kernel_w):
            rows = slice(k, k + stride * (out_h - 1) + 1, stride)
            cols = slice(m, m + stride * (out_w - 1) + 1, stride)
            touched = x_padded[:, :, rows, cols]  # (N, C, H_out, W_out)
            dw[:, :, k, m] = np.tensordot(dout, touched, axes=([0, 2, 3], [0, 2, 3]))
            dx_padded[:, :, rows, cols] += np.tensordot(
                dout, w[:, :, k, m], axes=([1], [0])
            ).transpose(0, 3, 1, 2)
    dx = dx_padded[:, :, pad : pad + height, pad : pad + width].copy()
    return dx, dw, np.sum(dout, axis=(0, 2, 3))

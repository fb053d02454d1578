"""im2col: one column of C*HH*WW values per output pixel, then a single matrix product."""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    n_images, channels, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h = (height + 2 * pad - kernel_h) // stride + 1
    out_w = (width + 2 * pad - kernel_w) // stride + 1
    x_padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    cols = np.empty((channels, kernel_h, kernel_w, n_images, out_h, out_w))
    for row in range(kernel_h):
        for col in range(kernel_w):
            rows = slice(row, row + stride * out_h, stride)
            columns = slice(col, col + stride * out_w, stride)
            cols[:, row, col] = x_padded[:, :, rows, columns].transpose(1, 0, 2, 3)
    product = w.reshape(filters, -1) @ cols.reshape(channels * kernel_h * kernel_w, -1)
    out = product.reshape(filters, n_images, out_h, out_w) + b[:, None, None, None]
    return out.transpose(1, 0, 2, 3)

"""Averages the window's products (np.mean) instead of summing them.

DIAGNOSIS: It looks like the window was averaged (np.mean) instead of summed.
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    n_images, _, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height + 2 * pad - kernel_h) // stride
    out_w = 1 + (width + 2 * pad - kernel_w) // stride
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((n_images, filters, out_h, out_w))
    for n in range(n_images):
        for f in range(filters):
            for i in range(out_h):
                for j in range(out_w):
                    top, left = i * stride, j * stride
                    window = x_padded[n, :, top : top + kernel_h, left : left + kernel_w]
                    out[n, f, i, j] = np.mean(window * w[f]) + b[f]
    return out

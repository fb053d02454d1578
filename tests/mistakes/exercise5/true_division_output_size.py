"""Computes the output size with / instead of //, which gives a float even when it divides.

DIAGNOSIS: A size or an index is a float: in Python 3, / always gives a float.
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    n, _, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height + 2 * pad - kernel_h) / stride
    out_w = 1 + (width + 2 * pad - kernel_w) / stride
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((n, filters, out_h, out_w))
    for i in range(int(out_h)):
        for j in range(int(out_w)):
            window = x_padded[:, :, i * stride : i * stride + kernel_h, j * stride : j * stride + kernel_w]
            out[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3])) + b
    return out

"""Adds the bias inside the loop over channels, so it is added C times.

DIAGNOSIS: It looks like the bias was added once per input channel (C times).
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    n_images, channels, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height + 2 * pad - kernel_h) // stride
    out_w = 1 + (width + 2 * pad - kernel_w) // stride
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((n_images, filters, out_h, out_w))
    for c in range(channels):
        for i in range(out_h):
            for j in range(out_w):
                top, left = i * stride, j * stride
                patch = x_padded[:, c, top : top + kernel_h, left : left + kernel_w]
                out[:, :, i, j] += np.einsum("nhw,fhw->nf", patch, w[:, c]) + b
    return out

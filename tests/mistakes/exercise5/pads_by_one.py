"""Adds a single ring of zeros whatever pad is (written for pad = 1), and reads the output size
off the padded image.

DIAGNOSIS: It looks like x was padded by 1 pixel whatever pad is.
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    ring = 1 if pad else 0
    x_padded = np.pad(x, ((0, 0), (0, 0), (ring, ring), (ring, ring)))
    _, _, height, width = x_padded.shape
    _, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height - kernel_h) // stride
    out_w = 1 + (width - kernel_w) // stride
    out = np.empty((x.shape[0], w.shape[0], out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x_padded[:, :, top : top + kernel_h, left : left + kernel_w]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out

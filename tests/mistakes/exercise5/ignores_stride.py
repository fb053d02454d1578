"""Gets the output size right but moves the window one pixel at a time whatever the stride.

DIAGNOSIS: It looks like the window moves one pixel at a time whatever the stride:
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    _, _, height, width = x.shape
    _, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height + 2 * pad - kernel_h) // stride
    out_w = 1 + (width + 2 * pad - kernel_w) // stride
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((x.shape[0], w.shape[0], out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i, j
            window = x_padded[:, :, top : top + kernel_h, left : left + kernel_w]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out

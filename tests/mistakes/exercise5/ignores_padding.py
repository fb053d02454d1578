"""Ignores pad entirely: no zero padding and an output size computed as if pad were 0.

DIAGNOSIS: It looks like pad was ignored.
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    _, _, height, width = x.shape
    _, _, kernel_h, kernel_w = w.shape
    out_h = 1 + (height - kernel_h) // stride
    out_w = 1 + (width - kernel_w) // stride
    out = np.empty((x.shape[0], w.shape[0], out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x[:, :, top : top + kernel_h, left : left + kernel_w]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out

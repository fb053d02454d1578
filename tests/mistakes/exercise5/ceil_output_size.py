"""Rounds the output size up (ceil), so when the stride does not divide H + 2 * pad - HH the
last window runs past the padded image.

DIAGNOSIS: the last window runs past the padded image and is cut short. The output size rounds
down, H_out = 1 + (H + 2 * pad - HH) // stride (never math.ceil)
"""

import math

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    _, _, height, width = x.shape
    _, _, kernel_h, kernel_w = w.shape
    out_h = 1 + math.ceil((height + 2 * pad - kernel_h) / stride)
    out_w = 1 + math.ceil((width + 2 * pad - kernel_w) / stride)
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((x.shape[0], w.shape[0], out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x_padded[:, :, top : top + kernel_h, left : left + kernel_w]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out

"""Uses the kernel height HH for the width too, in the output size and the window.

DIAGNOSIS: The window is HH x HH but the kernel is HH x WW: the kernel's height was used for its
width too.
"""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    _, _, height, width = x.shape
    _, _, kernel_h, _ = w.shape
    out_h = 1 + (height + 2 * pad - kernel_h) // stride
    out_w = 1 + (width + 2 * pad - kernel_h) // stride
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.empty((x.shape[0], w.shape[0], out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x_padded[:, :, top : top + kernel_h, left : left + kernel_h]
            out[:, :, i, j] = np.einsum("nchw,fchw->nf", window, w) + b
    return out

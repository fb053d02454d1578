"""Flips the window for dw, reading 'dw is a convolution of x with dout' as a true convolution.

DIAGNOSIS: It looks like dw is flipped in height and width.
"""

import numpy as np


def conv_backward(dout, x, w, b, stride=1, pad=0):
    n_images, channels, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    _, _, out_h, out_w = dout.shape
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_padded = np.zeros_like(x_padded)
    dw = np.zeros_like(w)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x_padded[:, :, top : top + kernel_h, left : left + kernel_w]
            dw += np.einsum("nf,nchw->fchw", dout[:, :, i, j], window[:, :, ::-1, ::-1])
            spread = np.einsum("nf,fchw->nchw", dout[:, :, i, j], w)
            dx_padded[:, :, top : top + kernel_h, left : left + kernel_w] += spread
    dx = dx_padded[:, :, pad : pad + height, pad : pad + width]
    db = dout.sum(axis=(0, 2, 3))
    return dx, dw, db

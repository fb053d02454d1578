"""Four nested loops, one output value at a time, as the formula reads: the plainest style."""

import numpy as np


def conv_backward(dout, x, w, b, stride=1, pad=0):
    n_images, _, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    out_h, out_w = dout.shape[2:]
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_padded = np.zeros(x_padded.shape)
    dw = np.zeros(w.shape)
    db = np.zeros(filters)
    for n in range(n_images):
        for f in range(filters):
            for i in range(out_h):
                for j in range(out_w):
                    g = dout[n, f, i, j]
                    r, c = i * stride, j * stride
                    dw[f] += g * x_padded[n, :, r : r + kernel_h, c : c + kernel_w]
                    dx_padded[n, :, r : r + kernel_h, c : c + kernel_w] += g * w[f]
                    db[f] += g
    if pad > 0:
        return dx_padded[:, :, pad:-pad, pad:-pad], dw, db
    return dx_padded, dw, db

"""Pads by hand (zeros, then x copied into the middle) and fills the output in place."""

import numpy as np


def conv_forward(x, w, b, stride=1, pad=0):
    n_images, channels, height, width = x.shape
    filters, _, kernel_h, kernel_w = w.shape
    x_padded = np.zeros((n_images, channels, height + 2 * pad, width + 2 * pad))
    x_padded[:, :, pad : pad + height, pad : pad + width] = x
    out_h = (x_padded.shape[2] - kernel_h) // stride + 1
    out_w = (x_padded.shape[3] - kernel_w) // stride + 1
    flat_w = w.reshape(filters, -1)
    out = np.empty((n_images, filters, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x_padded[:, :, i * stride :, j * stride :][:, :, :kernel_h, :kernel_w]
            np.matmul(window.reshape(n_images, -1), flat_w.T, out=out[:, :, i, j])
            out[:, :, i, j] += b
    return out

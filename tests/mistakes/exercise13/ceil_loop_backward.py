"""Computes the backward loop's size with a ceil from x's shape instead of reading dout's: on 5x7 it
indexes past dout.

DIAGNOSIS: An output index runs past dout: the output size was rounded up.
"""

import numpy as np


def max_pool_forward(x, size=2, stride=2):
    n, c, height, width = x.shape
    out_h = (height - size) // stride + 1
    out_w = (width - size) // stride + 1
    out = np.zeros((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride : i * stride + size, j * stride : j * stride + size]
            out[:, :, i, j] = window.max(axis=(2, 3))
    return out


def max_pool_backward(dout, x, size=2, stride=2):
    n, c, height, width = x.shape
    out_h = -(-(height - size) // stride) + 1
    out_w = -(-(width - size) // stride) + 1
    images, channels = np.arange(n)[:, None], np.arange(c)[None, :]
    dx = np.zeros_like(x)
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride : i * stride + size, j * stride : j * stride + size]
            first = window.reshape(n, c, -1).argmax(axis=2)
            rows, cols = i * stride + first // size, j * stride + first % size
            dx[images, channels, rows, cols] += dout[:, :, i, j]
    return dx

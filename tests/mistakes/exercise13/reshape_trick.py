"""Pools with x.reshape(N, C, H // size, size, W // size, size).max(axis=(3, 5)): right when the
windows tile the image, a crash on 5x7 or with stride < size.

DIAGNOSIS: The reshape trick, x.reshape(N, C, H // size, size, W // size, size), works only when
the windows tile the image
"""

import numpy as np


def max_pool_forward(x, size=2, stride=2):
    n, c, height, width = x.shape
    blocks = x.reshape(n, c, height // size, size, width // size, size)
    return blocks.max(axis=(3, 5))


def max_pool_backward(dout, x, size=2, stride=2):
    n, c, out_h, out_w = dout.shape
    images, channels = np.arange(n)[:, None], np.arange(c)[None, :]
    dx = np.zeros_like(x)
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride : i * stride + size, j * stride : j * stride + size]
            first = window.reshape(n, c, -1).argmax(axis=2)
            rows, cols = i * stride + first // size, j * stride + first % size
            dx[images, channels, rows, cols] += dout[:, :, i, j]
    return dx

"""Writes each window's whole share (zeros included) with =, wiping what earlier overlapping windows
gave (right when stride >= size).

DIAGNOSIS: It looks like overlapping windows lost gradient
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
    n, c, out_h, out_w = dout.shape
    images, channels = np.arange(n)[:, None], np.arange(c)[None, :]
    dx = np.zeros_like(x)
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, :, i * stride : i * stride + size, j * stride : j * stride + size]
            first = window.reshape(n, c, -1).argmax(axis=2)
            mask = (np.arange(size * size) == first[:, :, None]).reshape(n, c, size, size)
            share = mask * dout[:, :, i, j][:, :, None, None]
            dx[:, :, i * stride : i * stride + size, j * stride : j * stride + size] = share
    return dx

"""Spreads dout / size**2 over every pixel of the window, the backward pass of average pooling.

DIAGNOSIS: It looks like the gradient was spread evenly over each window (dout / size**2)
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
            region = dx[:, :, i * stride : i * stride + size, j * stride : j * stride + size]
            region += dout[:, :, i, j][:, :, None, None] / size**2
    return dx

"""One window at a time, with np.unravel_index for the first maximum's position."""

import numpy as np


def max_pool_forward(x, size=2, stride=2):
    n_images, channels, height, width = x.shape
    out_h = 1 + (height - size) // stride
    out_w = 1 + (width - size) // stride
    out = np.empty((n_images, channels, out_h, out_w))
    for n in range(n_images):
        for c in range(channels):
            for i in range(out_h):
                for j in range(out_w):
                    r, q = i * stride, j * stride
                    out[n, c, i, j] = np.max(x[n, c, r : r + size, q : q + size])
    return out


def max_pool_backward(dout, x, size=2, stride=2):
    dx = np.zeros(x.shape)
    n_images, channels, out_h, out_w = dout.shape
    for n in range(n_images):
        for c in range(channels):
            for i in range(out_h):
                for j in range(out_w):
                    r, q = i * stride, j * stride
                    window = x[n, c, r : r + size, q : q + size]
                    k, m = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, r + k, q + m] += dout[n, c, i, j]
    return dx

"""The reshape trick where it is valid (stride == size, the border that no window reaches
cropped first), and a loop over the windows otherwise."""

import numpy as np


def max_pool_forward(x, size=2, stride=2):
    n, c, height, width = x.shape
    out_h, out_w = (height - size) // stride + 1, (width - size) // stride + 1
    if stride == size:
        tiled = x[:, :, : out_h * size, : out_w * size].reshape(n, c, out_h, size, out_w, size)
        return tiled.max(axis=(3, 5))
    out = np.empty((n, c, out_h, out_w))
    for i in range(out_h):
        for j in range(out_w):
            out[:, :, i, j] = x[
                :, :, i * stride : i * stride + size, j * stride : j * stride + size
            ].max(axis=(2, 3))
    return out


def max_pool_backward(dout, x, size=2, stride=2):
    n, c = x.shape[:2]
    dx = np.zeros_like(x)
    flat_dx = dx.reshape(n * c, *x.shape[2:])
    flat_x = x.reshape(n * c, *x.shape[2:])
    flat_dout = dout.reshape(n * c, *dout.shape[2:])
    for m in range(n * c):
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                window = flat_x[m, i * stride : i * stride + size, j * stride : j * stride + size]
                k = int(np.argmax(window))
                flat_dx[m, i * stride + k // size, j * stride + k % size] += flat_dout[m, i, j]
    return dx

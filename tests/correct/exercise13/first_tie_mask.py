"""A mask of the maxima in which only the first True of each window survives (a running count
of the Trues equal to 1), multiplied by dout and added window by window."""

import numpy as np


def max_pool_forward(x, size=2, stride=2):
    rows = range(0, x.shape[2] - size + 1, stride)
    cols = range(0, x.shape[3] - size + 1, stride)
    return np.stack(
        [
            np.stack([x[:, :, r : r + size, q : q + size].max(axis=(2, 3)) for q in cols], axis=-1)
            for r in rows
        ],
        axis=-2,
    )


def max_pool_backward(dout, x, size=2, stride=2):
    n, c = x.shape[:2]
    dx = np.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            r, q = i * stride, j * stride
            window = x[:, :, r : r + size, q : q + size].reshape(n, c, -1)
            mask = window == window.max(axis=2, keepdims=True)
            mask &= np.cumsum(mask, axis=2) == 1
            dx[:, :, r : r + size, q : q + size] += (mask * dout[:, :, i, j][:, :, None]).reshape(
                n, c, size, size
            )
    return dx

"""연습 12: 합성곱 역전파 — Exercise 12 (lesson 7): the backward pass of a convolutional layer.

A filter's weights were used at every position of every image, so their gradient collects a
share from each position; a pixel was read by every window that covered it, so its gradient
collects a share from each of those windows.
"""

import numpy as np


def conv_backward(
    dout: np.ndarray, x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """합성곱 역전파 — the gradients of exercise 5's ``conv_forward``.

    Output ``(i, j)`` of filter ``f`` was ``b[f]`` plus the window of ``x_padded`` at
    ``(i * stride, j * stride)`` times ``w[f]``, summed. Going back, that window gets
    ``dout[n, f, i, j] * w[f]`` added to its pixels, ``w[f]`` gets ``dout[n, f, i, j]`` times
    the window, and ``b[f]`` gets ``dout[n, f, i, j]``.

    Formula::

        dw[f, c, k, l] = sum over n, i, j of
            dout[n, f, i, j] * x_padded[n, c, i * stride + k, j * stride + l]
        dx_padded[n, c, i * stride + k, j * stride + l] += dout[n, f, i, j] * w[f, c, k, l]
        dx = dx_padded without its pad rows and columns
        db[f] = sum over n, i, j of dout[n, f, i, j]

    Args:
        dout: (N, F, H_out, W_out) float64. The loss's gradient on the forward output.
        x: (N, C, H, W) float64. The forward input.
        w: (F, C, HH, WW) float64. The filters.
        b: (F,) float64. The biases (their gradient does not depend on their values).
        stride: the forward stride, >= 1.
        pad: the forward padding, >= 0.

    Returns:
        dx: (N, C, H, W) float64. The gradient on x.
        dw: (F, C, HH, WW) float64. The gradient on w.
        db: (F,) float64. The gradient on b.
    """
    _, _, height, width = x.shape
    _, _, kernel_h, kernel_w = w.shape
    _, _, out_h, out_w = dout.shape
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dx_padded = np.zeros_like(x_padded)
    dw = np.zeros_like(w)
    for i in range(out_h):
        for j in range(out_w):
            rows = slice(i * stride, i * stride + kernel_h)
            cols = slice(j * stride, j * stride + kernel_w)
            grad = dout[:, :, i, j]  # (N, F): what output (i, j) sends back
            dw += np.einsum("nf,nchw->fchw", grad, x_padded[:, :, rows, cols])
            dx_padded[:, :, rows, cols] += np.einsum("nf,fchw->nchw", grad, w)
    dx = dx_padded[:, :, pad : pad + height, pad : pad + width]
    db = dout.sum(axis=(0, 2, 3))
    return dx, dw, db

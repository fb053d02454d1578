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
    # TODO: Pad x as the forward pass did, then for every output position (i, j) add its
    #       dout to dw (times the window it saw) and to dx_padded (times the filters); crop the
    #       padding off dx and sum dout for db.
    raise NotImplementedError("conv_backward")

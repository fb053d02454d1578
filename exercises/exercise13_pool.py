"""연습 13: 최대 풀링 — Exercise 13 (lesson 7): max pooling, forward and backward.

A CNN shrinks its feature maps as it goes deeper: max pooling keeps the largest value of each
small window, so a 2x2 window with stride 2 leaves a quarter of the positions. It has no
weights, and a feature that moves by a pixel inside its window gives the same output.
"""

import numpy as np


def max_pool_forward(x: np.ndarray, size: int = 2, stride: int = 2) -> np.ndarray:
    """최대 풀링 순전파 — max pooling forward pass, as ``F.max_pool2d(x, size, stride)``.

    Each channel of each image is pooled on its own: window ``(i, j)`` covers rows
    ``i * stride`` to ``i * stride + size - 1`` and the same columns from ``j * stride``, and
    the output is its maximum. The output size rounds down, so every window fits inside the
    image; rows or columns at the far border that no window reaches are left out.

    Formula::

        H_out = (H - size) // stride + 1
        W_out = (W - size) // stride + 1
        out[n, c, i, j] = max over k, l < size of x[n, c, i * stride + k, j * stride + l]

    Args:
        x: (N, C, H, W) float64. A batch of N images with C channels.
        size: the side of the square window, >= 1.
        stride: how many pixels the window moves each step, >= 1.

    Returns:
        out: (N, C, H_out, W_out) float64.
    """
    # TODO: Compute the output size, then the maximum of every window, for all images and
    #       channels at once.
    raise NotImplementedError("max_pool_forward")


def max_pool_backward(
    dout: np.ndarray, x: np.ndarray, size: int = 2, stride: int = 2
) -> np.ndarray:
    """최대 풀링 역전파 — the gradient of ``max_pool_forward`` on x.

    Only a window's maximum reached the output, so ``dout[n, c, i, j]`` goes to that one
    pixel and the others of the window get nothing from it. With ties, it goes to the first
    maximum in row-major order (as PyTorch on the CPU, and ``np.argmax``). Where windows
    overlap (``stride < size``), a pixel can be the maximum of several windows: it gets the
    sum of their gradients.

    Args:
        dout: (N, C, H_out, W_out) float64. The loss's gradient on the output.
        x: (N, C, H, W) float64. The forward input.
        size: the forward window's side, >= 1.
        stride: the forward stride, >= 1.

    Returns:
        dx: (N, C, H, W) float64.
    """
    # TODO: For every window, find its first maximum and add the window's dout at that pixel
    #       of dx; every other pixel of the window gets nothing from it.
    raise NotImplementedError("max_pool_backward")

"""연습 5: 합성곱 — Exercise 5 (lesson 7): the forward pass of a convolutional layer.

Images have structure a fully connected layer ignores: nearby pixels belong together, and a
cat is a cat wherever it stands. A convolution slides one small filter over the whole image,
so it looks at local patches and shares its weights across every position.
"""

import numpy as np


def conv_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, pad: int = 0
) -> np.ndarray:
    """합성곱 순전파 — convolution forward pass, as ``torch.nn.functional.conv2d``.

    Each filter looks at one ``HH x WW`` window of all ``C`` input channels at a time, takes
    the sum of the elementwise products and adds its bias; sliding the window ``stride`` pixels
    at a time gives one output map per filter. Zero padding of ``pad`` pixels on every side
    lets the filter reach the border. Like PyTorch, this is cross-correlation: the kernel is
    not flipped.

    Formula::

        H_out = 1 + (H + 2 * pad - HH) // stride
        W_out = 1 + (W + 2 * pad - WW) // stride
        out[n, f, i, j] = b[f] + sum over c, k, l of
            x_padded[n, c, i * stride + k, j * stride + l] * w[f, c, k, l]

    Args:
        x: (N, C, H, W) float64. A batch of N images with C channels.
        w: (F, C, HH, WW) float64. F filters, each HH x WW over all C channels.
        b: (F,) float64. One bias per filter.
        stride: how many pixels the window moves each step, >= 1.
        pad: how many rows and columns of zeros to add on each side, >= 0.

    Returns:
        out: (N, F, H_out, W_out) float64.
    """
    # TODO: Compute the output size, then every output value: the filter's bias plus the sum
    #       of the filter's weights times the padded input window they cover.
    raise NotImplementedError("conv_forward")

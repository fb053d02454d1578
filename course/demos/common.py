"""What the demos share: caching by state, colours, axes and number formatting."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

from bigpicture.grader.i18n import Msg

from .base import RGB, Demo

# Enough for every state a learner reaches by hand; bounds memory if a key is held down.
_CACHE_SIZE = 64

# The figures' colours, as RGB so that the legend outside a figure shows exactly the same
# ones; mid-bright, so that each reads on a dark and on a light theme.
BLUE: RGB = (0, 130, 200)
RED: RGB = (230, 25, 75)
GREEN: RGB = (60, 180, 75)
ORANGE: RGB = (245, 130, 48)
CYAN: RGB = (0, 170, 190)
YELLOW: RGB = (225, 190, 0)
GRAY: RGB = (128, 128, 128)


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
    """A demo whose one key, `r`, draws its random numbers again from a new seed.

    Its data carries that ``seed``, which the plot's header shows as the setting.
    """

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

    def setting(self, data: Any, lang: str) -> str:
        return Msg("seed", "시드")(lang) + f" {data.seed}"


def sci(value: float) -> str:
    """``value`` short for a caption or a tick: 3e-7, 0.04, 0.25, 12, 350, 8e7."""
    if value == 0 or 1e-2 <= abs(value) < 100:
        return f"{value:.2g}"
    if 100 <= abs(value) < 1e4:
        return f"{value:.0f}"
    mantissa, exponent = f"{value:.0e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def log_y_axis(plt: Any, low: float, high: float, max_ticks: int = 7) -> None:
    """Shows ``log10`` values from ``low`` to ``high`` on a y axis labelled with the data's values.

    The demos plot ``log10(values)`` on a linear axis instead of using ``yscale("log")``:
    plotext 5 takes the logarithm of the stored data on every build, and the widget builds
    on every render, so the second render failed (piccolomo/plotext#209).

    Args:
        plt: the plotext figure.
        low: the axis's bottom, as a ``log10``.
        high: the axis's top, as a ``log10``.
        max_ticks: at most this many ticks: powers of ten, evenly skipped beyond it, or
            1, 2 and 5 times them where the axis spans too few powers to read.
    """
    plt.ylim(low, high)
    powers = list(range(math.ceil(low), math.floor(high) + 1))
    if len(powers) >= 3:
        step = max(1, math.ceil((len(powers) - 1) / (max_ticks - 1)))
        ticks = [float(power) for power in powers[::step]]
    else:
        ticks = [
            tick
            for power in range(math.floor(low), math.ceil(high) + 1)
            for tick in (power, power + math.log10(2), power + math.log10(5))
            if low <= tick <= high
        ]
    plt.yticks(ticks, [sci(10.0**tick) for tick in ticks])


def count(value: int) -> str:
    """An integer with thousands separators, as read in both languages: 12,000."""
    return f"{value:,}"

"""The plot widget itself, in its own module: plotext is imported only when a lesson has a plot."""

from __future__ import annotations

from rich.text import Text
from textual_plotext import PlotextPlot


class DemoPlot(PlotextPlot):
    """A plotext plot that shows a drawing error instead of crashing the app."""

    def render(self):
        try:
            return super().render()
        except Exception as exc:  # plotext can fail on odd sizes or data; the course goes on
            return Text(f"plot error: {exc!r}", style="red")

"""What every live plot ("demo") provides to the TUI.

A demo is domain code: it may import numpy and the reference engine, never Textual. The TUI
calls :meth:`Demo.compute` in a worker thread (it may be slow the first time; results are
cached by the demo's state), then :meth:`Demo.draw` on the UI thread with a plotext figure.

plotext counts every character as one cell, so a Korean glyph (two cells wide) would tear the
figure's lines. The figure therefore holds no words at all, only lines and numeric ticks; the
plot's name, setting, keys, legend, axis names and caption are text around it, in the
learner's language, built from what the demo returns here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from bigpicture.grader.i18n import Msg

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class DemoKey:
    """A key a demo reacts to, with what it does (shown in the plot's header)."""

    key: str
    description: Msg


@dataclass(frozen=True)
class LegendEntry:
    """One thing drawn in the figure, as the legend under it names it.

    Attributes:
        label: what it is, in the learner's language.
        color: the colour it is drawn in, the same in the figure and in the legend.
        mark: how it looks in the figure: a line, dots, a cross, a frame.
    """

    label: str
    color: RGB
    mark: str = "━━"


class Demo:
    """Base class of a live plot. Subclasses set the class attributes and the methods."""

    name: ClassVar[str]  # as in the manifest's `plots` and the lesson texts, e.g. "vanishing"
    title: ClassVar[Msg]
    keys: ClassVar[tuple[DemoKey, ...]] = ()
    x_label: ClassVar[Msg | None] = None  # the axes' names; None where an axis has no meaning
    y_label: ClassVar[Msg | None] = None

    def press(self, key: str) -> bool:
        """Changes the state for ``key`` (cheap, no computing); True if the plot must redraw."""
        return False

    def compute(self) -> Any:
        """The data to draw for the current state: heavy work, runs in a worker thread."""
        raise NotImplementedError

    def draw(self, plt: Any, data: Any) -> None:
        """Draws ``data`` with plotext calls on ``plt`` (a cleared figure): no words, only
        lines and numeric ticks, in the colours :meth:`legend` names."""
        raise NotImplementedError

    def legend(self, data: Any, lang: str) -> tuple[LegendEntry, ...]:
        """What :meth:`draw` drew, in the order it is read."""
        raise NotImplementedError

    def setting(self, data: Any, lang: str) -> str:
        """The setting the keys change, as ``data`` was computed with (e.g. "momentum 0.9")."""
        return ""

    def caption(self, data: Any, lang: str) -> str:
        """One or two short lines under the plot that read it out with concrete numbers."""
        return ""

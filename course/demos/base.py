"""What every live plot ("demo") provides to the TUI.

A demo is domain code: it may import numpy and the reference engine, never Textual. The TUI
calls :meth:`Demo.compute` in a worker thread (it may be slow the first time; results are
cached by the demo's state), then :meth:`Demo.draw` on the UI thread with a plotext figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from bigpicture.grader.i18n import Msg


@dataclass(frozen=True)
class DemoKey:
    """A key a demo reacts to, with what it does (shown in the footer)."""

    key: str
    description: Msg


class Demo:
    """Base class of a live plot. Subclasses set the class attributes and the three methods."""

    name: ClassVar[str]  # as in the manifest's `plots`, e.g. "vanishing"
    title: ClassVar[Msg]
    keys: ClassVar[tuple[DemoKey, ...]] = ()

    def press(self, key: str) -> bool:
        """Changes the state for ``key`` (cheap, no computing); True if the plot must redraw."""
        return False

    def compute(self) -> Any:
        """The data to draw for the current state: heavy work, runs in a worker thread."""
        raise NotImplementedError

    def draw(self, plt: Any, data: Any, lang: str) -> None:
        """Draws ``data`` with plotext calls on ``plt`` (a textual-plotext figure, cleared)."""
        raise NotImplementedError

    def caption(self, data: Any, lang: str) -> str:
        """One or two short lines under the plot that read it out with concrete numbers."""
        return ""

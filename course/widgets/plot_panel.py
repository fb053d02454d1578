"""The live plot of a lesson: computed in a worker with the reference engine, drawn here."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from bigpicture.grader.i18n import Msg

WAIT = Msg("computing…", "계산하는 중…")


class PlotPanel(Vertical):
    """Shows one of the current lesson's demos; ``p`` cycles through them."""

    class Drawn(Message):
        """A demo is on screen: its keys can go in the footer."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.names: tuple[str, ...] = ()
        self.index = 0
        self.lang = "en"
        self._demos: dict[str, Any] = {}  # name -> Demo, kept so each keeps its state
        self._shown: tuple[str, Any] | None = None  # (name, data) on screen

    def compose(self):
        yield Static(id="plot-title")
        yield Static(id="plot-caption")

    @property
    def name_shown(self) -> str | None:
        return self.names[self.index] if self.names else None

    def show(self, names: tuple[str, ...], lang: str) -> None:
        """Switches to another lesson's demos."""
        self.names, self.index, self.lang = names, 0, lang
        self.display = bool(names)
        if names and not self.query("#plot"):
            from bigpicture.course.widgets.demo_plot import DemoPlot

            self.mount(DemoPlot(id="plot"), before="#plot-caption")
        self._refresh_plot()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self._shown is not None:
            self._draw(*self._shown)

    def next_plot(self) -> None:
        """Cycles to the lesson's next demo."""
        if len(self.names) > 1:
            self.index = (self.index + 1) % len(self.names)
            self._refresh_plot()

    def demo_keys(self) -> tuple:
        """The keys the demo on screen reacts to (empty until it is loaded)."""
        demo = self._demos.get(self.name_shown or "")
        return demo.keys if demo is not None else ()

    def press(self, key: str) -> None:
        """Passes ``key`` to the demo on screen; recomputes if its state changed."""
        demo = self._demos.get(self.name_shown or "")
        if demo is not None and demo.press(key):
            self._refresh_plot()

    def _refresh_plot(self) -> None:
        if not self.names:
            return
        self.query_one("#plot-caption", Static).update(WAIT(self.lang))
        self._compute(self.names[self.index])

    @work(thread=True, exclusive=True, group="plot")
    def _compute(self, name: str) -> None:
        # The demos import numpy and numba: only here, in a worker, after the first paint.
        try:
            from bigpicture.course.demos import make_demo

            demo = self._demos.get(name)
            if demo is None:
                demo = self._demos[name] = make_demo(name)
            data = demo.compute()
        except Exception as exc:  # a broken plot must not take the course down with it
            self.app.call_from_thread(self._failed, name, exc)
            return
        self.app.call_from_thread(self._draw, name, data)

    def _failed(self, name: str, exc: Exception) -> None:
        message = Msg(f"This plot could not be drawn: {exc!r}", f"그림을 그리지 못했어요: {exc!r}")
        self.query_one("#plot-caption", Static).update(Text(message(self.lang)))

    def _draw(self, name: str, data: Any) -> None:
        if name != self.name_shown:
            return  # the learner moved on while this was computing
        demo = self._demos[name]
        self._shown = (name, data)
        plot = self.query_one("#plot")
        plot.plt.clear_figure()
        # Inside the figure plotext counts every character as one cell, so Korean (two cells
        # wide) would tear its lines: the figure stays in English; title and caption around it
        # are in the learner's language. The title is shown above it already.
        demo.draw(plot.plt, data, "en")
        plot.plt.title("")
        plot.refresh()
        count = f" ({self.index + 1}/{len(self.names)}, p)" if len(self.names) > 1 else ""
        self.query_one("#plot-title", Static).update(Text(demo.title(self.lang) + count, "bold"))
        self.query_one("#plot-caption", Static).update(Text(demo.caption(data, self.lang)))
        self.post_message(self.Drawn())

"""The live plot of a lesson: computed in a worker with the reference engine, drawn here.

The figure holds no words: plotext counts a Korean glyph as one cell where the terminal shows
two, which tears its lines. Everything said about the plot is text around it, in the
learner's language: above it the plot's name as the lesson text names it, its setting and
its keys; under it the legend, the axes' names and a caption that reads out numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual import work
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from bigpicture.grader.i18n import Msg

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

WAIT = Msg("computing…", "계산하는 중…")
GAP = 2  # cells between two items on a line
# Below this height (80x24 leaves about 17 rows) the header leaves out the plot's one-line
# description, so that the figure keeps its rows and the caption stays on screen.
TITLE_MIN_HEIGHT = 20


def flow(items: Sequence[Text], width: int) -> Text:
    """``items`` laid out like words in lines of ``width`` cells.

    An item that does not fit on the current line starts the next one, so a key is never
    parted from its description; only an item wider than a whole line is wrapped inside.
    """
    lines: list[Text] = []
    line = Text()
    for item in items:
        if line and line.cell_len + GAP + item.cell_len > width:
            lines.append(line)
            line = Text()
        if line:
            line.append(" " * GAP)
        line.append_text(item)
    if line:
        lines.append(line)
    return Text("\n").join(lines)


class Flow(Static):
    """Items of text on as many lines as the width needs, wrapped between items."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: tuple[Text, ...] = ()

    def show(self, items: Sequence[Text]) -> None:
        self.items = tuple(items)
        self.display = bool(self.items)
        self._lay_out()

    def on_resize(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        # Before the first layout there is no width yet: one line, until on_resize.
        self.update(flow(self.items, self.content_size.width or 1_000))


class PlotPanel(Vertical):
    """Shows one of the current lesson's demos; ``p`` cycles through them."""

    COMPONENT_CLASSES = {"plot-panel--key", "plot-panel--setting"}
    DEFAULT_CSS = """
    PlotPanel > Flow {
        height: auto;
        padding: 0 1;
    }
    PlotPanel .plot-panel--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    PlotPanel .plot-panel--setting {
        color: $text-accent;
        text-style: bold;
    }
    """

    class Drawn(Message):
        """A demo is on screen: its keys can be offered."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.names: tuple[str, ...] = ()
        self.index = 0
        self.lang = "en"
        self._demos: dict[str, Any] = {}  # name -> Demo, kept so each keeps its state
        self._shown: tuple[str, Any] | None = None  # (name, data) on screen

    def compose(self):
        yield Flow(id="plot-title")
        yield Flow(id="plot-legend")
        yield Static(id="plot-caption")

    def on_resize(self) -> None:
        short = self.size.height < TITLE_MIN_HEIGHT
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            self._write()

    @property
    def name_shown(self) -> str | None:
        """The manifest name of the plot on screen (or being computed), e.g. "descent"."""
        return self.names[self.index] if self.names else None

    def show(self, names: tuple[str, ...], lang: str) -> None:
        """Switches to a lesson's demos; the same lesson again keeps the plot on screen."""
        self.lang = lang
        if names == self.names:
            self._write()
            return
        self.names, self.index = names, 0
        self.display = bool(names)
        if names and not self.query("#plot"):
            from bigpicture.course.widgets.demo_plot import DemoPlot

            self.mount(DemoPlot(id="plot"), before="#plot-legend")
        self._refresh_plot()

    def select(self, name: str) -> None:
        """Shows the lesson's plot named ``name`` in the manifest, e.g. lesson 7's "rnn".

        Raises:
            ValueError: naming the lesson's plots, if none of them is ``name``.
        """
        if name not in self.names:
            plots = ", ".join(self.names) or "none"
            raise ValueError(f"no plot {name!r} in this lesson; its plots: {plots}")
        if self.names.index(name) != self.index:
            self.index = self.names.index(name)
            self._refresh_plot()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self._write()

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
        if self._shown is not None and self._shown[0] != self.name_shown:
            # Another plot's figure under this plot's name would be read as this one.
            self._shown = None
            plot = self._plot()
            plot.plt.clear_figure()
            plot.refresh()
        self._write(computing=True)
        self._compute(self.names[self.index])

    def _plot(self) -> PlotextPlot:
        return cast("PlotextPlot", self.query_one("#plot"))  # textual_plotext: after first paint

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
        # A later key press started a newer computation, which may have drawn already.
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._draw, name, data)

    def _failed(self, name: str, exc: Exception) -> None:
        message = Msg(f"This plot could not be drawn: {exc!r}", f"그림을 그리지 못했어요: {exc!r}")
        self.query_one("#plot-caption", Static).update(Text(message(self.lang)))

    def _draw(self, name: str, data: Any) -> None:
        if name != self.name_shown:
            return  # the learner moved on while this was computing
        self._shown = (name, data)
        plot = self._plot()
        plot.plt.clear_figure()
        self._demos[name].draw(plot.plt, data)
        plot.refresh()
        self._write()
        self.post_message(self.Drawn())

    def _write(self, computing: bool = False) -> None:
        """Puts the text around the figure in the learner's language: everything known of the
        plot on screen, and "computing…" in the caption while its data is on its way."""
        name = self.name_shown
        if name is None:
            return
        demo = self._demos.get(name)
        data = self._shown[1] if self._shown and self._shown[0] == name else None
        self.query_one("#plot-title", Flow).show(self._header(name, demo, data))
        self.query_one("#plot-legend", Flow).show([] if data is None else self._legend(demo, data))
        if computing or demo is None or data is None:
            caption = WAIT(self.lang)
        else:
            caption = demo.caption(data, self.lang)
        self.query_one("#plot-caption", Static).update(Text(caption))

    def _header(self, name: str, demo: Any, data: Any) -> list[Text]:
        """The name the lesson text gives the plot (which of how many, if more than one), what
        it shows, the setting its data was computed with, and its keys."""
        count = f" ({self.index + 1}/{len(self.names)}, p)" if len(self.names) > 1 else ""
        header = [Text(name + count, "bold")]
        if demo is None:
            return header
        if not self.has_class("-short"):
            header.append(Text(demo.title(self.lang)))
        setting = "" if data is None else demo.setting(data, self.lang)
        if setting:
            header.append(Text(setting, self.get_component_rich_style("plot-panel--setting")))
        key_style = self.get_component_rich_style("plot-panel--key")
        return header + [
            Text.assemble((key.key, key_style), " ", key.description(self.lang))
            for key in demo.keys
        ]

    def _legend(self, demo: Any, data: Any) -> list[Text]:
        items = [
            Text.assemble((entry.mark, Style(color=Color.from_rgb(*entry.color))), " ", entry.label)
            for entry in demo.legend(data, self.lang)
        ]
        axes = [
            Text(f"{axis}: {label(self.lang)}")
            for axis, label in (("x", demo.x_label), ("y", demo.y_label))
            if label is not None
        ]
        return items + axes

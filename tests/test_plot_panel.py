"""The plot panel in a small app of the right column's size: its header (the plot's name as
the lesson names it, the setting, the keys), legend and caption, in both languages, and
choosing a lesson's plot by name."""

from __future__ import annotations

import asyncio
import re

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from bigpicture.course.widgets.plot_panel import Flow, PlotPanel, flow
from bigpicture.grader.manifest import load_manifest

pytestmark = pytest.mark.anyio
HANGUL = re.compile("[\uac00-\ud7a3]")
# The right column of the course screen: 45 or 38 columns wide; 25 rows of it for the plot
# at 100x32, 17 at 80x24.
TALL, SHORT = 25, 17


class PanelApp(App[None]):
    """The plot panel alone, as wide and tall as the course screen gives it."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.panel_size = (width, height)

    def compose(self) -> ComposeResult:
        panel = PlotPanel(id="plots")
        panel.styles.width, panel.styles.height = self.panel_size
        yield panel


async def drawn(pilot, seconds: float = 30.0) -> PlotPanel:
    """The panel once its plot worker is done (the first plot imports numpy and numba)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    await pilot.pause()
    while any(w.group == "plot" and w.is_running for w in pilot.app.workers):
        assert loop.time() < end, "the plot is still computing"
        await asyncio.sleep(0.05)
    await pilot.pause()
    await pilot.pause()
    return pilot.app.query_one(PlotPanel)


def lines(panel: PlotPanel, widget_id: str) -> list[str]:
    """What a text widget of the panel shows, line by line ([] if it is hidden)."""
    widget = panel.query_one(f"#{widget_id}", Static)
    return str(widget.content).split("\n") if widget.display else []


def header(panel: PlotPanel) -> list[str]:
    return lines(panel, "plot-title")


def test_flow_keeps_each_item_whole():
    items = [Text("momentum 0, lr 0.5"), Text("m momentum 0/0.9"), Text("r new batches")]
    assert str(flow(items, 36)).split("\n") == [
        "momentum 0, lr 0.5  m momentum 0/0.9",
        "r new batches",
    ]
    assert str(flow(items, 35)).split("\n") == [
        "momentum 0, lr 0.5",
        "m momentum 0/0.9  r new batches",
    ]
    assert str(flow([Text("x" * 50)], 20)) == "x" * 50  # too wide: left to the text to wrap


@pytest.mark.parametrize("width", [45, 38])
@pytest.mark.parametrize("height", [TALL, SHORT])
@pytest.mark.parametrize(
    ("lang", "setting", "keys"),
    [
        ("en", "momentum 0, lr 0.5", ["m momentum 0/0.9", "r new batches"]),
        ("ko", "모멘텀 0, lr 0.5", ["m 모멘텀 0/0.9", "r 새 배치"]),
    ],
)
async def test_header_names_the_plot_and_shows_setting_and_keys(width, height, lang, setting, keys):
    app = PanelApp(width, height)
    async with app.run_test(size=(width, height)) as pilot:
        app.query_one(PlotPanel).show(("descent",), lang)
        panel = await drawn(pilot)
        shown = header(panel)
        assert shown[0].startswith("descent")  # the name the lesson text gives the plot
        assert "(1/" not in shown[0]  # the lesson has one plot
        text = "\n".join(shown)
        assert setting in text
        for key in keys:  # a key and what it does, never parted by a line break
            assert any(key in line for line in shown), (key, shown)
        title = "Gradient descent vs SGD" if lang == "en" else "경사하강법과 SGD"
        assert (title in text) == (height == TALL)  # short: the rows go to the figure
        content_width = width - 2  # the caption is one text that Textual wraps itself
        for widget in ("plot-title", "plot-legend"):
            for line in lines(panel, widget):
                assert Text(line).cell_len <= content_width, (widget, line)


async def test_every_lessons_plot_fits_at_80x24_and_100x32():
    for width, height in ((38, SHORT), (38, TALL), (45, TALL)):
        app = PanelApp(width, height)
        async with app.run_test(size=(width, height)) as pilot:
            panel = app.query_one(PlotPanel)
            for plots in (lesson.plots for lesson in load_manifest().lessons if lesson.plots):
                for lang in ("en", "ko"):
                    panel.show(plots, lang)
                    for _ in plots:
                        await drawn(pilot)
                        plot = panel.query_one("#plot")
                        caption = panel.query_one("#plot-caption")
                        assert plot.size.height >= 8, (plots, lang, width, height)
                        assert caption.region.bottom <= panel.region.bottom, (plots, lang)
                        panel.next_plot()


async def test_two_plots_show_which_and_p_cycles():
    app = PanelApp(45, TALL)
    async with app.run_test(size=(45, TALL)) as pilot:
        app.query_one(PlotPanel).show(("conv", "rnn"), "en")
        panel = await drawn(pilot)
        assert header(panel)[0].startswith("conv (1/2, p)")
        assert panel.name_shown == "conv"
        panel.next_plot()
        panel = await drawn(pilot)
        assert header(panel)[0].startswith("rnn (2/2, p)")
        assert "r new weights" in "\n".join(header(panel))


async def test_select_shows_the_plot_of_that_name():
    app = PanelApp(45, TALL)
    async with app.run_test(size=(45, TALL)) as pilot:
        panel = app.query_one(PlotPanel)
        panel.show(("conv", "rnn"), "en")
        panel.select("rnn")
        panel = await drawn(pilot)
        assert panel.name_shown == "rnn" and header(panel)[0].startswith("rnn (2/2, p)")
        assert [k.key for k in panel.demo_keys()] == ["r"]
        panel.show(("conv", "rnn"), "ko")  # the same lesson again: the RNN stays
        assert panel.name_shown == "rnn"
        with pytest.raises(ValueError, match="no plot 'descent' in this lesson; its plots: conv"):
            panel.select("descent")


async def test_keys_and_language_change_the_text_around_the_figure():
    app = PanelApp(45, TALL)
    async with app.run_test(size=(45, TALL)) as pilot:
        app.query_one(PlotPanel).show(("descent",), "en")
        panel = await drawn(pilot)
        panel.press("m")
        panel = await drawn(pilot)
        assert "momentum 0.9, lr 0.05" in "\n".join(header(panel))
        panel.set_language("ko")
        await pilot.pause()
        assert "모멘텀 0.9, lr 0.05" in "\n".join(header(panel))
        legend = "\n".join(lines(panel, "plot-legend"))
        assert "GD, 1,000개 전부" in legend and "SGD, 배치 8" in legend and "x: w1" in legend
        assert HANGUL.search("\n".join(lines(panel, "plot-caption")))
        # The figure itself stays free of Korean: plotext would miscount its width.
        figure = panel.query_one("#plot").render()
        assert not HANGUL.search(figure.plain)


async def test_legend_shows_each_series_in_its_colour():
    app = PanelApp(45, TALL)
    async with app.run_test(size=(45, TALL)) as pilot:
        app.query_one(PlotPanel).show(("dropout",), "en")
        panel = await drawn(pilot)
        legend = panel.query_one("#plot-legend", Flow)
        marks = [item for item in legend.items if item.plain.startswith("━━")]
        assert [m.plain[3:] for m in marks] == [
            "train, p 0",
            "val, p 0",
            "train, p 0.2",
            "val, p 0.2",
        ]
        colours = {tuple(item.spans[0].style.color.triplet) for item in marks}
        assert len(colours) == 4

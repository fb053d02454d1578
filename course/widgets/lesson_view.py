"""The lesson text, rendered from Markdown, in one scrollable pane that keeps the focus.

Building a Markdown widget mounts one widget per block, which is the slow part of switching
lessons. So each lesson, once built, is kept (hidden) inside the pane, and the lessons not yet
seen are built one at a time while the learner reads. The pane itself never changes, so a
switch moves no focus: a focus change restyles the focused widget's whole subtree, which for
a lesson is hundreds of widgets.

The course's first frame shows only the opening blocks that fill the pane, drawn without the
Markdown widget (see lesson_opening.py); the Markdown widget takes their place after it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget

from bigpicture.course.widgets.lesson_opening import LessonOpening


class LessonView(VerticalScroll):
    """One Markdown per (lesson, language), built on first use; Textual's scroll keys plus
    those of pagers (j, k, space). Whatever it shows has the lesson's Markdown as ``source``."""

    BINDINGS = [
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
        Binding("space", "page_down", show=False),
    ]

    def __init__(self, text_of: Callable[[int, str], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.text_of = text_of
        self.current: Widget | None = None  # a Markdown, or a LessonOpening

    async def show(self, number: int, lang: str, fill: tuple[int, int] | None = None) -> None:
        """Puts lesson ``number`` in ``lang`` on screen, scrolled to the top; with ``fill``
        (the pane's width and height at most), only the opening that fills it, drawn
        without the Markdown widget (the first frame)."""
        if fill is None:
            shown = await self._build(number, lang)
        else:
            source = opening_of(self.text_of(number, lang), *fill)
            shown = LessonOpening(source, id="opening")
            await self.mount(shown)
        if self.current is not None and self.current is not shown:
            if isinstance(self.current, LessonOpening):
                await self.current.remove()
            else:
                self.current.display = False
        shown.display = True
        self.current = shown
        self.scroll_home(animate=False)

    async def _build(self, number: int, lang: str) -> Widget:
        from textual.widgets import Markdown  # after the first frame: it takes ~40 ms to import

        text_id = f"lesson-{number}-{lang}"
        found = self.query(f"#{text_id}")
        if found:
            return found.first(Markdown)
        text = Markdown(self.text_of(number, lang), id=text_id, classes="lesson-text")
        text.display = False
        await self.mount(text)
        return text

    async def build_ahead(self, numbers: list[int], lang: str) -> None:
        """Builds the texts of ``numbers`` in the background, one per idle moment."""
        for number in numbers:
            if not self.is_attached:
                return  # the app is closing
            await self._build(number, lang)


def opening_of(source: str, width: int, height: int) -> str:
    """The first blocks of Markdown ``source`` that fill at least ``height`` rows of a pane at
    most ``width`` cells wide, cut at a blank line outside a code fence (all of it when it
    is shorter).

    Rows are counted low: a block of text takes at least its cells over the width, and a
    line of a code fence at least one; the margin between blocks is one row.
    """
    rows, cells, fenced = 0, 0, False
    lines = source.splitlines(keepends=True)
    for index, line in enumerate(lines):
        text = line.strip()
        if text.startswith("```"):
            fenced = not fenced
        if fenced or text.startswith("```"):
            rows += 1
        elif text:
            cells += cell_len(text) + 1  # a line break inside a paragraph is a space
        else:
            rows += -(-cells // width) + 1
            cells = 0
            if rows >= height:
                return "".join(lines[: index + 1])
    return source

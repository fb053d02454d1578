"""The lesson text, rendered from Markdown, in one scrollable pane that keeps the focus.

Building a Markdown widget mounts one widget per block, which is the slow part of switching
lessons. So each lesson, once built, is kept (hidden) inside the pane, and the lessons not yet
seen are built one at a time while the learner reads. The pane itself never changes, so a
switch moves no focus: a focus change restyles the focused widget's whole subtree, which for
a lesson is hundreds of widgets.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown


class LessonView(VerticalScroll):
    """One Markdown per (lesson, language), built on first use; Textual's scroll keys plus
    those of pagers (j, k, space)."""

    BINDINGS = [
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
        Binding("space", "page_down", show=False),
    ]

    def __init__(self, text_of: Callable[[int, str], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.text_of = text_of
        self.current: Markdown | None = None

    async def show(self, number: int, lang: str) -> None:
        """Puts lesson ``number`` in ``lang`` on screen, scrolled to the top."""
        shown = await self._build(number, lang)
        if self.current is not None and self.current is not shown:
            self.current.display = False
        shown.display = True
        self.current = shown
        self.scroll_home(animate=False)

    async def _build(self, number: int, lang: str) -> Markdown:
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
            await self._build(number, lang)

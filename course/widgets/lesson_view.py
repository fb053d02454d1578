"""The lesson text, rendered from Markdown.

Building a Markdown widget mounts one widget per block, which is the slow part of switching
lessons. So each lesson, once built, is kept (hidden) in a ContentSwitcher, and the lessons not
yet seen are built one at a time while the learner reads.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import VerticalScroll
from textual.widgets import ContentSwitcher, Markdown


class LessonView(ContentSwitcher):
    """One scrollable Markdown pane per (lesson, language), built on first use."""

    def __init__(self, text_of: Callable[[int, str], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.text_of = text_of

    async def show(self, number: int, lang: str) -> None:
        """Puts lesson ``number`` in ``lang`` on screen, scrolled to the top."""
        pane_id = await self._build(number, lang)
        self.current = pane_id
        self.get_child_by_id(pane_id).scroll_home(animate=False)

    async def _build(self, number: int, lang: str) -> str:
        pane_id = f"lesson-{number}-{lang}"
        if self.query(f"#{pane_id}"):
            return pane_id
        pane = VerticalScroll(
            Markdown(self.text_of(number, lang), classes="lesson-text"), id=pane_id
        )
        pane.display = False
        await self.mount(pane)
        return pane_id

    async def build_ahead(self, numbers: list[int], lang: str) -> None:
        """Builds the panes of ``numbers`` in the background, one per idle moment."""
        for number in numbers:
            await self._build(number, lang)

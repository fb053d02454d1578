"""The lesson text, rendered from Markdown."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Markdown


class LessonView(VerticalScroll):
    """A scrollable Markdown pane holding one lesson."""

    def compose(self):
        yield Markdown(id="lesson-text")

    async def show(self, text: str) -> None:
        """Replaces the text and scrolls back to the top."""
        await self.query_one(Markdown).update(text)
        self.scroll_home(animate=False)

"""A page of text over the course: help, the first-run welcome, the end of the course."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen


class TextScreen(ModalScreen[None]):
    """Markdown in a framed, scrollable page; escape, enter or q goes back to the course."""

    CSS_PATH = "text_screen.tcss"
    BINDINGS = [Binding("escape,enter,q,f1,question_mark", "app.pop_screen", show=False)]

    def __init__(self, markdown: str, page_id: str) -> None:
        super().__init__(id=page_id)
        self.markdown = markdown

    def compose(self):
        from textual.widgets import Markdown  # not before the course's first frame (~40 ms)

        with VerticalScroll(id="page"):
            yield Markdown(self.markdown)

    def on_mount(self) -> None:
        self.query_one("#page").focus()  # arrows and PageDown scroll it at once

"""The reference solution of a passed exercise."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class SolutionScreen(ModalScreen[None]):
    """Shows one solution file; escape closes it."""

    CSS_PATH = "solution_screen.tcss"
    BINDINGS = [Binding("escape,q,s", "app.pop_screen", show=False)]

    def __init__(self, title: str, source: str) -> None:
        super().__init__()
        self.title_text = title
        self.source = source

    def compose(self):
        from rich.syntax import Syntax  # pygments is slow to import: only when it is needed

        with VerticalScroll(id="solution") as scroll:
            scroll.border_title = self.title_text
            yield Static(Syntax(self.source, "python", line_numbers=True, word_wrap=True))

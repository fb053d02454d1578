"""Where a check's verdict, the hints and the course's notes are read: in place of the plot, so
that neither is squeezed, and scrollable from the keyboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from bigpicture.course.render import exercise_report
from bigpicture.grader.i18n import Msg

if TYPE_CHECKING:
    from bigpicture.grader.grading import ExerciseResult

NEXT_HINT = Msg("(h again for the next hint)", "(h를 다시 누르면 다음 힌트)")
#: What the pane says before anything was checked or asked.
READY = Msg(
    "Write the functions in your file, then press c to check it (or just save it). h gives a hint.",
    "파일에 함수를 작성하고 c를 눌러 채점하세요 (저장만 해도 돼요). h를 누르면 힌트가 나와요.",
)


class VerdictPane(VerticalScroll):
    """One scrollable text: a verdict, hints, or a note such as "checking…"."""

    def compose(self):
        yield Static(id="verdict-body")

    def _show(self, renderable) -> None:
        self.query_one("#verdict-body", Static).update(renderable)
        self.scroll_home(animate=False)

    def show(self, renderable: RenderableType) -> None:
        """Anything rich can draw: `gradcheck`'s table."""
        self._show(renderable)

    def show_note(self, text: str) -> None:
        """A plain line: "checking…", an error of the course itself."""
        self._show(Text(text))

    def show_result(self, result: ExerciseResult, lang: str, after: Text | None = None) -> None:
        """The verdict of a check, as `bigpicture check` prints it, and ``after`` below it (what
        to do next)."""
        parts: list[RenderableType] = [exercise_report(result, lang)]
        if after is not None:
            parts.append(after)
        self._show(Group(*parts))

    def show_hints(self, hints: list[str], total: int, lang: str) -> None:
        lines = [Text.assemble((f"{n}/{total} ", "bold"), h) for n, h in enumerate(hints, 1)]
        if len(hints) < total:
            lines.append(Text(NEXT_HINT(lang), "dim"))
        self._show(Group(*lines))

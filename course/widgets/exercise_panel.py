"""The exercise of a lesson: its file, the keys to work on it, and the last verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from bigpicture.course.render import exercise_report, status_text
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise

if TYPE_CHECKING:
    from bigpicture.grader.grading import ExerciseResult

SAVE_RECHECKS = Msg(
    "Edit it in any editor (or press e): every save checks it again.",
    "아무 편집기에서나 고치세요 (e 키도 돼요): 저장할 때마다 다시 채점해요.",
)


class ExercisePanel(VerticalScroll):
    """Everything about the lesson's exercise; the screen feeds it what to show."""

    def compose(self):
        yield Static(id="exercise-head")
        yield Static(id="exercise-body")

    def show_exercise(
        self, exercise: Exercise, path: str, status: str | None, lang: str, position: str = ""
    ) -> None:
        """The header: title, file link, keys, stored status; clears the body.

        ``position`` tells where it stands among the lesson's exercises, e.g. "(1/2, x)".
        """
        link = Text(path, style=Style(link=f"file://{path}", underline=True))
        head = Group(
            Text.assemble(
                (f"{exercise.id} · {exercise.title[lang]}", "bold"),
                (f" {position}" if position else "", "dim"),
                "  ",
                status_text(status, lang),
            ),
            Text(Msg("file: ", "파일: ")(lang)) + link,
            Text(
                Msg("write: ", "작성할 함수: ")(lang) + ", ".join(exercise.functions), style="dim"
            ),
            Text(SAVE_RECHECKS(lang), style="dim"),
        )
        self.query_one("#exercise-head", Static).update(head)
        self.show_note("")

    def show_note(self, text: str) -> None:
        """A plain line in the body: "checking…", a hint, an error."""
        self.query_one("#exercise-body", Static).update(Text(text))

    def show_result(self, result: ExerciseResult, lang: str) -> None:
        """The verdict of a check, as `bigpicture check` prints it."""
        body = self.query_one("#exercise-body", Static)
        body.update(exercise_report(result, lang))
        # The verdict is what the learner waits for: bring it into view.
        self.call_after_refresh(self.scroll_to_widget, body, animate=False, top=True)

    def show_hints(self, hints: list[str], total: int, lang: str) -> None:
        lines = [Text(f"{n}/{total} ", style="bold") + Text(h) for n, h in enumerate(hints, 1)]
        if len(hints) < total:
            lines.append(
                Text(Msg("(h again for the next hint)", "(h를 다시 누르면 다음 힌트)")(lang), "dim")
            )
        self.query_one("#exercise-body", Static).update(Group(*lines))

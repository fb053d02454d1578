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

KEYS = Msg(
    "c check · e edit · h hint · s solution (after a pass) — saving the file re-checks it",
    "c 채점 · e 편집 · h 힌트 · s 모범 답안(통과 후) — 파일을 저장하면 다시 채점해요",
)


class ExercisePanel(VerticalScroll):
    """Everything about the lesson's exercise; the screen feeds it what to show."""

    def compose(self):
        yield Static(id="exercise-head")
        yield Static(id="exercise-body")

    def show_exercise(self, exercise: Exercise, path: str, status: str | None, lang: str) -> None:
        """The header: title, file link, keys, stored status; clears the body."""
        link = Text(path, style=Style(link=f"file://{path}", underline=True))
        head = Group(
            Text.assemble(
                (f"{exercise.id} · {exercise.title[lang]}", "bold"),
                "  ",
                status_text(status, lang),
            ),
            Text(Msg("file: ", "파일: ")(lang)) + link,
            Text(
                Msg("write: ", "작성할 함수: ")(lang) + ", ".join(exercise.functions), style="dim"
            ),
            Text(KEYS(lang), style="dim"),
        )
        self.query_one("#exercise-head", Static).update(head)
        self.show_note("")

    def show_note(self, text: str) -> None:
        """A plain line in the body: "checking…", a hint, an error."""
        self.query_one("#exercise-body", Static).update(Text(text))

    def show_result(self, result: ExerciseResult, lang: str) -> None:
        """The verdict of a check, as `bigpicture check` prints it."""
        self.query_one("#exercise-body", Static).update(exercise_report(result, lang))
        self.scroll_home(animate=False)

    def show_hints(self, hints: list[str], total: int, lang: str) -> None:
        lines = [Text(f"{n}/{total} ", style="bold") + Text(h) for n, h in enumerate(hints, 1)]
        if len(hints) < total:
            lines.append(
                Text(Msg("(h again for the next hint)", "(h를 다시 누르면 다음 힌트)")(lang), "dim")
            )
        self.query_one("#exercise-body", Static).update(Group(*lines))

"""The lesson's exercise in a few lines: title, status and score, and its file."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from bigpicture.course.render import status_text
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise
from bigpicture.grader.progress import ExerciseProgress


class ShortPath:
    """A path on one line, cut from the left to the width there is (``…/course/ex1.py``), and
    a link that opens the file in terminals that support links."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        shown = self.path
        if len(shown) > options.max_width:
            shown = "…" + shown[len(shown) - options.max_width + 1 :]
        yield Text(shown, style=Style(link=f"file://{self.path}", underline=True), no_wrap=True)


class ExercisePanel(Static):
    """Everything about the lesson's exercise that fits in four lines; the screen feeds it."""

    def show_exercise(
        self,
        exercise: Exercise,
        path: str,
        state: ExerciseProgress,
        lang: str,
        position: str = "",
    ) -> None:
        """Shows ``exercise`` with its stored ``state`` (status, score).

        ``position`` tells where it stands among the lesson's exercises, e.g. "(1/2, x)".
        """
        line = status_text(state.status, lang)
        if state.status is not None and state.score is not None:
            line.append(f" · {state.score:.0%}", style="bold")
        self.update(
            Group(
                Text.assemble(
                    (f"{exercise.id} · {exercise.title[lang]}", "bold"),
                    (f" {position}" if position else "", "dim"),
                ),
                line,
                ShortPath(path),
                Text(
                    Msg("write: ", "작성할 함수: ")(lang) + ", ".join(exercise.functions),
                    style="dim",
                ),
            )
        )

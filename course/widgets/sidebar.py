"""The course map: every lesson, with its exercises beneath it, each marked not started (○),
in progress (◐: checked, not passed yet) or passed (✓)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bigpicture.grader.manifest import Manifest
from bigpicture.grader.progress import Progress
from bigpicture.grader.status import PASSED

LABEL_WIDTH = 20  # the sidebar is 24 cells wide (course_screen.tcss) less padding and scrollbar


class Sidebar(OptionList):
    """Lessons and exercises; choosing one posts :class:`Sidebar.LessonChosen`."""

    class LessonChosen(Message):
        """The learner picked a lesson, or an exercise (which opens its lesson, showing it)."""

        def __init__(self, number: int, exercise: int | None = None) -> None:
            super().__init__()
            self.number = number
            self.exercise = exercise

    def __init__(self, manifest: Manifest, **kwargs) -> None:
        super().__init__(**kwargs)
        self.manifest = manifest
        self._marks: tuple | None = None  # what the options were built from

    def show(self, lang: str, progress: Progress, current: int) -> None:
        """Shows the list in ``lang`` with the marks from ``progress``, ``current`` highlighted."""
        marks = (lang, tuple(progress.of(e.id).status for e in self.manifest.exercises))
        if marks != self._marks:
            self._marks = marks
            self._rebuild(lang, progress)
        ids = [option.id for option in self.options]
        self.highlighted = ids.index(f"l{current}")

    def _rebuild(self, lang: str, progress: Progress) -> None:
        width = LABEL_WIDTH
        options: list[Option] = []
        for lesson in self.manifest.lessons:
            short = lesson.title[lang].split(":")[0]
            options.append(
                Option(_fit(Text(f"{lesson.number} {short}"), width), f"l{lesson.number}")
            )
            for exercise in self.manifest.exercises:
                if exercise.lesson != lesson.number:
                    continue
                mark, style = _mark(progress.of(exercise.id).status)
                label = Text("  ").append(mark, style).append(f" {exercise.title[lang]}")
                options.append(Option(_fit(label, width), f"e{exercise.number}-l{lesson.number}"))
        self.set_options(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option = event.option_id or ""
        lesson = int(option.rsplit("l", 1)[1])
        exercise = int(option[1:].split("-")[0]) if option.startswith("e") else None
        self.post_message(self.LessonChosen(lesson, exercise))


def _mark(status: str | None) -> tuple[str, str]:
    if status == PASSED:
        return "✓", "green"
    if status is None:
        return "○", "dim"
    return "◐", "yellow"


def _fit(text: Text, width: int) -> Text:
    """Cuts ``text`` to one line of ``width`` cells, ending in … when cut."""
    text.truncate(width, overflow="ellipsis")
    return text

"""The course map: every lesson, with its exercises and ✓ progress beneath it."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from bigpicture.grader.manifest import Manifest


class Sidebar(OptionList):
    """Lessons and exercises; choosing one posts :class:`Sidebar.LessonChosen`."""

    class LessonChosen(Message):
        """The learner picked a lesson (or an exercise, which opens its lesson)."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    def __init__(self, manifest: Manifest, **kwargs) -> None:
        super().__init__(**kwargs)
        self.manifest = manifest

    def show(self, lang: str, progress: dict, current: int) -> None:
        """Rebuilds the list for ``lang`` with the marks from ``progress``."""
        options: list[Option] = []
        for lesson in self.manifest.lessons:
            title = Text(
                f"{lesson.number}. {lesson.title[lang]}", no_wrap=True, overflow="ellipsis"
            )
            options.append(Option(title, f"l{lesson.number}"))
            for exercise in self.manifest.exercises:
                if exercise.lesson != lesson.number:
                    continue
                status = progress.get(exercise.id, {}).get("status")
                mark, style = ("✓", "green") if status == "passed" else ("○", "dim")
                label = Text("   ", no_wrap=True, overflow="ellipsis")
                label.append(mark, style).append(f" {exercise.title[lang]}")
                options.append(Option(label, f"e{exercise.number}-l{lesson.number}"))
        self.set_options(options)
        self.highlighted = next(i for i, o in enumerate(options) if o.id == f"l{current}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.LessonChosen(int(event.option_id.rsplit("l", 1)[1])))

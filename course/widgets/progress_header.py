"""One line at the top: how far the learner is, in exercises passed and lessons."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from bigpicture.grader.i18n import Msg

BAR_CELLS = 12


class ProgressHeader(Static):
    """``bigpicture ▰▰▰▰▱▱ 3/6 exercises · lesson 5/8``."""

    def show(self, passed: int, exercises: int, lesson: int, lessons: int, lang: str) -> None:
        filled = round(BAR_CELLS * passed / exercises) if exercises else 0
        words = Msg(
            f" {passed}/{exercises} exercises · lesson {lesson}/{lessons}",
            f" 연습 {passed}/{exercises} 통과 · 강의 {lesson}/{lessons}",
        )
        self.update(
            Text.assemble(
                ("bigpicture ", "bold"),
                ("▰" * filled, "green"),
                ("▱" * (BAR_CELLS - filled), "dim"),
                words(lang),
            )
        )

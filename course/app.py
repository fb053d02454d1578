"""`bigpicture learn`: the Textual app. Thin: the screens do the work."""

from __future__ import annotations

from textual.app import App
from textual.reactive import reactive

from bigpicture.course.screens.course_screen import CourseScreen
from bigpicture.grader import limits
from bigpicture.grader.workspace import Workspace


class BigPictureApp(App):
    """The course in a terminal."""

    TITLE = "bigpicture"
    lang: reactive[str] = reactive("en")

    def __init__(
        self,
        workspace: Workspace,
        lang: str,
        lesson: int | None = None,
        timeout: float = limits.DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.timeout = timeout
        self.set_reactive(BigPictureApp.lang, lang)
        stored = workspace.progress().get("current_lesson", 1)
        self.start_lesson = lesson or stored

    def on_mount(self) -> None:
        # Pushed rather than returned by get_default_screen, so its CSS_PATH is loaded.
        self.push_screen(CourseScreen(self.workspace, self.start_lesson))

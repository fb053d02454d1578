"""`bigpicture learn`: the Textual app. Thin: the screens do the work."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen

from bigpicture.course.keys import COURSE_KEYS
from bigpicture.course.screens.course_screen import CourseScreen
from bigpicture.grader import limits
from bigpicture.grader.i18n import Msg
from bigpicture.grader.workspace import Workspace

QUIT_WITH = Msg("Press q or ctrl+q to quit.", "q나 ctrl+q를 누르면 끝나요.")
# The palette's own commands, with what Textual's would say, in both languages.
APP_COMMANDS = (
    (Msg("Theme", "테마"), Msg("Change the colours", "색 바꾸기"), "change_theme"),
    (
        Msg("Keys", "키"),
        Msg("Show the keys of the focused pane", "선택된 칸의 키 보기"),
        "show_help_panel",
    ),
    (Msg("Quit", "종료"), Msg("Your progress is saved", "진도는 저장돼요"), "quit"),
)


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
        text_of: Callable[[int, str], str] | None = None,
    ) -> None:
        """``text_of(lesson number, lang)`` replaces the lesson texts (a fixture course)."""
        super().__init__()
        self.workspace = workspace
        self.timeout = timeout
        self.text_of = text_of
        self.set_reactive(BigPictureApp.lang, lang)
        self.start_lesson = lesson or workspace.progress().current_lesson or 1

    def on_mount(self) -> None:
        # Pushed rather than returned by get_default_screen, so its CSS_PATH is loaded.
        self.push_screen(CourseScreen(self.workspace, self.start_lesson, self.text_of))

    def action_help_quit(self) -> None:
        """ctrl+c: said in the learner's language (Textual's own toast is English)."""
        self.notify(QUIT_WITH(self.lang))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): every course action by name, in the learner's
        language, then the app's own."""
        if isinstance(screen, CourseScreen):
            for key, action, text, display, _ in COURSE_KEYS:
                if action.startswith("app.") or screen.check_action(action, ()) is False:
                    continue
                shown = Msg("key ", "키 ")(self.lang) + (display or key.split(",")[0])
                yield SystemCommand(text(self.lang), shown, _runner(screen, action))
        for title, help_text, action in APP_COMMANDS:
            yield SystemCommand(title(self.lang), help_text(self.lang), _runner(self, action))


def _runner(node, action: str) -> Callable[[], object]:
    return lambda: node.run_action(action)

"""The course: lesson list, lesson text, live plot and the lesson's exercise."""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess

from textual import on, work
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer

from bigpicture.course.keys import course_bindings
from bigpicture.course.lessons import lesson_text
from bigpicture.course.render import PREPARING_ENGINE
from bigpicture.course.widgets.exercise_panel import ExercisePanel
from bigpicture.course.widgets.lesson_view import LessonView
from bigpicture.course.widgets.plot_panel import PlotPanel
from bigpicture.course.widgets.sidebar import Sidebar
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise
from bigpicture.grader.workspace import Workspace, solution_source

CHECKING = Msg("checking…", "채점하는 중…")


class CourseScreen(Screen):
    """The whole course on one screen."""

    CSS_PATH = "course_screen.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-wide")]

    def __init__(self, workspace: Workspace, lesson: int) -> None:
        super().__init__()
        self.workspace = workspace
        self.manifest = workspace.manifest
        self.lesson_number = lesson
        self._last_graded: tuple[str, str] | None = None  # (exercise id, content hash)
        self._check_serial = 0  # only the newest check may show its verdict
        self._chosen: dict[int, int] = {}  # lesson -> which of its exercises is on screen

    # -- layout -------------------------------------------------------------------------

    def compose(self):
        with Horizontal():
            yield Sidebar(self.manifest, id="sidebar")
            yield LessonView(self._lesson_text, id="lesson")
            with Vertical(id="right"):
                yield PlotPanel(id="plots")
                yield ExercisePanel(id="exercise")
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show_lesson(self.lesson_number)
        self.watch(self.app, "lang", self._language_changed, init=False)
        # After the first paint: watchfiles (and anyio) take ~30 ms to import.
        self.call_after_refresh(self._watch_files)
        self.call_after_refresh(self._build_ahead)

    def _build_ahead(self) -> None:
        numbers = [lesson.number for lesson in self.manifest.lessons]
        self.run_worker(self.query_one(LessonView).build_ahead(numbers, self.lang), group="ahead")

    def _lesson_text(self, number: int, lang: str) -> str:
        return lesson_text(self.manifest.lesson(number), lang)

    @property
    def lang(self) -> str:
        return self.app.lang

    @property
    def exercise(self) -> Exercise | None:
        """The exercise on screen: the lesson's chosen one (lesson 7 has two), if any."""
        exercises = self.exercises
        if not exercises:
            return None
        return exercises[self._chosen.get(self.lesson_number, 0) % len(exercises)]

    @property
    def exercises(self) -> list[Exercise]:
        return [e for e in self.manifest.exercises if e.lesson == self.lesson_number]

    async def show_lesson(self, number: int) -> None:
        """Puts lesson ``number`` on screen and remembers it for next time."""
        self.lesson_number = number
        lesson = self.manifest.lesson(number)
        await self.query_one(LessonView).show(number, self.lang)
        self.query_one(PlotPanel).show(lesson.plots, self.lang)
        self._show_exercise()
        self.query_one("#right").display = bool(lesson.plots or self.exercises)
        self.query_one(Sidebar).show(self.lang, self._progress(), number)
        self._apply_bindings()
        self._remember_lesson(number)

    @work(thread=True, group="remember")
    def _remember_lesson(self, number: int) -> None:
        with self.workspace.updating() as data:
            data["current_lesson"] = number

    def _progress(self) -> dict:
        return self.workspace.progress()["exercises"]

    def _show_exercise(self) -> None:
        panel = self.query_one(ExercisePanel)
        exercise = self.exercise
        panel.display = exercise is not None
        if exercise is not None:
            state = self._progress().get(exercise.id, {})
            siblings = self.exercises
            position = (
                f"({siblings.index(exercise) + 1}/{len(siblings)}, x)" if len(siblings) > 1 else ""
            )
            panel.show_exercise(
                exercise,
                str(self.workspace.path(exercise)),
                state.get("status"),
                self.lang,
                position,
            )

    def _apply_bindings(self) -> None:
        self._bindings = course_bindings(self.lang, self.query_one(PlotPanel).demo_keys())
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("check", "edit", "hint"):
            return self.exercise is not None
        if action == "solution":
            exercise = self.exercise
            return exercise is not None and bool(
                self._progress().get(exercise.id, {}).get("passed_ever")
            )
        if action == "next_plot":
            return len(self.manifest.lesson(self.lesson_number).plots) > 1
        if action == "next_exercise":
            return len(self.exercises) > 1
        return True

    def _language_changed(self) -> None:
        self.run_worker(self.show_lesson(self.lesson_number), exclusive=True, group="lesson")
        self.query_one(PlotPanel).set_language(self.lang)
        self._build_ahead()

    # -- navigation ---------------------------------------------------------------------

    @on(Sidebar.LessonChosen)
    async def _lesson_chosen(self, event: Sidebar.LessonChosen) -> None:
        if event.exercise is not None:
            self._choose(event.exercise)
        await self.show_lesson(event.number)

    def _choose(self, number: int) -> None:
        """Makes exercise ``number`` the one shown with its lesson."""
        exercise = next(e for e in self.manifest.exercises if e.number == number)
        siblings = [e for e in self.manifest.exercises if e.lesson == exercise.lesson]
        self._chosen[exercise.lesson] = siblings.index(exercise)

    def action_next_exercise(self) -> None:
        """Shows the lesson's other exercise (lesson 7: conv, then the RNN)."""
        exercises = self.exercises
        if len(exercises) > 1:
            current = exercises.index(self.exercise)
            self._choose(exercises[(current + 1) % len(exercises)].number)
            self._show_exercise()
            self.refresh_bindings()

    @on(PlotPanel.Drawn)
    def _plot_drawn(self) -> None:
        self._apply_bindings()

    async def action_next_lesson(self) -> None:
        if self.lesson_number < len(self.manifest.lessons):
            await self.show_lesson(self.lesson_number + 1)

    async def action_previous_lesson(self) -> None:
        if self.lesson_number > 1:
            await self.show_lesson(self.lesson_number - 1)

    def action_next_plot(self) -> None:
        self.query_one(PlotPanel).next_plot()

    def action_demo(self, key: str) -> None:
        self.query_one(PlotPanel).press(key)

    def action_toggle_sidebar(self) -> None:
        self.toggle_class("-hide-sidebar")

    def action_toggle_language(self) -> None:
        self.app.lang = "en" if self.lang == "ko" else "ko"

    def action_help(self) -> None:
        from bigpicture.course.screens.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self.lang))

    # -- the exercise -------------------------------------------------------------------

    def action_check(self) -> None:
        if self.exercise is not None:
            self._check_serial += 1
            self.query_one(ExercisePanel).show_note(CHECKING(self.lang))
            self._check(self.exercise, self.lang, self._check_serial)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, exercise: Exercise, lang: str, serial: int) -> None:
        from bigpicture.grader.grading import grade_file

        path = self.workspace.path(exercise)
        graded_hash = _content_hash(path)  # before grading: a save during it must re-check
        try:
            result = grade_file(
                exercise, path, timeout=self.app.timeout, prepare_engine=self._prepare_engine
            )
            self.workspace.record(exercise, result.status, result.score)
        except Exception as exc:  # a grader bug: say so, keep the course running
            note = Msg(f"The check itself failed: {exc!r}", f"채점 자체가 실패했어요: {exc!r}")
            self.app.call_from_thread(self.query_one(ExercisePanel).show_note, note(lang))
            return
        self.app.call_from_thread(self._checked, exercise, result, serial, graded_hash)

    def _prepare_engine(self) -> None:
        from bigpicture.grader import engine

        if not engine.cache_is_warm():
            panel = self.query_one(ExercisePanel)
            self.app.call_from_thread(panel.show_note, PREPARING_ENGINE(self.lang))
            engine.warm_up()

    def _checked(self, exercise: Exercise, result, serial: int, graded_hash: str) -> None:
        if serial != self._check_serial:
            return  # a later check is on its way; this one's thread could not be cancelled
        self._last_graded = (exercise.id, graded_hash)
        if exercise is not self.exercise:
            self.query_one(Sidebar).show(self.lang, self._progress(), self.lesson_number)
            return  # the learner moved to another lesson meanwhile
        self._show_exercise()
        self.query_one(ExercisePanel).show_result(result, self.lang)
        self.query_one(Sidebar).show(self.lang, self._progress(), self.lesson_number)
        self.refresh_bindings()

    @work(exclusive=True, group="watch")
    async def _watch_files(self) -> None:
        """Re-checks the exercise on screen whenever its file is saved (rustlings' watch)."""
        from watchfiles import awatch

        async for changes in awatch(self.workspace.root, recursive=False):
            saved = {os.path.basename(p) for _, p in changes}
            for exercise in self.exercises:  # a save of the lesson's other exercise shows it
                path = self.workspace.path(exercise)
                if exercise.file in saved and self._last_graded != (
                    exercise.id,
                    _content_hash(path),
                ):
                    self._choose(exercise.number)
                    self._show_exercise()
                    self.action_check()

    def action_hint(self) -> None:
        exercise = self.exercise
        if exercise is not None:
            shown, hints = self.workspace.next_hint(exercise, self.lang)
            self.query_one(ExercisePanel).show_hints(
                hints, len(exercise.hints[self.lang]), self.lang
            )

    def action_solution(self) -> None:
        exercise = self.exercise
        if exercise is not None and self.check_action("solution", ()):
            from bigpicture.course.screens.solution_screen import SolutionScreen

            title = f"{exercise.id} · {exercise.title[self.lang]}"
            self.app.push_screen(SolutionScreen(title, solution_source(exercise)))

    def action_edit(self) -> None:
        exercise = self.exercise
        if exercise is None:
            return
        command = _editor_command()
        if command is None:
            self.notify(
                Msg(
                    "No editor found: set $EDITOR (e.g. export EDITOR=nano).",
                    "편집기를 찾지 못했어요: $EDITOR를 설정하세요 (예: export EDITOR=nano).",
                )(self.lang),
                severity="error",
            )
            return
        path = self.workspace.path(exercise)
        try:
            with self.app.suspend():
                subprocess.run([*command, str(path)], check=False)
        except Exception as exc:  # no terminal to hand over (headless, web): say so
            self.notify(f"{' '.join(command)}: {exc}", severity="error")
            return
        self.action_check()


def _editor_command() -> list[str] | None:
    for name in (os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if name:
            return shlex.split(name)
    for fallback in ("nano", "vim", "vi"):
        if shutil.which(fallback):
            return [fallback]
    return None


def _content_hash(path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""

"""The course: progress, lesson list, lesson text, a live plot or the verdict, the exercise."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer

from bigpicture.course.editor import editor_command
from bigpicture.course.keys import course_bindings, translated
from bigpicture.course.lessons import lesson_text
from bigpicture.course.screens.text_screen import TextScreen
from bigpicture.course.screens.texts import FINISHED, HELP, welcome
from bigpicture.course.widgets.exercise_panel import ExercisePanel
from bigpicture.course.widgets.lesson_view import LessonView
from bigpicture.course.widgets.plot_panel import PlotPanel
from bigpicture.course.widgets.progress_header import ProgressHeader
from bigpicture.course.widgets.sidebar import Sidebar
from bigpicture.course.widgets.verdict_pane import READY, VerdictPane
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Exercise
from bigpicture.grader.progress import Progress
from bigpicture.grader.workspace import Workspace

if TYPE_CHECKING:
    from bigpicture.course.app import BigPictureApp

CHECKING = Msg("checking…", "채점하는 중…")
GRADCHECKING = Msg(
    "comparing your gradients with numerical ones…", "내 기울기를 수치 미분과 비교하는 중…"
)
WIDE = 96  # from this width on, the sidebar shows (course_screen.tcss: 24 cells wide)
SIDEBAR_WIDTH = 24


class CourseScreen(Screen):
    """The whole course on one screen."""

    CSS_PATH = "course_screen.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = course_bindings()
    AUTO_FOCUS = "#lesson"  # what a learner reads first takes the keys

    def __init__(
        self,
        workspace: Workspace,
        lesson: int,
        text_of: Callable[[int, str], str] | None = None,
    ) -> None:
        """``text_of(lesson number, lang)`` gives a lesson's Markdown (default: the course's)."""
        super().__init__()
        self.workspace = workspace
        self.manifest = workspace.manifest
        self.lesson_number = lesson
        self.text_of = text_of or self._lesson_text
        self._last_graded: tuple[str, str] | None = None  # (exercise id, content hash)
        self._check_serial = 0  # only the newest check may show its verdict
        self._chosen: dict[int, int] = {}  # lesson -> which of its exercises is on screen
        self._shown_exercise: Exercise | None = None
        self.loaded = False  # the panels besides the lesson are mounted: the keys work

    # -- layout -------------------------------------------------------------------------

    def compose(self):
        # The first frame is the progress line and the lesson; the side columns and the footer
        # are mounted once it is painted (see _load_the_rest), into slots that already have
        # their width, so the lesson does not move when they come.
        yield ProgressHeader(id="header")
        with Horizontal(id="body"):
            yield Vertical(id="side")
            yield LessonView(self.text_of, id="lesson")
            yield Vertical(id="right")

    async def on_mount(self) -> None:
        # HORIZONTAL_BREAKPOINTS' class, which Textual sets on the first resize: the first frame
        # must not lay the lesson out beside a sidebar that is then hidden.
        self.set_class(self.app.size.width < WIDE, "-narrow")
        self.set_class(self.app.size.width >= WIDE, "-wide")
        right = self._has_right_column()
        self.query_one("#right").display = right
        await self.query_one(LessonView).show(
            self.lesson_number, self.lang, self._lesson_size(right)
        )
        self._show_header()
        self.call_after_refresh(self._load_the_rest)

    def _lesson_size(self, right_column: bool) -> tuple[int, int]:
        """At least the lesson pane's width and height (it is not laid out yet): the screen's
        width less the sidebar's on a wide screen, halved beside the right column."""
        width, height = self.app.size
        if width >= WIDE:
            width -= SIDEBAR_WIDTH
        if right_column:
            width = width // 2 + 1
        return width, height

    async def _load_the_rest(self) -> None:
        """Everything but the lesson text, after the first paint."""
        if not self.is_attached:
            return  # quit before it came
        with self.app.batch_update():
            await self.query_one("#side").mount(Sidebar(self.manifest, id="sidebar"))
            await self.query_one("#right").mount(
                ContentSwitcher(
                    PlotPanel(id="plots"),
                    VerdictPane(id="verdict"),
                    id="right-top",
                    initial="plots",
                ),
                ExercisePanel(id="exercise"),
            )
            await self.mount(Footer(compact=True, show_command_palette=False))
            self.query_one(PlotPanel).can_focus = True  # Tab reaches it: a visible stop, no keys
            self.loaded = True
            await self.show_lesson(self.lesson_number)
        self.watch(self.app, "lang", self._language_changed, init=False)
        self.call_after_refresh(self._start_background)

    def _start_background(self) -> None:
        """Once every pane is painted: the file watcher (watchfiles and anyio take ~30 ms to
        import), the other lessons built ahead, and the welcome page on a first run."""
        self._watch_files()
        self._build_ahead()
        if not self.workspace.progress().welcomed:
            self._welcome()

    def _welcome(self) -> None:
        page = welcome(_shown_path(self.workspace.root))(self.lang)
        self.app.push_screen(TextScreen(page, "welcome"))
        self._store(welcomed=True)

    @work(thread=True, group="store")
    def _store(self, **values: object) -> None:
        """Sets the progress store's settings named in ``values`` (welcomed, current_lesson)."""
        with self.workspace.updating() as data:
            for name, value in values.items():
                setattr(data, name, value)

    @property
    def active_bindings(self):
        """Textual's, with the course's keys described in the learner's language."""
        return translated(super().active_bindings, self.lang)

    def _build_ahead(self) -> None:
        numbers = [lesson.number for lesson in self.manifest.lessons]
        self.run_worker(self.query_one(LessonView).build_ahead(numbers, self.lang), group="ahead")

    def _lesson_text(self, number: int, lang: str) -> str:
        return lesson_text(self.manifest.lesson(number), lang)

    @property
    def course_app(self) -> BigPictureApp:
        return cast("BigPictureApp", self.app)

    @property
    def lang(self) -> str:
        return self.course_app.lang

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
        self.query_one("#right").display = self._has_right_column()
        self._show_right("plots" if lesson.plots else "verdict")
        self._show_progress()
        self.refresh_bindings()
        self._store(current_lesson=number)

    def _has_right_column(self) -> bool:
        return bool(self.manifest.lesson(self.lesson_number).plots or self.exercises)

    def _progress(self) -> Progress:
        return self.workspace.progress()

    def _show_progress(self) -> None:
        self._show_header()
        self.query_one(Sidebar).show(self.lang, self._progress(), self.lesson_number)

    def _show_header(self) -> None:
        progress = self._progress()
        passed = sum(progress.passed(e.id) for e in self.manifest.exercises)
        self.query_one(ProgressHeader).show(
            passed,
            len(self.manifest.exercises),
            self.lesson_number,
            len(self.manifest.lessons),
            self.lang,
        )

    def _show_exercise(self) -> None:
        panel = self.query_one(ExercisePanel)
        exercise = self.exercise
        panel.display = exercise is not None
        if exercise is not None and exercise is not self._shown_exercise:
            self._shown_exercise = exercise  # another exercise: the old verdict is not its own
            self.query_one(VerdictPane).show_note(READY(self.lang))
        if exercise is not None:
            siblings = self.exercises
            position = (
                f"({siblings.index(exercise) + 1}/{len(siblings)}, x)" if len(siblings) > 1 else ""
            )
            if len(siblings) > 1:  # lesson 7: its RNN exercise goes with its RNN plot
                plots = self.manifest.lesson(self.lesson_number).plots
                self.query_one(PlotPanel).select(plots[siblings.index(exercise) % len(plots)])
            state = self._progress().of(exercise.id)
            path = str(self.workspace.path(exercise))
            panel.show_exercise(exercise, path, state, self.lang, position)

    def _show_right(self, which: str) -> None:
        """Shows the plot or the verdict ("plots" or "verdict") in the right column."""
        switcher = self.query_one("#right-top", ContentSwitcher)
        if switcher.current == which:
            return
        had_focus = self.focused is not None and switcher in self.focused.ancestors_with_self
        switcher.current = which
        if had_focus:
            self.query_one(f"#{which}").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.loaded:  # the first frame is on screen, its panels not yet
            return action.startswith("app.")
        plots = self.manifest.lesson(self.lesson_number).plots
        if action in ("check", "edit", "hint"):
            return self.exercise is not None
        if action == "lab":
            return self.lesson_number == len(self.manifest.lessons)
        if action == "gradcheck":
            return self.exercise is not None and self.exercise.id in self._gradcheckable
        if action == "solution":
            exercise = self.exercise
            return exercise is not None and bool(self._progress().of(exercise.id).passed_ever)
        if action == "next_plot":
            return len(plots) > 1
        if action == "next_exercise":
            return len(self.exercises) > 1
        if action == "toggle_verdict":
            return bool(plots) and self.exercise is not None
        if action == "demo":
            return any(k.key == parameters[0] for k in self.query_one(PlotPanel).demo_keys())
        return True

    def _language_changed(self) -> None:
        self._shown_exercise = None  # what the right column says is redrawn in the new language
        self.run_worker(self.show_lesson(self.lesson_number), exclusive=True, group="lesson")
        self.query_one(PlotPanel).set_language(self.lang)
        self._build_ahead()
        self._store_language(self.lang)

    @work(thread=True, group="store")
    def _store_language(self, lang: str) -> None:
        self.workspace.set_language(lang)

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
        exercises, exercise = self.exercises, self.exercise
        if len(exercises) > 1 and exercise is not None:
            current = exercises.index(exercise)
            self._choose(exercises[(current + 1) % len(exercises)].number)
            self._show_exercise()
            self.refresh_bindings()

    def _next_unfinished(self) -> Exercise | None:
        """The first exercise not passed yet, counting on from the one on screen."""
        exercises = list(self.manifest.in_course_order)
        start = exercises.index(self.exercise) + 1 if self.exercise in exercises else 0
        progress = self._progress()
        for exercise in exercises[start:] + exercises[:start]:
            if not progress.passed(exercise.id):
                return exercise
        return None

    async def action_next_unfinished(self) -> None:
        """Goes to the next exercise not passed yet; when all pass, to the course's end."""
        exercise = self._next_unfinished()
        if exercise is None:
            self.app.push_screen(TextScreen(FINISHED(self.lang), "finished"))
            return
        self._choose(exercise.number)
        await self.show_lesson(exercise.lesson)

    @on(PlotPanel.Drawn)
    def _plot_drawn(self) -> None:
        self.refresh_bindings()

    async def action_next_lesson(self) -> None:
        if self.lesson_number < len(self.manifest.lessons):
            await self.show_lesson(self.lesson_number + 1)

    async def action_previous_lesson(self) -> None:
        if self.lesson_number > 1:
            await self.show_lesson(self.lesson_number - 1)

    def action_next_plot(self) -> None:
        self._show_right("plots")
        self.query_one(PlotPanel).next_plot()

    def action_toggle_verdict(self) -> None:
        current = self.query_one("#right-top", ContentSwitcher).current
        self._show_right("verdict" if current == "plots" else "plots")

    def action_demo(self, key: str) -> None:
        self._show_right("plots")
        self.query_one(PlotPanel).press(key)

    def action_toggle_sidebar(self) -> None:
        self.toggle_class("-hide-sidebar")

    def action_toggle_language(self) -> None:
        self.course_app.lang = "en" if self.lang == "ko" else "ko"

    def action_help(self) -> None:
        self.app.push_screen(TextScreen(HELP(self.lang), "help"))

    # -- the exercise -------------------------------------------------------------------

    def action_check(self) -> None:
        if self.exercise is not None:
            self._check_serial += 1
            self.query_one(VerdictPane).show_note(CHECKING(self.lang))
            self._show_right("verdict")
            all_passed = self._next_unfinished() is None
            self._check(self.exercise, self.lang, self._check_serial, all_passed)

    @cached_property
    def _gradcheckable(self) -> frozenset[str]:
        """The ids of the exercises with a backward pass (asked once, after the first frame)."""
        from bigpicture.grader.gradcheck import checkable

        return frozenset(e.id for e in checkable(self.manifest))

    def action_lab(self) -> None:
        from bigpicture.course.screens.lab_screen import LabScreen

        self.app.push_screen(LabScreen(self.workspace, self.lang))

    def action_gradcheck(self) -> None:
        if self.exercise is not None:
            self._check_serial += 1  # a check on its way must not cover this
            self.query_one(VerdictPane).show_note(GRADCHECKING(self.lang))
            self._show_right("verdict")
            self._gradcheck(self.exercise, self.lang, self._check_serial)

    @work(thread=True, exclusive=True, group="check")
    def _gradcheck(self, exercise: Exercise, lang: str, serial: int) -> None:
        from bigpicture.course.render import gradcheck_report
        from bigpicture.grader.gradcheck import gradcheck

        try:
            report = gradcheck(
                exercise, self.manifest, self.workspace.path, timeout=self.course_app.timeout
            )
            shown = gradcheck_report(report, lang)
        except Exception as exc:  # a grader bug: say so, keep the course running
            self.app.call_from_thread(
                self.query_one(VerdictPane).show_note,
                Msg(
                    f"The gradient check itself failed: {exc!r}",
                    f"기울기 검사 자체가 실패했어요: {exc!r}",
                )(lang),
            )
            return
        if serial == self._check_serial:
            self.app.call_from_thread(self.query_one(VerdictPane).show, shown)

    @work(thread=True, exclusive=True, group="check")
    def _check(self, exercise: Exercise, lang: str, serial: int, all_passed_before: bool) -> None:
        from bigpicture.grader.grading import grade_file

        path = self.workspace.path(exercise)
        graded_hash = _content_hash(path)  # before grading: a save during it must re-check
        try:
            result = grade_file(exercise, path, timeout=self.course_app.timeout)
            self.workspace.record(exercise, result.status, result.score)
        except Exception as exc:  # a grader bug: say so, keep the course running
            note = Msg(f"The check itself failed: {exc!r}", f"채점 자체가 실패했어요: {exc!r}")
            self.app.call_from_thread(self.query_one(VerdictPane).show_note, note(lang))
            return
        self.app.call_from_thread(
            self._checked, exercise, result, serial, graded_hash, all_passed_before
        )

    def _checked(
        self, exercise: Exercise, result, serial: int, graded_hash: str, all_passed_before: bool
    ) -> None:
        if serial != self._check_serial:
            return  # a later check is on its way; this one's thread could not be cancelled
        self._last_graded = (exercise.id, graded_hash)
        self._show_progress()
        if exercise is not self.exercise:
            return  # the learner moved to another lesson meanwhile
        self._show_exercise()
        self.query_one(VerdictPane).show_result(result, self.lang, self._what_next(result))
        self._show_right("verdict")
        self.refresh_bindings()
        if result.passed and not all_passed_before and self._next_unfinished() is None:
            self.app.push_screen(TextScreen(FINISHED(self.lang), "finished"))

    def _what_next(self, result) -> Text | None:
        """After a pass: where to go next."""
        if not result.passed:
            return None
        following = self._next_unfinished()
        if following is None:
            words = Msg(
                "✓ Passed, and so is every exercise: press n for what you built.",
                "✓ 통과! 모든 연습을 통과했어요: n을 누르면 지금까지 만든 것을 정리해 보여 줘요.",
            )
        else:
            title, lesson = following.title, following.lesson
            words = Msg(
                f"✓ Passed! Next: {following.id}, {title['en']} (lesson {lesson}) — press n.",
                f"✓ 통과! 다음은 {following.id}, {title['ko']}({lesson}강) — n을 누르세요.",
            )
        return Text("\n" + words(self.lang), style="bold green")

    @work(exclusive=True, group="watch")
    async def _watch_files(self) -> None:
        """Re-checks an exercise file whenever it is saved (rustlings' watch), whatever lesson
        is on screen: its lesson comes on screen with the verdict."""
        from watchfiles import awatch

        async for changes in awatch(self.workspace.root, recursive=False):
            saved = {os.path.basename(p) for _, p in changes}
            for exercise in self.manifest.exercises:
                path = self.workspace.path(exercise)
                if exercise.file not in saved or self._last_graded == (
                    exercise.id,
                    _content_hash(path),
                ):
                    continue
                self._choose(exercise.number)
                if exercise.lesson != self.lesson_number:
                    await self.show_lesson(exercise.lesson)
                self._show_exercise()
                self.action_check()

    def action_hint(self) -> None:
        exercise = self.exercise
        if exercise is not None:
            _, hints = self.workspace.next_hint(exercise, self.lang)
            self.query_one(VerdictPane).show_hints(hints, len(exercise.hints[self.lang]), self.lang)
            self._show_right("verdict")

    def action_solution(self) -> None:
        exercise = self.exercise
        if exercise is not None and self.check_action("solution", ()):
            from bigpicture.course.reference import solution_source
            from bigpicture.course.screens.solution_screen import SolutionScreen

            title = f"{exercise.id} · {exercise.title[self.lang]}"
            self.app.push_screen(SolutionScreen(title, solution_source(exercise)))

    def action_edit(self) -> None:
        exercise = self.exercise
        if exercise is None:
            return
        command = editor_command()
        if isinstance(command, Msg):
            self.notify(command(self.lang), severity="error", timeout=12)
            return
        failed: Exception | None = None
        try:
            with self.app.suspend():
                try:  # inside: the terminal must come back to the course whatever happens
                    subprocess.run([*command, str(self.workspace.path(exercise))], check=False)
                except OSError as exc:
                    failed = exc
        except Exception as exc:  # no terminal to hand over (headless, web): say so
            failed = exc
        if failed is not None:
            self.notify(f"{' '.join(command)}: {failed}", severity="error", timeout=12)
            return
        self.action_check()


def _shown_path(path: Path) -> str:
    """``path`` as the learner would type it from where they started: relative to the current
    folder when inside it, else with ``~`` for the home folder."""
    with contextlib.suppress(ValueError):
        return f"./{path.relative_to(Path.cwd())}"
    with contextlib.suppress(ValueError, RuntimeError):
        return f"~/{path.relative_to(Path.home())}"
    return str(path)


def _content_hash(path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""

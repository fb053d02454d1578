"""The Textual course driven by Pilot: keyboard, focus, checks, the guided loop, watch, edit."""

from __future__ import annotations

import asyncio
import contextlib
import io
import shutil
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Markdown, Static

from bigpicture.course.app import BigPictureApp
from bigpicture.course.lessons import lesson_text
from bigpicture.course.screens.course_screen import CourseScreen
from bigpicture.course.widgets.exercise_panel import ExercisePanel
from bigpicture.course.widgets.lesson_view import LessonView
from bigpicture.course.widgets.verdict_pane import VerdictPane
from bigpicture.grader.progress import ExerciseProgress
from bigpicture.grader.status import Status
from bigpicture.grader.workspace import init_workspace
from tests.helpers import MISTAKES, REPO
from tests.snapshot_app import CourseApp

HOSTILE = MISTAKES / "hostile"
pytestmark = pytest.mark.anyio


def make_app(workspace, lesson=None, lang="en", timeout=5.0) -> BigPictureApp:
    return CourseApp(workspace, lang, lesson, timeout=timeout)


async def settle(pilot, group: str, seconds: float = 20.0) -> None:
    """Waits until no worker of ``group`` is running (the watch worker never ends)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    await pilot.pause()
    while any(w.group == group and w.is_running for w in pilot.app.workers):
        assert loop.time() < end, f"{group} worker still running"
        await asyncio.sleep(0.05)
    await pilot.pause()


def lesson_source(app) -> str:
    return app.screen.query_one(LessonView).current.source


def text_of(app, widget_type, width: int = 200) -> str:
    """What the widgets of ``widget_type`` show, as plain text."""
    console = Console(width=width, record=True, file=io.StringIO())
    for widget in app.screen.query(widget_type):
        statics = [widget] if isinstance(widget, Static) else []
        for static in statics + list(widget.query(Static)):
            console.print(static.content)
    return console.export_text()


def exercise_text(app) -> str:
    """The exercise panel and the verdict pane, as plain text."""
    return text_of(app, ExercisePanel) + text_of(app, VerdictPane)


async def check_and_wait(pilot) -> str:
    await pilot.press("c")
    await settle(pilot, "check")
    return exercise_text(pilot.app)


def pane_shown(app) -> str:
    return app.screen.query_one("#right-top").current


# -- keyboard and focus --------------------------------------------------------------------


async def test_the_lesson_has_the_focus_and_scrolls_by_keyboard(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        pane = app.screen.query_one(LessonView)
        assert app.focused is pane
        for key in ("down", "j", "pagedown", "space"):
            before = pane.scroll_y
            await pilot.press(key)
            await pilot.pause()
            assert pane.scroll_y > before, key
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("home", "k")
        await pilot.pause()
        assert pane.scroll_y == 0
        assert lesson_source(app).startswith("# Underfitting")  # the sidebar did not move


async def test_tab_moves_the_focus_through_every_pane_and_back(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(120, 32)) as pilot:
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert seen == ["plots", "sidebar", "lesson", "plots"]
        await pilot.press("shift+tab")
        assert app.focused is app.screen.query_one(LessonView)
        await pilot.press("c")  # the verdict takes the plot's place, and the focus with it
        await settle(pilot, "check")
        await pilot.press("tab")
        assert app.focused.id == "verdict"


async def test_q_and_ctrl_q_quit(workspace):
    for key in ("q", "ctrl+q"):
        app = make_app(workspace, lesson=2)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running


def notices(app, monkeypatch) -> list[str]:
    """Collects what ``app`` notifies."""
    said: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: said.append(message))
    return said


async def test_ctrl_c_says_how_to_quit_in_the_learners_language(workspace, monkeypatch):
    app = make_app(workspace, lesson=2, lang="ko")
    said = notices(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert said == ["q나 ctrl+q를 누르면 끝나요."]


async def test_every_action_is_in_the_command_palette_in_the_learners_language(workspace):
    app = make_app(workspace, lesson=3, lang="ko")
    async with app.run_test(size=(100, 32)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("채점", "편집", "힌트", "도움말", "다음 강의", "English", "테마", "종료"):
            assert title in titles


# -- navigation and language ---------------------------------------------------------------


async def test_the_first_frame_is_the_lesson_and_the_rest_comes_after_it(workspace):
    app = make_app(workspace, lesson=1)
    first_frame = {}

    def seen(screen) -> None:  # the first paint, before the rest is mounted
        first_frame.update(
            source=screen.query_one(LessonView).current.source,
            loaded=screen.loaded,
            sidebar=len(screen.query("#sidebar")),
        )

    mount = CourseScreen.on_mount

    async def on_mount(self) -> None:
        await mount(self)
        seen(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CourseScreen, "on_mount", on_mount)
        async with app.run_test(size=(100, 32)):
            full = lesson_text(workspace.manifest.lesson(1), "en")
            assert lesson_source(app) == full  # the rest of the lesson was appended
    assert first_frame["loaded"] is False and first_frame["sidebar"] == 0
    assert full.startswith(first_frame["source"]) and len(first_frame["source"]) < len(full)


async def test_opens_on_the_first_lesson_and_navigates(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        assert lesson_source(app).startswith("# What a neural net is")
        await pilot.press("full_stop")
        assert lesson_source(app).startswith("# The three troubles of training")
        await pilot.press("full_stop", "comma", "comma")
        assert lesson_source(app).startswith("# What a neural net is")  # no lesson 0


async def test_resumes_where_the_learner_left_off(workspace):
    async with make_app(workspace).run_test(size=(100, 32)) as pilot:
        await pilot.press("full_stop", "full_stop")
        await settle(pilot, "store")
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)):
        assert lesson_source(app).startswith("# Underfitting")


async def test_choosing_a_lesson_in_the_sidebar_opens_it(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        await pilot.click(sidebar, offset=(3, 2))  # lesson 1, its exercise7, then lesson 2
        await pilot.pause()
        assert lesson_source(app).startswith("# The three troubles")
        sidebar.focus()
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == "l9")
        await pilot.press("enter")
        await pilot.pause()
        assert lesson_source(app).startswith("# Wrap-up")


async def test_the_language_switches_everything_and_is_kept(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "ko"
        assert lesson_source(app).startswith("# 과소적합")
        assert "작성할 함수" in exercise_text(app)
        descriptions = {b.description for _, b, *_ in app.screen.active_bindings.values()}
        assert {"채점", "도움말", "다음 강의"} <= descriptions
        await settle(pilot, "store")
        assert workspace.language() == "ko"
        await pilot.press("l")
        assert lesson_source(app).startswith("# Underfitting")


# -- the guided loop -----------------------------------------------------------------------


async def test_the_first_run_welcomes_and_the_second_does_not(tmp_path):
    workspace = init_workspace(tmp_path / "ws")[0]
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.screen.id == "welcome"
        assert (
            str(workspace.root).removeprefix(str(Path.home()))
            in app.screen.query_one(Markdown).source
        )
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "CourseScreen"
        await settle(pilot, "store")
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CourseScreen"


async def test_check_not_implemented_then_passed_then_next(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        row = next(i for i, o in enumerate(sidebar.options) if o.id == "e1-l3")
        assert "Not implemented yet" in await check_and_wait(pilot)
        assert "◐" in str(sidebar.get_option_at_index(row).prompt)
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace.path_of("1"))
        said = await check_and_wait(pilot)
        assert "✓ passed · 100%" in said
        # Next in the course's order is the same lesson's other exercise, the sigmoid.
        assert "Next: exercise8, A stable sigmoid and its backward pass (lesson 3)" in said
        assert "press n" in said
        assert workspace.progress().passed("exercise1")
        assert "✓" in str(sidebar.get_option_at_index(row).prompt)
        assert "1/15 exercises · lesson 3/9" in text_of(app, Static, 100)
        await pilot.press("n")
        await pilot.pause()
        assert lesson_source(app).startswith("# Underfitting")
        assert "exercise8" in exercise_text(app)


async def test_the_last_pass_ends_the_course(workspace):
    with workspace.updating() as data:
        for n in range(1, 16):
            if n != 6:
                data.exercises[f"exercise{n}"] = ExerciseProgress(Status.PASSED, passed_ever=True)
    shutil.copy(REPO / "solutions" / "exercise6_rnn.py", workspace.path_of("6"))
    app = make_app(workspace, lesson=8)  # exercise6 comes first in lesson 8
    async with app.run_test(size=(100, 32)) as pilot:
        await check_and_wait(pilot)
        assert app.screen.id == "finished"
        assert "You finished the course" in app.screen.query_one(Markdown).source


async def test_the_score_is_visible_at_80x24_and_100x32(workspace):
    shutil.copy(MISTAKES / "exercise1" / "backward_ge_zero.py", workspace.path_of("1"))
    for size in ((80, 24), (100, 32)):
        app = make_app(workspace, lesson=3)
        async with app.run_test(size=size) as pilot:
            await check_and_wait(pilot)
            panel = app.screen.query_one(ExercisePanel)
            shown = text_of(app, ExercisePanel, panel.size.width - 2)
            assert "✗ failed · " in shown and "%" in shown, shown
            assert panel.region.bottom <= size[1] - 1  # above the footer, not cut
            path_line = next(line for line in shown.splitlines() if "exercise1_relu.py" in line)
            assert path_line.strip().endswith("/ws/exercise1_relu.py")
            assert path_line.startswith("…") or str(workspace.root) in path_line


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        ("syntax_error.py", "SyntaxError in"),
        ("infinite_loop_in_call.py", "timed out while running relu"),
        ("os_exit.py", "the process running relu exited with code 0"),
        ("not_utf8.py", "is not UTF-8 text"),
    ],
)
async def test_broken_files_get_a_verdict_and_the_app_keeps_running(workspace, broken, says):
    shutil.copy(HOSTILE / broken, workspace.path_of("1"))
    app = make_app(workspace, lesson=3, timeout=1.5)
    async with app.run_test(size=(100, 32)) as pilot:
        assert says in (await check_and_wait(pilot)).replace("\n", " ")
        await pilot.press("full_stop")  # still alive and responsive
        assert lesson_source(app).startswith("# Slow learning I")


async def test_saving_any_exercise_file_rechecks_it_and_shows_its_lesson(workspace):
    app = make_app(workspace, lesson=1)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.3)  # let the file watcher start
        shutil.copy(REPO / "solutions" / "exercise2_sgd.py", workspace.path_of("2"))
        for _ in range(200):
            await pilot.pause(0.1)
            if "✓ Passed" in exercise_text(app):
                break
        assert "✓ Passed" in exercise_text(app)
        assert lesson_source(app).startswith("# Slow learning I")


async def test_the_verdict_and_the_plot_take_turns(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        assert pane_shown(app) == "plots"
        await pilot.press("h")
        assert pane_shown(app) == "verdict" and "1/3" in exercise_text(app)
        await pilot.press("v")
        assert pane_shown(app) == "plots"
        await pilot.press("v")
        assert pane_shown(app) == "verdict"


async def test_hint_and_solution_gate(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("h")
        assert "1/3" in exercise_text(app)
        await pilot.press("s")
        assert app.screen.__class__.__name__ == "CourseScreen"  # locked before a pass
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace.path_of("1"))
        await check_and_wait(pilot)
        await pilot.press("s")
        assert app.screen.__class__.__name__ == "SolutionScreen"
        await pilot.press("escape")
        await pilot.press("f1")
        assert app.screen.id == "help"


# -- the editor ----------------------------------------------------------------------------


async def test_edit_opens_the_editor_then_checks(workspace, tmp_path, monkeypatch):
    editor = tmp_path / "fake-editor"
    solution = REPO / "solutions" / "exercise1_relu.py"
    editor.write_text(
        f'#!{sys.executable}\nimport shutil, sys\nshutil.copy("{solution}", sys.argv[1])\n'
    )
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    app = make_app(workspace, lesson=3)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e")
        await settle(pilot, "check")
        assert "7/7" in exercise_text(app)


async def test_an_editor_that_does_not_exist_is_said_and_the_app_goes_on(workspace, monkeypatch):
    monkeypatch.setenv("EDITOR", "code-that-is-not-installed --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(workspace, lesson=3)
    suspended = []
    monkeypatch.setattr(app, "suspend", lambda: suspended.append(1) or contextlib.nullcontext())
    said = notices(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert suspended == []  # the terminal was never handed over
        assert "'code-that-is-not-installed --wait', which is not a command here" in said[-1]
        await pilot.press("full_stop")
        assert lesson_source(app).startswith("# Slow learning I")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


# -- layout --------------------------------------------------------------------------------


async def test_usable_at_80x24(workspace):
    app = make_app(workspace, lesson=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#side").display
        assert app.screen.query_one("#lesson").size.width >= 30
        footer = {b.key_display or b.key for _, b, *_ in app.screen.active_bindings.values()}
        assert "f1" in footer
        await pilot.press("t")
        assert app.screen.query_one("#side").display


async def test_a_lesson_with_three_exercises_reaches_each(workspace):
    shutil.copy(REPO / "solutions" / "exercise6_rnn.py", workspace.path_of("rnn"))
    app = make_app(workspace, lesson=8)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "exercise6 · An RNN step and a whole sequence (1/3, x)" in exercise_text(app)
        assert "8/8" in await check_and_wait(pilot)
        assert workspace.progress().passed("exercise6")
        await pilot.press("x")
        assert "exercise14" in exercise_text(app) and "(2/3, x)" in exercise_text(app)
        await pilot.press("x")
        assert "exercise15" in exercise_text(app) and "(3/3, x)" in exercise_text(app)
        await pilot.press("x")
        assert "exercise6" in exercise_text(app)


async def test_choosing_the_rnn_exercise_in_the_sidebar_shows_it_with_its_plot(workspace):
    app = make_app(workspace, lesson=1)
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        sidebar.focus()
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == "e6-l8")
        await pilot.press("enter")
        await pilot.pause()
        assert lesson_source(app).startswith("# Sequences")
        assert "exercise6" in exercise_text(app)
        assert app.screen.query_one("#plots").name_shown == "rnn"


async def test_a_plots_own_keys_work_only_on_that_plot(workspace):
    app = make_app(workspace, lesson=8)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, "plot")
        screen = app.screen
        assert screen.check_action("demo", ("r",)) and not screen.check_action("demo", ("[",))
        await pilot.press("p")  # the lesson's other plot: the gradient through time
        await settle(pilot, "plot")
        assert screen.check_action("demo", ("[",)) and not screen.check_action("demo", ("r",))
        before = str(screen.query_one("#plot-caption", Static).content)
        await pilot.press("left_square_bracket")
        await settle(pilot, "plot")
        assert str(screen.query_one("#plot-caption", Static).content) != before

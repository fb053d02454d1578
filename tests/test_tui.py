"""The Textual course driven by Pilot: navigation, language, checks, watch and edit."""

from __future__ import annotations

import asyncio
import contextlib
import io
import shutil
import sys

import pytest
from rich.console import Console
from textual.widgets import Markdown, Static

from bigpicture.course.app import BigPictureApp
from bigpicture.course.widgets.exercise_panel import ExercisePanel
from bigpicture.course.widgets.lesson_view import LessonView
from bigpicture.grader.workspace import init_workspace
from tests.helpers import MISTAKES, REPO

HOSTILE = MISTAKES / "hostile"
pytestmark = pytest.mark.anyio


@pytest.fixture
def workspace(tmp_path):
    return init_workspace(tmp_path / "ws")[0]


def make_app(workspace, lesson=None, lang="en", timeout=5.0) -> BigPictureApp:
    return BigPictureApp(workspace, lang, lesson, timeout=timeout)


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
    switcher = app.screen.query_one(LessonView)
    return switcher.get_child_by_id(switcher.current).query_one(Markdown).source


def exercise_text(app) -> str:
    """What the exercise panel shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    for static in app.screen.query_one(ExercisePanel).query(Static):
        console.print(static.content)
    return console.export_text()


async def check_and_wait(pilot) -> str:
    await pilot.press("c")
    await settle(pilot, "check")
    return exercise_text(pilot.app)


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
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)):
        assert lesson_source(app).startswith("# Underfitting")


async def test_choosing_a_lesson_in_the_sidebar_opens_it(workspace):
    app = make_app(workspace)
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        await pilot.click(sidebar, offset=(3, 1))  # the second row: lesson 2
        await pilot.pause()
        assert lesson_source(app).startswith("# The three troubles")
        sidebar.focus()
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == "l8")
        await pilot.press("enter")
        await pilot.pause()
        assert lesson_source(app).startswith("# Wrap-up")


async def test_language_toggle_switches_lesson_and_footer(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "ko"
        assert lesson_source(app).startswith("# 과소적합")
        assert "채점" in exercise_text(app)
        descriptions = {b.description for _, b, *_ in app.screen.active_bindings.values()}
        assert "다음" in descriptions
        await pilot.press("l")
        assert lesson_source(app).startswith("# Underfitting")


async def test_check_not_implemented_then_correct(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "Not implemented yet" in await check_and_wait(pilot)
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace.path_of("1"))
        assert "7/7" in await check_and_wait(pilot)
        assert workspace.progress()["exercises"]["exercise1"]["status"] == "passed"
        assert "✓" in str(app.screen.query_one("#sidebar").get_option_at_index(3).prompt)


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


async def test_saving_the_file_rechecks_it(workspace):
    app = make_app(workspace, lesson=3)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.3)  # let the file watcher start
        shutil.copy(REPO / "solutions" / "exercise1_relu.py", workspace.path_of("1"))
        for _ in range(100):
            await pilot.pause(0.1)
            if "7/7" in exercise_text(app):
                break
        assert "7/7" in exercise_text(app)


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
        assert app.screen.__class__.__name__ == "HelpScreen"


async def test_usable_at_80x24(workspace):
    app = make_app(workspace, lesson=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#sidebar").display
        lesson = app.screen.query_one("#lesson")
        assert lesson.size.width >= 30
        await pilot.press("t")
        assert app.screen.query_one("#sidebar").display


def caption(app) -> str:
    return str(app.screen.query_one("#plot-caption", Static).content)


async def test_plots_react_to_their_keys(workspace):
    app = make_app(workspace, lesson=7)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, "plot")
        footer_keys = {b.key for _, b, *_ in app.screen.active_bindings.values()}
        assert {"n", "f"} <= footer_keys  # the conv demo's keys are in the footer
        before = caption(app)
        await pilot.press("n")
        await settle(pilot, "plot")
        assert caption(app) != before  # the filter moved one step
        await pilot.press("p")  # the lesson's other plot: the RNN
        await settle(pilot, "plot")
        assert "r" in {b.key for _, b, *_ in app.screen.active_bindings.values()}
        assert "n" not in {b.key for _, b, *_ in app.screen.active_bindings.values()}


async def test_a_lesson_with_two_exercises_reaches_both(workspace):
    shutil.copy(REPO / "solutions" / "exercise6_rnn.py", workspace.path_of("rnn"))
    app = make_app(workspace, lesson=7)
    async with app.run_test(size=(100, 32)) as pilot:
        assert "exercise5 · Convolution forward pass (1/2, x)" in exercise_text(app)
        await pilot.press("x")
        assert "exercise6" in exercise_text(app) and "(2/2, x)" in exercise_text(app)
        assert "8/8" in await check_and_wait(pilot)
        assert workspace.progress()["exercises"]["exercise6"]["status"] == "passed"
        await pilot.press("x")
        assert "exercise5" in exercise_text(app)


async def test_choosing_an_exercise_in_the_sidebar_shows_it(workspace):
    app = make_app(workspace, lesson=1)
    async with app.run_test(size=(100, 32)) as pilot:
        sidebar = app.screen.query_one("#sidebar")
        sidebar.focus()
        sidebar.highlighted = next(i for i, o in enumerate(sidebar.options) if o.id == "e6-l7")
        await pilot.press("enter")
        await pilot.pause()
        assert lesson_source(app).startswith("# Architectures")
        assert "exercise6" in exercise_text(app)

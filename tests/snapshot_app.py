"""A small fixture course for the SVG snapshots: two short lessons without plots, one exercise
with hints of its own, so that the snapshots show the screen's layout and behaviour, not the
course's content (which has its own tests)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from pathlib import Path

from bigpicture.course.app import BigPictureApp
from bigpicture.course.screens.course_screen import CourseScreen
from bigpicture.grader.grading import CheckResult, ExerciseResult
from bigpicture.grader.i18n import Msg
from bigpicture.grader.manifest import Lesson, Manifest, load_manifest
from bigpicture.grader.status import FAILED
from bigpicture.grader.workspace import Workspace, init_workspace

TEXTS = {
    1: Msg(
        "# A fixture lesson\n\nOne short paragraph of text.\n\n" + "A line.\n\n" * 40,
        "# 시험용 강의\n\n짧은 문단 하나예요.\n\n" + "한 줄.\n\n" * 40,
    ),
    2: Msg(
        "# A lesson with an exercise\n\nWrite the function, then press c.\n",
        "# 연습이 있는 강의\n\n함수를 작성하고 c를 누르세요.\n",
    ),
}


def fixture_manifest() -> Manifest:
    real = load_manifest().find("1")
    exercise = replace(
        real,
        lesson=2,
        title={"en": "A fixture exercise", "ko": "시험용 연습"},
        hints={
            "en": ("The first hint.", "The second hint.", "The third hint."),
            "ko": ("첫째 힌트예요.", "둘째 힌트예요.", "셋째 힌트예요."),
        },
    )
    lessons = (
        Lesson(1, "fixture", {"en": "A fixture lesson", "ko": "시험용 강의"}),
        Lesson(2, "fixture-exercise", {"en": "With an exercise", "ko": "연습이 있는 강의"}),
    )
    return Manifest(lessons=lessons, exercises=(exercise,))


def snapshot_app(root: Path, lesson: int, lang: str, welcomed: bool = True) -> BigPictureApp:
    """The fixture course on ``lesson`` in ``lang``, over a new workspace under ``root``.

    The workspace sits deep enough that the exercise panel shows the same end of its path on
    every machine: ``…/bigpicture-course/exercise1_relu.py``.
    """
    folder = root / ("x" * 40) / "bigpicture-course"
    init_workspace(folder)
    workspace = Workspace(folder.resolve(), fixture_manifest())
    with workspace.updating() as data:
        data.welcomed = welcomed
    return BigPictureApp(workspace, lang, lesson, text_of=lambda number, lng: TEXTS[number](lng))


async def loaded(pilot, seconds: float = 30.0) -> None:
    """Waits until the course screen has mounted what comes after its first frame (the
    sidebar, the right column, the footer) and so takes the course's keys."""
    course = next(s for s in pilot.app.screen_stack if isinstance(s, CourseScreen))
    end = asyncio.get_running_loop().time() + seconds
    while not course.loaded:
        assert asyncio.get_running_loop().time() < end, "the course screen never loaded"
        await pilot.pause(0.01)
    await pilot.pause()


class CourseApp(BigPictureApp):
    """The course, whose ``run_test`` hands over the pilot once the screen is loaded: a key
    pressed on the first frame, before the panels it acts on exist, does nothing."""

    @contextlib.asynccontextmanager
    async def run_test(self, *args, **kwargs):
        async with super().run_test(*args, **kwargs) as pilot:
            await loaded(pilot)
            yield pilot


def fixture_result(app: BigPictureApp) -> ExerciseResult:
    """A verdict with a passed check and a failed one whose message is long, in both
    languages."""
    exercise = app.screen.exercise
    return ExerciseResult(
        exercise,
        FAILED,
        checks=[
            CheckResult(Msg("a check that passes", "통과하는 검사"), True, 1.0),
            CheckResult(
                Msg("a check that fails", "실패하는 검사"),
                False,
                1.0,
                Msg(
                    "relu: out is wrong. Max relative error 1.0e+00 at index (0, 1): expected "
                    "0, got -0.5. It looks like negative values were kept.",
                    "relu: out 값이 틀렸어요. 최대 상대 오차 1.0e+00 (위치 (0, 1)): 기대값 0, "
                    "실제값 -0.5. 음수를 그대로 둔 것 같아요.",
                ),
            ),
        ],
    )

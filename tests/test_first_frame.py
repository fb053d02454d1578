"""The course's first frame: the lesson's opening drawn without the Markdown widget, cell for
cell as the Markdown widget draws it, and nothing else imported before it is painted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bigpicture.course.lessons import lesson_text
from bigpicture.course.screens.course_screen import CourseScreen
from bigpicture.course.widgets.lesson_opening import LessonOpening
from bigpicture.course.widgets.lesson_view import LessonView, opening_of
from bigpicture.grader.manifest import load_manifest
from tests.snapshot_app import CourseApp

LESSONS = [lesson.number for lesson in load_manifest().lessons]
pytestmark = pytest.mark.anyio


def lesson_cells(screen: CourseScreen) -> list[list[tuple[str, object]]]:
    """Every cell of the lesson pane on screen but its scroll bar (the first frame's is
    shorter), as (character, style), row by row."""
    region = screen.query_one(LessonView).scrollable_content_region
    # Textual's compositor is private, and no public API gives a frame's cells with their
    # styles (export_screenshot gives SVG): an upgrade that moves it fails here, loudly.
    strips = screen._compositor.render_strips()
    rows = []
    for y in range(region.y, region.bottom):
        strip = strips[y].crop(region.x, region.right)
        cells = [(char, seg.style) for seg in strip for char in seg.text]
        rows.append([(char, style and style.clear_meta_and_links()) for char, style in cells])
    return rows


@pytest.mark.parametrize("size", [(100, 32), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("number", LESSONS)
async def test_the_first_frame_draws_the_opening_as_the_markdown_widget_does(
    workspace, monkeypatch, number, lang, size
):
    first = {}
    load = CourseScreen._load_the_rest

    async def capture_then_load(self) -> None:
        opening = self.query_one(LessonView).current
        assert isinstance(opening, LessonOpening)
        first.update(cells=lesson_cells(self), rows=opening.outer_size.height)
        await load(self)

    monkeypatch.setattr(CourseScreen, "_load_the_rest", capture_then_load)
    app = CourseApp(workspace, lang, number)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        final = lesson_cells(app.screen)
        assert app.screen.query_one(LessonView).current.source == lesson_text(
            workspace.manifest.lesson(number), lang
        )
    rows = min(first["rows"], len(final))
    assert rows >= 3, "the opening drew almost nothing"
    for y in range(rows):
        assert first["cells"][y] == final[y], (
            f"row {y}: {''.join(c for c, _ in first['cells'][y])!r} vs "
            f"{''.join(c for c, _ in final[y])!r}"
        )


def test_the_markdown_widget_is_not_imported_before_the_first_frame():
    code = (
        "import sys, bigpicture.course.cli, bigpicture.course.app;"
        "print(sorted(m for m in sys.modules if 'markdown' in m))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_opening_of_a_lesson_fills_the_pane_and_ends_between_blocks():
    words = "word " * 40  # 200 cells: at least 10 rows 20 cells wide
    source = f"# T\n\n{words}\n\n```\ncode\n\nmore\n```\n\nlast\n"
    assert opening_of(source, 20, 3) == f"# T\n\n{words}\n\n"
    assert opening_of(source, 20, 14).endswith("```\n\n")  # not inside the fence
    assert opening_of(source, 20, 100) == source
    assert opening_of("가나다라\n\n" + "x\n\n" * 9, 4, 3) == "가나다라\n\n"  # 8 cells

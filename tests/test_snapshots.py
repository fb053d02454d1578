"""What a learner sees: every lesson at 100x32 in both languages, as SVG snapshots.

Update them after a deliberate change of the screen with `pytest --snapshot-update`, then
look at the new SVGs before committing them.
"""

from __future__ import annotations

import pytest

from bigpicture.grader.manifest import load_manifest
from tests.snapshot_app import snapshot_app
from tests.test_tui import settle

LESSONS = [lesson.number for lesson in load_manifest().lessons]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_screen(snap_compare, lesson, lang):
    async def plots_drawn(pilot):
        await settle(pilot, "plot")
        await settle(pilot, "ahead")

    app = snapshot_app(lesson, lang)
    assert snap_compare(app, terminal_size=(100, 32), run_before=plots_drawn)

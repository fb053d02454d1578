"""What a learner sees, as SVG snapshots of a small fixture course (tests/snapshot_app.py): the
welcome page, a verdict, the hints, the help page and the narrow layout.

Update them after a deliberate change of the screen with `pytest --snapshot-update`, then
look at the new SVGs before committing them.
"""

from __future__ import annotations

from bigpicture.course.widgets.verdict_pane import VerdictPane
from tests.snapshot_app import fixture_result, loaded, snapshot_app


def test_welcome(snap_compare, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the page names the folder from where learn was started
    app = snapshot_app(tmp_path, 1, "en", welcomed=False)
    assert snap_compare(app, terminal_size=(100, 32), run_before=loaded)


def test_verdict_in_korean(snap_compare, tmp_path):
    async def show_verdict(pilot):
        await loaded(pilot)
        screen = pilot.app.screen
        screen.query_one(VerdictPane).show_result(fixture_result(pilot.app), "ko")
        await pilot.pause()  # a lesson without plots shows the verdict pane already

    app = snapshot_app(tmp_path, 2, "ko")
    assert snap_compare(app, terminal_size=(100, 32), run_before=show_verdict)


def test_hints(snap_compare, tmp_path):
    app = snapshot_app(tmp_path, 2, "en")
    assert snap_compare(app, terminal_size=(100, 32), press=["h", "h"], run_before=loaded)


def test_help_in_korean(snap_compare, tmp_path):
    app = snapshot_app(tmp_path, 1, "ko")
    assert snap_compare(app, terminal_size=(100, 32), press=["f1"], run_before=loaded)


def test_narrow_layout(snap_compare, tmp_path):
    app = snapshot_app(tmp_path, 2, "en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)

"""The bulk bench's breakdown: phases from the grader's own clocks, the job's claim clamped."""

from __future__ import annotations

import json

import pytest

from bigpicture.grader.bulk import profile

STAMPS = {
    "begin": 100.0,
    "received": 100.5,
    "ready": 102.0,
    "imported": 103.0,
    "ended": 106.0,
    "answered": 106.5,
    "judged": 108.0,
}


def test_phases_split_the_job_at_its_stamps():
    assert profile.job_phases(STAMPS) == {
        "request": 0.5,
        "start": 1.5,
        "import": 1.0,
        "calls": 3.0,
        "reap": 0.5,
        "verdicts": 1.5,
    }


@pytest.mark.parametrize("claim", [-1e300, 0.0, 1e300, float("nan"), float("inf"), "103", None])
def test_the_jobs_own_clock_only_splits_its_trusted_neighbours(claim):
    phases = profile.job_phases({**STAMPS, "imported": claim})
    assert all(value >= 0 for value in phases.values())
    assert sum(phases.values()) == pytest.approx(8.0)
    assert phases["import"] + phases["calls"] == pytest.approx(4.0)
    assert (phases["request"], phases["start"], phases["reap"]) == (0.5, 1.5, 0.5)


def test_a_job_that_never_started_has_no_start_import_or_calls():
    stamps = {k: v for k, v in STAMPS.items() if k not in ("ready", "imported", "ended")}
    phases = profile.job_phases(stamps)
    assert phases["import"] == phases["calls"] == phases["start"] == 0.0
    assert sum(phases.values()) == pytest.approx(8.0)


def test_lines_go_to_the_named_file_only(tmp_path, monkeypatch):
    monkeypatch.delenv(profile.VARIABLE, raising=False)
    profile.write("save", seconds=1.0)  # no file named: nothing written, nothing raised
    assert not profile.enabled()
    log = tmp_path / "profile.jsonl"
    monkeypatch.setenv(profile.VARIABLE, str(log))
    profile.write("save", seconds=1.0)
    profile.write("exports", seconds=2.0)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines == [{"kind": "save", "seconds": 1.0}, {"kind": "exports", "seconds": 2.0}]

"""How the runner schedules a class: a starved job is graded again alone, and a submission
that kills its worker costs only itself (fake workers: tests/fake_workers.py)."""

from __future__ import annotations

from pathlib import Path

from bigpicture.grader.bulk.runner import Options, Worker, grade_class
from bigpicture.grader.status import ERROR, PASSED
from tests import fake_workers

FAKE = Worker(start=fake_workers.start, grade=fake_workers.grade)


def _run(tmp_path: Path, names: list[str], jobs: int = 2) -> dict[str, list]:
    sources = []
    for name in names:
        (tmp_path / name).mkdir()
        sources.append((name, tmp_path / name))
    records: dict[str, list] = {name: [] for name in names}
    options = Options(("exercise1",), 1.0, 0)
    grade_class(sources, options, jobs, lambda r: records[r.name].append(r), FAKE)
    return records


def _gradings(tmp_path: Path, name: str) -> int:
    return len((tmp_path / name / "log").read_text().splitlines())


def test_a_starved_submission_is_graded_again_and_that_grading_stands(tmp_path):
    records = _run(tmp_path, ["a", "slow", "b"])
    assert [len(records[n]) for n in ("a", "slow", "b")] == [1, 2, 1]
    assert _gradings(tmp_path, "slow") == 2
    assert records["slow"][-1].exercises[0].status == PASSED


def test_a_submission_that_kills_its_worker_costs_only_itself(tmp_path):
    names = ["a", "b", "killer", "c", "d", "e", "f"]
    records = _run(tmp_path, names)
    assert all(len(records[n]) == 1 for n in names)
    for name in ("a", "b", "c", "d", "e", "f"):
        assert records[name][0].exercises[0].status == PASSED
    killer = records["killer"][0].exercises[0]
    assert killer.status == ERROR and "died while grading this submission, twice" in killer.problem
    assert _gradings(tmp_path, "killer") == 2

"""Grading a class from Python, without the CLI (bigpicture.grader.bulk.grade), as a notebook
or a CI script would: the same records and exports as `bigpicture grade`, resumable."""

from __future__ import annotations

import json

import pytest

from bigpicture.grader.bulk.grade import InputError, Settings, grade_folder, grade_gradescope
from bigpicture.grader.status import FAILED, PASSED
from tests.bulk_fixtures import make_class
from tests.helpers import REPO

RELU = (REPO / "solutions" / "exercise1_relu.py").read_text()
WRONG = RELU.replace("np.maximum(x, 0", "np.minimum(x, 0")


def test_a_class_graded_from_python_then_resumed(tmp_path):
    submissions = make_class(
        tmp_path / "class", {"ana": {"exercise1_relu.py": RELU}, "bo": {"exercise1_relu.py": WRONG}}
    )
    (submissions / "notes.txt").write_text("a stray file")
    out = tmp_path / "out"
    seen = []
    settings = Settings(jobs=1, exercises=("exercise1",))
    run = grade_folder(submissions, out, settings, on_graded=seen.append)
    verdicts = {r.name: r.exercises[0].status for r in run.records}
    assert verdicts == {"ana": PASSED, "bo": FAILED}
    assert sorted(r.name for r in seen) == ["ana", "bo"]
    assert run.notes == ["ignored notes.txt: not a folder or a .zip"]
    assert {"grades.csv", "results.json", "junit.xml"} <= {p.name for p in out.iterdir()}
    assert json.loads((out / "results.json").read_text())["seed"] == run.seed

    again = grade_folder(submissions, out, settings)
    assert (again.kept, again.seed) == (2, run.seed)  # resumed: nothing graded twice


def test_a_missing_folder_is_the_instructors_error(tmp_path):
    with pytest.raises(InputError):
        grade_folder(tmp_path / "nowhere", tmp_path / "out")


def test_gradescope_from_python(tmp_path):
    make_class(tmp_path, {"submission": {"exercise1_relu.py": RELU}})
    record, path = grade_gradescope(tmp_path, Settings(jobs=1, seed=5))
    assert record.exercises[0].status == PASSED
    result = json.loads(path.read_text())
    assert result["score"] == 10 and result["max_score"] == 150  # exercise1's 10 points of 150

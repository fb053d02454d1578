"""A hostile class from loading to every output: sizes stay bounded, every file parses back."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from bigpicture.grader.bulk.exports import write_exports
from bigpicture.grader.bulk.records import CheckRecord, ExerciseRecord, SubmissionRecord
from bigpicture.grader.bulk.store import DB_NAME, Store
from bigpicture.grader.bulk.submissions import Submission, discover, load
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.status import FAILED, MISSING, PASSED

EXERCISES = load_manifest().exercises
META = {"seed": "1", "exercises": json.dumps([e.id for e in EXERCISES])}
LIMIT = 100_000  # bytes per submission in each output


def export_and_store(record: SubmissionRecord, out: Path) -> None:
    """What a run does with a record: across from a worker, into the store, out to the exports."""
    with Store(out) as store:
        store.save("key", SubmissionRecord.from_dict(record.to_dict()))
        write_exports(store.records(), store.meta() | META, out)


@pytest.mark.parametrize("letter", ["x", "가"], ids=["ascii", "korean"])
def test_megabytes_of_messages_leave_under_100_kb_in_each_output(tmp_path: Path, letter):
    huge = letter * 6_000_000
    checks = [CheckRecord(f"check {i}", False, 1.0, huge, 0.1) for i in range(40)]
    exercise = ExerciseRecord(
        "exercise1", FAILED, 0.0, problem=huge, checks=checks, output=huge, output_bytes=10**9
    )
    record = SubmissionRecord("ana", "0" * 64, [exercise], notes=[huge] * 2)

    export_and_store(record, tmp_path)

    db = sqlite3.connect(tmp_path / DB_NAME)
    [(row_bytes,)] = db.execute("SELECT length(CAST(record AS BLOB)) FROM submissions").fetchall()
    db.close()
    sizes = {
        "sqlite row": row_bytes,
        **{
            name: (tmp_path / name).stat().st_size
            for name in ["results.json", "junit.xml", "gradescope/ana.json", "grades.csv"]
        },
    }
    assert max(sizes.values()) < LIMIT, sizes


def make_hostile_class(root: Path) -> list[bytes]:
    """Folders and zips whose names are not UTF-8 or fill a file name; returns those names."""
    code = b"def relu(x):\n    return x\n"
    relu = EXERCISES[0].file
    long_name = "가" * 84  # 252 bytes, within the 255 a file name may have
    names = [b"\xff\xfe", long_name.encode(), b"caf\xe9.zip", ("나" * 83 + ".zip").encode()]
    for name in names:
        path = os.fsencode(root) + b"/" + name
        if name.endswith(b".zip"):
            with zipfile.ZipFile(path.decode("utf-8", "surrogateescape"), "w") as archive:
                archive.writestr(f"hw/{relu}", code)
        else:
            os.makedirs(path)
            with open(path + b"/" + relu.encode(), "wb") as file:
                file.write(code)
    return names


def graded(submission: Submission) -> SubmissionRecord:
    """A record as the runner makes one, with a made-up verdict instead of running the code."""
    exercises = [
        ExerciseRecord(e.id, PASSED, 1.0)
        if e.file in submission.files
        else ExerciseRecord(e.id, MISSING, 0.0, problem="not submitted")
        for e in EXERCISES
    ]
    return SubmissionRecord(submission.name, submission.content_hash, exercises, submission.notes)


def test_names_that_are_not_utf8_or_very_long_pass_through_every_output(tmp_path: Path):
    make_hostile_class(tmp_path / "class")
    out = tmp_path / "out"

    sources, notes = discover(tmp_path / "class")
    submissions = [load(source, [e.file for e in EXERCISES]) for source in sources]
    for submission in submissions:
        export_and_store(graded(submission), out)

    expected = sorted(["\\xff\\xfe", "가" * 84, "caf\\xe9", "나" * 83])
    assert (sorted(s.name for s in submissions), notes) == (expected, [])
    assert all(len(s.files) == 1 for s in submissions)
    with Store(out) as store:
        assert [r.name for r in store.records()] == expected
        assert all(store.key_of(name) == "key" for name in expected)
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        assert [row[0] for row in list(csv.reader(file))[1:]] == expected
    results = json.loads((out / "results.json").read_text("ascii"))
    assert [s["name"] for s in results["submissions"]] == expected
    suites = ET.parse(out / "junit.xml").getroot().findall("testsuite")
    assert [suite.get("name") for suite in suites] == expected
    files = sorted((out / "gradescope").iterdir())
    inside = [json.loads(f.read_text("ascii"))["extra_data"]["submission"] for f in files]
    assert sorted(inside) == expected
    assert all(len(f.name.encode("utf-8")) <= 100 for f in files)

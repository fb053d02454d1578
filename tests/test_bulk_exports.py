"""The exports of a bulk grading run, including names and messages meant to break them."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bigpicture.grader.bulk.exports import gradescope_result, write_exports
from bigpicture.grader.bulk.records import CheckRecord, SubmissionRecord
from tests.bulk_samples import sample_record

HEADER = "submission," + ",".join(f"exercise{n}" for n in range(1, 16)) + ",total"
NASTY_NAMES = ["a,b", 'say "hi"', "two\nlines", "김민수", "../../evil", "Ana", "ana", ".hidden"]
META = {
    "seed": "1234",
    "versions": '{"bigpicture": "0.1.0", "numpy": "2.1.0"}',
    "timeout": "5.0",
    "exercises": '["exercise1", "exercise3", "exercise4", "exercise5"]',
    "started_at": "2026-05-09T07:35:25+00:00",
}


def _export(tmp_path: Path, records: list[SubmissionRecord]) -> Path:
    write_exports(records, META, tmp_path)
    return tmp_path


def test_grades_csv_header_and_row(tmp_path: Path) -> None:
    out = _export(tmp_path, [sample_record("ana")])
    lines = (out / "grades.csv").read_text("utf-8").splitlines()
    # exercise2 and exercise6-15 were not graded in this run: still columns, 0.000.
    assert lines == [HEADER, "ana,1.000,0.000,0.250,0.000,0.000" + ",0.000" * 10 + ",1.250"]


def test_grades_csv_keeps_nasty_names_intact_and_sorted(tmp_path: Path) -> None:
    out = _export(tmp_path, [sample_record(name) for name in NASTY_NAMES])
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert ",".join(rows[0]) == HEADER
    assert [row[0] for row in rows[1:]] == sorted(NASTY_NAMES)
    assert all(len(row) == 17 for row in rows)  # the name, 15 exercises and the total


def test_results_json_has_settings_and_every_check(tmp_path: Path) -> None:
    records = [sample_record("ana", 1), sample_record("김민수", 2)]
    results = json.loads((_export(tmp_path, records) / "results.json").read_text("utf-8"))
    assert results["seed"] == 1234
    assert results["versions"] == {"bigpicture": "0.1.0", "numpy": "2.1.0"}
    assert results["timeout"] == 5.0
    assert results["exercises"] == ["exercise1", "exercise3", "exercise4", "exercise5"]
    assert [s["name"] for s in results["submissions"]] == ["ana", "김민수"]
    assert results["submissions"][0]["total"] == 1.25
    for saved, record in zip(results["submissions"], records, strict=True):
        assert (
            SubmissionRecord.from_dict({k: v for k, v in saved.items() if k != "total"}) == record
        )
    check = results["submissions"][0]["exercises"][1]["checks"][1]
    assert check == {
        "name": "adam bias correction",
        "passed": False,
        "points": 3.0,
        "message": "expected 1, got 2\nTraceback (most recent call last):",
        "seconds": 0.03,
    }


def test_junit_parses_and_counts_match(tmp_path: Path) -> None:
    out = _export(tmp_path, [sample_record(name) for name in NASTY_NAMES])
    root = ET.parse(out / "junit.xml").getroot()
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(NASTY_NAMES)
    for suite in suites:
        cases = suite.findall("testcase")
        # 2 checks of exercise1, 2 of exercise3, one case each for exercise4 and exercise5.
        assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "1")
        assert len(cases) == 6
        assert len(suite.findall("testcase/failure")) == 2
        assert len(suite.findall("testcase/error")) == 1
        assert {c.get("classname") for c in cases} == {
            f"{suite.get('name')}.exercise{n}" for n in (1, 3, 4, 5)
        }
    assert root.get("tests") == str(6 * len(NASTY_NAMES))
    first = suites[0]
    failure = first.find("testcase[@name='adam bias correction']/failure")
    assert failure is not None
    assert failure.get("message") == "expected 0, got 1"
    assert failure.text == "expected 0, got 1\nTraceback (most recent call last):"
    assert first.find("testcase[@name='exercise5']/failure").get("message") == "not submitted"
    error = first.find("testcase[@name='exercise4']/error")
    assert error.get("message") == "SyntaxError: invalid syntax (line 3)"


def test_junit_survives_control_characters_and_cdata_ends(tmp_path: Path) -> None:
    record = sample_record("bad\x00name\x1b")
    record.exercises[1].checks[1] = CheckRecord(
        "check \x07", False, 1.0, "\x1b[31mred\x1b[0m ]]> <b>&amp;\x00\ud800\ufffe\nline 2", 0.0
    )
    out = _export(tmp_path, [record])
    root = ET.parse(out / "junit.xml").getroot()
    suite = root.find("testsuite")
    assert suite.get("name") == "badname"
    failure = suite.find("testcase[@name='check ']/failure")
    # The lone surrogate is written as an escape (records.valid_text), U+FFFE removed.
    assert failure.get("message") == "[31mred[0m ]]> <b>&amp;\\ud800"
    assert failure.text == "[31mred[0m ]]> <b>&amp;\\ud800\nline 2"


def test_gradescope_schema_and_scaled_points() -> None:
    result = gradescope_result(sample_record("ana"))
    assert set(result) == {"score", "max_score", "tests", "output", "extra_data"}
    assert result["extra_data"] == {"submission": "ana"}
    assert result["max_score"] == 40  # four exercises graded, 10 points each
    assert result["score"] == 12.5  # exercise1 full, exercise3 a quarter
    assert result["output"] == "note 0"
    for test in result["tests"]:
        assert set(test) == {"name", "score", "max_score", "output", "visibility"}
        assert test["visibility"] == "visible"
    by_name = {t["name"]: t for t in result["tests"]}
    # exercise3's checks weigh 1 and 3 points: they share its 10 as 2.5 and 7.5.
    assert by_name["exercise3: adam step"] == {
        "name": "exercise3: adam step",
        "score": 2.5,
        "max_score": 2.5,
        "output": "passed",
        "visibility": "visible",
    }
    failed = by_name["exercise3: adam bias correction"]
    assert (failed["score"], failed["max_score"]) == (0.0, 7.5)
    assert failed["output"] == "expected 0, got 1\nTraceback (most recent call last):"
    assert by_name["exercise5"] == {
        "name": "exercise5",
        "score": 0.0,
        "max_score": 10.0,
        "output": "not submitted",
        "visibility": "visible",
    }
    assert sum(t["score"] for t in result["tests"]) == pytest.approx(result["score"])
    assert sum(t["max_score"] for t in result["tests"]) == pytest.approx(result["max_score"])


def test_gradescope_files_stay_inside_their_folder(tmp_path: Path) -> None:
    out = _export(tmp_path / "out", [sample_record(name) for name in NASTY_NAMES])
    folder = out / "gradescope"
    files = sorted(folder.iterdir())
    assert len(files) == len(NASTY_NAMES)
    assert all(f.parent == folder and f.suffix == ".json" for f in files)
    assert len({f.name.casefold() for f in files}) == len(files)  # Ana and ana apart
    assert not list(tmp_path.glob("evil*")) and not list((tmp_path / "out").glob("evil*"))
    assert (folder / "김민수.json").is_file()
    assert (folder / "ana.json").is_file() or (folder / "Ana.json").is_file()
    for file in files:
        assert json.loads(file.read_text("utf-8"))["max_score"] == 40


def test_exports_are_replaced_whole(tmp_path: Path) -> None:
    _export(tmp_path, [sample_record("ana"), sample_record("bo")])
    _export(tmp_path, [sample_record("bo", 1)])
    assert sorted(p.name for p in (tmp_path / "gradescope").iterdir()) == ["bo.json"]
    assert (tmp_path / "grades.csv").read_text("utf-8").count("\n") == 2
    left = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert left == ["bo.json", "grades.csv", "junit.xml", "results.json"]  # no temp files
    assert (tmp_path / "grades.csv").stat().st_mode & 0o777 == 0o600


FORMULA_NAMES = [
    "+1+cmd|' \\C calc'!A0",
    '=HYPERLINK("http://x")',
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\r=1",
]


def test_grades_csv_neutralises_names_a_spreadsheet_would_run(tmp_path: Path) -> None:
    out = _export(tmp_path, [sample_record(name) for name in [*FORMULA_NAMES, "ana"]])
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    names = [row[0] for row in rows[1:]]
    assert names == sorted([f"'{name}" for name in FORMULA_NAMES] + ["ana"])
    results = json.loads((out / "results.json").read_text("utf-8"))
    assert sorted(s["name"] for s in results["submissions"]) == sorted([*FORMULA_NAMES, "ana"])


def _reject(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")


def test_numbers_that_are_not_finite_never_reach_an_export(tmp_path: Path) -> None:
    record = sample_record("ana")
    record.seconds = math.inf
    record.exercises[0].score = math.nan
    record.exercises[0].seconds = -math.inf
    record.exercises[1].checks[0] = CheckRecord("adam step", True, math.inf, None, math.nan)
    meta = {**META, "timeout": "NaN", "seed": "1e999"}  # Python's json would read both

    out = _export(tmp_path, [record, sample_record("bo")])
    write_exports([record], meta, tmp_path / "meta")

    texts = [
        (out / "results.json").read_text("ascii"),
        (tmp_path / "meta/results.json").read_text("ascii"),
    ]
    texts += [file.read_text("ascii") for file in (out / "gradescope").iterdir()]
    parsed = [json.loads(text, parse_constant=_reject) for text in texts]
    ana = parsed[0]["submissions"][0]
    first, second = ana["exercises"][:2]
    # 0.0 stands in for each: no credit, no time (records.sanitized).
    assert [ana["seconds"], first["score"], first["seconds"]] == [0.0, 0.0, 0.0]
    assert [second["checks"][0]["points"], second["checks"][0]["seconds"]] == [0.0, 0.0]
    assert (parsed[1]["timeout"], parsed[1]["seed"]) == ("NaN", "1e999")
    times = [e.get("time") for e in ET.parse(out / "junit.xml").iter() if e.get("time")]
    assert len(times) == 1 + 2 * (1 + 6)  # the run, each suite, each case
    assert all(math.isfinite(float(time)) for time in times)
    with (out / "grades.csv").open(newline="", encoding="utf-8") as file:
        scores = [cell for row in list(csv.reader(file))[1:] for cell in row[1:]]
    assert all(math.isfinite(float(score)) for score in scores)


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]


def test_gradescope_file_names_are_short_unique_and_keep_the_name_inside(tmp_path: Path) -> None:
    hangul = "가" * 84  # 252 bytes: a file name of its own, but no room for ".json"
    composed, decomposed = "\uac01", "\u1100\u1161\u11a8"  # 각, and 각 as macOS stores it
    clash = f"Ana-{_digest('ana')}"  # what "ana" would be given, taken first
    names = [hangul, "x" * 300, "Ana", clash, "ana", "ß", "SS", composed, decomposed]
    out = _export(tmp_path, [sample_record(name) for name in names])

    files = sorted((out / "gradescope").iterdir())
    assert len(files) == len(names)
    assert max(len(f.name.encode("utf-8")) for f in files) <= 100
    keys = {unicodedata.normalize("NFC", f.name).casefold() for f in files}
    assert len(keys) == len(files)  # one file each, even where case and normalization are ignored
    inside = {json.loads(f.read_text("ascii"))["extra_data"]["submission"]: f.name for f in files}
    assert inside == {
        hangul: f"{'가' * 27}-{_digest(hangul)}.json",  # cut at a letter: 81 of 82 bytes
        "x" * 300: f"{'x' * 82}-{_digest('x' * 300)}.json",
        "Ana": "Ana.json",
        clash: f"{clash}.json",
        "ana": f"ana-{_digest('ana')}-1.json",  # its hashed name is taken too: a counter
        "SS": "SS.json",
        "ß": f"ß-{_digest('ß')}.json",  # "ß".casefold() == "ss"
        decomposed: f"{decomposed}.json",
        composed: f"{composed}-{_digest(composed)}.json",
    }

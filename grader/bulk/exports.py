"""The files an instructor takes away from a bulk grading run, made from the store's records.

Every export is regenerated in full from the records (never appended to), and each file is
replaced atomically, so a reader sees the old file or the new one, never half of one.

- ``grades.csv``: one row per submission, a column per course exercise with its score as a
  fraction 0-1, and the total. An exercise not graded in this run (``--exercises 1 3``) is
  still a column and reads 0.000: the header is the same for every run, so spreadsheets and
  LMS imports keep working, and ``results.json`` says which exercises were graded.
- ``results.json``: the run's settings and every check of every submission.
- ``junit.xml``: one test suite per submission, one test case per check, for CI dashboards.
- ``gradescope/<submission>.json``: Gradescope's ``results.json`` for each submission.

Names, messages and printed output come from learners. Every record is first passed through
``records.sanitized`` (valid Unicode, capped text, finite numbers), so one submission cannot
crash an export or make it huge. The csv, json and ElementTree modules do all quoting; a CSV
cell that a spreadsheet would run as a formula is neutralised; JSON is strict (no NaN or
Infinity) and ASCII; XML gets the characters XML 1.0 forbids removed; file names are made
safe and unique. All files are readable by their owner only, like the store.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

from bigpicture.grader.bulk import profile
from bigpicture.grader.bulk.records import (
    ExerciseRecord,
    SubmissionRecord,
    sanitized,
    utf8_prefix,
)
from bigpicture.grader.files import write_atomically
from bigpicture.grader.isolation.layers import Layers
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.status import ERROR, MISSING

EXERCISE_IDS = [e.id for e in load_manifest().exercises]
_POINTS = {e.id: e.points for e in load_manifest().exercises}

GRADES_CSV = "grades.csv"
RESULTS_JSON = "results.json"
JUNIT_XML = "junit.xml"
GRADESCOPE_DIR = "gradescope"

# Everything XML 1.0 does not allow (C0 controls but tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): a traceback or a learner's print can hold any of them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# \w is Unicode-aware: a Korean name stays readable as a file name.
_NOT_FILENAME = re.compile(r"[^\w.-]+")
# Most UTF-8 bytes of a Gradescope file name. File systems allow 255: a name of 84 Korean
# letters (252 bytes) plus ".json" used to fail with "File name too long".
_MAX_FILENAME_BYTES = 100
_FILENAME_HASH_CHARS = 8
# What a spreadsheet runs as a formula at the start of a cell (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_exports(
    records: list[SubmissionRecord],
    meta: dict[str, str],
    out: Path,
    exercises: list[str] = EXERCISE_IDS,
) -> None:
    """Writes every export into ``out``, replacing the previous ones.

    Args:
        records: the graded submissions (``Store.records()``).
        meta: the run's settings (``Store.meta()``); values that are JSON text (the seed,
            the versions, the timeout, the exercises graded) are written as JSON values.
        out: the output folder (created if needed).
        exercises: the exercise columns of ``grades.csv``, in order: the whole course.
    """
    start = time.perf_counter()
    records = sorted((sanitized(record) for record in records), key=lambda r: r.name)
    out.mkdir(parents=True, exist_ok=True)
    write_atomically(out / GRADES_CSV, _grades_csv(records, exercises), durable=False)
    write_atomically(
        out / RESULTS_JSON, _json_bytes(_results(records, meta, exercises)), durable=False
    )
    write_atomically(out / JUNIT_XML, _junit_xml(records, sandbox_line(meta)), durable=False)
    _write_gradescope(records, out / GRADESCOPE_DIR)
    profile.write("exports", seconds=time.perf_counter() - start)


def _grades_csv(records: list[SubmissionRecord], exercises: list[str]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(["submission", *exercises, "total"])
    for record in records:
        scores = {e.exercise: e.score for e in record.exercises}
        row = [scores.get(exercise, 0.0) for exercise in exercises]
        # The total sums the exact scores, as results.json does, not the rounded columns.
        writer.writerow([_csv_text(record.name), *(f"{x:.3f}" for x in row), f"{sum(row):.3f}"])
    return text.getvalue().encode("utf-8")


def _csv_text(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs: a formula start gets a ``'`` before it.

    The quote is what OWASP recommends: spreadsheets show the rest as plain text.
    results.json keeps the exact name.
    """
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _results(records: list[SubmissionRecord], meta: dict[str, str], exercises: list[str]) -> dict:
    return {
        "seed": _meta_value(meta, "seed"),
        "versions": _meta_value(meta, "versions"),
        "timeout": _meta_value(meta, "timeout"),
        "exercises": _meta_value(meta, "exercises", default=exercises),
        "sandbox": {**_meta_dict(meta, "sandbox"), "summary": sandbox_line(meta)},
        "submissions": [{**r.to_dict(), "total": r.total} for r in records],
    }


def sandbox_line(meta: dict[str, str]) -> str:
    """The run's one-line sandbox report (loud when the run was unconfined)."""
    recorded = _meta_value(meta, "sandbox")
    if not isinstance(recorded, dict):
        return "sandbox: not recorded (graded by an older bigpicture)"
    return Layers(
        recorded.get("namespaces"), recorded.get("landlock"), bool(recorded.get("unconfined"))
    ).describe()


def _meta_dict(meta: dict[str, str], key: str) -> dict:
    """A setting that holds a JSON object, or {} when there is none."""
    value = _meta_value(meta, key)
    return value if isinstance(value, dict) else {}


def _meta_value(meta: dict[str, str], key: str, default: object = None) -> object:
    """A setting as the JSON value its text holds, or as the text itself.

    Text that Python's lenient parser would read as NaN or infinity (``NaN``, ``1e999``) stays
    text, so results.json stays strict JSON.
    """
    if key not in meta:
        return default
    try:
        return json.loads(meta[key], parse_constant=_finite_float, parse_float=_finite_float)
    except ValueError:
        return meta[key]


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is not a finite number")
    return number


def _json_bytes(data: dict) -> bytes:
    # allow_nan=False: Python would write NaN and Infinity, which strict JSON parsers refuse;
    # the records are sanitized, so this only fails on a bug here.
    # ASCII-only JSON: the file is valid whatever the text holds.
    return (json.dumps(data, indent=2, allow_nan=False) + "\n").encode("ascii")


def _junit_xml(records: list[SubmissionRecord], sandbox: str) -> bytes:
    root = ET.Element("testsuites", name="bigpicture")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for record in records:
        suite = ET.SubElement(root, "testsuite", name=_xml_text(record.name))
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="sandbox", value=sandbox)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for exercise in record.exercises:
            for verdict in _junit_cases(suite, record.name, exercise):
                counts["tests"] += 1
                if verdict:
                    counts[verdict] += 1
        if "UNCONFINED" in sandbox:  # CI dashboards show system-err: the warning is seen
            ET.SubElement(suite, "system-err").text = sandbox
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
        suite.set("time", _seconds(record.seconds))
    for key, count in totals.items():
        root.set(key, str(count))
    root.set("time", _seconds(sum(r.seconds for r in records)))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _junit_cases(suite: ET.Element, name: str, exercise: ExerciseRecord) -> list[str]:
    """Adds the test cases of one exercise; returns each one's verdict ("" for passed)."""
    classname = _xml_text(f"{name}.{exercise.exercise}")
    if not exercise.checks:  # nothing could run: one case says why
        case = ET.SubElement(
            suite,
            "testcase",
            classname=classname,
            name=exercise.exercise,
            time=_seconds(exercise.seconds),
        )
        verdict = "failures" if exercise.status == MISSING else "errors"
        _add_problem(case, verdict, exercise.problem or exercise.status)
        return [verdict]
    verdicts = []
    for check in exercise.checks:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=classname,
            name=_xml_text(check.name),
            time=_seconds(check.seconds),
        )
        if check.passed:
            verdicts.append("")
            continue
        # The checks of a file that could not load did not fail: they never ran.
        verdict = "errors" if exercise.status == ERROR else "failures"
        _add_problem(case, verdict, check.message or "failed")
        verdicts.append(verdict)
    return verdicts


def _add_problem(case: ET.Element, verdict: str, message: str) -> None:
    message = _xml_text(message)
    first_line = next((line for line in message.splitlines() if line.strip()), "")
    tag = "failure" if verdict == "failures" else "error"
    ET.SubElement(case, tag, message=first_line).text = message


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _seconds(value: float) -> str:
    # Sanitized times are finite, but a sum of huge ones could still overflow to infinity.
    return f"{value:.3f}" if math.isfinite(value) else "0.000"


def gradescope_result(record: SubmissionRecord) -> dict:
    """One submission in Gradescope's ``results.json`` schema.

    Each exercise graded is worth its manifest ``points``; its checks share them in
    proportion to their own points (a check of 1 point out of 4 in a 10-point exercise is
    worth 2.5). An exercise with no checks (not submitted, or the file would not load) is
    one test worth the exercise's points, scored 0. ``max_score`` counts only the exercises
    graded in the run.

    The submission's exact name is kept in ``extra_data`` (the schema's "optional extra data
    to be stored"), since its file name may be shortened or carry a hash.
    """
    record = sanitized(record)
    tests = []
    for exercise in record.exercises:
        worth = _POINTS[exercise.exercise]
        check_points = sum(c.points for c in exercise.checks)
        if not check_points:
            tests.append(
                _gradescope_test(exercise.exercise, 0.0, worth, exercise.problem or exercise.status)
            )
            continue
        for check in exercise.checks:
            share = worth * check.points / check_points
            output = check.message or ("passed" if check.passed else "failed")
            name = f"{exercise.exercise}: {check.name}"
            tests.append(_gradescope_test(name, share if check.passed else 0.0, share, output))
    return {
        "score": _points(sum(_POINTS[e.exercise] * e.score for e in record.exercises)),
        "max_score": sum(_POINTS[e.exercise] for e in record.exercises),
        "tests": tests,
        "output": "\n".join(record.notes),
        "extra_data": {"submission": record.name},
    }


def _gradescope_test(name: str, score: float, max_score: float, output: str) -> dict:
    return {
        "name": name,
        "score": _points(score),
        "max_score": _points(max_score),
        "output": output,
        "visibility": "visible",
    }


def _points(value: float) -> float:
    # Shares like 10/3 print as 3.3333 instead of 3.3333333333333335. Sanitized points are
    # finite, but shares of huge ones could still overflow to infinity or NaN.
    return round(value, 4) if math.isfinite(value) else 0.0


def _write_gradescope(records: list[SubmissionRecord], folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    written: set[str] = set()
    taken: set[str] = set()  # as _filename_key gives them
    for record in records:
        filename = _gradescope_filename(record.name, taken)
        write_atomically(folder / filename, _json_bytes(gradescope_result(record)), durable=False)
        written.add(filename)
        taken.add(_filename_key(filename))
    for stale in folder.glob("*.json"):  # submissions no longer in the store
        if stale.name not in written:
            stale.unlink()


def _gradescope_filename(name: str, taken: set[str]) -> str:
    """A file name for submission ``name`` that stays inside the Gradescope folder.

    The name is kept if it is safe as it is: only letters, digits, ``_``, ``.`` and ``-``, not
    hidden, and short. Otherwise it is made safe, cut at a character boundary so the file name
    stays within ``_MAX_FILENAME_BYTES`` of UTF-8, and given a short hash of the real name; a
    counter follows if even that is in ``taken`` (names as ``_filename_key`` gives them), so
    two submissions never share a file.
    """
    suffix = ".json"
    reserved = len(suffix) + 1 + _FILENAME_HASH_CHARS + 4  # "-<hash>" and "-<counter>"
    safe = utf8_prefix(_NOT_FILENAME.sub("_", name).lstrip("."), _MAX_FILENAME_BYTES - reserved)
    if safe == name and _filename_key(name + suffix) not in taken:
        return name + suffix
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:_FILENAME_HASH_CHARS]
    hashed = stem = f"{safe or 'submission'}-{digest}"
    counter = 0
    while _filename_key(stem + suffix) in taken:
        counter += 1
        stem = f"{hashed}-{counter}"
    return stem + suffix


def _filename_key(filename: str) -> str:
    """What two file names share when one file system stores them as the same file.

    macOS and Windows ignore case, and macOS also Unicode normalization (``é`` written as one
    code point or as ``e`` plus an accent). NFKC merges a little more than they do, which only
    adds a hash to a name that did not strictly need one.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", filename).casefold())

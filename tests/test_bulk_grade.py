"""`bigpicture grade` end to end on a class full of hostile submissions.

One run grades them all: each gets the right score and reason, the correct exercises beside a
hostile one keep full marks, and no file or process is left behind.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from tests.bulk_fixtures import make_class
from tests.helpers import FIXTURES, MISTAKES, REPO

SOLUTIONS = {p.name: p.read_text() for p in (REPO / "solutions").glob("exercise*.py")}
HOSTILE = MISTAKES / "hostile"
ESCAPE = Path("/tmp") / f"bigpicture-escape-{secrets.token_hex(6)}"
# The daemon's `sleep` gets a number of its own, so other test runs on the machine do not matter.
DAEMON_SLEEP = str(900000 + secrets.randbelow(99999))
DAEMON = (FIXTURES / "daemon_escapes.py").read_bytes().replace(b"987655", DAEMON_SLEEP.encode())

# student -> (file put in as exercise1_relu.py, expected exercise1 score or None, words of reason)
RELU_CASES = {
    "good": (None, 1.0, None),
    "loop_at_import": (
        HOSTILE / "infinite_loop_at_import.py",
        0.0,
        "timed out while loading",
    ),
    "loop_in_call": (
        HOSTILE / "infinite_loop_in_call.py",
        0.0,
        "it used all of its 2 s of CPU time",
    ),
    "sleeps_forever": (
        FIXTURES / "sleep_forever.py",
        0.0,
        "s while hardly computing",
    ),
    "os_exit": (HOSTILE / "os_exit.py", 0.0, "exited with code 0"),
    "sys_exit": (HOSTILE / "sys_exit.py", None, "tried to end the program (sys.exit(0))"),
    "monkeypatch": (FIXTURES / "monkeypatches_numpy.py", None, "out is wrong"),
    "lying_subclass": (HOSTILE / "lying_subclass.py", None, "out is wrong"),
    "object_array": (HOSTILE / "object_array.py", None, "must be a numeric numpy array"),
    "nan": (HOSTILE / "nan.py", None, "contains nan"),
    "wrong_shape": (HOSTILE / "wrong_shape.py", None, "has shape (10,), expected (2, 5)"),
    "returns_none": (HOSTILE / "returns_none.py", None, "returned None"),
    "raises": (HOSTILE / "raises.py", None, "raised ValueError"),
    "memory_hog": (HOSTILE / "memory_hog.py", None, "ran out of memory"),
    "print_flood": (HOSTILE / "print_flood.py", 1.0, None),
    "leaves_daemon": (DAEMON, None, "Resource temporarily unavailable"),
    "syntax_error": (HOSTILE / "syntax_error.py", 0.0, "SyntaxError"),
    "not_utf8": (HOSTILE / "not_utf8.py", 0.0, "is not UTF-8 text"),
}


def _submission(relu: Path | bytes | None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"work/{n}": s for n, s in SOLUTIONS.items()}
    if relu is not None:
        files["work/exercise1_relu.py"] = relu if isinstance(relu, bytes) else relu.read_bytes()
    return files


def _zip_slip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../../exercise1_relu.py", SOLUTIONS["exercise1_relu.py"])
        for name, text in SOLUTIONS.items():
            if name != "exercise1_relu.py":
                archive.writestr(f"zs/{name}", text)


def grade(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["grade", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("bulk")
    specs = {name: _submission(relu) for name, (relu, _, _) in RELU_CASES.items()}
    escapes = (FIXTURES / "escapes_workdir.py").read_bytes().replace(b"ESCAPE_PATH", bytes(ESCAPE))
    specs["writes_outside"] = {**_submission(None), "work/exercise1_relu.py": escapes}
    specs["empty"] = {}
    make_class(root / "class", specs, zipped={"good"})
    _zip_slip(root / "class" / "zip_slip.zip")
    symlinked = root / "class" / "symlinked"
    symlinked.mkdir()
    for name, text in SOLUTIONS.items():
        (symlinked / name).write_text(text)
    (symlinked / "exercise1_relu.py").unlink()
    (symlinked / "exercise1_relu.py").symlink_to("/etc/passwd")
    (root / "class" / "README.txt").write_text("stray")
    temp = root / "temp"  # the run's own temporary folder: other runs on the machine do not count
    temp.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(temp))
        patch.setattr(tempfile, "tempdir", str(temp))
        code, output = grade(
            str(root / "class"),
            "--out",
            str(root / "out"),
            "--jobs",
            "2",
            "--timeout",
            "2",
            "--seed",
            "7",
        )
    results = json.loads((root / "out" / "results.json").read_text())
    by_name = {s["name"]: s for s in results["submissions"]}
    return {
        "root": root,
        "code": code,
        "output": output,
        "results": by_name,
        "temp": temp,
    }


def _descendants(pid: int) -> list[str]:
    """Command lines of every process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], list(children.get(pid, []))
    while stack:
        current = stack.pop()
        try:
            found.append((Path("/proc") / str(current) / "cmdline").read_bytes().decode())
        except OSError:
            continue
        stack.extend(children.get(current, []))
    return found


def exercise(graded, student: str, exercise_id: str) -> dict:
    return next(e for e in graded["results"][student]["exercises"] if e["exercise"] == exercise_id)


def reasons(record: dict) -> str:
    texts = [record.get("problem") or ""] + [c["message"] or "" for c in record["checks"]]
    return "\n".join(texts)


def test_the_run_succeeds_and_notes_stray_files(graded):
    assert graded["code"] == 0, graded["output"]
    assert "ignored README.txt: not a folder or a .zip" in graded["output"]
    assert len(graded["results"]) == len(RELU_CASES) + 4


@pytest.mark.parametrize("student", sorted(RELU_CASES))
def test_each_hostile_relu_gets_its_score_and_reason(graded, student):
    _, score, reason = RELU_CASES[student]
    relu = exercise(graded, student, "exercise1")
    if score is not None:
        assert relu["score"] == pytest.approx(score), reasons(relu)
    else:
        assert 0 < relu["score"] < 1, reasons(relu)
    if reason is not None:
        assert reason in reasons(relu)
    others = [e for e in graded["results"][student]["exercises"] if e["exercise"] != "exercise1"]
    assert [e["score"] for e in others] == [1.0] * 5  # the neighbours are unaffected


def test_exit_after_printing_passed_gains_nothing(graded):
    assert "ALL TESTS PASSED" in exercise(graded, "sys_exit", "exercise1")["output"]
    assert "ALL TESTS PASSED" in exercise(graded, "monkeypatch", "exercise1")["output"]


def test_print_flood_is_counted_and_cut(graded):
    relu = exercise(graded, "print_flood", "exercise1")
    assert relu["output_bytes"] > 50 * 2**20
    assert len(relu["output"]) <= 8 * 1024


def test_frames_and_memory_hold_no_expected_answers(graded, tmp_path):
    snoop = tmp_path / "class"
    make_class(snoop, {"snoop": {**_submission(FIXTURES / "snoops_frames.py")}})
    code, _ = grade(str(snoop), "--out", str(tmp_path / "out"), "--jobs", "1", "--seed", "7")
    record = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"][0]
    relu = next(e for e in record["exercises"] if e["exercise"] == "exercise1")
    assert code == 0
    assert relu["score"] < 0.5, reasons(relu)


def test_writes_outside_the_submission_land_nowhere(graded):
    assert exercise(graded, "writes_outside", "exercise1")["score"] == 1.0
    assert not ESCAPE.exists()


def test_zip_slip_is_never_extracted_and_is_reported(graded):
    record = graded["results"]["zip_slip"]
    assert exercise(graded, "zip_slip", "exercise1")["problem"] == "not submitted"
    assert any("path leaves the submission" in note for note in record["notes"])
    assert not (graded["root"].parent / "exercise1_relu.py").exists()


def test_symlinks_are_not_followed(graded):
    assert exercise(graded, "symlinked", "exercise1")["problem"] == "not submitted"
    assert any("symbolic link" in note for note in graded["results"]["symlinked"]["notes"])


def test_an_empty_submission_scores_zero(graded):
    record = graded["results"]["empty"]
    assert [e["problem"] for e in record["exercises"]] == ["not submitted"] * 6
    assert sum(e["score"] for e in record["exercises"]) == 0


def test_nothing_is_left_behind(graded):
    daemon = subprocess.run(["pgrep", "-f", f"sleep {DAEMON_SLEEP}"], capture_output=True)
    assert daemon.stdout == b""
    # No worker, zygote or child outlived the run (multiprocessing's resource tracker lives as
    # long as this test process, by design).
    left = [c for c in _descendants(os.getpid()) if "multiprocessing.resource_tracker" not in c]
    assert left == []
    assert list(graded["temp"].iterdir()) == []


def test_grades_csv_has_the_exact_columns(graded):
    lines = (graded["root"] / "out" / "grades.csv").read_text().splitlines()
    assert (
        lines[0] == "submission,exercise1,exercise2,exercise3,exercise4,exercise5,exercise6,total"
    )
    assert "good,1.000,1.000,1.000,1.000,1.000,1.000,6.000" in lines


def test_rerunning_resumes_and_regrades_only_what_changed(graded):
    root = graded["root"]
    args = (str(root / "class"), "--out", str(root / "out"), "--jobs", "2", "--timeout", "2")
    code, output = grade(*args)
    assert code == 0
    assert f"{len(graded['results'])} submission(s) already graded" in output
    (root / "class" / "empty" / "exercise2_sgd.py").write_text(SOLUTIONS["exercise2_sgd.py"])
    code, output = grade(*args)
    assert f"{len(graded['results']) - 1} submission(s) already graded" in output
    results = json.loads((root / "out" / "results.json").read_text())
    empty = next(s for s in results["submissions"] if s["name"] == "empty")
    assert sum(e["score"] for e in empty["exercises"]) == 1.0


def test_a_killed_run_loses_at_most_the_submissions_in_flight(tmp_path):
    make_class(tmp_path / "class", {f"s{i:02d}": _submission(None) for i in range(24)})
    command = [
        sys.executable,
        "-m",
        "bigpicture.course",
        "grade",
        str(tmp_path / "class"),
        "--out",
        str(tmp_path / "out"),
        "--jobs",
        "2",
        "--seed",
        "3",
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    database = tmp_path / "out" / "grades.sqlite"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _stored(database) < 4:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _stored(database)
    assert 4 <= before < 24
    code, output = grade(str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert code == 0
    assert f"{before} submission(s) already graded" in output
    assert _stored(database) == 24


def _stored(database: Path) -> int:
    import sqlite3

    if not database.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_shards_merge_into_the_same_grades(tmp_path):
    specs = {
        f"s{i}": _submission(None if i % 2 else MISTAKES / "exercise1/backward_ge_zero.py")
        for i in range(5)
    }
    make_class(tmp_path / "class", specs)
    common = ["--jobs", "1", "--seed", "11"]
    grade(str(tmp_path / "class"), "--out", str(tmp_path / "whole"), *common)
    for k in (1, 2):
        grade(
            str(tmp_path / "class"),
            "--out",
            str(tmp_path / f"shard{k}"),
            "--shard",
            f"{k}/2",
            *common,
        )
    code, output = grade(
        "merge",
        str(tmp_path / "shard1"),
        str(tmp_path / "shard2"),
        "--out",
        str(tmp_path / "merged"),
    )
    assert code == 0, output
    whole = (tmp_path / "whole" / "grades.csv").read_text()
    assert (tmp_path / "merged" / "grades.csv").read_text() == whole


def test_instructor_errors_exit_2_with_one_line(tmp_path):
    code, output = grade(str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert output.strip().count("\n") == 0 and "does not exist" in output
    (tmp_path / "class").mkdir()
    code, output = grade(str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--shard", "0/3")
    assert (code, output.strip()) == (2, "error: --shard '0/3': K must be between 1 and N")


def test_gradescope_mode_writes_results_json(tmp_path):
    make_class(tmp_path / "autograder", {"submission": _submission(None)})
    code, output = grade("--gradescope", "--autograder-root", str(tmp_path / "autograder"))
    assert code == 0, output
    results = json.loads((tmp_path / "autograder" / "results" / "results.json").read_text())
    assert results["score"] == pytest.approx(results["max_score"])
    assert {"name", "score", "max_score", "output", "visibility"} <= set(results["tests"][0])


def test_exercise_selection_and_an_out_folder_inside_the_class(tmp_path):
    make_class(tmp_path / "class", {"ann": _submission(None)})
    out = tmp_path / "class" / "results"
    code, output = grade(
        str(tmp_path / "class"), "--out", str(out), "--exercises", "1,adam", "--jobs", "1"
    )
    assert code == 0, output
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[1:] == ["ann,1.000,0.000,1.000,0.000,0.000,0.000,2.000"]
    code, output = grade(str(tmp_path / "class"), "--out", str(out), "--exercises", "1,adam")
    assert "ignored results: it is the --out folder" in output

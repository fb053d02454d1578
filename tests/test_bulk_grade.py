"""`bigpicture grade` end to end on a class full of hostile submissions.

One run grades them all (tests/hostile_class.py): each gets the right score and reason, the
correct exercises beside a hostile one keep full marks, the exports harm no tool, and no file,
process or IPC object is left behind. The run is repeated with each isolation layer alone.
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
from pathlib import Path

import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from bigpicture.grader.bulk import profile
from bigpicture.grader.isolation.layers import OFF_VARIABLE, probe
from tests import hostile_class
from tests.bulk_fixtures import make_class
from tests.helpers import FIXTURES, MISTAKES

SOLUTIONS = hostile_class.SOLUTIONS
LAYERS_OFF = {"every layer": "", "namespaces alone": "landlock", "Landlock alone": "namespaces"}


def _submission(relu: Path | bytes | None) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {f"work/{n}": s for n, s in SOLUTIONS.items()}
    if relu is not None:
        files["work/exercise1_relu.py"] = relu if isinstance(relu, bytes) else relu.read_bytes()
    return files


def grade(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["grade", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module", params=sorted(LAYERS_OFF))
def graded(request, tmp_path_factory):
    available = probe(unconfined=True)
    if "namespaces" in request.param and available.namespaces is None:
        pytest.skip("this machine cannot make the job's namespaces")
    if "Landlock" in request.param and available.landlock is None:
        pytest.skip("this kernel has no Landlock")
    root = tmp_path_factory.mktemp("bulk")
    try:  # the 1,100-deep folder is more than pytest's recursive clean-up can take
        escape = Path("/tmp") / f"bigpicture-escape-{secrets.token_hex(6)}"
        expected = hostile_class.build(root / "class", escape)
        before = hostile_class.tree_digest(root / "class")
        temp = root / "temp"  # the run's own: other runs on the machine do not count
        temp.mkdir()
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv(OFF_VARIABLE, LAYERS_OFF[request.param])
            patch.setenv("TMPDIR", str(temp))
            patch.setenv(profile.VARIABLE, str(root / "profile.jsonl"))  # the bench's, too
            patch.setattr(tempfile, "tempdir", str(temp))
            args = ["--jobs", "2", "--timeout", "2", "--seed", "7"]
            code, output = grade(str(root / "class"), "--out", str(root / "out"), *args)
        yield {
            "root": root,
            "code": code,
            "output": output,
            "expected": expected,
            "escape": escape,
            "unchanged": hostile_class.tree_digest(root / "class") == before,
            "temp": temp,
            "off": LAYERS_OFF[request.param],
        }
    finally:
        hostile_class.remove(root / "class")


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


def test_the_run_succeeds_and_notes_stray_files_literally(graded):
    assert graded["code"] == 0, graded["output"]
    note = f"ignored {hostile_class.MARKUP_FILE}: not a folder or a .zip"
    assert note in graded["output"].replace("\n", "")


def test_every_submission_gets_its_score_and_reason_and_the_exports_are_safe(graded):
    hostile_class.check_graded(graded["root"] / "out", graded["expected"])


def test_nothing_is_left_behind(graded):
    hostile_class.check_nothing_left(graded["temp"])
    # No worker, zygote or child outlived the run (multiprocessing's resource tracker lives as
    # long as this test process, by design).
    left = [c for c in _descendants(os.getpid()) if "multiprocessing.resource_tracker" not in c]
    assert left == []
    assert not graded["escape"].exists()
    assert graded["unchanged"]  # the class itself: no link followed, nothing written


def test_print_flood_is_counted_and_cut(graded):
    results = json.loads((graded["root"] / "out" / "results.json").read_text())
    record = next(s for s in results["submissions"] if s["name"] == "print_flood")
    relu = next(e for e in record["exercises"] if e["exercise"] == "exercise1")
    assert relu["output_bytes"] > 50 * 2**20
    assert len(relu["output"]) <= 8 * 1024


def test_profiling_a_hostile_class_changes_no_grade_and_keeps_every_phase_in_bounds(graded):
    # The grades were checked above with the profile on; here, the profile itself.
    lines = [json.loads(x) for x in (graded["root"] / "profile.jsonl").read_text().splitlines()]
    subs = [line for line in lines if line["kind"] == "submission"]
    assert len(subs) >= len(graded["expected"])  # a starved submission is graded again
    assert {line["kind"] for line in lines} >= {"worker", "save", "records", "exports"}
    for sub in subs:
        phases = [job[phase] for job in sub["jobs"] for phase in profile.PHASES]
        assert all(0 <= value <= sub["seconds"] for value in phases)
        assert sum(phases) + sub["load"] <= sub["seconds"]


def test_rerunning_resumes_and_regrades_only_what_changed(graded):
    root = graded["root"]
    count = len(graded["expected"])
    args = (str(root / "class"), "--out", str(root / "out"), "--jobs", "2", "--timeout", "2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(OFF_VARIABLE, graded["off"])  # the same layers: the grading keys match
        patch.setenv("TMPDIR", str(graded["temp"]))
        patch.setattr(tempfile, "tempdir", str(graded["temp"]))
        code, output = grade(*args)
        assert code == 0
        assert f"{count} submission(s) already graded" in output
        (root / "class" / "empty" / "exercise2_sgd.py").write_text(SOLUTIONS["exercise2_sgd.py"])
        code, output = grade(*args)
    assert f"{count - 1} submission(s) already graded" in output
    results = json.loads((root / "out" / "results.json").read_text())
    empty = next(s for s in results["submissions"] if s["name"] == "empty")
    assert sum(e["score"] for e in empty["exercises"]) == 1.0
    (root / "class" / "empty" / "exercise2_sgd.py").unlink()


def test_frames_and_memory_hold_no_expected_answers(tmp_path):
    snoop = tmp_path / "class"
    make_class(snoop, {"snoop": {**_submission(FIXTURES / "snoops_frames.py")}})
    code, _ = grade(str(snoop), "--out", str(tmp_path / "out"), "--jobs", "1", "--seed", "7")
    record = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"][0]
    relu = next(e for e in record["exercises"] if e["exercise"] == "exercise1")
    assert code == 0
    assert relu["score"] < 0.5


def test_a_killed_run_loses_at_most_its_last_second_and_resumes(tmp_path):
    # The sleeper keeps the run going (until its wall-clock limit, 2 x 1 + 3 s) while the store
    # commits what the others got, within a second of each.
    specs = {f"s{i:02d}": _submission(None) for i in range(24)}
    specs["zz_sleeps"] = _submission(FIXTURES / "sleep_forever.py")
    make_class(tmp_path / "class", specs)
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
        "--timeout",
        "1",
    ]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    database = tmp_path / "out" / "grades.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _stored(database) < 4:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _stored(database)
    assert 4 <= before < 25
    args = ["--jobs", "2", "--seed", "3", "--timeout", "1"]
    code, output = grade(str(tmp_path / "class"), "--out", str(tmp_path / "out"), *args)
    assert code == 0
    assert f"{before} submission(s) already graded" in output
    assert _stored(database) == 25


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
    assert lines[1:] == ["ann,1.000,0.000,1.000" + ",0.000" * 12 + ",2.000"]
    code, output = grade(str(tmp_path / "class"), "--out", str(out), "--exercises", "1,adam")
    assert "ignored results: it is the --out folder" in output

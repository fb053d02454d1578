"""The fork-server launcher: same verdicts as a fresh interpreter, and the sandbox holds."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import numpy as np
import pytest

from bigpicture.grader.bulk.zygote import ZygoteLauncher
from bigpicture.grader.checks import build_checks
from bigpicture.grader.grading import ExerciseResult, grade_source
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.sandbox import Call, Launcher, SpawnLauncher, run_calls
from tests.helpers import FIXTURES, MISTAKES, REPO, messages

HOSTILE = sorted((MISTAKES / "hostile").glob("*.py"))
SLOW = {"infinite_loop_at_import.py", "infinite_loop_in_call.py"}
RELU = REPO / "solutions" / "exercise1_relu.py"
SECRET = "do-not-leak-" + secrets.token_hex(8)


@pytest.fixture(scope="module")
def zygote():
    """One zygote for the whole module, started after the grader plants a secret."""
    os.environ["BIGPICTURE_SECRET"] = SECRET
    try:
        with ZygoteLauncher() as launcher:
            yield launcher
    finally:
        del os.environ["BIGPICTURE_SECRET"]


def grade(source: bytes | Path, launcher: Launcher, timeout: float = 5.0) -> ExerciseResult:
    """Grades ``source`` as exercise 1 with fixed checks (seed 1234)."""
    exercise = load_manifest().find("1")
    checks = build_checks(exercise.id, np.random.default_rng(1234))
    if isinstance(source, Path):
        source = source.read_bytes()
    return grade_source(
        exercise, source, "exercise1_relu.py", checks, seed=1234, timeout=timeout, launcher=launcher
    )


def test_correct_solution_passes_as_with_spawn(zygote):
    result = grade(RELU, zygote)
    assert result.passed
    assert [c.passed for c in result.checks] == [
        c.passed for c in grade(RELU, SpawnLauncher()).checks
    ]


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_hostile_file_gets_the_same_verdict_as_with_spawn(zygote, path):
    timeout = 1.5 if path.name in SLOW else 20.0
    forked, spawned = grade(path, zygote, timeout), grade(path, SpawnLauncher(), timeout)
    assert (forked.status, messages(forked)) == (spawned.status, messages(spawned))
    assert (forked.output, forked.output_bytes) == (spawned.output, spawned.output_bytes)


def test_print_flood_is_counted_and_cut(zygote):
    result = grade(MISTAKES / "hostile" / "print_flood.py", zygote, timeout=20.0)
    assert result.output_bytes > 50 * 1024 * 1024
    assert len(result.output) <= 8 * 1024


def test_daemon_that_leaves_the_session_is_gone_after_the_job(zygote):
    # A number of its own for the daemon's sleep: other test runs on the machine do not matter.
    marker = str(800000 + secrets.randbelow(99999))
    source = (FIXTURES / "daemon_escapes.py").read_bytes().replace(b"987655", marker.encode())
    assert grade(source, zygote).passed
    survivors = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True)
    assert survivors.stdout == ""


def test_killing_the_zygote_is_refused_or_survived(zygote):
    pid = zygote.pid
    first = grade(FIXTURES / "kills_parent.py", zygote)
    assert "kill refused" in first.output
    assert zygote.pid == pid  # it survived: no restart was needed
    assert grade(RELU, zygote).passed


def test_a_lost_zygote_is_restarted_and_the_job_retried(zygote):
    os.kill(zygote.pid, 9)
    assert grade(RELU, zygote).passed
    assert grade(RELU, zygote).passed


def test_secrets_of_the_grader_do_not_reach_the_learner(zygote):
    result = grade(FIXTURES / "reads_secrets.py", zygote)
    assert "PROBED" in result.output
    assert "LEAK" not in result.output
    assert SECRET not in result.output


def test_no_write_outside_the_work_dir(zygote):
    escape = Path("/tmp") / f"bigpicture-escape-{secrets.token_hex(8)}"
    source = (FIXTURES / "escapes_workdir.py").read_bytes().replace(b"ESCAPE_PATH", bytes(escape))
    result = grade(source, zygote)
    assert "write refused" in result.output
    assert not escape.exists()


@pytest.mark.parametrize(
    "swap", ["os.mkfifo('out/stream')", "os.symlink('/etc/hostname', 'out/stream')"]
)
@pytest.mark.parametrize("launcher", ["zygote", "spawn"])
def test_links_and_fifos_left_in_out_are_not_read_back(zygote, swap, launcher):
    """A FIFO would block the grader; a symlink could point at another submission's results."""
    source = (
        b"import os\nimport numpy as np\n"
        b"def f(x):\n"
        b"    os.remove('out/stream')\n"
        b"    " + swap.encode() + b"\n"
        b"    os._exit(0)\n"
    )
    chosen = zygote if launcher == "zygote" else SpawnLauncher()
    run = run_calls(source, "f.py", "f", [Call("f", {"x": np.arange(3.0)})], launcher=chosen)
    assert (run.results[0].status, run.stage) == ("not_run", "")

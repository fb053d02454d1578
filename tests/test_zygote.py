"""The fork server: one zygote for many jobs gives the same verdicts as a zygote per job, and
survives whatever a job does to it."""

from __future__ import annotations

import fcntl
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from bigpicture.grader.checks import build_checks
from bigpicture.grader.grading import ExerciseResult, grade_source
from bigpicture.grader.isolation.launcher import ZygoteLauncher
from bigpicture.grader.isolation.layers import probe
from bigpicture.grader.isolation.zygote import REPORT_PIPE_BYTES, _Watch, starved, wants_cpu
from bigpicture.grader.manifest import load_manifest
from bigpicture.grader.sandbox import Launcher, pack_calls
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


def grade(source: bytes | Path, launcher: Launcher | None, timeout: float = 5.0) -> ExerciseResult:
    """Grades ``source`` as exercise 1 with fixed checks (seed 1234); a zygote of its own when
    ``launcher`` is None."""
    exercise = load_manifest().find("1")
    checks = build_checks(exercise, np.random.default_rng(1234))
    if isinstance(source, Path):
        source = source.read_bytes()
    return grade_source(
        exercise, source, "exercise1_relu.py", checks, seed=1234, timeout=timeout, launcher=launcher
    )


def test_correct_solution_passes_as_with_a_zygote_of_its_own(zygote):
    result = grade(RELU, zygote)
    assert result.passed
    assert [c.passed for c in result.checks] == [c.passed for c in grade(RELU, None).checks]


@pytest.mark.parametrize("path", HOSTILE, ids=[p.stem for p in HOSTILE])
def test_hostile_file_gets_the_same_verdict_as_with_a_zygote_of_its_own(zygote, path):
    timeout = 1.5 if path.name in SLOW else 20.0
    shared, own = grade(path, zygote, timeout), grade(path, None, timeout)
    assert (shared.status, messages(shared)) == (own.status, messages(own))
    assert (shared.output, shared.output_bytes) == (own.output, own.output_bytes)


class _CountingPipe:
    """The zygote's stdin, counting the bytes written to it."""

    def __init__(self, pipe) -> None:
        self.pipe = pipe
        self.written = 0

    def write(self, data: bytes) -> int:
        self.written += len(data)
        return self.pipe.write(data)

    def __getattr__(self, name: str):
        return getattr(self.pipe, name)


def test_calls_travel_once_and_a_job_changing_its_inputs_leaves_the_next_job_its_own():
    """Bulk grading packs an exercise's calls once: the zygote keeps them after the first job,
    and each job still gets them as sent, whatever the jobs before it did to theirs."""
    exercise = load_manifest().find("1")
    checks = build_checks(exercise, np.random.default_rng(1234))
    packed = pack_calls(exercise.file, exercise.module, [c for k in checks for c in k.calls])
    in_place = [MISTAKES / "exercise1" / f"{name}_in_place.py" for name in ("relu", "backward")]
    order = [in_place[0], RELU, in_place[1], RELU, in_place[0], in_place[1]]
    with ZygoteLauncher() as launcher:
        verdicts, sent = [], []
        for path in order:
            launcher.wait_ready()
            pipe = launcher._proc.stdin = _CountingPipe(launcher._proc.stdin)
            result = grade_source(
                exercise,
                path.read_bytes(),
                exercise.file,
                checks,
                seed=1234,
                timeout=20.0,
                launcher=launcher,
                packed=packed,
            )
            verdicts.append((result.status, messages(result)))
            sent.append(pipe.written)
            launcher._proc.stdin = pipe.pipe
    alone = {path: grade(path, None, 20.0) for path in set(order)}
    assert verdicts == [(alone[p].status, messages(alone[p])) for p in order]
    assert verdicts[1][0] == verdicts[3][0] == "passed"
    assert sent[0] > len(packed.inputs) > 0  # the first job sends the inputs, no other does
    assert all(size < len(packed.inputs) + len(packed.request) for size in sent[1:])
    assert max(sent[1:]) < sent[0] - len(packed.inputs)


def test_a_daemon_cannot_even_start_and_nothing_outlives_the_job(zygote):
    # A number of its own for the daemon's sleep: other test runs on the machine do not matter.
    marker = str(800000 + secrets.randbelow(99999))
    source = (FIXTURES / "daemon_escapes.py").read_bytes().replace(b"987655", marker.encode())
    result = grade(source, zygote)
    assert any("Resource temporarily unavailable" in m for m in messages(result))
    survivors = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True, text=True)
    assert survivors.stdout == ""


def test_killing_the_zygote_is_impossible(zygote):
    pid = zygote.pid
    grade(FIXTURES / "kills_parent.py", zygote)
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


def test_no_write_outside_the_job(zygote):
    escape = Path("/tmp") / f"bigpicture-escape-{secrets.token_hex(8)}"
    source = (FIXTURES / "escapes_workdir.py").read_bytes().replace(b"ESCAPE_PATH", bytes(escape))
    assert grade(source, zygote).passed
    assert not escape.exists()


def test_a_job_waiting_for_a_cpu_is_starved_and_a_sleeping_one_is_not():
    spin = [sys.executable, "-c", "while True: pass"]
    sleeper = subprocess.Popen(["sleep", "600"])  # starts in a millisecond, then only waits
    busy = [subprocess.Popen(spin) for _ in range(4)]  # four on one CPU: each waits ~3/4
    try:
        for process in busy:
            os.sched_setaffinity(process.pid, {min(os.sched_getaffinity(0))})
        start = time.monotonic()
        waited = False
        while not (waited and time.monotonic() - start > 2) and time.monotonic() - start < 60:
            time.sleep(0.1)
            waited = starved(busy[0].pid, time.monotonic() - start)
        assert waited
        assert not starved(sleeper.pid, time.monotonic() - start)
    finally:
        for process in [*busy, sleeper]:
            process.kill()
            process.wait()


def test_namespaces_refused_half_way_fall_back_to_the_other_layers(monkeypatch):
    if probe(unconfined=True).namespaces is None:
        pytest.skip("this machine cannot make the job's namespaces at all")
    # The jobs' root cannot be mounted where it does not exist: the zygote fails after its
    # namespaces were made, as on a kernel that lets them be made but not used.
    real = tempfile.mkdtemp
    missing = "/nonexistent-bigpicture-root"
    monkeypatch.setattr(
        tempfile, "mkdtemp", lambda prefix: missing if "root" in prefix else real(prefix=prefix)
    )
    with ZygoteLauncher() as launcher:
        assert grade(RELU, launcher).passed
        assert launcher.ready["layers"]["namespaces"] is None


def _watched(report_bytes: int, capacity: int = REPORT_PIPE_BYTES) -> _Watch:
    """A _Watch over a child that writes ``report_bytes`` to its report pipe, then ends."""
    pipes = {name: os.pipe() for name in ("report", "output0", "status")}
    fcntl.fcntl(pipes["report"][0], fcntl.F_SETPIPE_SZ, capacity)
    pid = os.fork()
    if pid == 0:
        try:
            chunk = b"r" * 65536
            for start in range(0, report_bytes, len(chunk)):
                os.write(pipes["report"][1], chunk[: report_bytes - start])
        finally:
            os._exit(0)
    for _, write_end in pipes.values():
        os.close(write_end)
    watch = _Watch(pid, 5.0, {name: ends[0] for name, ends in pipes.items()}, capacity)
    try:
        watch.run()
    finally:
        for read_end, _ in pipes.values():
            os.close(read_end)
    return watch


def test_a_report_is_read_in_batches_and_a_flood_as_it_comes():
    small = _watched(300_000)  # a large exercise's whole report: it waits in the pipe
    assert (len(small.report), small.report_eager) == (300_000, False)
    flood = _watched(40 * 2**20)  # more than the pipe holds: read as it comes, all of it
    assert (len(flood.report), flood.report_eager) == (40 * 2**20, True)
    assert flood.answer()["timeout"] is None
    cramped = _watched(1_000_000, capacity=65536)  # a pipe left small: as it comes, too
    assert (len(cramped.report), cramped.report_eager) == (1_000_000, True)


def test_a_computing_job_wants_the_cpu_and_a_sleeping_one_does_not():
    """The wall-clock backstop waits longer for a job that computes, however slowly a busy
    machine lets it (its CPU limit ends it, with the same verdict as on an idle machine), and
    not for one that sleeps."""
    start = time.monotonic()
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    asleep = subprocess.Popen(["sleep", "600"])  # no interpreter to start: asleep at once
    try:
        time.sleep(1.0)
        elapsed = time.monotonic() - start
        assert wants_cpu(busy.pid, elapsed)
        assert not wants_cpu(asleep.pid, elapsed)
    finally:
        busy.kill()
        asleep.kill()
        busy.wait()
        asleep.wait()

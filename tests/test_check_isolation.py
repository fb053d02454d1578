"""`bigpicture check` on the learner's own machine: a file cannot hang it, crash it, leave
anything behind, forge its report, mark itself passed or reach the process grading it."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bigpicture.grader.isolation.layers import probe
from tests.helpers import FIXTURES

CHEATS = """
import ctypes
import glob
import os
import pathlib

import numpy as np

FORGED = "✓ exercise1 FORGED-PASS 7/7"


def _try(action):
    try:
        action()
    except Exception:
        pass


def _ptrace_everyone():
    libc = ctypes.CDLL(None)
    for pid in [os.getppid(), GRADER_PID]:
        libc.ptrace(16, pid, None, None)  # PTRACE_ATTACH


def _mark_passed():
    progress = pathlib.Path(__file__).parent / ".bigpicture" / "progress.json"
    state = '{"status": "passed", "passed_ever": true, "attempts": 99}'
    progress.write_text('{"version": 1, "exercises": {"exercise1": ' + state + "}}")


def _print_to_the_terminal():
    for path in ["/dev/tty", *glob.glob("/proc/*/fd/1"), *glob.glob("/proc/*/fd/2")]:
        _try(lambda: pathlib.Path(path).write_text(FORGED + "\\n"))


def relu(x):
    for cheat in (_ptrace_everyone, _mark_passed, _print_to_the_terminal):
        _try(cheat)
    return x  # wrong: negatives are kept


def relu_backward(dout, x):
    return np.where(x > 0, dout, 0.0)
"""


def run_check(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    temp = workspace.parent / "temp"
    temp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temp), "COLUMNS": "200"}
    command = [sys.executable, "-m", "bigpicture.course", "check", *args, "--lang", "en"]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=workspace, env=env, timeout=300
    )


@pytest.fixture
def workspace(tmp_path):
    init = [sys.executable, "-m", "bigpicture.course", "init", str(tmp_path / "course")]
    subprocess.run(init, check=True, capture_output=True, timeout=300)
    return tmp_path / "course"


def test_a_file_that_cheats_gets_its_true_verdict_and_nothing_else(workspace):
    if not probe(unconfined=True).hides_answers:
        pytest.skip("no isolation layer here: a learner's own file can reach its own files")
    path = workspace / "exercise1_relu.py"
    path.write_text(CHEATS.replace("GRADER_PID", str(os.getpid())))
    result = run_check(workspace, "1", "--timeout", "5")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "FORGED-PASS" not in result.stdout + result.stderr
    assert "relu: out is wrong" in result.stdout
    state = json.loads((workspace / ".bigpicture" / "progress.json").read_text())["exercises"]
    assert state["exercise1"]["status"] == "failed"
    assert state["exercise1"]["passed_ever"] is False and state["exercise1"]["attempts"] == 1


def test_a_daemon_deep_trees_and_a_full_temp_neither_hang_nor_crash_check(workspace):
    marker = str(600000 + secrets.randbelow(99999))
    daemon = (FIXTURES / "daemon_escapes.py").read_text().replace("987655", marker)
    traces = (FIXTURES / "leaves_traces.py").read_text()
    (workspace / "exercise1_relu.py").write_text(daemon)
    result = run_check(workspace, "1", "--timeout", "2")
    assert result.returncode == 1
    assert "Resource temporarily unavailable" in result.stdout
    survivors = subprocess.run(["pgrep", "-f", f"sleep {marker}"], capture_output=True)
    assert survivors.stdout == b""
    (workspace / "exercise1_relu.py").write_text(traces)
    result = run_check(workspace, "1", "--timeout", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((workspace.parent / "temp").iterdir()) == []

"""Each isolation layer holds on its own: the answers, the grader and the machine stay out of
reach of learner code, and where no layer can hide the answers, bulk grading refuses."""

from __future__ import annotations

import json
import os
import secrets
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from bigpicture.course.cli import app
from bigpicture.grader.isolation import landlock, view
from bigpicture.grader.isolation.job import child_environment
from bigpicture.grader.isolation.layers import OFF_VARIABLE, Layers, SandboxUnavailable, probe
from tests.bulk_fixtures import make_class
from tests.helpers import FIXTURES, REPO

SOLUTION = REPO / "solutions" / "exercise1_relu.py"


def _available() -> Layers:
    return probe(unconfined=True)


def _numba_file() -> str:
    import numba

    return numba.__file__


def probing_source(escape: Path) -> bytes:
    """The probing relu, aimed at this grader's own paths."""
    text = (FIXTURES / "probes_the_sandbox.py").read_text()
    for name, value in {
        "ESCAPE_PATH": str(escape),
        "SOLUTION_PATH": str(SOLUTION),
        "NUMBA_PATH": _numba_file(),
        "GRADER_PID": str(os.getpid()),
    }.items():
        text = text.replace(name, value)
    return text.encode()


def probes(output: str) -> dict[str, str]:
    """``PROBE name: what happened`` lines, as a dict."""
    found = {}
    for line in output.splitlines():
        if line.startswith("PROBE "):
            name, _, said = line[len("PROBE ") :].partition(": ")
            found[name] = said
    return found


MODES = {
    "namespaces and Landlock": "",
    "namespaces alone": "landlock",
    "Landlock alone": "namespaces",
}


@pytest.mark.parametrize("mode", sorted(MODES))
def test_learner_code_cannot_reach_the_answers_or_the_grader(mode, monkeypatch, tmp_path, grade):
    available = _available()
    if "namespaces" in mode and available.namespaces is None:
        pytest.skip("this machine cannot make the job's namespaces")
    if "Landlock" in mode and available.landlock is None:
        pytest.skip("this kernel has no Landlock")
    monkeypatch.setenv(OFF_VARIABLE, MODES[mode])
    escape = tmp_path / f"escaped-{secrets.token_hex(4)}"
    path = tmp_path / "exercise1_relu.py"
    path.write_bytes(probing_source(escape))
    result = grade("1", path)
    said = probes(result.output)
    assert result.passed, result.output
    for refused in (
        "import solutions",
        "import engine",
        "read solution",
        "read numba",
        "grader cmdline",
        "fork",
        "signal grader",
    ):
        assert said[refused].startswith("refused"), (refused, said)
    assert not escape.exists()
    assert said["write own folder"].startswith("['escaped'"), said  # and only there
    assert said["environment"] == repr(sorted(child_environment("/job"))), said  # and no more
    if "namespaces" in mode:  # the job's own network: nothing leaves it
        assert said["udp"].startswith("refused") and said["unix"].startswith("refused")


def test_with_no_layer_that_hides_the_answers_bulk_grading_refuses(monkeypatch, tmp_path):
    monkeypatch.setenv(OFF_VARIABLE, "namespaces,landlock")
    with pytest.raises(SandboxUnavailable):
        probe()
    make_class(tmp_path / "class", {"ann": {"exercise1_relu.py": SOLUTION.read_text()}})
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["grade", str(tmp_path / "class"), "--out", str(out)])
    assert result.exit_code == 2
    assert "no isolation layer that hides the answers works here" in result.output
    assert "--unconfined" in result.output
    assert not (out / "grades.csv").exists()


def test_unconfined_grading_says_so_everywhere(monkeypatch, tmp_path):
    monkeypatch.setenv(OFF_VARIABLE, "namespaces,landlock")
    make_class(tmp_path / "class", {"ann": {"exercise1_relu.py": SOLUTION.read_text()}})
    out = tmp_path / "out"
    args = ["grade", str(tmp_path / "class"), "--out", str(out), "--unconfined", "--jobs", "1"]
    result = CliRunner().invoke(app, [*args, "--exercises", "1"])
    assert result.exit_code == 0, result.output
    assert "UNCONFINED: learner code can read the solutions" in result.output
    sandbox = json.loads((out / "results.json").read_text())["sandbox"]
    assert sandbox["unconfined"] is True and sandbox["hides_answers"] is False
    assert "UNCONFINED" in sandbox["summary"]
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert "UNCONFINED" in suite.find("system-err").text
    assert "UNCONFINED" in suite.find("properties/property").get("value")


def test_the_layers_in_use_are_reported_in_one_line_and_in_results_json(tmp_path):
    available = _available()
    make_class(tmp_path / "class", {"ann": {"exercise1_relu.py": SOLUTION.read_text()}})
    out = tmp_path / "out"
    args = ["grade", str(tmp_path / "class"), "--out", str(out), "--jobs", "1", "--exercises", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("sandbox: "))
    assert line == available.describe()
    sandbox = json.loads((out / "results.json").read_text())["sandbox"]
    assert (sandbox["namespaces"], sandbox["landlock"]) == (
        available.namespaces,
        available.landlock,
    )


def test_landlock_reports_the_abi_or_unavailable():
    try:
        assert landlock.abi_version() >= 1
    except landlock.Unavailable as exc:
        assert "Landlock is not available" in str(exc)


def test_a_hidden_folder_may_show_the_way_to_a_readable_one_and_nothing_else(tmp_path):
    # A checkout on sys.path (hidden) holding the venv whose numpy is readable, as in CI.
    numpy_dir = tmp_path / "checkout" / ".venv" / "lib" / "numpy"
    numpy_dir.mkdir(parents=True)
    (tmp_path / "checkout" / "solutions").mkdir()
    seen = view.View(read=(str(numpy_dir),), hidden=(str(tmp_path / "checkout"),))
    assert view.leaks(seen, []) == [str(tmp_path / "checkout" / "solutions")]


@pytest.mark.parametrize("shown", [False, True])
def test_a_jobs_root_that_shows_a_secret_stops_the_zygote_before_any_job(shown, tmp_path):
    """The jobs' root is checked once, entered as a job enters it, before the first job: every
    job's root is a copy of it. Here numpy's folder (readable, so shown) plays the secret."""
    available = _available()
    if available.namespaces is None:
        pytest.skip("this machine cannot make the job's namespaces")
    import numpy

    from bigpicture.grader.isolation import job

    (tmp_path / "root").mkdir()
    pid = os.fork()
    if pid == 0:  # prepare() moves its caller into namespaces of its own: a fork of the tests
        code = 3
        try:
            if shown:
                view.secrets = lambda: [os.path.dirname(numpy.__file__)]
            try:
                job.prepare(Layers(available.namespaces, None), None, str(tmp_path / "root"))
                code = 0
            except RuntimeError as exc:
                code = 1 if "must hide" in str(exc) and "numpy" in str(exc) else 2
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == (1 if shown else 0)

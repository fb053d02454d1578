"""The hostile class, graded from a fresh install made as the README says, of the other kind
than the one running these tests: a wheel (`pip install .`) when the tests run from an editable
install, an editable one when they run from a wheel (as in CI). Then the same class once more
as an unprivileged user, where the sandbox is an unprivileged user namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import bigpicture.grader
from bigpicture.grader.isolation.layers import probe
from tests import hostile_class
from tests.helpers import REPO

NOBODY = 65534


def _running_editable() -> bool:
    return Path(bigpicture.grader.__file__).resolve().is_relative_to(REPO.resolve())


def _python() -> str:
    """The machine's own python3 when it is new enough (readable by every user, so the
    unprivileged run can use it too), else the interpreter running the tests."""
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system:
        version = subprocess.run(
            [system, "-c", "import sys; print(sys.version_info >= (3, 11))"],
            capture_output=True,
            text=True,
        )
        if version.stdout.strip() == "True":
            return system
    return sys.executable


@pytest.fixture(scope="module")
def fresh():
    """A new venv with bigpicture installed into it; readable by every user."""
    root = Path(tempfile.mkdtemp(prefix="fresh-install-"))
    root.chmod(0o755)
    try:
        venv = root / "venv"
        subprocess.run([_python(), "-m", "venv", str(venv)], check=True, timeout=300)
        kind = "wheel" if _running_editable() else "editable"
        install = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        install += ["-e", str(REPO)] if kind == "editable" else [str(REPO)]
        subprocess.run(install, check=True, timeout=900, capture_output=True)
        where = subprocess.run(
            [
                str(venv / "bin" / "python"),
                "-c",
                "import bigpicture.solutions as s; print(s.__file__)",
            ],
            capture_output=True,
            text=True,
            cwd="/",
            check=True,
        )
        solutions = Path(where.stdout.strip()).parent
        yield {"root": root, "venv": venv, "kind": kind, "solutions": solutions}
    finally:
        hostile_class.remove(root)


def _grade_hostile_class(fresh: dict, folder: Path, user: int | None) -> tuple[dict, Path]:
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # whatever the umask: the unprivileged run writes here
    escape = Path("/tmp") / f"fresh-escape-{os.getpid()}"
    expected = hostile_class.build(folder / "class", escape, fresh["solutions"])
    temp = folder / "temp"
    temp.mkdir(mode=0o777)
    temp.chmod(0o777)
    command = [str(fresh["venv"] / "bin" / "bigpicture"), "grade", str(folder / "class")]
    command += ["--out", str(folder / "out"), "--jobs", "2", "--timeout", "2", "--seed", "7"]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    run = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=folder,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(folder),
            "TMPDIR": str(temp),
            "LANG": "C.UTF-8",
        },
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert not escape.exists()
    return {"expected": expected, "output": run.stdout, "temp": temp}, folder / "out"


def test_the_fresh_install_is_of_the_other_kind(fresh):
    inside_venv = fresh["solutions"].resolve().is_relative_to(fresh["venv"].resolve())
    assert inside_venv == (fresh["kind"] == "wheel")


def test_a_fresh_install_grades_the_hostile_class(fresh):
    run, out = _grade_hostile_class(fresh, fresh["root"] / "as-root", user=None)
    hostile_class.check_graded(out, run["expected"])
    hostile_class.check_nothing_left(run["temp"])
    sandbox = json.loads((out / "results.json").read_text())["sandbox"]
    available = probe(unconfined=True)  # this process's layers are the fresh install's too
    assert (sandbox["namespaces"], sandbox["landlock"]) == (
        available.namespaces,
        available.landlock,
    )
    assert sandbox["hides_answers"] is True


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become an unprivileged user")
def test_an_unprivileged_grader_gets_a_user_namespace_and_holds(fresh):
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    probe = subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        + [str(fresh["venv"] / "bin" / "python"), "-c"]
        + ["from bigpicture.grader.isolation.layers import probe; print(probe(True).namespaces)"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    if probe.stdout.strip() != "user":
        pytest.skip(f"no unprivileged user namespaces here: {probe.stdout}{probe.stderr[-300:]}")
    run, out = _grade_hostile_class(fresh, fresh["root"] / "as-nobody", user=NOBODY)
    assert "user namespace" in run["output"]
    hostile_class.check_graded(out, run["expected"])
    hostile_class.check_nothing_left(run["temp"])
    assert _gone(NOBODY), subprocess.run(["ps", "-fu", str(NOBODY)], capture_output=True).stdout


def _gone(user: int, deadline: float = 30.0) -> bool:
    """Whether every process of ``user`` ends within ``deadline`` seconds (the grader's own
    helpers, such as multiprocessing's resource tracker, end just after it does)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if subprocess.run(["pgrep", "-u", str(user)], capture_output=True).stdout == b"":
            return True
        time.sleep(0.1)
    return False

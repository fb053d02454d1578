"""A class of hostile submissions, one per attack bulk grading must survive, and what each scores.

:func:`build` writes the class; :func:`check_graded` asserts every verdict of a run on it and
:func:`check_nothing_left` that nothing outlived the run. The same class is graded in-process,
with each isolation layer alone, and from a fresh install (tests/test_bulk_grade.py and
tests/test_fresh_install.py).
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import os
import secrets
import stat
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bigpicture.grader.files import remove_tree
from bigpicture.grader.isolation.layers import SLOT_UID_BASE
from tests.bulk_fixtures import make_class
from tests.helpers import FIXTURES, MISTAKES, REPO

SOLUTIONS = {p.name: p.read_text() for p in sorted((REPO / "solutions").glob("exercise*.py"))}
EXERCISES = [f"exercise{n}" for n in range(1, 16)]
HOSTILE = MISTAKES / "hostile"
BOM = b"\xef\xbb\xbf"
FORMULA_NAMES = ["+1+cmd|' \\C calc'!A0", '=HYPERLINK("x")', "@SUM(A1)", "-2+3"]
LONG_KOREAN = "가나다라마바사아자차카타파하" * 6  # 84 syllables, 252 bytes in UTF-8
NOT_UTF8 = b"caf\xe9"
MARKUP_FILE = "[bold red]styled :smile: [link=x]"  # a name cannot hold a slash


@dataclass(frozen=True)
class Expect:
    """What one submission must score on its attacked exercise (``"*"``: on all of them)."""

    exercise: str
    score: float | None  # None: strictly between 0 and 1
    reason: str | None = None  # words that must appear among its messages


def _files(**replaced: bytes | str) -> dict[str, str | bytes]:
    """A submission of the six solutions, with some files replaced."""
    files: dict[str, str | bytes] = {f"work/{n}": s for n, s in SOLUTIONS.items()}
    files.update({f"work/{n}": v for n, v in replaced.items()})
    return files


def _patched(mistake: str, patch: str) -> str:
    return (MISTAKES / mistake).read_text() + "\nimport sys\n" + patch + "\n"


def _forger(record: str) -> str:
    """A relu that writes the bytes of the expression ``record`` into its report pipe, then
    answers correctly."""
    return (
        "import os\nimport numpy as np\n"
        f"def relu(x):\n    os.write(3, {record})\n    return np.maximum(x, 0)\n"
        "def relu_backward(dout, x):\n    return np.where(x > 0, dout, 0.0)\n"
    )


def _escape(path: Path) -> bytes:
    return (FIXTURES / "escapes_workdir.py").read_bytes().replace(b"ESCAPE_PATH", bytes(path))


def build(root: Path, escape: Path, installed: Path | None = None) -> dict[str, Expect]:
    """Writes the class into ``root`` (created); returns each submission's expectation.

    Args:
        root: the submissions folder.
        escape: a path outside everything, which one submission tries to write.
        installed: the folder of the grading install's ``bigpicture.solutions`` (default:
            the one these tests import), which one submission tries to read.
    """
    installed = installed or Path(importlib.util.find_spec("bigpicture.solutions").origin).parent
    sleep_marker = str(900000 + secrets.randbelow(99999))
    daemon = (FIXTURES / "daemon_escapes.py").read_bytes().replace(b"987655", sleep_marker.encode())
    relu = "exercise1_relu.py"
    specs: dict[str, tuple[dict, Expect]] = {
        "good": (_files(), Expect("*", 1.0)),
        # Answers and the grader's insides are out of reach.
        "steals_answers": (
            {
                f"w/{name}": f"from bigpicture.solutions.{name[:-3]} import *\n"
                for name in SOLUTIONS
            },
            Expect("*", 0.0, "raised an error while loading"),
        ),
        "reads_answers": (
            _files(**{relu: f"exec(open({str(REPO / 'solutions' / relu)!r}).read())\n"}),
            Expect("exercise1", 0.0, "while loading"),
        ),
        "reads_installed_answers": (
            _files(**{relu: f"exec(open({str(installed / relu)!r}).read())\n"}),
            Expect("exercise1", 0.0, "while loading"),
        ),
        "snoops_frames": (
            _files(**{relu: (FIXTURES / "snoops_frames.py").read_bytes()}),
            Expect("exercise1", None),
        ),
        # The report is hostile input.
        "forges_nan": (
            _files(**{relu: _forger(repr(b'{"event": "result", "id": 0, "seconds": NaN}\n'))}),
            Expect("exercise1", 0.0, "grading protocol was broken"),
        ),
        "forges_deep_json": (
            _files(**{relu: _forger('b"[" * 100_000 + b"\\n"')}),
            Expect("exercise1", 0.0, "grading protocol was broken"),
        ),
        "forges_huge_message": (
            _files(**{relu: _forger("b'{\"x\": \"' + b'm' * (2 << 20) + b'\"}\\n'")}),
            Expect("exercise1", 0.0, "grading protocol was broken"),
        ),
        # Facts that decide points do not come from the child.
        "hides_mutation": (
            _files(
                **{
                    relu: _patched(
                        "exercise1/relu_in_place.py",
                        "sys.modules['bigpicture.grader.child']._after = lambda v, s: None",
                    )
                }
            ),
            Expect("exercise1", None, "modified its input in place"),
        ),
        "hides_rng": (
            _files(
                **{
                    "exercise4_dropout.py": _patched(
                        "exercise4/eval_consumes_rng.py",
                        "sys.modules['bigpicture.grader.child']._rng_digest = lambda r: '0' * 32",
                    )
                }
            ),
            Expect("exercise4", None, "drew random numbers from rng in eval mode"),
        ),
        # Processes, IPC objects, sockets and files do not outlive the job.
        "leaves_daemon": (_files(**{relu: daemon}), Expect("exercise1", None, "Resource")),
        "leaves_traces": (
            _files(**{relu: (FIXTURES / "leaves_traces.py").read_bytes()}),
            Expect("exercise1", 1.0),
        ),
        "writes_outside": (_files(**{relu: _escape(escape)}), Expect("exercise1", 1.0)),
        # Hangs, crashes and floods get a verdict.
        "loop_at_import": (
            _files(**{relu: (HOSTILE / "infinite_loop_at_import.py").read_bytes()}),
            Expect("exercise1", 0.0, "timed out while loading"),
        ),
        "loop_in_call": (
            _files(**{relu: (HOSTILE / "infinite_loop_in_call.py").read_bytes()}),
            Expect("exercise1", 0.0, "it used all of its 2 s of CPU time"),
        ),
        "sleeps_forever": (
            _files(**{relu: (FIXTURES / "sleep_forever.py").read_bytes()}),
            Expect("exercise1", 0.0, "while hardly computing"),
        ),
        "memory_hog": (
            _files(**{relu: (HOSTILE / "memory_hog.py").read_bytes()}),
            Expect("exercise1", None, "ran out of memory"),
        ),
        "os_exit": (
            _files(**{relu: (HOSTILE / "os_exit.py").read_bytes()}),
            Expect("exercise1", 0.0, "exited with code 0"),
        ),
        "print_flood": (
            _files(**{relu: (HOSTILE / "print_flood.py").read_bytes()}),
            Expect("exercise1", 1.0),
        ),
        "sys_exit": (
            _files(**{relu: (HOSTILE / "sys_exit.py").read_bytes()}),
            Expect("exercise1", None, "tried to end the program (sys.exit(0))"),
        ),
        "monkeypatch": (
            _files(**{relu: (FIXTURES / "monkeypatches_numpy.py").read_bytes()}),
            Expect("exercise1", None, "out is wrong"),
        ),
        "syntax_flood": (
            _files(**{relu: "def (:\n" * 140_000}),  # ~1 MB, the most a file may have
            Expect("exercise1", 0.0, "SyntaxError"),
        ),
        "not_utf8": (
            _files(**{relu: (HOSTILE / "not_utf8.py").read_bytes()}),
            Expect("exercise1", 0.0, "is not UTF-8 text"),
        ),
        # Fair inputs.
        "saved_with_bom": (
            {f"w/{n}": BOM + s.encode() for n, s in SOLUTIONS.items()},
            Expect("*", 1.0),
        ),
        "empty": ({}, Expect("*", 0.0, "not submitted")),
    }
    # Names that harm the instructor's tools, each a correct submission.
    for name in [*FORMULA_NAMES, LONG_KOREAN]:
        specs[name] = (_files(), Expect("*", 1.0))
    expected = {name: expect for name, (_, expect) in specs.items()}
    make_class(root, {name: files for name, (files, _) in specs.items()})
    _odd_submissions(root, expected)
    (root / MARKUP_FILE).write_text("a stray file whose name is rich markup")
    return expected


def _odd_submissions(root: Path, expected: dict[str, Expect]) -> None:
    """Submissions that need more than files: links, zips, undecodable and deep folders."""
    odd = os.path.join(os.fsencode(root), NOT_UTF8)
    os.mkdir(odd)
    for name, text in SOLUTIONS.items():
        Path(os.fsdecode(os.path.join(odd, os.fsencode(name)))).write_text(text)
    expected["caf\\xe9"] = Expect("*", 1.0)

    with zipfile.ZipFile(root / "zip_duplicates.zip", "w") as archive:
        for name, text in SOLUTIONS.items():
            archive.writestr(f"a/{name}", text)
        archive.writestr("b/exercise1_relu.py", SOLUTIONS["exercise1_relu.py"])
    expected["zip_duplicates"] = Expect("exercise1", 0.0, "appears 2 times in the zip")

    with zipfile.ZipFile(root / "zip_slip.zip", "w") as archive:
        archive.writestr("../../exercise1_relu.py", SOLUTIONS["exercise1_relu.py"])
    expected["zip_slip"] = Expect("*", 0.0, "not submitted")

    linked = root / "symlinked"
    linked.mkdir()
    (linked / "exercise1_relu.py").symlink_to(REPO / "solutions" / "exercise1_relu.py")
    expected["symlinked"] = Expect("*", 0.0, "not submitted")

    deep = root / "deep_folder"
    deep.mkdir()
    fd = os.open(deep, os.O_RDONLY)
    for _ in range(1100):  # deeper than the recursion limit, shorter than PATH_MAX
        os.mkdir("d", dir_fd=fd)
        inner = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    for name, text in SOLUTIONS.items():
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(descriptor, text.encode())
        os.close(descriptor)
    os.close(fd)
    expected["deep_folder"] = Expect("*", 1.0)


def remove(root: Path) -> None:
    """Removes a built class (pytest's recursive clean-up cannot take the deep folder)."""
    remove_tree(root)


def tree_digest(root: Path) -> str:
    """A digest of every entry under ``root`` (names, kinds, sizes, contents), never
    following a link: equal digests, an untouched class."""
    digest = hashlib.sha256()
    pending = [os.fsencode(root)]
    while pending:
        folder = pending.pop()
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            info = entry.stat(follow_symlinks=False)
            digest.update(entry.path + b"\0" + str((info.st_mode, info.st_size)).encode())
            if stat.S_ISDIR(info.st_mode):
                pending.append(entry.path)
            elif stat.S_ISREG(info.st_mode):
                digest.update(Path(os.fsdecode(entry.path)).read_bytes())
    return digest.hexdigest()


def _reasons(record: dict) -> str:
    texts = [record.get("problem") or ""] + [c["message"] or "" for c in record["checks"]]
    return "\n".join(texts)


def check_graded(out: Path, expected: dict[str, Expect]) -> None:
    """Every submission's score and reason, and valid exports that harm no tool."""
    results = json.loads((out / "results.json").read_text(), parse_constant=_reject_constant)
    by_name = {s["name"]: s for s in results["submissions"]}
    assert set(by_name) == set(expected)
    for name, expect in expected.items():
        for record in by_name[name]["exercises"]:
            attacked = expect.exercise in ("*", record["exercise"])
            if not attacked:
                assert record["score"] == 1.0, (name, record["exercise"], _reasons(record))
                continue
            if expect.score is None:
                assert 0 < record["score"] < 1, (name, _reasons(record))
            else:
                assert record["score"] == expect.score, (name, _reasons(record))
            if expect.reason is not None:
                assert expect.reason in _reasons(record), (name, _reasons(record))
    rows = list(csv.reader(io.StringIO((out / "grades.csv").read_text("utf-8"))))
    assert rows[0] == ["submission", *EXERCISES, "total"]
    for row in rows[1:]:
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r")), row[0]
    ET.parse(out / "junit.xml")
    for path in (out / "gradescope").iterdir():
        json.loads(path.read_text(), parse_constant=_reject_constant)
        assert len(path.name.encode()) <= 105
    assert _size(out) < 40 * 2**20  # grows with a small constant per submission


def _reject_constant(name: str) -> None:
    raise AssertionError(f"{name} in strict JSON")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def check_nothing_left(temp: Path) -> None:
    """No process of the run, no IPC object of a job uid, no temporary folder.

    Other runs on the machine may grade at the same time: a process counts if its command line
    names ``temp`` (the run's own temporary folder, where every zygote keeps the jobs' root, and
    every job is a fork of a zygote); an IPC object counts if it outlives other runs' jobs too.
    """
    assert list(temp.iterdir()) == []
    assert _processes_naming(temp) == []
    deadline = time.monotonic() + 30
    while _job_ipc_objects() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _job_ipc_objects() == []


def _is_job_uid(uid: int) -> bool:
    return SLOT_UID_BASE <= uid < SLOT_UID_BASE + 4096


def _job_ipc_objects() -> list[str]:
    found = []
    for kind in ("shm", "sem", "msg"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        header = lines[0].split()
        for line in lines[1:]:
            fields = dict(zip(header, line.split(), strict=False))
            if _is_job_uid(int(fields["cuid"])):
                found.append(f"{kind}: {line}")
    return found


def _processes_naming(folder: Path) -> list[str]:
    found = []
    needle = os.fsencode(folder)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if needle in command:
            found.append(command.replace(b"\0", b" ").decode(errors="replace"))
    return found

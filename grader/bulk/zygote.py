"""A pre-warmed fork server: runs each exercise in ~10 ms instead of a fresh interpreter's ~0.1 s.

:class:`ZygoteLauncher` (in the grading process) starts one *zygote*: a scrubbed
``python -I -m bigpicture.grader.bulk.zygote`` that imports numpy and
:mod:`bigpicture.grader.child` and nothing else of the grader, so it never holds a seed, a check
or an expected value (a forked child inherits all of its memory). The zygote reads one JSON line
per job (work dir, timeout) on stdin and answers one JSON line on stdout.

Per job the zygote forks a *grandchild* that, before any learner code runs: starts its own
session, gets ``/dev/null`` as stdin and a pipe as stdout/stderr, closes every other descriptor
(so it cannot reach the zygote's command pipe), scrubs its environment, and, when the grader
runs as root, hands the work dir to ``nobody`` and drops to that user (setgroups, setgid,
setuid). Without root it keeps the grader's user; Landlock (:mod:`.landlock`) then still stops it
from writing outside its work dir, reading other submissions, using TCP or signalling anything
outside its sandbox. It then runs :func:`bigpicture.grader.child.main`, which sets the rlimits
before importing the learner's file.

The zygote is a child subreaper: whatever the learner starts (double forks, ``setsid``) is
re-parented to it and killed after every job, so no process outlives its job.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import gc
import json
import os
import random
import resource
import select
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bigpicture.grader import child, wire
from bigpicture.grader.bulk import landlock
from bigpicture.grader.sandbox import Finished, OutputTally, child_env, kill_group

#: The user learner code runs as when the grader is root (``nobody``).
SANDBOX_UID = 65534
#: Processes the sandbox user may have at once: ends fork bombs.
SANDBOX_PROCESSES = 256
#: Extra seconds the grader waits for the zygote's answer beyond the job's timeout.
REPLY_MARGIN = 5.0
#: Seconds a new zygote may take to import numpy and say it is ready.
START_TIMEOUT = 30.0

_PR_SET_CHILD_SUBREAPER = 36
_CLONE_NEWNS = 0x00020000
_MS_BIND, _MS_REC, _MS_PRIVATE = 0x1000, 0x4000, 0x40000
# Read-only roots a learner's process may need: shared libraries, programs, locale and /proc.
_SYSTEM_READ = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/dev")

_libc = ctypes.CDLL(None, use_errno=True)


class ZygoteError(RuntimeError):
    """The zygote died or stopped answering, and a fresh one failed the job too."""


class _ZygoteLost(Exception):
    pass


# ---------------------------------------------------------------- grading process side


class ZygoteLauncher:
    """Runs each child as a fork of one pre-warmed zygote (a :class:`Launcher`).

    Use as a context manager, or call :meth:`close`, to end the zygote.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen | None = None
        self._buffer = b""
        self._start()

    def __enter__(self) -> ZygoteLauncher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pid(self) -> int | None:
        """The zygote's process id (None once closed)."""
        return self._proc.pid if self._proc else None

    def close(self) -> None:
        """Ends the zygote and everything it still runs."""
        if self._proc is None:
            return
        with contextlib.suppress(OSError):
            self._proc.stdin.close()  # end of input: the zygote leaves its loop
        try:
            self._proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            kill_group(self._proc.pid)
            self._proc.wait()
        self._proc.stdout.close()
        self._proc = None

    def run(
        self, work: Path, timeout: float, while_waiting: Callable[[], object] | None
    ) -> Finished:
        """Runs the child on the request in ``work``; kills it after ``timeout`` seconds.

        Raises:
            ZygoteError: the zygote was lost twice on this job.
        """
        try:
            return self._attempt(work, timeout, while_waiting)
        except _ZygoteLost:
            pass
        self._restart()
        _empty_dir(work / "out")  # whatever the lost attempt left must not count
        try:
            return self._attempt(work, timeout, None)  # the engine is loaded already
        except _ZygoteLost as exc:
            raise ZygoteError(f"the grading zygote was lost twice on {work}: {exc}") from None

    def _start(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "bigpicture.grader.bulk.zygote"],
            cwd="/",
            env=child_env("/"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # our own group: closing kills it alone, not the grader
        )
        self._buffer = b""
        try:
            self._receive(time.monotonic() + START_TIMEOUT)
        except _ZygoteLost as exc:
            raise ZygoteError(f"the grading zygote did not start: {exc}") from None

    def _restart(self) -> None:
        if self._proc is not None:
            kill_group(self._proc.pid)
            self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
            self._proc = None
        self._start()

    def _attempt(
        self, work: Path, timeout: float, while_waiting: Callable[[], object] | None
    ) -> Finished:
        deadline = time.monotonic() + timeout + REPLY_MARGIN
        line = json.dumps({"work": str(work), "timeout": timeout}).encode() + b"\n"
        try:
            self._proc.stdin.write(line)
            self._proc.stdin.flush()
        except OSError as exc:
            raise _ZygoteLost(f"cannot send the job: {exc}") from None
        if while_waiting is not None:
            while_waiting()
        reply = self._receive(deadline)
        _sanitize_out(work / "out")
        return Finished(
            returncode=reply["returncode"],
            timed_out=reply["timed_out"],
            output=base64.b64decode(reply["output"]),
            output_bytes=reply["output_bytes"],
        )

    def _receive(self, deadline: float) -> dict:
        """The zygote's next JSON line; never waits past ``deadline`` (``time.monotonic``)."""
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = max(0.0, deadline - time.monotonic())
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                kill_group(self._proc.pid)
                raise _ZygoteLost("no answer in time")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise _ZygoteLost(f"it ended (exit status {self._proc.wait()})")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)


def _empty_dir(path: Path) -> None:
    if path.is_symlink() or path.exists():
        _remove(path)
    path.mkdir()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _sanitize_out(out_dir: Path) -> None:
    """Keeps only plain files in ``out_dir``.

    The learner's process owned the work dir: a symlink (to another submission's results, or a
    root-only file), a hard link or a FIFO (which would block the reader) must not be read back
    by the grader, which may be root.
    """
    try:
        is_dir = stat.S_ISDIR(os.lstat(out_dir).st_mode)
    except FileNotFoundError:
        is_dir = False
    if not is_dir:
        _empty_dir(out_dir)
        return
    for entry in os.scandir(out_dir):
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            _remove(Path(entry.path))


# ---------------------------------------------------------------- zygote side


def serve() -> None:
    """The zygote's loop: one job per line on stdin, one answer per line on stdout."""
    if _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")
    sandbox = _Sandbox()
    _warm_imports()
    gc.freeze()  # forks then leave the zygote's objects alone: fewer copied pages
    _reply({"ready": os.getpid(), "landlock": sandbox.abi, "uid": sandbox.uid})
    for line in sys.stdin.buffer:
        job = json.loads(line)
        _reply(_run_job(Path(job["work"]), float(job["timeout"]), sandbox))


def _warm_imports() -> None:
    """Loads, once, what every job needs beyond numpy: numpy.random, hashlib and friends.
    Left to the jobs, each fork imported them again (~10 ms a job)."""
    import secrets  # noqa: F401  (seeding pulls it in)

    wire.unpack(*wire.pack({"a": np.zeros(1)}))
    np.random.default_rng(0).random(1)
    np.random.seed()
    random.seed()
    "".encode("cp437")


def _reply(payload: dict) -> None:
    os.write(1, json.dumps(payload).encode() + b"\n")


class _Sandbox:
    """What every grandchild is confined by, prepared once in the zygote."""

    def __init__(self) -> None:
        self.uid = SANDBOX_UID if os.geteuid() == 0 else None
        self.read_roots = _read_roots()
        if self.uid is not None:
            _reveal_to_others(self.read_roots)
        try:
            self.abi: int | None = landlock.abi_version()
        except landlock.Unavailable:
            self.abi = None
        # Opened here once, so a job pays only for its own work dir's rule.
        self.read_fds = [os.open(root, os.O_PATH) for root in self.read_roots]
        self.dev_null = os.open("/dev/null", os.O_PATH)

    def confine(self, work: Path) -> None:
        """Hands ``work`` to the sandbox user and drops every privilege (in the grandchild)."""
        resource.setrlimit(resource.RLIMIT_NPROC, (SANDBOX_PROCESSES, SANDBOX_PROCESSES))
        if self.uid is not None:
            for top, dirs, files in os.walk(work):
                for name in (top, *(os.path.join(top, n) for n in (*dirs, *files))):
                    os.lchown(name, self.uid, self.uid)
            os.setgroups([])
            os.setgid(self.uid)
            os.setuid(self.uid)
        if self.abi is not None:
            work_fd = os.open(work, os.O_PATH)
            rules = [(fd, landlock.READ) for fd in self.read_fds]
            rules += [(self.dev_null, landlock.READ | landlock.WRITE_FILE)]
            rules += [(work_fd, landlock.all_fs_access(self.abi))]
            landlock.restrict_self(rules, self.abi)


def _read_roots() -> list[str]:
    """Directories a learner's process may read: the system, the stdlib and site-packages.

    Each site-packages entry is listed on its own so that bigpicture itself (its solutions)
    stays out; an editable install points at the source tree, which is not listed either.
    """
    roots = [path for path in _SYSTEM_READ if os.path.isdir(path)]
    stdlib = {sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib")}
    site = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    stdlib |= {p for p in sys.path if os.path.isdir(p) and p not in site}
    roots += sorted(p for p in stdlib if os.path.isdir(p) and p not in site)
    for directory in sorted(p for p in site if os.path.isdir(p)):
        roots += [
            entry.path
            for entry in os.scandir(directory)
            if not entry.name.lower().startswith(("bigpicture", "__editable__"))
        ]
    return roots


def _reveal_to_others(paths: list[str]) -> None:
    """Makes ``paths`` reachable for ``nobody`` in the zygote's own mount namespace.

    Python often lives under a private home (pyenv in ``/root``, mode 0700): ``nobody`` could
    not import a stdlib module the zygote has not loaded. A tmpfs laid over the closed
    directory, with only the needed entries bound back, fixes that for the zygote and its forks
    alone; the grader and the rest of the machine see no change.
    """
    blocked: dict[str, set[str]] = {}
    for path in paths:
        parts = Path(path).parts
        for depth in range(1, len(parts)):
            ancestor = os.path.join(*parts[:depth])
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                blocked.setdefault(ancestor, set()).add(parts[depth])
                break
    if not blocked:
        return
    _mount_call(_libc.unshare(_CLONE_NEWNS), "unshare(CLONE_NEWNS)")
    _mount_call(_libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None), "make / private")
    for ancestor, names in blocked.items():
        keep = {name: os.open(os.path.join(ancestor, name), os.O_PATH) for name in names}
        _mount_call(
            _libc.mount(b"tmpfs", ancestor.encode(), b"tmpfs", 0, b"mode=755"), f"tmpfs {ancestor}"
        )
        for name, fd in keep.items():
            target = os.path.join(ancestor, name)
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                os.mkdir(target)
            else:
                Path(target).touch()
            source = f"/proc/self/fd/{fd}".encode()
            _mount_call(
                _libc.mount(source, target.encode(), None, _MS_BIND | _MS_REC, None),
                f"bind {target}",
            )
            os.close(fd)


def _mount_call(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _run_job(work: Path, timeout: float, sandbox: _Sandbox) -> dict:
    """Forks a grandchild for the job in ``work``, waits for it, and cleans up after it."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            _grandchild(work, write_end, sandbox)
        except BaseException:  # a sandbox failure: shown in the output, never graded
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(70)  # never back into the zygote's loop, whatever happened
    os.close(write_end)
    try:
        returncode, timed_out, kept, total = _wait(pid, read_end, timeout)
    finally:
        os.close(read_end)
        kill_group(pid)
        _kill_descendants()
    return {
        "returncode": returncode,
        "timed_out": timed_out,
        "output": base64.b64encode(kept).decode("ascii"),
        "output_bytes": total,
    }


def _grandchild(work: Path, output: int, sandbox: _Sandbox) -> None:
    """Isolates this fresh fork, then runs the learner's calls (does not return)."""
    os.setsid()
    stdin = os.open("/dev/null", os.O_RDONLY)
    os.dup2(stdin, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.chdir(work)
    os.environ.clear()
    os.environ.update(child_env(str(work)))
    sandbox.confine(work)
    # Closes the zygote's pipes and the sandbox's path descriptors: nothing left to talk to.
    os.closerange(3, resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    # A fresh interpreter draws new seeds; a fork must not share them with every other job.
    random.seed()
    np.random.seed()
    child.main(str(work))
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


def _wait(pid: int, output: int, timeout: float) -> tuple[int | None, bool, bytes, int]:
    """Waits for ``pid`` at most ``timeout`` seconds, draining its output meanwhile.

    Returns:
        The exit code (negative: killed by that signal), whether it timed out, the first
        ``CHILD_OUTPUT_KEPT`` bytes of output and the number of bytes printed in all.
    """
    deadline = time.monotonic() + timeout
    pidfd = os.pidfd_open(pid)
    tally, open_output, timed_out = OutputTally(), True, False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                kill_group(pid)
                break
            watched = [pidfd, output] if open_output else [pidfd]
            readable, _, _ = select.select(watched, [], [], remaining)
            if output in readable:
                chunk = os.read(output, 65536)
                open_output = bool(chunk)
                tally.add(chunk)
            elif pidfd in readable:
                break
    finally:
        os.close(pidfd)
    # What the child printed just before it ended; a daemon holding the pipe is not waited for.
    while open_output and select.select([output], [], [], 0)[0]:
        chunk = os.read(output, 65536)
        open_output = bool(chunk)
        tally.add(chunk)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), timed_out, bytes(tally.kept), tally.total


def _kill_descendants() -> None:
    """Kills and reaps every process left under the zygote (its re-parented orphans too)."""
    for _ in range(1000):  # each round kills a generation; a fork bomb is capped by NPROC
        children = _children()
        if not children:
            return
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _children() -> list[int]:
    pids = []
    for task in os.scandir(f"/proc/{os.getpid()}/task"):
        with contextlib.suppress(OSError), open(os.path.join(task.path, "children")) as fh:
            pids += [int(pid) for pid in fh.read().split()]
    return pids


if __name__ == "__main__":
    serve()

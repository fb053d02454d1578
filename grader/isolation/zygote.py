"""The zygote: a pre-warmed fork server that runs each job in ~10 ms instead of a new
interpreter's ~0.1 s.

Started by :class:`~bigpicture.grader.isolation.launcher.ZygoteLauncher` as a scrubbed
``python -I -m bigpicture.grader.isolation.zygote LAYERS SLOT``. It imports numpy and
:mod:`bigpicture.grader.child` and nothing else of the grader, so it never holds a seed, a check
or an expected value (a fork inherits all of its memory). It reads one JSON line per job (job
folder, timeout) on stdin and answers one JSON line on stdout, after writing the job's report
to ``report`` in the job folder.

Per job it forks a guard (:func:`bigpicture.grader.isolation.job.guard`) and watches it: the
job's output (the first 8 KiB kept, the rest counted), its report (capped), the guard's status
line, and a wall-clock backstop. CPU time is the job's real limit (``RLIMIT_CPU``); the wall
clock only stops a job that waits without computing, and says whether the job was starved of
CPU meanwhile, so that the grading process can run it again alone.

The zygote is a child subreaper: anything a job leaves behind that outlives the job's PID
namespace (or runs without one) is re-parented to it and killed after every job.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import os
import random
import select
import signal
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from bigpicture.grader import child, wire  # noqa: F401  (loaded here, before any fork)
from bigpicture.grader.isolation import job, layers, syscalls, view
from bigpicture.grader.limits import CHILD_OUTPUT_KEPT, cpu_limit, wall_limit
from bigpicture.grader.report import REPORT_MAX_BYTES

#: Seconds the guard gets to report after its job was killed, before it is killed too.
GUARD_GRACE = 5.0
#: Exit status of a guard that failed before its job could start.
GUARD_FAILED = 70
#: A job waited on the CPU (run queue) for at least this share of its wall time: starved.
STARVED_SHARE = 0.2


def serve(layer_arg: str, slot: int, parent: int) -> None:
    """The zygote's loop: one job per line on stdin, one answer per line on stdout.

    Args:
        layer_arg: ``Layers.to_arg()``, or "auto" to take what this machine gives.
        slot: the grading slot (picks the job uid when running as root).
        parent: the grading process, which this zygote must not outlive.
    """
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above: nobody will end us
        return
    syscalls.prctl(syscalls.PR_SET_CHILD_SUBREAPER, 1)
    chosen = (
        layers.probe(unconfined=True) if layer_arg == "auto" else layers.Layers.from_arg(layer_arg)
    )
    uid = layers.SLOT_UID_BASE + slot if os.geteuid() == 0 else None
    prepared = job.prepare(chosen, uid)
    if uid is not None and chosen.namespaces is None:
        with contextlib.suppress(OSError):
            view.open_for_others(prepared.view)
    _warm_imports()
    gc.freeze()  # forks then leave the zygote's objects alone: fewer copied pages
    _reply({"ready": os.getpid(), "layers": chosen.to_dict(), "uid": uid})
    for line in sys.stdin.buffer:
        request = json.loads(line)
        _reply(_run_job(Path(request["work"]), float(request["timeout"]), prepared))


def _warm_imports() -> None:
    """Loads, once, what every job needs beyond numpy: numpy.random, hashlib and friends.
    Left to the jobs, each fork imported them again (~10 ms a job)."""
    import secrets  # noqa: F401  (seeding pulls it in)

    wire.unpack(*wire.pack({"a": np.zeros(1)}))
    wire.rng_digest(np.random.default_rng(0))
    np.random.default_rng(0).random(1)
    np.random.seed()
    random.seed()
    "".encode("cp437")


def _reply(payload: dict) -> None:
    os.write(1, json.dumps(payload).encode() + b"\n")


def _run_job(work: Path, timeout: float, prepared: job.Prepared) -> dict:
    """Forks a guard for the job in ``work``, watches it, and cleans up after it."""
    report_r, report_w = os.pipe()
    output_r, output_w = os.pipe()
    status_r, status_w = os.pipe()
    guard = os.fork()
    if guard == 0:
        try:
            os.setsid()
            for fd in (report_r, output_r, status_r):
                os.close(fd)
            os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
            os.dup2(output_w, 1)
            os.dup2(output_w, 2)
            os.close(output_w)
            job.guard(work, timeout, prepared, report_w, status_w)
        except BaseException:  # a sandbox failure: shown in the output, never graded
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(GUARD_FAILED)  # never back into the zygote's loop, whatever happened
    for fd in (report_w, output_w, status_w):
        os.close(fd)
    watch = _Watch(guard, timeout, {"report": report_r, "output": output_r, "status": status_r})
    try:
        watch.run()
    finally:
        for fd in (report_r, output_r, status_r):
            os.close(fd)
        _kill_descendants()
    answer = watch.answer()
    if not _save_report(work / "report", bytes(watch.report)):
        answer["report_breach"] = "a file was planted where the report goes"
    return answer


def _save_report(path: Path, data: bytes) -> bool:
    """Writes the report for the grading process; False if something already stood there
    (only a job without a confining layer could have put it there)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return True


class _Watch:
    """Drains a guard's three pipes until it ends, enforcing the wall-clock backstop."""

    def __init__(self, guard: int, timeout: float, pipes: dict[str, int]) -> None:
        self.guard = guard
        self.timeout = timeout
        self.pipes = pipes
        self.output = bytearray()
        self.output_bytes = 0
        self.report = bytearray()
        self.report_overflow = False
        self.status_text = b""
        self.wall_timeout = False
        self.starved = False
        self.job_pid: int | None = None

    def run(self) -> None:
        start = time.monotonic()
        deadline = start + wall_limit(self.timeout)
        pidfd = os.pidfd_open(self.guard)
        open_pipes = dict(self.pipes)
        try:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    if self.wall_timeout:  # the guard itself does not answer: end it too
                        os.kill(self.guard, signal.SIGKILL)
                        break
                    self._stop_waiting_job(now - start)
                    deadline = now + GUARD_GRACE
                    continue
                watched = [pidfd, *open_pipes.values()]
                readable, _, _ = select.select(watched, [], [], deadline - now)
                for name, fd in list(open_pipes.items()):
                    if fd in readable and not self._read(name, fd):
                        del open_pipes[name]
                if pidfd in readable:
                    break
        finally:
            os.close(pidfd)
        # What was written just before the end; a process still holding a pipe is not waited for.
        for name, fd in open_pipes.items():
            while select.select([fd], [], [], 0)[0] and self._read(name, fd):
                pass
        os.waitpid(self.guard, 0)

    def _read(self, name: str, fd: int) -> bool:
        chunk = os.read(fd, 65536)
        if name == "output":
            self.output_bytes += len(chunk)
            self.output += chunk[: max(0, CHILD_OUTPUT_KEPT - len(self.output))]
        elif name == "report":
            if len(self.report) + len(chunk) > REPORT_MAX_BYTES:
                self.report_overflow = True
            else:
                self.report += chunk
        else:
            self.status_text += chunk
            self._note_job_pid()
        return bool(chunk)

    def _note_job_pid(self) -> None:
        if self.job_pid is None:
            for message in self._status_messages():
                if "pid" in message:
                    self.job_pid = int(message["pid"])

    def _status_messages(self) -> list[dict]:
        messages = []
        for line in self.status_text.split(b"\n"):
            with contextlib.suppress(ValueError):
                messages.append(json.loads(line))
        return messages

    def _stop_waiting_job(self, elapsed: float) -> None:
        """The wall clock ran out: note whether the job was starved, then have the guard kill
        it (the guard has not reaped it yet, so its pid cannot name another process)."""
        self.wall_timeout = True
        self.starved = starved(self.job_pid, elapsed)
        os.kill(self.guard, job.KILL_JOB)  # the guard is unreaped too: its pid is still its own

    def answer(self) -> dict:
        messages = self._status_messages()
        ready = any(m.get("ready") for m in messages)
        final = next((m for m in messages if "status" in m), None)
        returncode = cpu = None
        if final is not None:
            returncode = os.waitstatus_to_exitcode(int(final["status"]))
            cpu = float(final["cpu"])
        timeout = None
        # RLIMIT_CPU ends a job with SIGXCPU, or with SIGKILL a second later if it caught that.
        # (The rusage the kernel reports runs a little behind the time it limits by.)
        if returncode == -signal.SIGXCPU or (
            returncode == -signal.SIGKILL
            and not self.wall_timeout
            and cpu is not None
            and cpu >= 0.9 * (cpu_limit(self.timeout) + 1)
        ):
            timeout = "cpu"
        elif self.wall_timeout:
            timeout = "wall"
        return {
            "returncode": returncode,
            "timeout": timeout,
            "cpu": cpu,
            "starved": self.starved and timeout == "wall",
            "sandbox_failed": not ready,
            "output": base64.b64encode(bytes(self.output)).decode("ascii"),
            "output_bytes": self.output_bytes,
            "report_breach": (
                f"the report passed {REPORT_MAX_BYTES // 1024**2} MiB"
                if self.report_overflow
                else None
            ),
        }


def starved(pid: int | None, elapsed: float) -> bool:
    """Whether the job spent a fair share of ``elapsed`` waiting for a CPU (an overloaded
    machine), from the scheduler's own count; the load average where that is not kept."""
    if pid is not None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{pid}/schedstat") as fh:
                waited = int(fh.read().split()[1]) / 1e9
            return waited >= STARVED_SHARE * elapsed
    return os.getloadavg()[0] > (os.cpu_count() or 1)


def _kill_descendants() -> None:
    """Kills and reaps every process left under the zygote (its re-parented orphans too)."""
    for _ in range(1000):  # each round kills a generation
        children = _children()
        if not children:
            return
        for pid in children:  # our children, unreaped: each pid is still theirs
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
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))

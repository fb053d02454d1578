"""The zygote: a pre-warmed fork server that runs each job in ~10 ms instead of a new
interpreter's ~0.1 s.

Started by :class:`~bigpicture.grader.isolation.launcher.ZygoteLauncher` as a scrubbed
``python -I -m bigpicture.grader.isolation.zygote LAYERS SLOT PARENT ROOT JOBS``. It imports numpy
and :mod:`bigpicture.grader.child` and nothing else of the grader, so it never holds a seed, a
check or an expected value (a fork inherits all of its memory). Per job it reads one JSON line
on stdin (the timeout, and for each of the job's sections, one exercise each, the sizes of its
three parts: the request, the learner's source and the input arrays' bytes) followed by those
parts, and answers one JSON line on stdout followed by the bytes of the job's report. A
section may name calls sent before (``"calls"``, its request and inputs then come empty) or
ask the zygote to keep those it sends (``"keep"``): a class's jobs send each exercise's inputs
once. Files play no part, so a job costs no file system work; only without namespaces does a
job get a folder of its own in ``JOBS`` to work in.

Per job it forks the job process into the job's own namespaces
(:func:`bigpicture.grader.isolation.job.start`) and watches it: each section's output (the first
8 KiB kept, the rest counted), its report (capped), its status lines, and a wall-clock backstop,
restarted when a section begins (at most once per section).
CPU time is the job's real limit (``RLIMIT_CPU``); the wall clock only stops a job that waits
without computing, and says whether the job was starved of CPU meanwhile, so that the grading
process can run it again alone.

The zygote is a child subreaper: anything a job leaves behind that outlives the job's PID
namespace (or runs without one) is re-parented to it and killed after every job.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import gc
import itertools
import json
import os
import random
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bigpicture.grader import child, wire  # noqa: F401  (loaded here, before any fork)
from bigpicture.grader.files import remove_tree
from bigpicture.grader.isolation import job, layers, syscalls
from bigpicture.grader.limits import CHILD_OUTPUT_KEPT, WALL_EXTENSIONS, cpu_limit, wall_limit
from bigpicture.grader.report import REPORT_MAX_BYTES

#: A job waited on the CPU (run queue) for at least this share of its wall time: starved.
STARVED_SHARE = 0.2
# The wall-clock backstop is extended (up to limits.WALL_EXTENSIONS more times) while the job
# wants the CPU at least this share of the time: only a job that mostly sleeps "waited".
WANTS_CPU_SHARE = 0.5
#: Bytes the report pipe holds: a whole report of any exercise, so that the zygote need not
#: wake for each of its records (1 MiB is what an unprivileged process may ask for).
REPORT_PIPE_BYTES = 1024**2
#: Seconds between two reads of a report that is not read as it comes.
REPORT_POLL = 0.01
#: Longest the zygote sleeps while a job of several sections runs: it ends a section that
#: used up its CPU seconds (see ``_Watch._over_cpu``).
SECTION_POLL = 0.1


def serve(layer_arg: str, slot: int, parent: int, root: str, jobs: str) -> None:
    """The zygote's loop: one job per line on stdin, one answer per line on stdout.

    Args:
        layer_arg: ``Layers.to_arg()``; or "auto" to take what this machine gives, falling back
            without namespaces if they are refused ("auto-without-namespaces" when they were
            refused half way and the launcher started this zygote again).
        slot: the grading slot (picks the job uid when running as root).
        parent: the grading process, which this zygote must not outlive.
        root: an empty folder, where the jobs' root is mounted (seen by this zygote alone).
        jobs: a private folder for the jobs' own folders, when they run without namespaces.
    """
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the line above: nobody will end us
        return
    syscalls.prctl(syscalls.PR_SET_CHILD_SUBREAPER, 1)
    uid = layers.SLOT_UID_BASE + slot if os.geteuid() == 0 else None
    if layer_arg.startswith("auto"):  # a learner's own check: the best this machine gives
        chosen = layers.probe(unconfined=True, rehearse=False)
        if layer_arg == "auto-without-namespaces":
            chosen = layers.Layers(None, chosen.landlock, not chosen.landlock)
        try:
            prepared = job.prepare(chosen, uid, root)
        except job.NamespacesRefused:  # refused before anything changed: go on without them
            chosen = layers.Layers(None, chosen.landlock, not chosen.landlock)
            prepared = job.prepare(chosen, uid, root)
    else:
        chosen = layers.Layers.from_arg(layer_arg)
        prepared = job.prepare(chosen, uid, root)
    _warm_imports()
    gc.freeze()  # forks then leave the zygote's objects alone: fewer copied pages
    _reply({"ready": os.getpid(), "layers": chosen.to_dict(), "uid": uid})
    stdin = sys.stdin.buffer
    kept: dict[int, job.Calls] = {}  # the calls the grading process may name instead of sending
    for number in itertools.count():
        line = stdin.readline()
        if not line:
            return
        request = json.loads(line)
        parts = [stdin.read(size) for size in request["sizes"]]
        if [len(part) for part in parts] != request["sizes"]:
            return  # the grading process is gone
        sections = []
        for index, section in enumerate(request["sections"]):
            request_json, source, inputs = parts[3 * index : 3 * index + 3]
            if "calls" in section:
                calls = kept[section["calls"]]  # never sent: the grading process is confused
            else:
                calls = job.read_calls(request_json, inputs)
                if "keep" in section:
                    kept[section["keep"]] = calls
            sections.append((calls, source))
        work = None
        if prepared.layers.namespaces is None:
            work = Path(jobs) / f"job{number}"
            os.mkdir(work, 0o700)
        if sections[0][0].request.get("kind") == "train":
            # The lab's loop runs in the job, where the package's files are hidden: load it
            # (and the engine) here, before the fork, as the child's own modules are.
            import bigpicture.grader.lab.child  # noqa: F401
        stream = bool(request.get("stream"))
        answer, report = _run_job(sections, work, float(request["timeout"]), prepared, stream)
        _reply({**answer, "report_size": len(report)}, report)


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


def _forward(chunk: bytes) -> None:
    _reply({"chunk": len(chunk)}, chunk)


def _reply(payload: dict, data: bytes = b"") -> None:
    """One JSON line on stdout, then ``data``."""
    message = memoryview(json.dumps(payload).encode() + b"\n" + data)
    while message:
        message = message[os.write(1, message) :]


def _run_job(
    sections: list[tuple[job.Calls, bytes]],
    work: Path | None,
    timeout: float,
    prepared: job.Prepared,
    stream: bool = False,
) -> tuple[dict, bytes]:
    """Starts the job, watches it, and cleans up after it (and its folder ``work``, when it
    runs without namespaces); returns the answer and the job's report. With ``stream``, the
    report goes to the grading process as it comes (a ``{"chunk": size}`` line and its bytes
    each time: the training lab's curves), and none of it is kept."""
    received = time.monotonic()
    report_r, report_w = os.pipe()
    outputs = [os.pipe() for _ in sections]
    status_r, status_w = os.pipe()
    with contextlib.suppress(OSError):  # the user's pipe quota is spent: the default then
        fcntl.fcntl(report_r, fcntl.F_SETPIPE_SZ, REPORT_PIPE_BYTES)
    report_capacity = fcntl.fcntl(report_r, fcntl.F_GETPIPE_SZ)
    try:
        write_ends = job.Pipes(report_w, [w for _, w in outputs], status_w)
        pid = job.start(sections, work, timeout, prepared, write_ends)
    except BaseException:  # the job could not even be started: the sandbox's failure
        os.write(outputs[0][1], traceback.format_exc()[-4000:].encode())  # a pipe holds it
        pid = None
    for fd in (report_w, status_w, *(w for _, w in outputs)):
        os.close(fd)
    pipes = {"report": report_r, "status": status_r}
    pipes.update({f"output{k}": r for k, (r, _) in enumerate(outputs)})
    watch = _Watch(pid, timeout, pipes, report_capacity, _forward if stream else None)
    try:
        watch.run()
    finally:
        for fd in pipes.values():
            os.close(fd)
        if work is not None:
            job.finish(work, prepared)
            remove_tree(work)
        _kill_descendants(prepared.layers.namespaces is not None)
    answer = watch.answer()  # the report kept: what came before any overflow
    # For the bulk bench's breakdown only (see bigpicture.grader.bulk.profile).
    answer["times"] = {"received": received, **watch.times, "answered": time.monotonic()}
    return answer, bytes(watch.report)


class _Watch:
    """Drains a job's three pipes until it ends, enforcing the wall-clock backstop.

    The report is read in batches, every ``REPORT_POLL`` seconds and whenever the zygote wakes
    anyway: its records wait in the pipe, which holds a whole report, and the job runs on
    without a context switch per record. Once a batch fills half the pipe (a report that
    floods, or a pipe left small), the report is read as it comes, like the job's output.

    The job is this process's own child and is reaped here, last: until then its pid cannot
    name another process, so killing it by pid is safe.
    """

    def __init__(
        self,
        pid: int | None,
        timeout: float,
        pipes: dict[str, int],
        report_capacity: int,
        forward: Callable[[bytes], None] | None = None,
    ) -> None:
        self.pid = pid
        self.timeout = timeout
        self.pipes = pipes
        self.sections = sum(name.startswith("output") for name in pipes)
        self.outputs = [bytearray() for _ in range(self.sections)]
        self.output_bytes = [0] * self.sections
        self.status_lines = 0  # the job's ready line, then one per section begun after the first
        self.clock_restarts = 0  # times a section's beginning restarted the wall clock
        self.report = bytearray()
        self.report_overflow = False
        self.status_text = b""
        self.wall_timeout = False
        self.cpu_timeout = False  # a section of several used up its CPU seconds (ended here)
        self.starved = False
        self.wait_status: int | None = None
        self.cpu: float | None = None
        self.times: dict[str, float] = {}  # when the job said it was ready, when it ended
        self.report_capacity = report_capacity  # bytes the report pipe holds
        self.report_batch = 0  # bytes read from the report pipe in the last batch
        self.forward = forward  # where each piece of a streamed report goes
        self.report_eager = forward is not None

    def run(self) -> None:
        open_pipes = dict(self.pipes)
        if self.pid is not None:
            self._wait(self.pid, open_pipes)
        # What was written just before the end; a process still holding a pipe is not waited for.
        for name, fd in open_pipes.items():
            self._drain(name, fd)
        # When the job was ready, by its own clock (monotonic: the machine's): the status line
        # is written by the job's trusted code, whose descriptor is closed before learner code.
        with contextlib.suppress(ValueError, TypeError, KeyError):
            self.times["ready"] = float(json.loads(self.status_text.split(b"\n", 1)[0])["at"])

    def _drain(self, name: str, fd: int) -> bool:
        """Reads what the pipe holds now; False once it is closed."""
        self.report_batch = 0
        while select.select([fd], [], [], 0)[0]:
            if not self._read(name, fd):
                return False
        return True

    def _wait(self, pid: int, open_pipes: dict[str, int]) -> None:
        start = time.monotonic()
        deadline = start + wall_limit(self.timeout)
        extensions = 0
        since = (0.0, 0.0)  # the job's schedstat when the section running began
        pidfd = os.pidfd_open(pid)
        try:
            while True:
                now = time.monotonic()
                if self._section_began():  # each section gets the wall clock's backstop
                    start, extensions = now, 0
                    deadline = now + wall_limit(self.timeout)
                    since = schedstat(pid) or since
                if now >= deadline and not self.wall_timeout and "status" in open_pipes:
                    if not self._drain("status", open_pipes["status"]):
                        del open_pipes["status"]
                    if self._section_began():
                        continue
                if self._over_cpu(pid, now - start, since):
                    self.cpu_timeout = True
                    os.kill(pid, signal.SIGKILL)
                    deadline = now + 3600
                if now >= deadline and not (self.wall_timeout or self.cpu_timeout):
                    # A job that wants the CPU is computing, however slowly a busy machine lets
                    # it: its CPU limit will end it, with the verdict it gets on an idle one.
                    if extensions < WALL_EXTENSIONS and wants_cpu(pid, now - start, since):
                        extensions += 1
                        deadline = now + wall_limit(self.timeout)
                        continue
                    self.wall_timeout = True
                    self.starved = starved(pid, now - start, since)
                    os.kill(pid, signal.SIGKILL)
                    deadline = now + 3600  # SIGKILL: it is ending; only wait for that now
                report = open_pipes.get("report")
                lazy = report if report is not None and not self.report_eager else None
                # The status line is read when the zygote wakes anyway: waking for it would cost
                # a switch, and pages copied while the job shares them, in every job.
                quiet = (lazy, open_pipes.get("status"))
                watched = [pidfd, *(fd for fd in open_pipes.values() if fd not in quiet)]
                wait = deadline - now if lazy is None else min(REPORT_POLL, deadline - now)
                if self.sections > 1:
                    wait = min(wait, SECTION_POLL)
                readable, _, _ = select.select(watched, [], [], max(0.0, wait))
                for name, fd in list(open_pipes.items()):
                    if fd == lazy:
                        still_open = self._drain(name, fd)
                        self.report_eager = self.report_batch * 2 >= self.report_capacity
                    elif name == "status":
                        still_open = self._drain(name, fd)
                    else:
                        still_open = fd not in readable or self._read(name, fd)
                    if not still_open:
                        del open_pipes[name]
                if pidfd in readable:
                    self.times["ended"] = time.monotonic()
                    break
        finally:
            os.close(pidfd)
        _, self.wait_status, usage = os.wait4(pid, 0)
        self.cpu = usage.ru_utime + usage.ru_stime

    def _over_cpu(self, pid: int, elapsed: float, since: tuple[float, float]) -> bool:
        """Whether the section running, begun ``elapsed`` seconds ago (when the job's
        :func:`schedstat` was ``since``), has run a second past its CPU seconds: what the hard
        ``RLIMIT_CPU`` does for a job of one section. (The kernel never delivers the soft
        limit's SIGXCPU to a job that is the PID 1 of its namespace, and the hard limit,
        set once, is all the sections' together.) A job of one process cannot use more CPU
        than wall time, so the count is read only once that much time has passed."""
        limit = cpu_limit(self.timeout) + 1
        if self.sections < 2 or self.cpu_timeout or self.wall_timeout or elapsed < limit:
            return False
        counts = schedstat(pid)
        return counts is not None and counts[0] - since[0] >= limit

    def _section_began(self) -> bool:
        """Whether the status pipe said a new section began since last asked (the job's ready
        line aside, at most one per section: the job's learner code can write there too)."""
        began = min(max(0, self.status_lines - 1), self.sections - 1)
        if began > self.clock_restarts:
            self.clock_restarts = began
            return True
        return False

    def _read(self, name: str, fd: int) -> bool:
        chunk = os.read(fd, 65536)
        if name.startswith("output"):
            number = int(name.removeprefix("output"))
            kept = self.outputs[number]
            self.output_bytes[number] += len(chunk)
            kept += chunk[: max(0, CHILD_OUTPUT_KEPT - len(kept))]
        elif name == "report":
            self.report_batch += len(chunk)
            if self.forward is not None:
                if chunk:
                    self.forward(chunk)
            elif self.report_overflow or len(self.report) + len(chunk) > REPORT_MAX_BYTES:
                self.report_overflow = True
            else:
                self.report += chunk
        else:
            self.status_lines += chunk.count(b"\n")
            self.status_text += chunk[: max(0, 4096 - len(self.status_text))]
        return bool(chunk)

    def answer(self) -> dict:
        ready = self.status_text.startswith(b'{"ready": true')
        returncode = None
        if self.wait_status is not None:
            returncode = os.waitstatus_to_exitcode(self.wait_status)
        timeout = None
        # RLIMIT_CPU ends a job with SIGXCPU, or with SIGKILL a second later if it caught that
        # (or, a PID 1, never saw it); a section of several, with this process's SIGKILL.
        # The rusage the kernel reports runs behind the time it limits by, by more than 0.3 s on
        # a loaded machine: a SIGKILL we did not send, once the soft limit is (nearly) used, is
        # the CPU limit's.
        if (
            returncode == -signal.SIGXCPU
            or (returncode == -signal.SIGKILL and self.cpu_timeout)
            or (
                returncode == -signal.SIGKILL
                and not self.wall_timeout
                and self.cpu is not None
                and self.cpu >= 0.9 * cpu_limit(self.timeout)
            )
        ):
            timeout = "cpu"
        elif self.wall_timeout:
            timeout = "wall"
        return {
            "returncode": returncode,
            "timeout": timeout,
            "cpu": self.cpu,
            "starved": self.starved and timeout == "wall",
            "sandbox_failed": not ready,
            "outputs": [base64.b64encode(bytes(kept)).decode("ascii") for kept in self.outputs],
            "output_bytes": self.output_bytes,
            "report_breach": (
                f"the report passed {REPORT_MAX_BYTES // 1024**2} MiB"
                if self.report_overflow
                else None
            ),
        }


def schedstat(pid: int | None) -> tuple[float, float] | None:
    """The seconds the process ``pid`` has run and waited to run, from the scheduler's own
    count (None where that is not kept)."""
    if pid is not None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            with open(f"/proc/{pid}/schedstat") as fh:
                ran, waited = (int(n) / 1e9 for n in fh.read().split()[:2])
            return ran, waited
    return None


def wants_cpu(pid: int, elapsed: float, since: tuple[float, float] = (0.0, 0.0)) -> bool:
    """Whether the job spent most of the last ``elapsed`` seconds (since its
    :func:`schedstat` was ``since``) running or waiting to run (computing on a busy machine)
    rather than asleep; the load average where that is not kept."""
    counts = schedstat(pid)
    if counts is None:
        return os.getloadavg()[0] > (os.cpu_count() or 1)
    return counts[0] - since[0] + counts[1] - since[1] >= WANTS_CPU_SHARE * elapsed


def starved(pid: int | None, elapsed: float, since: tuple[float, float] = (0.0, 0.0)) -> bool:
    """Whether the job spent a fair share of the last ``elapsed`` seconds (since its
    :func:`schedstat` was ``since``) waiting for a CPU (an overloaded machine); the load
    average where that is not kept."""
    counts = schedstat(pid)
    if counts is None:
        return os.getloadavg()[0] > (os.cpu_count() or 1)
    return counts[1] - since[1] >= STARVED_SHARE * elapsed


def _kill_descendants(own_pid_namespace: bool) -> None:
    """Kills and reaps every process left under the zygote (its re-parented orphans too).

    With namespaces the zygote is the PID 1 of its own PID namespace: ``kill(-1)`` there reaches
    every process in it but itself, whatever it did to leave.
    """
    if own_pid_namespace:
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, 0)[0]:
                pass
        return
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
    for task in os.scandir("/proc/self/task"):
        with contextlib.suppress(OSError), open(os.path.join(task.path, "children")) as fh:
            pids += [int(pid) for pid in fh.read().split()]
    return pids


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5])

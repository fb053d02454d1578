"""One job: confine a fresh fork of the zygote, then run the learner's calls in it.

The zygote gets the job's request from the grading process on its stdin (never visible to the
learner), enters the job's new namespaces for just long enough to fork the *job process* into
them, and returns to its own. The job process mounts its private ``/job`` in the jobs' root
(built once by the zygote), pivots into it, drops every privilege, sets its limits and Landlock
rules, says it is ready on the status pipe, closes every descriptor but its output and its
report pipe, and only then runs :func:`bigpicture.grader.child.main`.

The job process is the PID 1 of its namespace: when it ends, the kernel kills every process it
started, and its IPC objects, sockets and ``/job`` go with the namespaces.

Without namespaces the job's working folder ``work`` is made inside a job folder of the
zygote's, owned by the job's uid before any learner code runs, and afterwards emptied by a
process running as that uid, so root never acts on a path the learner could have touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bigpicture.grader import child, limits, wire
from bigpicture.grader.files import remove_tree
from bigpicture.grader.isolation import landlock, syscalls, view
from bigpicture.grader.isolation.layers import Layers

#: File descriptor the job process writes its report to.
REPORT_FD = 3
#: File descriptor of the job's status pipe, kept open: a line on it says a section began.
STATUS_FD = 4
#: File descriptor of the first section's output pipe; section k's is ``OUTPUT_FD + k``.
OUTPUT_FD = 5
#: Exit status of a job process whose sandbox could not be made.
SANDBOX_FAILED = 71
#: Size of the job's private tmpfs (its HOME, TMPDIR and working folder).
WORK_BYTES = 32 * 1024**2
#: Files and folders the job's tmpfs may hold.
WORK_INODES = 2048
# The zygote's namespaces a job leaves: /proc/self/ns file -> setns type. "pid" sets the
# namespace of the zygote's next children back to its own.
_JOB_NAMESPACE_FILES = {
    "mnt": syscalls.CLONE_NEWNS,
    "pid": syscalls.CLONE_NEWPID,
    "ipc": syscalls.CLONE_NEWIPC,
}
# IPC objects a job may create in its own IPC namespace (sysctl -> value): small.
_IPC_LIMITS = {
    "kernel/shmmax": str(16 * 1024**2),
    "kernel/shmall": str(4096),  # pages
    "kernel/shmmni": "8",
    "kernel/msgmni": "8",
    "kernel/msgmnb": "65536",
    "kernel/sem": "32 256 32 8",
}


class NamespacesRefused(OSError):
    """The kernel refused the zygote's namespaces before anything changed."""


@dataclass
class Prepared:
    """What the zygote works out once and every job reuses."""

    layers: Layers
    uid: int | None  # the job's uid when the grader is root
    view: view.View
    landlock_rules: list[tuple[int, int]]  # (O_PATH descriptor, access) of the readable paths
    root: str | None  # the jobs' root, built once, in the zygote's own mount namespace
    secrets: list[str]  # folders that must not exist inside a job's root
    own_namespaces: list[tuple[int, int]]  # (descriptor, type): where the zygote returns to


def prepare(layers: Layers, uid: int | None, root: str) -> Prepared:
    """Sets the zygote up for its jobs: the view, the Landlock rules and, with namespaces, the
    zygote's own mount (and user) namespace holding the jobs' root at ``root`` (an empty
    folder), built once so that a job only copies it; with namespaces, this process's
    environment becomes the jobs' (it needs none of its own). That root is entered once here,
    as a job enters it, and checked to show nothing it must hide: every job's root is a copy
    of it, and nothing changes it afterwards.

    Raises:
        OSError: the namespaces or the root could not be made.
    """
    seen = view.learner_view()
    rules = []
    if layers.landlock:
        for path, whole in view.landlock_paths(seen, split=layers.namespaces is None):
            with contextlib.suppress(OSError):
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                rules.append((fd, landlock.READ if whole else landlock.READ_DIR))
    own: list[tuple[int, int]] = []
    if layers.namespaces:
        _enter_own_namespaces(layers.namespaces)
        view.build(root, seen)
        own = [
            (os.open(f"/proc/self/ns/{name}", os.O_RDONLY | os.O_CLOEXEC), kind)
            for name, kind in _JOB_NAMESPACE_FILES.items()
        ]
    elif uid is not None:
        with contextlib.suppress(OSError):  # no mount namespace: only preloaded modules import
            view.open_for_others(seen)
    jobs_root = root if layers.namespaces else None
    if layers.namespaces:  # every job works in the same folder: its environment, made once
        os.environ.clear()
        os.environ.update(child_environment(view.WORK))
    prepared = Prepared(layers, uid, seen, rules, jobs_root, view.secrets(), own)
    if layers.namespaces:
        _check_root(prepared)
    return prepared


def _check_root(prepared: Prepared) -> None:
    """Enters the jobs' root as a job does, in a fork, and checks that it shows nothing it
    must hide.

    Raises:
        RuntimeError: it shows something it must hide, or could not be entered.
    """
    leaked_r, leaked_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(leaked_r)
            syscalls.unshare(syscalls.CLONE_NEWNS)
            _enter_root(prepared)
            shown = view.leaks(prepared.view, prepared.secrets)
            os.write(leaked_w, "\n".join(shown[:3]).encode()[:4096])
            code = 0
        finally:
            os._exit(code)
    os.close(leaked_w)
    with os.fdopen(leaked_r, "rb") as said:
        leaked = said.read().decode()
    entered = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    if leaked or not entered:
        raise RuntimeError(f"the job's root shows what it must hide: {leaked or 'not entered'}")


def _enter_own_namespaces(mode: str) -> None:
    """Gives this process (the zygote) namespaces of its own (mount, PID, IPC, network, UTS),
    inside a user namespace of its own when it is not root; then forks, and the child carries
    on as the zygote, the PID 1 of its own PID namespace (the parent waits for it and leaves
    with it). Its jobs share the empty network and the host name.

    Each job's own namespaces are made from these, and the zygote returns to them after each
    fork; without owning them, an unprivileged zygote could not return to its PID namespace.
    """
    uid, gid = os.geteuid(), os.getegid()
    flags = syscalls.ZYGOTE_NAMESPACES | (syscalls.CLONE_NEWUSER if mode == "user" else 0)
    try:
        syscalls.unshare(flags)
    except OSError as exc:
        raise NamespacesRefused(exc.errno, str(exc)) from None
    if mode == "user":
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
        Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    # Nothing mounted from here on reaches the grader's namespace.
    syscalls.mount("none", "/", None, syscalls.MS_REC | syscalls.MS_PRIVATE)
    pid = os.fork()
    if pid:
        for fd in (0, 1):  # the zygote's pipes are the child's now
            os.close(fd)
        os._exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) & 0xFF)
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)
    syscalls.sethostname("bigpicture")
    with contextlib.suppress(OSError):  # a /proc of its own: pids then read as it sees them
        flags = syscalls.MS_NOSUID | syscalls.MS_NODEV | syscalls.MS_NOEXEC
        syscalls.mount("proc", "/proc", "proc", flags)


def _enter_job_namespaces() -> None:
    """Moves this process into a job's new namespaces: its next child is the job, the PID 1 of
    its own namespace. IPC objects get small limits in the new IPC namespace."""
    syscalls.unshare(syscalls.JOB_NAMESPACES)
    for name, value in _IPC_LIMITS.items():
        with contextlib.suppress(OSError):
            fd = os.open("/proc/sys/" + name, os.O_WRONLY | os.O_CLOEXEC)
            try:
                os.write(fd, value.encode())
            finally:
                os.close(fd)


def rehearse(layers: Layers, folder: str) -> bool:
    """Whether a job's namespaces and root can be made here: does it all up to the learner's
    code, in forks, with ``folder`` (an empty folder) as the root's mount point."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            prepared = prepare(layers, None, folder)
            _enter_job_namespaces()
            inner = os.fork()
            if inner == 0:
                entered = 1
                try:
                    _enter_root(prepared)
                    entered = 0
                finally:
                    os._exit(entered)
            code = os.waitstatus_to_exitcode(os.waitpid(inner, 0)[1])
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0


@dataclass(frozen=True)
class Calls:
    """What a job calls: the request (the calls, with the index of their input arrays) and the
    input arrays. Read once per distinct request by the zygote, which may keep it for later
    jobs: each job gets its own copy with its fork, so nothing a job does reaches another."""

    request: dict
    inputs: dict[str, np.ndarray]


def read_calls(request_json: bytes, blob: bytes) -> Calls:
    """The calls of a job, from the request (JSON) and the input arrays' bytes
    (:func:`bigpicture.grader.wire.pack`)."""
    request = json.loads(request_json)
    return Calls(request, wire.unpack(request["inputs"], blob))


@dataclass
class Pipes:
    """The write ends a job gets: its report, one output (stdout and stderr) per section, its
    status line."""

    report: int
    outputs: list[int]
    status: int


def start(
    sections: list[tuple[Calls, bytes]],
    work: Path | None,
    timeout: float,
    prepared: Prepared,
    pipes: Pipes,
) -> int:
    """Starts a job as a child of this process (the zygote).

    Args:
        sections: what the job runs, in order: each exercise's calls (:func:`read_calls`) and
            the learner's source; each section may use ``timeout`` CPU seconds.
        work: the job's own folder, without namespaces (its working folder is made inside);
            None with them (the job works in its private tmpfs).

    Returns:
        The job process's pid. This process is back in its own namespaces by then.
    """
    namespaces = prepared.layers.namespaces is not None
    scratch = None if work is None else work / "work"
    if not namespaces:
        assert scratch is not None, "a job without namespaces works in its own folder"
        _make_scratch(scratch, prepared.uid)
    try:
        if namespaces:
            _enter_job_namespaces()
        pid = os.fork()
        if pid == 0:
            run = [(calls.request, source, calls.inputs) for calls, source in sections]
            _job_process(prepared, timeout, pipes, scratch, run)
    finally:
        try:
            for fd, kind in prepared.own_namespaces:
                syscalls.setns(fd, kind)
        except OSError:  # stuck in a job's namespaces: end, and the launcher starts another
            os._exit(SANDBOX_FAILED)
    return pid


def finish(work: Path, prepared: Prepared) -> None:
    """After the job has ended: without namespaces, empties its folder and removes its IPC
    objects as the job's uid (in a fork: never as root on what the learner touched)."""
    if prepared.layers.namespaces:
        return
    pid = os.fork()
    if pid == 0:
        try:
            _clean_up_as_the_job(work / "work", prepared.uid)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _job_process(
    prepared: Prepared, timeout: float, pipes: Pipes, scratch: Path | None, run: list[tuple]
) -> None:
    """Confines this fresh fork and runs the learner's calls; never returns."""
    try:
        # Far from the descriptors the pipes become (REPORT_FD and up).
        def far(fd: int) -> int:
            return fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 100)

        pipes = Pipes(far(pipes.report), [far(fd) for fd in pipes.outputs], far(pipes.status))
        os.setsid()
        os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
        os.dup2(pipes.outputs[0], 1)
        os.dup2(pipes.outputs[0], 2)
        if prepared.layers.namespaces:
            _enter_root(prepared)
            work_dir = view.WORK
        else:
            assert scratch is not None, "a job without namespaces works in its own folder"
            os.chdir(scratch)
            work_dir = str(scratch)
        # A job of several sections: the kernel's limit bounds them all together, and the
        # zygote ends a section that used up its own (a PID 1 never gets SIGXCPU anyway).
        _confine(prepared, timeout * len(run), pipes.report, work_dir)
        # The last word from trusted code: learner code runs next. A job that ends without
        # saying it is the sandbox's failure, never a verdict on the learner.
        _tell(pipes.status, {"ready": True, "at": time.monotonic()})
        os.dup2(pipes.status, STATUS_FD)
        for number, fd in enumerate(pipes.outputs):
            os.dup2(fd, OUTPUT_FD + number)
        os.closerange(OUTPUT_FD + len(pipes.outputs), 65536)
        begin = _section_starter()
    except BaseException as exc:  # the sandbox failed: say so, never run learner code
        os.write(2, f"sandbox setup failed: {exc!r}\n".encode())
        os._exit(SANDBOX_FAILED)
    code = 1  # the learner's code broke the child itself (say, closed its report pipe)
    try:
        child.main(run, REPORT_FD, begin)
        code = 0
    finally:  # never return into the zygote's code, whatever was raised
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def _section_starter() -> Callable[[int], None]:
    """What starts section ``k`` of the job (see :func:`bigpicture.grader.child.main`): its
    printed output goes to its own pipe, and a line on the status pipe tells the zygote, which
    restarts the section's wall clock and counts its CPU seconds from there. Made before any
    learner code runs."""
    stdout, stderr, dup2, write, close = sys.stdout, sys.stderr, os.dup2, os.write, os.close

    def begin(number: int) -> None:
        for stream in (stdout, stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        # Earlier learner code may have closed any of these: its own sections then suffer (an
        # output mixed up, a wall clock not restarted), and are graded again alone.
        with contextlib.suppress(OSError):
            dup2(OUTPUT_FD + number, 1)
            dup2(OUTPUT_FD + number, 2)
            close(OUTPUT_FD + number - 1)
        with contextlib.suppress(OSError):
            write(STATUS_FD, b"\n")

    return begin


def _tell(fd: int, message: dict) -> None:
    os.write(fd, json.dumps(message).encode() + b"\n")


def _make_scratch(scratch: Path, uid: int | None) -> None:
    """The job's writable folder on disk, created owned by the job's uid before it runs."""
    os.mkdir(scratch, 0o700)
    if uid is not None:
        fd = os.open(scratch, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            os.fchown(fd, uid, uid)
        finally:
            os.close(fd)
        # The job uid may reach its folder by its path (its HOME and TMPDIR, and its Landlock
        # rule, opened after the uid drop), never list the rest.
        for folder in (scratch.parent, scratch.parent.parent):
            os.chmod(folder, 0o711)


def _clean_up_as_the_job(scratch: Path, uid: int | None) -> None:
    """Empties the job's folder and removes its System V IPC objects, as the job's uid."""
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        _remove_ipc(uid)
    remove_tree(scratch)


def _remove_ipc(uid: int) -> None:
    """Removes the System V IPC objects ``uid`` made. The uid is this slot's alone, so
    nothing else is touched."""
    removers = {"shm": syscalls.remove_shm, "sem": syscalls.remove_sem, "msg": syscalls.remove_msg}
    for kind, remove in removers.items():
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            fields = dict(zip(header, line.split(), strict=False))
            if uid in (int(fields.get("uid", -1)), int(fields.get("cuid", -1))):
                with contextlib.suppress(OSError):
                    remove(int(fields[header[1]]))


def _enter_root(prepared: Prepared) -> None:
    """Mounts the job's private /job in the jobs' root and makes it ``/`` (in the job process,
    whose mount namespace is its own copy of the zygote's)."""
    root = prepared.root
    assert root is not None, "only jobs with namespaces have a root"
    uid = prepared.uid if prepared.uid is not None else os.geteuid()
    options = f"size={WORK_BYTES},nr_inodes={WORK_INODES},mode=700,uid={uid},gid={uid}"
    syscalls.mount(
        "tmpfs", root + view.WORK, "tmpfs", syscalls.MS_NOSUID | syscalls.MS_NODEV, options
    )
    os.chdir(root)
    syscalls.pivot_root(".", ".")
    syscalls.umount(".", syscalls.MNT_DETACH)  # the grader's file system is gone
    os.chdir(view.WORK)


def _confine(prepared: Prepared, timeout: float, report: int, work: str) -> None:
    """Drops privileges, sets the limits and Landlock rules, and puts the report on fd 3."""
    if prepared.uid is not None:
        os.setgroups([])
        os.setgid(prepared.uid)
        os.setuid(prepared.uid)
    elif prepared.layers.namespaces == "user":
        syscalls.drop_capabilities()
    syscalls.prctl(syscalls.PR_SET_PDEATHSIG, signal.SIGKILL)  # the uid change cleared it
    syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
    if prepared.layers.landlock:
        _restrict(prepared, prepared.layers.landlock, work)
    _set_limits(timeout)  # after the rules: the zygote's descriptors already pass NOFILE
    os.dup2(report, REPORT_FD)
    if not prepared.layers.namespaces:  # with them, the zygote's is the jobs' already
        os.environ.clear()
        os.environ.update(child_environment(work))


def child_environment(home: str) -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's leaks into the learner's process."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }


def _set_limits(timeout: float) -> None:
    """The job's limits; ``timeout`` is the CPU seconds of all its sections together."""
    cpu = limits.cpu_limit(timeout)
    wanted = {
        resource.RLIMIT_CPU: (cpu, cpu + 1),  # SIGXCPU, then SIGKILL a second later
        resource.RLIMIT_AS: (limits.CHILD_ADDRESS_SPACE,) * 2,
        resource.RLIMIT_FSIZE: (limits.CHILD_FILE_SIZE,) * 2,
        resource.RLIMIT_NOFILE: (limits.CHILD_OPEN_FILES,) * 2,
        resource.RLIMIT_CORE: (0, 0),
        resource.RLIMIT_MEMLOCK: (0, 0),
        resource.RLIMIT_MSGQUEUE: (0, 0),
    }
    for which, (soft, hard) in wanted.items():
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))
    # One process: no fork, no thread (a uid's processes are counted, and it has this one
    # already). Memory is then bounded by RLIMIT_AS for the whole job, and nothing fans out.
    if os.geteuid() != 0:
        resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))


def _restrict(prepared: Prepared, abi: int, work: str) -> None:
    rules = list(prepared.landlock_rules)
    opened = []
    for path, access in (
        (work, landlock.all_fs_access(abi)),
        ("/dev/null", landlock.READ | landlock.WRITE_FILE),
    ):
        with contextlib.suppress(OSError):
            opened.append(os.open(path, os.O_PATH | os.O_CLOEXEC))
            rules.append((opened[-1], access))
    landlock.restrict_self(rules, abi)
    for fd in opened:
        os.close(fd)

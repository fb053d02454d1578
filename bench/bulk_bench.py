"""Bulk grading throughput and memory, against the usual CI pattern, timed in the same run.

Makes classes of correct submissions (zips of the reference solutions of exercises 1-6, the
course the bench and its baseline were defined on, graded with ``--exercises 1,2,3,4,5,6``, so
that figures stay comparable as the course grows) and prints one
table: for 50, 200 and 800 submissions, `bigpicture grade --jobs 2` wall time, submissions per
second, the peak memory of its whole process tree (sampled from /proc every 20 ms) and the CPU
time it used per submission (less moved by the machine's other load than the wall time); and the
baseline — one `pytest` process per submission (bench/baseline/test_submission.py), two at a
time — on the first 40 submissions, the same per-submission process isolation.

For the largest class it then prints where the time went (``BIGPICTURE_BULK_PROFILE``, see
``grader/bulk/profile.py``): per job (one per submission: its exercises run one after the
other), the median and the total of each phase — the request, the job's start (fork,
namespaces, root, confinement), the import of the learner's first file, the rest of its files
and calls, the zygote's clean-up, the grading process's verdicts — and per submission the load,
the SQLite commit, then the exports, and the time the grading slots stood idle.

With ``--before REV`` it also installs the grader as it was at git revision REV into a venv of
its own (cached under bench/.cache) and times it on the same classes, alternating with this one,
so that a change's cost is measured in one run: medians of ``--repeat`` runs each.

With ``--whole-course`` the submissions hold every exercise of the course and all are graded,
as an instructor grades the course; the pytest baseline still grades exercises 1-6, so its
ratio is then only for scale.

Usage: python bench/bulk_bench.py [--quick] [--sizes 200] [--before REV] [--repeat 3]
       [--whole-course]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOLUTIONS = REPO / "solutions"
PROFILE_VARIABLE = "BIGPICTURE_BULK_PROFILE"  # grader/bulk/profile.py
#: The six exercises the bench (and bench/baseline/test_submission.py) measure.
FILES = sorted(p.name for p in SOLUTIONS.glob("exercise[1-6]_*.py"))
EXERCISES = ",".join(name.split("_")[0].removeprefix("exercise") for name in FILES)
#: With --whole-course: every exercise of the course (the pytest baseline still grades 1-6).
COURSE_FILES = sorted(p.name for p in SOLUTIONS.glob("exercise*_*.py"))


def make_class(root: Path, count: int, files: list[str] = FILES) -> Path:
    """``count`` zipped submissions, each a folder holding the solution ``files``."""
    folder = root / f"class{count}"
    folder.mkdir()
    for i in range(count):
        with zipfile.ZipFile(folder / f"student{i:04d}.zip", "w") as archive:
            for name in files:
                archive.write(SOLUTIONS / name, f"student{i:04d}/{name}")
    return folder


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(args: list[str], env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak tree memory and CPU seconds of a command (its whole process tree:
    each process is reaped by its parent, so its CPU adds up to the command's)."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{args} failed:\n{err.decode()[-2000:]}")
    return time.perf_counter() - start, peak, _children_cpu() - cpu


def check_full_marks(out: Path, count: int) -> None:
    """Stops the bench unless every submission passed every exercise: a fast grader that
    graded wrongly measures nothing."""
    submissions = json.loads((out / "results.json").read_text())["submissions"]
    wrong = [
        (s["name"], e["exercise"], e["status"])
        for s in submissions
        for e in s["exercises"]
        if e["status"] != "passed"
    ]
    if len(submissions) != count or wrong:
        sys.exit(f"graded {len(submissions)} of {count}, not all passed: {wrong[:5]}")


def baseline(classes: Path, folder: Path, count: int) -> float:
    """Submissions per second of one pytest process per submission, two at a time."""
    unpacked = classes / "baseline"
    unpacked.mkdir()
    for archive in sorted(folder.glob("*.zip"))[:count]:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(unpacked)
    test = REPO / "bench" / "baseline" / "test_submission.py"

    def one(submission: Path) -> None:
        env = {**os.environ, "SUBMISSION": str(submission)}
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
            env=env,
            stdout=subprocess.DEVNULL,
            check=True,
            cwd=classes,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, sorted(unpacked.iterdir())))
    return count / (time.perf_counter() - start)


# Rows of the breakdown: (label, process, phase key in the profile's job lines).
_JOB_ROWS = (
    ("request: write, hand to the zygote", "worker", "request"),
    ("start: fork, namespaces, confine", "zygote+job", "start"),
    ("import of the learner's first file", "job", "import"),
    ("the calls, the other files' imports", "job", "calls"),
    ("reap: clean up, answer", "zygote", "reap"),
    ("verdicts: read report, judge", "worker", "verdicts"),
)


def breakdown(lines: list[dict], wall: float, slots: int) -> None:
    """Prints where one profiled run's time went (see grader/bulk/profile.py)."""
    subs = [line for line in lines if line["kind"] == "submission"]
    jobs = [job for sub in subs for job in sub["jobs"]]
    slot_time = wall * slots

    def row(label: str, where: str, values: list[float], unit: str) -> None:
        median = statistics.median(values) * 1000 if values else 0.0
        total = sum(values)
        print(
            f"{label:<36} {where:<11} {median:>8.2f} ms/{unit:<4} {total:>8.2f} s"
            f" {100 * total / slot_time:>6.1f}%"
        )

    print(
        f"\nwhere the time went: {len(subs)} submissions, {len(jobs)} jobs, "
        f"{wall:.1f} s x {slots} slots"
    )
    print(f"{'phase':<36} {'process':<11} {'median':>16} {'total':>10} {'share':>7}")
    for label, where, key in _JOB_ROWS:
        row(label, where, [job[key] for job in jobs], "job")
    in_jobs = [sum(job[key] for _, _, key in _JOB_ROWS) for job in jobs]
    row("all of a job", "", in_jobs, "job")
    row("load the submission (zip)", "worker", [sub["load"] for sub in subs], "sub")
    other = [
        sub["seconds"]
        - sub["load"]
        - sum(sum(job[k] for _, _, k in _JOB_ROWS) for job in sub["jobs"])
        for sub in subs
    ]
    row("records, other worker work", "worker", other, "sub")
    starts = [line["seconds"] for line in lines if line["kind"] == "worker"]
    row("worker start (checks, zygote)", "worker", starts, "each")
    row("SQLite commit", "main", [x["seconds"] for x in lines if x["kind"] == "save"], "sub")
    row(
        "read records for the exports",
        "main",
        [x["seconds"] for x in lines if x["kind"] == "records"],
        "run",
    )
    row("exports", "main", [x["seconds"] for x in lines if x["kind"] == "exports"], "run")
    idle = slot_time - sum(sub["seconds"] for sub in subs) - sum(starts)
    print(
        f"{'idle/wait of the grading slots':<36} {'worker':<11} {'':>16} {idle:>8.2f} s"
        f" {100 * idle / slot_time:>6.1f}%"
    )
    print("(main-process rows run beside the slots; share is of slot time, jobs x wall)")


def install_revision(revision: str) -> Path:
    """The ``bigpicture`` command of the grader at git ``revision``, in a cached venv."""
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", revision],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    venv = REPO / "bench" / ".cache" / f"venv-{commit}"
    command = venv / "bin" / "bigpicture"
    if command.exists():
        return command
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", tmp]
        subprocess.run(pip, check=True)
    return command


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="classes of 20 and 50 only")
    parser.add_argument("--sizes", default=None, help="class sizes, e.g. 200 or 50,200")
    parser.add_argument("--before", default=None, help="also time the grader at this revision")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, for the median")
    parser.add_argument(
        "--whole-course",
        action="store_true",
        help="submissions of every exercise, all graded (the pytest baseline stays on 1-6)",
    )
    args = parser.parse_args()
    sizes = [20, 50] if args.quick else [50, 200, 800]
    if args.sizes:
        sizes = [int(n) for n in args.sizes.split(",")]
    graders = {"now": str(Path(sys.executable).with_name("bigpicture"))}
    if args.before:
        graders = {"before": str(install_revision(args.before)), **graders}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = COURSE_FILES if args.whole_course else FILES
        folders = {n: make_class(root, n, files) for n in sizes}
        base = baseline(root, folders[sizes[0]], 10 if args.quick else 40)
        print(
            f"{'grader':>7} {'class':>6} {'grade --jobs 2':>15} {'subs/s':>8} {'peak MB':>8}"
            f" {'CPU ms/sub':>10} {'pytest/sub subs/s':>18} {'ratio':>7}"
        )
        profiled: list[tuple[float, list[dict]]] = []  # the largest class's runs, with profiles
        for n in sizes:
            timings: dict[str, list[tuple[float, int, float]]] = {name: [] for name in graders}
            for run in range(args.repeat):
                for name, command in graders.items():
                    out = root / f"out-{name}-{n}-{run}"
                    log = root / f"profile-{name}-{n}-{run}.jsonl"
                    env = {**os.environ, PROFILE_VARIABLE: str(log)} if name == "now" else None
                    grade = [command, "grade", str(folders[n]), "--out", str(out), "--jobs", "2"]
                    if not args.whole_course:
                        grade += ["--exercises", EXERCISES]
                    timings[name].append(run_measured(grade, env))
                    check_full_marks(out, n)
                    if name == "now" and n == max(sizes):
                        lines = [json.loads(x) for x in log.read_text().splitlines()]
                        profiled.append((timings[name][-1][0], lines))
            for name, runs in timings.items():
                seconds = statistics.median(t for t, _, _ in runs)
                peak = max(p for _, p, _ in runs)
                cpu = statistics.median(c for _, _, c in runs)
                rate = n / seconds
                print(
                    f"{name:>7} {n:>6} {seconds:>14.1f}s {rate:>8.1f} {peak / 2**20:>8.0f}"
                    f" {1000 * cpu / n:>10.1f} {base:>18.2f} {rate / base:>6.1f}x"
                )
        wall, lines = sorted(profiled, key=lambda run: run[0])[len(profiled) // 2]
        breakdown(lines, wall, slots=2)


if __name__ == "__main__":
    main()

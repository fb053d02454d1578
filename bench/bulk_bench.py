"""Bulk grading throughput and memory, against the usual CI pattern, timed in the same run.

Makes classes of correct submissions (zips of the six reference solutions) and prints one
table: for 50, 200 and 800 submissions, `bigpicture grade --jobs 2` wall time, submissions per
second and the peak memory of its whole process tree (sampled from /proc every 20 ms); and the
baseline — one `pytest` process per submission (bench/baseline/test_submission.py), two at a
time — on the first 40 submissions, the same per-submission process isolation.

With ``--before REV`` it also installs the grader as it was at git revision REV into a venv of
its own (cached under bench/.cache) and times it on the same classes, alternating with this one,
so that a change's cost is measured in one run: medians of ``--repeat`` runs each.

Usage: python bench/bulk_bench.py [--quick] [--sizes 200] [--before REV] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
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
FILES = sorted(p.name for p in SOLUTIONS.glob("exercise*.py"))


def make_class(root: Path, count: int) -> Path:
    """``count`` zipped submissions, each a folder holding the six solution files."""
    folder = root / f"class{count}"
    folder.mkdir()
    for i in range(count):
        with zipfile.ZipFile(folder / f"student{i:04d}.zip", "w") as archive:
            for name in FILES:
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


def run_measured(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree memory of a command."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
    return time.perf_counter() - start, peak


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
    args = parser.parse_args()
    sizes = [20, 50] if args.quick else [50, 200, 800]
    if args.sizes:
        sizes = [int(n) for n in args.sizes.split(",")]
    graders = {"now": str(Path(sys.executable).with_name("bigpicture"))}
    if args.before:
        graders = {"before": str(install_revision(args.before)), **graders}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folders = {n: make_class(root, n) for n in sizes}
        base = baseline(root, folders[sizes[0]], 10 if args.quick else 40)
        print(
            f"{'grader':>7} {'class':>6} {'grade --jobs 2':>15} {'subs/s':>8} {'peak MB':>8}"
            f" {'pytest/sub subs/s':>18} {'ratio':>7}"
        )
        for n in sizes:
            timings: dict[str, list[tuple[float, int]]] = {name: [] for name in graders}
            for run in range(args.repeat):
                for name, command in graders.items():
                    out = root / f"out-{name}-{n}-{run}"
                    timings[name].append(
                        run_measured(
                            [command, "grade", str(folders[n]), "--out", str(out), "--jobs", "2"]
                        )
                    )
            for name, runs in timings.items():
                seconds = statistics.median(t for t, _ in runs)
                peak = max(p for _, p in runs)
                rate = n / seconds
                print(
                    f"{name:>7} {n:>6} {seconds:>14.1f}s {rate:>8.1f} {peak / 2**20:>8.0f}"
                    f" {base:>18.2f} {rate / base:>6.1f}x"
                )


if __name__ == "__main__":
    main()

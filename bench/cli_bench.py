"""The first `bigpicture check` after install against a warm one, for every exercise.

Prints one table of medians, all timed in the same run, on a correct solution of each exercise:
- the baselines: `python -c "import numpy"`, the floor of any numpy grader, and
  `python -c "import numpy, numba"` (issue 11's bound: a check within 2x of it);
- a warm check: the command run again and again in the same workspace;
- a cold check: the same command with an empty numba cache (NUMBA_CACHE_DIR pointing to a
  fresh folder each time), as on the first run after install. Grading's sizes run in numpy, so
  nothing should compile: the goal is at most 2x the warm check.

Usage: python bench/cli_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bigpicture.grader.manifest import load_manifest

REPO = Path(__file__).resolve().parents[1]
BIGPICTURE = Path(sys.executable).with_name("bigpicture")
EXERCISES = {e.id: e.file for e in load_manifest().exercises}


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{command} exited {done.returncode}:\n{done.stdout.decode()[-2000:]}")
    return seconds


def median_of(repeats: int, command, cwd, env_for_run) -> float:
    return statistics.median(timed(command, cwd, env_for_run()) for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    env = dict(os.environ)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        timed([str(BIGPICTURE), "init", "ws"], tmp_path, env)
        workspace = tmp_path / "ws"
        for solution in EXERCISES.values():
            shutil.copy(REPO / "solutions" / solution, workspace)
        baseline = median_of(
            repeats, [sys.executable, "-c", "import numpy"], workspace, lambda: env
        )
        with_numba = median_of(
            repeats, [sys.executable, "-c", "import numpy, numba"], workspace, lambda: env
        )
        caches = iter(range(10_000))
        for exercise in EXERCISES:
            check = [str(BIGPICTURE), "check", exercise]
            timed(check, workspace, env)
            warm = median_of(repeats, check, workspace, lambda: env)
            cold = median_of(
                repeats,
                check,
                workspace,
                lambda: {**env, "NUMBA_CACHE_DIR": str(tmp_path / f"cache{next(caches)}")},
            )
            rows.append((exercise, warm, cold))
    print(f"python -c 'import numpy' (baseline): {baseline:.3f}s")
    print(f"python -c 'import numpy, numba': {with_numba:.3f}s\n")
    print(
        f"{'bigpicture check':<18} {'warm':>8} {'cold':>8} {'cold/warm':>10} {'warm/base':>10} "
        f"{'warm/numba':>11}"
    )
    for exercise, warm, cold in rows:
        print(
            f"{exercise:<18} {warm:>7.3f}s {cold:>7.3f}s {cold / warm:>9.2f}x "
            f"{warm / baseline:>9.2f}x {warm / with_numba:>10.2f}x"
        )
    print("\ngoals: cold/warm <= 2.0x and warm <= 2x import numpy, numba, for every exercise")


if __name__ == "__main__":
    main()

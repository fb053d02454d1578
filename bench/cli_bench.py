"""Start-up cost of `bigpicture check exercise5`, against a bare `import numpy, numba`.

Prints one table of medians over several runs, all timed in the same run:
- the baseline: `python -c "import numpy, numba"`;
- the floor of any numba engine: importing it and calling one kernel from numba's cache (the
  first call sets up numba's typing and target contexts, ~0.2 s, whatever the kernel);
- a warm `bigpicture check exercise5` (numba's cache already filled) on a correct solution;
- the first run ever: the same command with an empty numba cache (NUMBA_CACHE_DIR pointing to
  a fresh folder each time), which must compile the engine.

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

REPO = Path(__file__).resolve().parents[1]
BIGPICTURE = Path(sys.executable).with_name("bigpicture")


def timed(command: list[str], cwd: Path, env: dict[str, str], expect: int = 0) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode != expect:
        sys.exit(f"{command} exited {done.returncode}:\n{done.stdout.decode()[-2000:]}")
    return seconds


def median_of(repeats: int, command, cwd, env_for_run) -> float:
    return statistics.median(timed(command, cwd, env_for_run()) for _ in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats, cold_repeats = (3, 1) if args.quick else (9, 3)
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        timed([str(BIGPICTURE), "init", "ws"], tmp_path, env)
        workspace = tmp_path / "ws"
        shutil.copy(REPO / "solutions" / "exercise5_conv.py", workspace)
        check = [str(BIGPICTURE), "check", "exercise5"]
        timed(check, workspace, env)  # fill the cache
        baseline = median_of(
            repeats, [sys.executable, "-c", "import numpy, numba"], workspace, lambda: env
        )
        first_kernel = median_of(
            repeats,
            [
                sys.executable,
                "-c",
                "import numpy; from bigpicture.grader import engine; engine.relu(numpy.ones(1))",
            ],
            workspace,
            lambda: env,
        )
        warm = median_of(repeats, check, workspace, lambda: env)
        cold_dirs = iter(range(cold_repeats))
        cold = median_of(
            cold_repeats,
            check,
            workspace,
            lambda: {**env, "NUMBA_CACHE_DIR": str(tmp_path / f"cache{next(cold_dirs)}")},
        )
    rows = [
        ('python -c "import numpy, numba"', baseline, "baseline"),
        ("numpy, numba and one cached engine kernel", first_kernel, "numba's first-call setup"),
        ("bigpicture check exercise5 (warm)", warm, "goal <= 2.0x"),
        ("bigpicture check exercise5 (first run, cold cache)", cold, "goal < 10 s"),
    ]
    print(f"{'command':<52} {'median':>9} {'x baseline':>11}  note")
    for name, seconds, note in rows:
        print(f"{name:<52} {seconds:>8.3f}s {seconds / baseline:>10.2f}x  {note}")


if __name__ == "__main__":
    main()

"""How fast the course opens and moves, against a bare `import textual.app`.

Prints one table of medians, all timed in the same run:
- baseline: `python -c "import textual.app"`;
- `bigpicture learn` from process start to the first painted course screen, run in a real
  pseudo-terminal (the screen's first refresh after mounting ends the app);
- a lesson switch (`.`) until the new lesson is on screen, inside one running app.
Plot computing times are in bench/plots_bench.py.

Usage: python bench/tui_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs `bigpicture learn` as the console script does; at the first paint of the course it
# writes the wall-clock time to $PAINT_FILE and quits (teardown is not start-up).
FIRST_PAINT = """
import os, time
from bigpicture.course.screens.course_screen import CourseScreen
mount = CourseScreen.on_mount
def painted(app):
    with open(os.environ["PAINT_FILE"], "w") as fh:
        fh.write(repr(time.time()))
    app.exit()
async def on_mount(self):
    await mount(self)
    self.call_after_refresh(painted, self.app)
CourseScreen.on_mount = on_mount
from bigpicture.course.cli import main
main()
"""


def in_terminal(args: list[str], cwd: Path) -> float:
    """Seconds until ``args``, run on a pseudo-terminal of 100x32, writes $PAINT_FILE or ends."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    paint_file = cwd / "painted-at"
    paint_file.unlink(missing_ok=True)
    env = {
        **os.environ,
        "COLUMNS": "100",
        "LINES": "32",
        "TERM": "xterm-256color",
        "PAINT_FILE": str(paint_file),
    }
    wall_start = time.time()
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=cwd, env=env, stdin=follower, stdout=follower, stderr=follower, close_fds=True
    )
    while proc.poll() is None:
        try:
            os.read(leader, 65536)
        except BlockingIOError:
            time.sleep(0.002)
    seconds = time.perf_counter() - start
    os.close(leader)
    os.close(follower)
    if proc.returncode != 0:
        sys.exit(f"{args} exited {proc.returncode}")
    if paint_file.exists():
        return float(paint_file.read_text()) - wall_start
    return seconds


def lesson_switches(workspace_root: Path, rounds: int) -> list[float]:
    """Seconds from a lesson-switch action to the next painted frame, for every switch.

    Measured inside the app: Pilot's own key handling waits ~100 ms per key, which is not
    the course's time.
    """
    from bigpicture.course.app import BigPictureApp
    from bigpicture.course.screens.course_screen import CourseScreen
    from bigpicture.grader.workspace import find_workspace

    times: list[float] = []
    show = CourseScreen.show_lesson

    async def timed_show(self, number: int) -> None:
        start = time.perf_counter()
        await show(self, number)
        self.call_after_refresh(lambda: times.append(time.perf_counter() - start))

    async def run() -> None:
        app = BigPictureApp(find_workspace(workspace_root), "en", 1)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause(2.0)  # the first paint and the lessons built ahead
            times.clear()
            for _ in range(rounds):
                for key in ["full_stop"] * 7 + ["comma"] * 7:
                    await pilot.press(key)
                    await pilot.pause()

    CourseScreen.show_lesson = timed_show
    try:
        asyncio.run(run())
    finally:
        CourseScreen.show_lesson = show
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "bigpicture.course", "init", "ws"],
            cwd=root,
            check=True,
            capture_output=True,
        )
        workspace = root / "ws"
        learn = [sys.executable, "-c", FIRST_PAINT, "learn", "--lesson", "1"]
        baseline_cmd = [sys.executable, "-c", "import textual.app"]
        in_terminal(learn, workspace)  # warm the file cache
        baseline = statistics.median(in_terminal(baseline_cmd, workspace) for _ in range(repeats))
        paint = statistics.median(in_terminal(learn, workspace) for _ in range(repeats))
        switches = lesson_switches(workspace, 1 if args.quick else 3)
    print(f"{'what':<46} {'median':>9} {'x baseline':>11}  goal")
    name = 'python -c "import textual.app"'
    print(f"{name:<46} {baseline:>8.3f}s {1:>10.2f}x  baseline")
    print(
        f"{'bigpicture learn -> first painted screen':<46} {paint:>8.3f}s "
        f"{paint / baseline:>10.2f}x  < 1.5x"
    )
    switch = statistics.median(switches)
    print(
        f"{'lesson switch (median of ' + str(len(switches)) + ')':<46} {switch * 1000:>7.1f}ms "
        f"{'':>11}  < 100 ms (max {max(switches) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()

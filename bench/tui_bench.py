"""How fast the course opens and moves, against a bare `import textual.app`.

Prints one table of medians, all timed in the same run (interleaved), each in a real
pseudo-terminal of 100x32 from process start:
- baseline: `python -c "import textual.app"`;
- for scale, a bare Textual app showing lesson 1 in the Markdown widget;
- `bigpicture learn` to its first painted frame (the lesson's opening and the progress line),
  and to the first frame with every pane (sidebar, plot or exercise, footer, full lesson);
- a lesson switch (`.`) until the new lesson is on screen, inside one running app.
Run it on a `pip install .` (not editable), as learners have it.
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

# Runs `bigpicture learn` as the console script does; at the first paint of the course (or, with
# PAINT_AT=loaded, at the first paint after everything besides the lesson text is mounted) it
# writes the wall-clock time to $PAINT_FILE and quits (teardown is not start-up).
FIRST_PAINT = """
import os, time
from bigpicture.course.screens.course_screen import CourseScreen
def painted(app):
    with open(os.environ["PAINT_FILE"], "w") as fh:
        fh.write(repr(time.time()))
    app.exit()
if os.environ.get("PAINT_AT") == "loaded":  # called after the refresh that shows every pane
    start = CourseScreen._start_background
    def _start_background(self):
        painted(self.app)
        start(self)
    CourseScreen._start_background = _start_background
else:
    mount = CourseScreen.on_mount
    async def on_mount(self):
        self.call_after_refresh(painted, self.app)  # first: the screen's own come after it
        await mount(self)
    CourseScreen.on_mount = on_mount
from bigpicture.course.cli import main
main()
"""


def in_terminal(args: list[str], cwd: Path, paint_at: str = "first") -> float:
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
        "PAINT_AT": paint_at,
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


BASELINE = 'python -c "import textual.app"'
# For scale: a bare app that shows lesson 1 in Textual's Markdown widget, nothing else.
BARE_MARKDOWN = """
import os, sys, time
from textual.app import App
from textual.widgets import Markdown
class Bare(App):
    def compose(self):
        yield Markdown(open(sys.argv[1], encoding="utf-8").read())
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        open(os.environ["PAINT_FILE"], "w").write(repr(time.time()))
        self.exit()
Bare().run()
"""


def editable_install() -> bool:
    from importlib.metadata import distribution

    return '"editable": true' in (distribution("bigpicture").read_text("direct_url.json") or "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 11
    from bigpicture.course.lessons import lesson_text
    from bigpicture.grader.manifest import load_manifest

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        subprocess.run(
            [sys.executable, "-m", "bigpicture.course", "init", "ws"],
            cwd=root,
            check=True,
            capture_output=True,
        )
        workspace = root / "ws"
        lesson = root / "lesson1.md"
        lesson.write_text(lesson_text(load_manifest().lesson(1), "en"), encoding="utf-8")
        learn = [sys.executable, "-c", FIRST_PAINT, "learn", "--lesson", "1"]
        runs = {
            'python -c "import textual.app"': (
                [sys.executable, "-c", "import textual.app"],
                "first",
            ),
            "bare app: lesson 1 in Markdown (for scale)": (
                [sys.executable, "-c", BARE_MARKDOWN, str(lesson)],
                "first",
            ),
            "bigpicture learn -> first painted frame": (learn, "first"),
            "bigpicture learn -> every pane painted": (learn, "loaded"),
        }
        in_terminal(learn, workspace)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(repeats):  # interleaved, so that a busy moment hits every row alike
            for name, (command, paint_at) in runs.items():
                times[name].append(in_terminal(command, workspace, paint_at))
        switches = lesson_switches(workspace, 1 if args.quick else 3)
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians[BASELINE]
    goals = {"bigpicture learn -> first painted frame": "<= 1.5x"}
    if editable_install():
        print("note: an editable install; `pip install .` is what learners have (and faster)\n")
    print(f"{'what':<46} {'median':>9} {'x baseline':>11}  goal")
    for name, seconds in medians.items():
        goal = goals.get(name, "baseline" if seconds == baseline else "")
        print(f"{name:<46} {seconds:>8.3f}s {seconds / baseline:>10.2f}x  {goal}")
    switch = statistics.median(switches)
    print(
        f"{'lesson switch (median of ' + str(len(switches)) + ')':<46} {switch * 1000:>7.1f}ms "
        f"{'':>11}  < 100 ms (max {max(switches) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()

"""Benchmark of the live plots: compute() cold and draw() at the size of a plot pane.

Prints one table: for each demo, the median time of ``compute()`` on a new instance (no
cached result; the engine's numba kernels are warmed up first, so JIT compiling is not
counted) and of ``draw()`` plus the widget's render at 100x32 in a headless Textual app.
The TUI computes in a worker thread, so only draw runs on the event loop.

Usage: python bench/plots_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from bigpicture.course.demos import DEMOS, make_demo
from bigpicture.grader import engine

SIZE = (100, 32)
DRAW_GOAL_MS = 50.0


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    """Median wall-clock time of ``fn()`` over ``repeats`` runs, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000.0 * statistics.median(times)


class PlotApp(App[None]):
    """One plot widget filling the screen."""

    def compose(self) -> ComposeResult:
        yield PlotextPlot()


async def draw_times(repeats: int) -> dict[str, float]:
    """Median ms of clear + draw + render, per demo, on the default state's data."""
    results = {}
    app = PlotApp()
    async with app.run_test(size=SIZE):
        widget = app.query_one(PlotextPlot)
        for name in DEMOS:
            demo = make_demo(name)
            data = demo.compute()

            def draw(demo=demo, data=data) -> None:
                widget.plt.clear_figure()
                demo.draw(widget.plt, data)
                widget.render()

            results[name] = median_ms(draw, repeats)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    compute_repeats, draw_repeats = (3, 5) if args.quick else (7, 21)

    engine.warm_up()
    compute = {
        name: median_ms(lambda n=name: make_demo(n).compute(), compute_repeats) for name in DEMOS
    }
    draw = asyncio.run(draw_times(draw_repeats))

    print(f"{'demo':<16}{'compute cold (ms)':>19}{'draw at 100x32 (ms)':>21}")
    for name in DEMOS:
        flag = "" if draw[name] < DRAW_GOAL_MS else "  over goal"
        print(f"{name:<16}{compute[name]:>19.2f}{draw[name]:>21.2f}{flag}")
    print(f"goal: compute in a worker, draw < {DRAW_GOAL_MS:.0f} ms")


if __name__ == "__main__":
    main()

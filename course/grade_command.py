"""`bigpicture grade`: the instructor's shell over bigpicture.grader.bulk.

Exit codes: 0 when the class was graded (whatever the students scored), 2 when the
instructor's own input is wrong (missing folder, unreadable zip, bad --shard).

Notes and paths quote names that students chose, so they are printed as ``rich.text.Text``,
never as a string Rich would read: a file named ``[/]`` or ``:smile:`` prints as itself
instead of crashing the run or turning into markup or an emoji.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from bigpicture.grader.bulk.grade import (
    InputError,
    Settings,
    find_submissions,
    grade_gradescope,
    grade_sources,
)
from bigpicture.grader.bulk.records import SubmissionRecord
from bigpicture.grader.status import PASSED

__all__ = ["InputError", "parse_shard", "print_notes", "print_summary", "run", "run_gradescope"]


def parse_shard(text: str | None) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); None -> (1, 1)."""
    if text is None:
        return 1, 1
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise InputError(f"--shard {text!r}: write K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise InputError(f"--shard {text!r}: K must be between 1 and N")
    return k, n


def print_notes(notes: Iterable[str], console: Console) -> None:
    """Prints notes for the instructor, dimmed, each exactly as written and on one line."""
    for note in notes:
        console.print(Text(note, style="dim"), soft_wrap=True)


def run(
    submissions: Path,
    out: Path,
    jobs: int,
    timeout: float,
    seed: int | None,
    exercises: list[str],
    shard: tuple[int, int],
    lang: str,
    console: Console,
    unconfined: bool = False,
) -> list[SubmissionRecord]:
    """Grades (or resumes grading) a class into ``out`` with a progress bar, after the notes
    on stray files; returns every stored record (:mod:`bigpicture.grader.bulk.grade` does the
    work)."""
    sources, notes = find_submissions(submissions, out, shard)
    print_notes(notes, console)
    with _progress(console) as progress:
        task = progress.add_task("grading", total=None)

        def started(layers, todo: int, kept: int) -> None:
            style = "bold red" if layers.unconfined else "dim"
            progress.console.print(Text(layers.describe(), style=style), soft_wrap=True)
            if kept:
                progress.console.print(
                    f"{kept} submission(s) already graded with this grader and seed: kept."
                )
            progress.update(task, total=todo)

        settings = Settings(jobs, timeout, seed, tuple(exercises), shard, lang, unconfined)
        graded = grade_sources(
            sources, out, settings, started, lambda record: progress.advance(task)
        )
    return graded.records


def run_gradescope(
    root: Path, timeout: float, seed: int | None, lang: str, console: Console, unconfined=False
) -> None:
    """Acts as Gradescope's run_autograder: root/submission in, root/results/results.json out."""

    def started(layers, todo: int, kept: int) -> None:
        style = "bold red" if layers.unconfined else "dim"
        console.print(Text(layers.describe(), style=style), soft_wrap=True)

    settings = Settings(jobs=1, timeout=timeout, seed=seed, lang=lang, unconfined=unconfined)
    record, path = grade_gradescope(root, settings, started)
    count = len(record.exercises)
    console.print(Text(f"wrote {path}: {record.total:.3f} of {count}"))


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def print_summary(
    records: list[SubmissionRecord],
    exercises: list[str],
    console: Console,
    seconds: float,
    out: Path,
) -> None:
    """Counts, per-exercise pass rates and a histogram of totals."""
    count = len(records)
    console.print(Text(f"\n{count} submission(s) in {out} — graded in {seconds:.1f} s"))
    if not count:
        return
    table = Table(title="per exercise", box=None)
    for column in ("exercise", "passed", "pass rate", "mean score", "not submitted"):
        table.add_column(column, justify="left" if column == "exercise" else "right")
    for exercise in exercises:
        rows = [e for r in records for e in r.exercises if e.exercise == exercise]
        passed = sum(e.status == PASSED for e in rows)
        missing = sum(e.problem == "not submitted" for e in rows)
        mean = sum(e.score for e in rows) / len(rows) if rows else 0.0
        rate = passed / len(rows) if rows else 0.0
        table.add_row(exercise, f"{passed}/{len(rows)}", f"{rate:.0%}", f"{mean:.3f}", str(missing))
    console.print(table)
    console.print(Text(_histogram([r.total for r in records], len(exercises))))


def _histogram(totals: list[float], maximum: int, bins: int = 6, width: int = 40) -> str:
    counts = [0] * bins
    for total in totals:
        counts[min(bins - 1, int(total / maximum * bins)) if maximum else 0] += 1
    top = max(counts) or 1
    lines = ["total score histogram"]
    for i, c in enumerate(counts):
        lo, hi = maximum * i / bins, maximum * (i + 1) / bins
        bracket = "]" if i == bins - 1 else ")"
        lines.append(
            f"  [{lo:4.1f}, {hi:4.1f}{bracket} {'█' * round(c / top * width):<{width}} {c}"
        )
    return "\n".join(lines)

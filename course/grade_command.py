"""`bigpicture grade`: the instructor's shell over bigpicture.grader.bulk.

Exit codes: 0 when the class was graded (whatever the students scored), 2 when the
instructor's own input is wrong (missing folder, unreadable zip, bad --shard).

Notes and paths quote names that students chose, so they are printed as ``rich.text.Text``,
never as a string Rich would read: a file named ``[/]`` or ``:smile:`` prints as itself
instead of crashing the run or turning into markup or an emoji.
"""

from __future__ import annotations

import json
import secrets
import sys
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

from bigpicture.grader.bulk.records import SubmissionRecord
from bigpicture.grader.status import PASSED


class InputError(Exception):
    """The instructor's own input is wrong; the message is one line."""


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


def find_submissions(
    submissions: Path, out: Path, shard: tuple[int, int], console: Console
) -> list[Path]:
    """The submissions of this shard, in name order; notes on stray files are printed.

    An ``out`` folder inside ``submissions`` is not a student's: it is left out.
    """
    from bigpicture.grader.bulk.submissions import SubmissionsError, discover

    try:
        sources, notes = discover(submissions)
    except SubmissionsError as exc:
        raise InputError(str(exc)) from None
    print_notes(notes, console)
    if out.resolve() in {s.resolve() for s in sources}:
        print_notes([f"ignored {out.name}: it is the --out folder"], console)
        sources = [s for s in sources if s.resolve() != out.resolve()]
    k, n = shard
    return [s for i, s in enumerate(sources) if i % n == k - 1]


def print_notes(notes: Iterable[str], console: Console) -> None:
    """Prints notes for the instructor, dimmed, each exactly as written and on one line."""
    for note in notes:
        console.print(Text(note, style="dim"), soft_wrap=True)


def run_grading(
    sources: list[Path],
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
    """Grades (or resumes grading) a class into ``out``; returns every stored record.

    The exports are written even when grading stops early (an interrupt, an error), from
    whatever the store holds by then.

    Raises:
        InputError: no isolation layer hides the answers here and ``unconfined`` is False.
    """
    from bigpicture.grader.bulk.exports import write_exports
    from bigpicture.grader.bulk.runner import Options, grade_class, grader_version, grading_key
    from bigpicture.grader.bulk.store import Store
    from bigpicture.grader.bulk.submissions import SubmissionsError, load
    from bigpicture.grader.isolation.layers import SandboxUnavailable, probe

    try:
        layers = probe(unconfined)
    except SandboxUnavailable as exc:
        raise InputError(str(exc)) from None
    style = "bold red" if layers.unconfined else "dim"
    console.print(Text(layers.describe(), style=style), soft_wrap=True)
    k, n = shard
    out.mkdir(parents=True, exist_ok=True)
    version = grader_version()
    with Store(out) as store:
        recorded = store.meta()
        if seed is None:  # resuming reuses the run's seed; a new run draws a fresh one
            seed = int(recorded["seed"]) if "seed" in recorded else secrets.randbits(32)
        options = Options(tuple(exercises), timeout, seed, lang, layers)
        store.set_meta(
            seed=str(seed),
            versions=json.dumps(_versions(version)),
            timeout=str(timeout),
            exercises=json.dumps(exercises),
            shard=f"{k}/{n}",
            sandbox=json.dumps(layers.to_dict()),
        )
        todo, keys = [], {}
        files = _exercise_files(exercises)
        for source in sources:
            try:
                submission = load(source, files)
            except SubmissionsError as exc:
                raise InputError(str(exc)) from None
            keys[submission.name] = grading_key(submission.content_hash, options, version)
            if store.key_of(submission.name) != keys[submission.name]:
                todo.append((submission.name, source))
        skipped = len(sources) - len(todo)
        if skipped:
            console.print(
                f"{skipped} submission(s) already graded with this grader and seed: kept."
            )
        try:
            with _progress(console) as progress:
                task = progress.add_task("grading", total=len(todo))

                def save(record: SubmissionRecord) -> None:
                    store.save(keys[record.name], record)
                    progress.advance(task)

                grade_class(todo, options, jobs, save)
        finally:
            records = store.records()
            write_exports(records, store.meta(), out)
    return records


def _versions(grader: str) -> dict[str, str]:
    from importlib import metadata

    versions = {"bigpicture": grader, "python": sys.version.split()[0]}
    for package in ("numpy", "numba"):
        versions[package] = metadata.version(package)
    return versions


def _exercise_files(exercise_ids: list[str]) -> list[str]:
    from bigpicture.grader.manifest import load_manifest

    manifest = load_manifest()
    return [manifest.find(e).file for e in exercise_ids]


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


def run_gradescope(
    root: Path,
    timeout: float,
    seed: int | None,
    lang: str,
    console: Console,
    unconfined: bool = False,
) -> None:
    """Acts as Gradescope's run_autograder: root/submission in, root/results/results.json out."""
    import tempfile

    from bigpicture.grader.bulk.exports import gradescope_result
    from bigpicture.grader.manifest import load_manifest

    submission = root / "submission"
    if not submission.is_dir():
        raise InputError(f"{submission} is not a folder: is this the Gradescope autograder?")
    exercises = [e.id for e in load_manifest().exercises]
    with tempfile.TemporaryDirectory() as tmp:
        records = run_grading(
            [submission], Path(tmp), 1, timeout, seed, exercises, (1, 1), lang, console, unconfined
        )
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    result = json.dumps(gradescope_result(records[0]), indent=2, allow_nan=False)
    (results / "results.json").write_text(result)
    console.print(
        Text(f"wrote {results / 'results.json'}: {records[0].total:.3f} of {len(exercises)}")
    )

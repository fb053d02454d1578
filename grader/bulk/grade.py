"""Grading a class, as a library: what `bigpicture grade` does, without a terminal.

From Python (a script, a notebook, a CI job)::

    from bigpicture.grader.bulk.grade import Settings, grade_folder
    run = grade_folder(Path("submissions"), Path("out"), Settings(jobs=2))
    for record in run.records:
        print(record.name, record.total)

Writes the same store and exports (grades.csv, results.json, junit.xml, gradescope/) into
``out`` as the command, and resumes the same way: a submission already graded with this
grader and seed is kept. The command is a shell over this module (course/grade_command.py).
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bigpicture.grader import limits
from bigpicture.grader.bulk.records import SubmissionRecord
from bigpicture.grader.isolation.layers import Layers
from bigpicture.grader.manifest import load_manifest


class InputError(Exception):
    """The instructor's own input is wrong (a missing folder, a bad shard, no sandbox); the
    message is one line."""


@dataclass
class ClassRun:
    """What grading a class produced."""

    records: list[SubmissionRecord]  # every submission the store holds, this run's included
    layers: Layers  # the sandbox's layers on this machine
    seed: int  # the seed of every random case: pass it again to reproduce the run
    kept: int = 0  # submissions already graded with this grader and seed
    notes: list[str] = field(default_factory=list)  # stray files, ignored folders


def find_submissions(
    submissions: Path, out: Path, shard: tuple[int, int] = (1, 1)
) -> tuple[list[Path], list[str]]:
    """The submissions of shard ``(k, n)`` (every n-th from the k-th, in name order), and the
    notes on what was left out. An ``out`` folder inside ``submissions`` is not a student's."""
    from bigpicture.grader.bulk.submissions import SubmissionsError, discover

    try:
        sources, notes = discover(submissions)
    except SubmissionsError as exc:
        raise InputError(str(exc)) from None
    if out.resolve() in {s.resolve() for s in sources}:
        notes = [*notes, f"ignored {out.name}: it is the --out folder"]
        sources = [s for s in sources if s.resolve() != out.resolve()]
    k, n = shard
    return [s for i, s in enumerate(sources) if i % n == k - 1], notes


@dataclass(frozen=True)
class Settings:
    """How to grade a class.

    Attributes:
        jobs: grading processes at once.
        timeout: CPU seconds per exercise.
        seed: the random cases' seed; None reuses a resumed run's, or draws a new one.
        exercises: exercise ids to grade (default: all).
        shard: ``(k, n)``: grade the k-th of n shards (every n-th submission from the k-th).
        lang: the language of the messages in the exports ("en" or "ko").
        unconfined: grade even where no sandbox layer hides the answers (said everywhere).
    """

    jobs: int = 2
    timeout: float = limits.DEFAULT_TIMEOUT
    seed: int | None = None
    exercises: tuple[str, ...] = ()
    shard: tuple[int, int] = (1, 1)
    lang: str = "en"
    unconfined: bool = False


def grade_folder(
    submissions: Path,
    out: Path,
    settings: Settings = Settings(),
    on_start: Callable[[Layers, int, int], None] | None = None,
    on_graded: Callable[[SubmissionRecord], None] | None = None,
) -> ClassRun:
    """Grades (or resumes grading) the submissions in ``submissions`` (each a folder or a .zip
    of exercise files) into ``out``.

    Args:
        on_start: called with the sandbox's layers, the submissions to grade and those kept.
        on_graded: called with each record as it is stored.

    Raises:
        InputError: the instructor's input is wrong, or no layer hides the answers here and
            ``settings.unconfined`` is False.
    """
    sources, notes = find_submissions(submissions, out, settings.shard)
    run = grade_sources(sources, out, settings, on_start, on_graded)
    run.notes = notes
    return run


def grade_sources(
    sources: list[Path],
    out: Path,
    settings: Settings = Settings(),
    on_start: Callable[[Layers, int, int], None] | None = None,
    on_graded: Callable[[SubmissionRecord], None] | None = None,
) -> ClassRun:
    """:func:`grade_folder` for submissions already found. The exports are written even when
    grading stops early (an interrupt, an error), from what the store holds then."""
    from bigpicture.grader.bulk.exports import write_exports
    from bigpicture.grader.bulk.runner import Options, grade_class, grader_version, grading_key
    from bigpicture.grader.bulk.store import Store
    from bigpicture.grader.bulk.submissions import SubmissionsError, load
    from bigpicture.grader.isolation.layers import SandboxUnavailable, probe

    manifest = load_manifest()
    exercises = list(settings.exercises) or [e.id for e in manifest.exercises]
    try:
        layers = probe(settings.unconfined)
    except SandboxUnavailable as exc:
        raise InputError(str(exc)) from None
    k, n = settings.shard
    out.mkdir(parents=True, exist_ok=True)
    version = grader_version()
    with Store(out) as store:
        recorded = store.meta()
        seed = settings.seed
        if seed is None:  # resuming reuses the run's seed; a new run draws a fresh one
            seed = int(recorded["seed"]) if "seed" in recorded else secrets.randbits(32)
        options = Options(tuple(exercises), settings.timeout, seed, settings.lang, layers)
        store.set_meta(
            seed=str(seed),
            versions=json.dumps(_versions(version)),
            timeout=str(settings.timeout),
            exercises=json.dumps(exercises),
            shard=f"{k}/{n}",
            sandbox=json.dumps(layers.to_dict()),
        )
        todo, keys = [], {}
        files = [manifest.find(e).file for e in exercises]
        for source in sources:
            try:
                submission = load(source, files)
            except SubmissionsError as exc:
                raise InputError(str(exc)) from None
            keys[submission.name] = grading_key(submission.content_hash, options, version)
            if store.key_of(submission.name) != keys[submission.name]:
                todo.append((submission.name, source))
        kept = len(sources) - len(todo)
        if on_start is not None:
            on_start(layers, len(todo), kept)

        def save(record: SubmissionRecord) -> None:
            store.save(keys[record.name], record)
            if on_graded is not None:
                on_graded(record)

        try:
            grade_class(todo, options, settings.jobs, save)
        finally:
            records = store.records()
            write_exports(records, store.meta(), out)
    return ClassRun(records, layers, seed, kept)


def grade_gradescope(
    root: Path,
    settings: Settings = Settings(jobs=1),
    on_start: Callable[[Layers, int, int], None] | None = None,
) -> tuple[SubmissionRecord, Path]:
    """Gradescope's run_autograder: ``root/submission`` in, ``root/results/results.json`` out.

    Returns:
        The submission's record and the results file written.
    """
    import tempfile

    from bigpicture.grader.bulk.exports import gradescope_result

    submission = root / "submission"
    if not submission.is_dir():
        raise InputError(f"{submission} is not a folder: is this the Gradescope autograder?")
    with tempfile.TemporaryDirectory() as tmp:
        run = grade_sources([submission], Path(tmp), settings, on_start)
    results = root / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / "results.json"
    path.write_text(json.dumps(gradescope_result(run.records[0]), indent=2, allow_nan=False))
    return run.records[0], path


def _versions(grader: str) -> dict[str, str]:
    from importlib import metadata

    versions = {"bigpicture": grader, "python": sys.version.split()[0]}
    for package in ("numpy", "numba"):
        versions[package] = metadata.version(package)
    return versions

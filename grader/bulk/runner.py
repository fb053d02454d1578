"""Grades a whole class in parallel, with the same checks as `bigpicture check`.

The main process hands submission paths to ``jobs`` worker processes and stores each record
as it arrives. A worker is trusted: it reads the submission, builds the checks once for the
run's seed, judges the results with the reference engine, and runs each exercise of each
submission in its own process forked from a zygote that holds nothing but numpy (so the
learner's code never shares memory with the seed, the checks or the expected values).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from importlib import metadata, resources
from pathlib import Path

from bigpicture.grader.bulk.records import CheckRecord, ExerciseRecord, SubmissionRecord
from bigpicture.grader.status import MISSING


@dataclass(frozen=True)
class Options:
    """What a grading run was asked to do; part of every submission's grading key."""

    exercises: tuple[str, ...]  # exercise ids, in course order
    timeout: float
    seed: int
    lang: str = "en"


def grader_version() -> str:
    """The package version plus a hash of the grader's code: a change regrades everything."""
    digest = hashlib.sha256()
    root = resources.files("bigpicture.grader")
    for path in sorted(_python_files(root), key=str):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    try:
        version = metadata.version("bigpicture")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"{version}+{digest.hexdigest()[:12]}"


def _python_files(folder) -> Iterator:
    for item in folder.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            yield from _python_files(item)
        elif item.name.endswith(".py"):
            yield item


def grading_key(content_hash: str, options: Options, version: str) -> str:
    """Equal keys mean grading again would give the same record: resuming skips those."""
    payload = json.dumps([content_hash, asdict(options), version], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


# -- the worker side -------------------------------------------------------------------------

_worker: dict = {}


def _start_worker(options: Options) -> None:
    """Builds the checks once and starts this worker's zygote."""
    import atexit

    import numpy as np

    from bigpicture.grader import engine
    from bigpicture.grader.bulk.zygote import ZygoteLauncher
    from bigpicture.grader.checks import build_checks
    from bigpicture.grader.manifest import load_manifest

    engine.warm_up()
    manifest = load_manifest()
    exercises = [manifest.find(e) for e in options.exercises]
    _worker["options"] = options
    _worker["exercises"] = exercises
    # One generator per exercise, seeded like `bigpicture check --seed`: the same cases.
    _worker["checks"] = {
        e.id: build_checks(e.id, np.random.default_rng(options.seed)) for e in exercises
    }
    _worker["launcher"] = launcher = ZygoteLauncher()
    atexit.register(launcher.close)


def grade_submission(source: str) -> dict:
    """Grades one submission in this worker; returns ``SubmissionRecord.to_dict()``."""
    import time

    from bigpicture.grader.bulk.submissions import load
    from bigpicture.grader.grading import grade_source

    start = time.perf_counter()
    options: Options = _worker["options"]
    exercises = _worker["exercises"]
    submission = load(Path(source), [e.file for e in exercises])
    records = []
    for exercise in exercises:
        source_bytes = submission.files.get(exercise.file)
        if submission.error is not None or source_bytes is None:
            problem = submission.error or "not submitted"
            records.append(ExerciseRecord(exercise.id, MISSING, 0.0, problem=problem))
            continue
        result = grade_source(
            exercise,
            source_bytes,
            exercise.file,
            _worker["checks"][exercise.id],
            seed=options.seed,
            timeout=options.timeout,
            launcher=_worker["launcher"],
        )
        records.append(_exercise_record(result, options.lang))
    record = SubmissionRecord(
        name=submission.name,
        content_hash=submission.content_hash,
        exercises=records,
        notes=list(submission.notes),
        seconds=time.perf_counter() - start,
    )
    return record.to_dict()


def _exercise_record(result, lang: str) -> ExerciseRecord:
    return ExerciseRecord(
        exercise=result.exercise.id,
        status=result.status,
        score=round(result.score, 6),
        problem=result.problem(lang) if result.problem else None,
        checks=[
            CheckRecord(
                name=c.name(lang),
                passed=c.passed,
                points=c.points,
                message=c.message(lang) if c.message else None,
                seconds=round(c.seconds, 6),
            )
            for c in result.checks
        ],
        output=result.output,
        output_bytes=result.output_bytes,
        seconds=round(result.seconds, 6),
    )


# -- the main side ---------------------------------------------------------------------------


def grade_class(
    sources: list[Path],
    options: Options,
    jobs: int,
    on_record: Callable[[SubmissionRecord], None],
) -> None:
    """Grades ``sources`` with ``jobs`` workers; ``on_record`` gets each record as it is done.

    Only ``jobs`` submissions are in flight at once, so an interrupted run loses at most those
    and memory stays flat however large the class.
    """
    if not sources:
        return
    # Workers start numpy single-threaded: the forked children must not inherit BLAS threads,
    # and on a class, processes (not BLAS threads) are the unit of parallelism.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    context = multiprocessing.get_context("spawn")
    pending = iter(sources)
    with ProcessPoolExecutor(jobs, context, initializer=_start_worker, initargs=(options,)) as pool:
        in_flight = {pool.submit(grade_submission, str(s)) for s in _take(pending, jobs * 2)}
        try:
            while in_flight:
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    on_record(SubmissionRecord.from_dict(future.result()))
                in_flight |= {
                    pool.submit(grade_submission, str(s)) for s in _take(pending, len(done))
                }
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()  # also ends their zygotes: they watch their parent's pipe
            raise


def _take(items: Iterator[Path], count: int) -> list[Path]:
    taken = []
    for _ in range(count):
        item = next(items, None)
        if item is None:
            break
        taken.append(item)
    return taken

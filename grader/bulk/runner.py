"""Grades a whole class in parallel, with the same checks as `bigpicture check`.

The main process hands submission paths to ``jobs`` worker processes and stores each record
as it arrives. A worker is trusted: it reads the submission, builds the checks once for the
run's seed, judges the results with the reference engine, and runs each submission's exercises
in a confined job, forked from a zygote that holds nothing but numpy (so the learner's code
never shares memory with the seed, the checks or the expected values): one job for all of them,
and a job of its own for any exercise whose verdict another exercise's code could have changed
(see :func:`bigpicture.grader.grading.grade_together`).

Nothing one submission does stops the run: an unexpected error while grading it becomes an
``error`` record for it alone, and a worker that dies is replaced and its submissions graded
again (once). A job that ran out of wall-clock time while the machine was overloaded is
graded again at the end, alone, so that a classmate's CPU-hungry code costs nobody points.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from importlib import metadata, resources
from pathlib import Path

from bigpicture.grader.bulk import profile
from bigpicture.grader.bulk.records import CheckRecord, ExerciseRecord, SubmissionRecord
from bigpicture.grader.isolation.layers import Layers
from bigpicture.grader.status import ERROR, MISSING


@dataclass(frozen=True)
class Options:
    """What a grading run was asked to do; part of every submission's grading key."""

    exercises: tuple[str, ...]  # exercise ids, in course order
    timeout: float
    seed: int
    lang: str = "en"
    layers: Layers = Layers(None, None, unconfined=True)  # the sandbox every job gets


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


def _start_worker(options: Options, slots) -> None:
    """Builds the checks once and starts this worker's zygote in a grading slot of its own."""
    import atexit

    import numpy as np

    from bigpicture.grader.checks import build_checks
    from bigpicture.grader.isolation.launcher import ZygoteLauncher
    from bigpicture.grader.manifest import load_manifest
    from bigpicture.grader.sandbox import pack_calls

    start = time.perf_counter()
    manifest = load_manifest()
    exercises = [manifest.find(e) for e in options.exercises]
    _worker["options"] = options
    _worker["exercises"] = exercises
    # One generator per exercise, seeded like `bigpicture check --seed`: the same cases.
    _worker["checks"] = {
        e.id: build_checks(e, np.random.default_rng(options.seed)) for e in exercises
    }
    # Every job of an exercise gets the same calls: packed once, with their digests.
    _worker["packed"] = {
        e.id: pack_calls(e.file, e.module, [c for k in _worker["checks"][e.id] for c in k.calls])
        for e in exercises
    }
    with slots.get_lock():
        slot = slots.value
        slots.value += 1
    _worker["launcher"] = launcher = ZygoteLauncher(options.layers, slot)
    atexit.register(launcher.close)
    profile.write("worker", seconds=time.perf_counter() - start)


def grade_submission(name: str, source: str) -> tuple[dict, bool]:
    """Grades the submission ``name`` (found at ``source``) in this worker.

    Returns:
        ``SubmissionRecord.to_dict()``, and whether to grade it again alone (a job timed out
        on the wall clock while the machine was overloaded).
    """
    start = time.perf_counter()
    try:
        record, starved = _grade(Path(source))
    except Exception as exc:  # contained: this submission errs, the run goes on
        problem = _internal(exc).replace("this exercise", "this submission")
        record, starved = _error_record(name, _worker["options"], problem), False
    record.name = name
    record.seconds = time.perf_counter() - start
    return record.to_dict(), starved


def _grade(source: Path) -> tuple[SubmissionRecord, bool]:
    from bigpicture.grader.bulk.submissions import load
    from bigpicture.grader.grading import Submitted, grade_together

    options: Options = _worker["options"]
    loading = time.perf_counter()
    submission = load(source, [e.file for e in _worker["exercises"]])
    load_seconds = time.perf_counter() - loading
    records: dict[str, ExerciseRecord] = {}
    files = []
    for exercise in _worker["exercises"]:
        source_bytes = submission.files.get(exercise.file)
        problem = submission.error or submission.refused.get(exercise.file)
        if problem is not None or source_bytes is None:
            problem = problem or "not submitted"
            records[exercise.id] = ExerciseRecord(exercise.id, MISSING, 0.0, problem=problem)
            continue
        checks, packed = _worker["checks"][exercise.id], _worker["packed"][exercise.id]
        files.append(Submitted(exercise, source_bytes, exercise.file, checks, packed))
    starved, stamps = False, []
    try:
        results = grade_together(
            files, seed=options.seed, timeout=options.timeout, launcher=_worker["launcher"]
        )
    except Exception as exc:  # contained to this submission's graded files
        for file in files:
            records[file.exercise.id] = ExerciseRecord(
                file.exercise.id, ERROR, 0.0, problem=_internal(exc)
            )
    else:
        for result in results:
            starved |= result.starved
            records[result.exercise.id] = _exercise_record(result, options.lang)
            if result.stamps:  # the first file of each job carries the job's timings
                stamps.append((result.exercise.id, result.stamps))
    if profile.enabled():
        jobs = [{"exercise": name, **profile.job_phases(times)} for name, times in stamps]
        seconds = time.perf_counter() - loading
        profile.write("submission", seconds=seconds, load=load_seconds, jobs=jobs)
    record = SubmissionRecord(
        name=submission.name,
        content_hash=submission.content_hash,
        exercises=[records[e.id] for e in _worker["exercises"]],
        notes=list(submission.notes),
    )
    return record, starved


def _internal(exc: BaseException) -> str:
    return f"the grader failed on this exercise ({type(exc).__name__}: {exc})"


def _error_record(name: str, options: Options, problem: str) -> SubmissionRecord:
    """What a submission that could not be graded at all gets: every exercise an error."""
    exercises = [ExerciseRecord(e, ERROR, 0.0, problem=problem) for e in options.exercises]
    return SubmissionRecord(name=name, content_hash="", exercises=exercises)


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


@dataclass(frozen=True)
class Worker:
    """What a worker process runs: ``start(options, slots)`` once, then ``grade(name, path)``
    per submission. Module-level functions, so that spawned workers can import them."""

    start: Callable = _start_worker
    grade: Callable = grade_submission


def grade_class(
    sources: list[tuple[str, Path]],
    options: Options,
    jobs: int,
    on_record: Callable[[SubmissionRecord], None],
    worker: Worker = Worker(),
) -> None:
    """Grades ``sources`` (submission name, path) with ``jobs`` workers; ``on_record`` gets each
    record as it is done, under the name given.

    Only ``jobs * 2`` submissions are in flight at once, so an interrupted run loses at most
    those and memory stays flat however large the class. Submissions with a job starved of
    CPU are graded once more at the end, one at a time; that grading stands.
    """
    starved = _grade_with_pool(sources, options, jobs, on_record, worker, retry_broken=True)
    if starved:
        _grade_with_pool(starved, options, 1, on_record, worker, retry_broken=True)


def _grade_with_pool(
    sources: list[tuple[str, Path]],
    options: Options,
    jobs: int,
    on_record: Callable[[SubmissionRecord], None],
    worker: Worker,
    retry_broken: bool,
) -> list[tuple[str, Path]]:
    """One pool's pass over ``sources``; returns the submissions to grade again alone."""
    if not sources:
        return []
    # Workers start numpy single-threaded: the forked children must not inherit BLAS threads,
    # and on a class, processes (not BLAS threads) are the unit of parallelism.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    context = multiprocessing.get_context("spawn")
    slots = context.Value("i", 0)
    pending = iter(sources)
    again: list[tuple[str, Path]] = []
    lost: list[tuple[str, Path]] = []
    pool = ProcessPoolExecutor(jobs, context, initializer=worker.start, initargs=(options, slots))
    in_flight = {_submit(pool, worker, s): s for s in _take(pending, jobs * 2)}
    try:
        while in_flight:
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                source = in_flight.pop(future)
                try:
                    record, starved = future.result()
                except BrokenProcessPool:
                    lost.append(source)  # a worker died (killed, out of memory)
                    continue
                if starved and jobs > 1:
                    again.append(source)
                on_record(SubmissionRecord.from_dict(record))
            if lost:
                break
            in_flight.update({_submit(pool, worker, s): s for s in _take(pending, len(done))})
    except BaseException:
        _stop(pool)
        raise
    _stop(pool) if lost else pool.shutdown()
    if not lost:
        return again
    if not retry_broken:  # it was alone in this pool: it is what kills the worker
        problem = "the grading worker died while grading this submission, twice"
        for name, _ in lost:
            on_record(_error_record(name, options, problem))
        return again
    # A dead worker breaks the whole pool: every submission in flight is lost with it. Each
    # is graded again alone, to find the one that kills workers, then the rest go on.
    for source in lost + list(in_flight.values()):
        again += _grade_with_pool([source], options, 1, on_record, worker, retry_broken=False)
    rest = list(pending)
    return again + _grade_with_pool(rest, options, jobs, on_record, worker, retry_broken=True)


def _submit(pool: ProcessPoolExecutor, worker: Worker, source: tuple[str, Path]):
    return pool.submit(worker.grade, source[0], str(source[1]))


def _stop(pool: ProcessPoolExecutor) -> None:
    # Taken before shutdown(), which forgets them (tests/test_private_apis.py).
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()  # also ends their zygotes, which die with their parent


def _take(items: Iterator, count: int) -> list:
    taken = []
    for _ in range(count):
        item = next(items, None)
        if item is None:
            break
        taken.append(item)
    return taken

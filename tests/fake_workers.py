"""Stand-ins for a grading worker, to drive the runner's scheduling without grading anything.

Spawned workers import them by name, so they live in a module of their own. Each grading is
logged as a line in the submission's folder; the submission's name says how it behaves.
"""

from __future__ import annotations

import os
from pathlib import Path

from bigpicture.grader.bulk.records import ExerciseRecord, SubmissionRecord
from bigpicture.grader.status import PASSED


def start(options, slots) -> None:
    """Nothing to prepare."""


def grade(name: str, source: str) -> tuple[dict, bool]:
    """``killer`` kills its worker; ``slow`` says it was starved the first time it runs in a
    pool of more than one worker; anything else passes."""
    log = Path(source) / "log"
    with open(log, "a") as fh:
        fh.write(f"{os.getpid()}\n")
    if name.startswith("killer"):
        os._exit(1)
    starved = name.startswith("slow") and len(log.read_text().splitlines()) == 1
    record = SubmissionRecord(name, "", [ExerciseRecord("exercise1", PASSED, 1.0)])
    return record.to_dict(), starved

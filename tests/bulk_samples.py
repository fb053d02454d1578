"""Sample records of a graded class, shared by the store and export tests."""

from __future__ import annotations

from bigpicture.grader.bulk.records import CheckRecord, ExerciseRecord, SubmissionRecord
from bigpicture.grader.status import ERROR, FAILED, MISSING, PASSED


def sample_record(name: str, index: int = 0) -> SubmissionRecord:
    """A submission with a passed, a partly failed, a broken and a missing exercise.

    ``index`` varies the scores and messages, so records of a loop can be told apart.
    """
    return SubmissionRecord(
        name=name,
        content_hash=f"{index:064x}",
        exercises=[
            ExerciseRecord(
                "exercise1",
                PASSED,
                1.0,
                checks=[
                    CheckRecord("forward shape", True, 1.0, None, 0.01),
                    CheckRecord("backward matches", True, 2.0, None, 0.02),
                ],
                output=f"run {index}\n",
                output_bytes=6,
                seconds=0.5,
            ),
            ExerciseRecord(
                "exercise3",
                FAILED,
                0.25,
                checks=[
                    CheckRecord("adam step", True, 1.0, None, 0.01),
                    CheckRecord(
                        "adam bias correction",
                        False,
                        3.0,
                        f"expected {index}, got {index + 1}\nTraceback (most recent call last):",
                        0.03,
                    ),
                ],
                seconds=0.25,
            ),
            ExerciseRecord("exercise4", ERROR, 0.0, problem="SyntaxError: invalid syntax (line 3)"),
            ExerciseRecord("exercise5", MISSING, 0.0, problem="not submitted"),
        ],
        notes=[f"note {index}"],
        seconds=1.5,
    )

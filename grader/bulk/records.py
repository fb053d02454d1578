"""Plain records of a graded class: what the store keeps and the exports write.

A record carries what learners' code made (messages, problems, printed output), so before the
store or an export writes one it goes through ``sanitized``: every text valid Unicode and
capped, every number finite. ``SubmissionRecord.from_dict``, which every record crosses on its
way from a worker to the main process and out of the store, applies it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import SupportsFloat, cast

from bigpicture.grader.limits import (
    RECORD_MESSAGES_MAX_BYTES,
    RECORD_OUTPUT_MAX_BYTES,
    RECORD_TEXT_MAX_CHARS,
)
from bigpicture.grader.status import Status

# Lone surrogates: what os.fsdecode makes of undecodable bytes, and what a JSON "\ud800" decodes
# to. No UTF-8 encoder, SQLite binding or XML writer accepts them.
_SURROGATE = re.compile("[\ud800-\udfff]")
# U+DC80..U+DCFF stand for the bytes 0x80..0xFF under the surrogateescape error handler.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)


@dataclass
class CheckRecord:
    """One check of one exercise."""

    name: str
    passed: bool
    points: float
    message: str | None
    seconds: float


@dataclass
class ExerciseRecord:
    """One exercise of one submission. ``score`` is the fraction of check points, 0 to 1."""

    exercise: str  # "exercise3"
    status: Status
    score: float
    problem: str | None = None  # why nothing could be checked ("not submitted", a syntax error)
    checks: list[CheckRecord] = field(default_factory=list)
    output: str = ""  # what the code printed, truncated
    output_bytes: int = 0
    seconds: float = 0.0


@dataclass
class SubmissionRecord:
    """One graded submission."""

    name: str  # the folder name or the zip's stem
    content_hash: str  # sha256 of the exercise files found (see submissions.Submission)
    exercises: list[ExerciseRecord]
    notes: list[str] = field(
        default_factory=list
    )  # for the instructor: duplicates, skipped entries
    seconds: float = 0.0

    @property
    def total(self) -> float:
        """The sum of the exercise scores."""
        return sum(e.score for e in self.exercises)

    def to_dict(self) -> dict:
        """The record as plain data, as ``dataclasses.asdict`` makes it (written out: asdict's
        deep copies took a third of the exports' time)."""
        return {
            "name": self.name,
            "content_hash": self.content_hash,
            "exercises": [
                {
                    "exercise": e.exercise,
                    "status": e.status,
                    "score": e.score,
                    "problem": e.problem,
                    "checks": [
                        {
                            "name": c.name,
                            "passed": c.passed,
                            "points": c.points,
                            "message": c.message,
                            "seconds": c.seconds,
                        }
                        for c in e.checks
                    ],
                    "output": e.output,
                    "output_bytes": e.output_bytes,
                    "seconds": e.seconds,
                }
                for e in self.exercises
            ],
            "notes": list(self.notes),
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SubmissionRecord:
        """The record of ``to_dict()``'s output, sanitized (see ``sanitized``)."""
        exercises = [
            ExerciseRecord(**{**e, "checks": [CheckRecord(**c) for c in e.get("checks", [])]})
            for e in data["exercises"]
        ]
        return sanitized(cls(**{**data, "exercises": exercises}))


def valid_text(text: str) -> str:
    """``text`` with each lone surrogate written as an escape, so that it encodes as UTF-8.

    A surrogate that stands for an undecodable byte (``os.fsdecode`` of a file name) becomes
    ``\\xNN``, as ``bytes.decode(errors="backslashreplace")`` would show that byte; any other
    becomes ``\\uNNNN``. Valid text comes back unchanged.
    """
    return _SURROGATE.sub(_escape_surrogate, text)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if code in _ESCAPED_BYTES else f"\\u{code:04x}"


def utf8_prefix(text: str, size: int) -> str:
    """The longest start of valid ``text`` whose UTF-8 takes at most ``size`` bytes."""
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def sanitized(record: SubmissionRecord) -> SubmissionRecord:
    """A copy of ``record`` that the store and every export can write, whatever it holds.

    - Text: every field a ``str`` of valid Unicode (``valid_text``). Each message, problem,
      note and check name is cut to ``RECORD_TEXT_MAX_CHARS``, ending with a marker that says
      how long it was; printed output is cut to ``RECORD_OUTPUT_MAX_BYTES`` of UTF-8 (its
      ``output_bytes`` still counts all that was printed, as after the child's own cut).
    - The notes, and each exercise's problem and check messages, in order, keep at most
      ``RECORD_MESSAGES_MAX_BYTES`` of UTF-8 each; once that is passed, each later one is
      replaced by a short marker.
    - Numbers: finite, a score within 0..1, points, seconds and byte counts at least 0. NaN,
      infinity or a value that is not a number becomes 0 (not null): the fields are numbers
      that totals and Gradescope shares compute with, and 0 gives no credit and no time.
      ``passed`` is a ``bool`` (a numpy bool is not JSON).

    The submission's name is made valid text but never cut: it is the store's key, and the
    loader gives every submission a valid, unique name of a file name's length. Sanitizing a
    sanitized record changes nothing.
    """
    budget = _MessageBudget(RECORD_MESSAGES_MAX_BYTES, "notes")
    notes = [budget.spend(_text(note)) for note in record.notes]
    return SubmissionRecord(
        name=valid_text(str(record.name)),
        content_hash=_text(record.content_hash),
        exercises=[
            _sanitized_exercise(exercise, _MessageBudget(RECORD_MESSAGES_MAX_BYTES, "messages"))
            for exercise in record.exercises
        ],
        notes=notes,
        seconds=_number(record.seconds),
    )


def _sanitized_exercise(exercise: ExerciseRecord, budget: _MessageBudget) -> ExerciseRecord:
    problem = None if exercise.problem is None else budget.spend(_text(exercise.problem))
    checks = [
        CheckRecord(
            name=_text(check.name),
            passed=bool(check.passed),
            points=_number(check.points),
            message=None if check.message is None else budget.spend(_text(check.message)),
            seconds=_number(check.seconds),
        )
        for check in exercise.checks
    ]
    return ExerciseRecord(
        exercise=_text(exercise.exercise),
        status=_status(exercise.status),
        score=_number(exercise.score, high=1.0),
        problem=problem,
        checks=checks,
        # Every character takes a byte at least: the first MAX_BYTES characters are enough.
        output=utf8_prefix(
            valid_text(str(exercise.output)[:RECORD_OUTPUT_MAX_BYTES]), RECORD_OUTPUT_MAX_BYTES
        ),
        output_bytes=int(_number(exercise.output_bytes)),
        seconds=_number(exercise.seconds),
    )


class _MessageBudget:
    """The UTF-8 bytes of messages an exercise of a submission (or its notes) may still keep.

    Once one message does not fit, it and every later one become the marker, so the messages
    kept are always a prefix: sanitizing again keeps the same ones.
    """

    def __init__(self, size: int, what: str) -> None:
        self._left: int | None = size  # None once passed
        self._marker = f"message cut: this exercise's {what} passed {size // 1024} KiB"

    def spend(self, message: str) -> str:
        size = len(message.encode())
        if self._left is not None and size <= self._left:
            self._left -= size
            return message
        self._left = None
        return self._marker


def _text(value: object) -> str:
    """``value`` as valid text of at most ``RECORD_TEXT_MAX_CHARS``, with a marker if cut."""
    text = value if isinstance(value, str) else str(value)
    # Escapes only lengthen text, so only the part that may be kept needs them: a message of
    # megabytes is not scanned whole.
    kept = valid_text(text[:RECORD_TEXT_MAX_CHARS])
    if len(text) <= RECORD_TEXT_MAX_CHARS and len(kept) <= RECORD_TEXT_MAX_CHARS:
        return kept
    marker = f"\n… cut: {len(text):,} characters in all"
    return kept[: RECORD_TEXT_MAX_CHARS - len(marker)] + marker


def _status(value: object) -> Status:
    """``value`` as a :class:`Status`; anything else (a store edited by hand) as an error."""
    if isinstance(value, str) and value in {status.value for status in Status}:
        return Status(value)
    return Status.ERROR


def _number(value: object, high: float = math.inf) -> float:
    """``value`` as a finite float within 0..high; 0.0 if it is not a finite number."""
    try:
        # float() takes anything and raises TypeError for what it cannot read; its stub
        # accepts only what it can.
        number = float(cast("SupportsFloat | str", value))
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return min(max(number, 0.0), high) if math.isfinite(number) else 0.0

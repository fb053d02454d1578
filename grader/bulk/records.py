"""Plain records of a graded class: what the store keeps and the exports write."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
    status: str  # bigpicture.grader.status: passed, failed, not_implemented, error, missing
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
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SubmissionRecord:
        exercises = [
            ExerciseRecord(**{**e, "checks": [CheckRecord(**c) for c in e.get("checks", [])]})
            for e in data["exercises"]
        ]
        return cls(**{**data, "exercises": exercises})

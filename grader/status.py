"""The verdicts an exercise can get. Kept apart so the TUI can name them without numpy."""

from enum import StrEnum


class Status(StrEnum):
    """An exercise's verdict; equal to its value, which is what progress.json, results.json and
    the exports hold."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_IMPLEMENTED = "not_implemented"
    ERROR = "error"  # the file could not even be loaded: syntax, encoding, crash or hang at import
    MISSING = "missing"  # no file to grade


PASSED, FAILED, NOT_IMPLEMENTED, ERROR, MISSING = Status

"""The words of the protocol between a job and the grader: the records a job writes
(grader/child.py) and the grader reads against a strict schema (grader/report.py).

String enums: a record holds their values, so the wire is plain JSON, and both sides name
every word from here.
"""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    """What a record of the report is."""

    STAGE = "stage"  # how far the job got: "import", then "done"
    IMPORT = "import"  # the learner's file loaded, or why not
    START = "start"  # a call begins
    RESULT = "result"  # a call's outcome


class CallStatus(StrEnum):
    """How one call of a learner's function ended."""

    OK = "ok"  # it returned
    NOT_IMPLEMENTED = "not_implemented"  # it raised NotImplementedError: still the stub
    RAISED = "raised"  # it raised anything else
    EXIT = "exit"  # it called sys.exit
    MISSING_FUNCTION = "missing_function"  # the file has no such function
    NOT_RUN = "not_run"  # the job ended before this call (never on the wire)


class LoadProblem(StrEnum):
    """Why the learner's file could not be loaded."""

    ENCODING = "encoding"  # not UTF-8
    SYNTAX = "syntax"  # not valid Python
    RAISED = "raised"  # its top-level code raised
    EXIT = "exit"  # its top-level code called sys.exit

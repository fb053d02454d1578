"""Every tolerance and limit the grader uses, in one place.

Tolerances follow CS231n's ``rel_error``: the largest elementwise
``|a - b| / max(1e-8, |a| + |b|)``. A correct float64 implementation lands
around 1e-12; a wrong one is usually above 1e-3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: Largest relative error at which two float64 results count as equal.
REL_TOL = 1e-6
#: Relative error allowed between an analytic and a numerical (central-difference) gradient.
GRAD_REL_TOL = 1e-5
#: Step of the central differences used for numerical gradients.
NUMERIC_GRAD_STEP = 1e-6

#: CPU seconds a learner's code may use for one exercise (all its calls together).
DEFAULT_TIMEOUT = 10.0
#: Memory a learner's process may map (RLIMIT_AS), in bytes.
CHILD_ADDRESS_SPACE = 2 * 1024**3
#: Largest file a learner's process may write (RLIMIT_FSIZE), in bytes.
CHILD_FILE_SIZE = 64 * 1024**2
#: Open files a learner's process may hold (RLIMIT_NOFILE).
CHILD_OPEN_FILES = 64
#: Most exercises one job runs (bulk grading runs a submission's in one job): each has an output
#: pipe of its own, at a descriptor below ``CHILD_OPEN_FILES``.
MAX_SECTIONS = 32
#: Printed output kept from a learner's process; the rest is counted and dropped.
CHILD_OUTPUT_KEPT = 8 * 1024

#: Largest exercise file read from a submission, in bytes; a bigger one is skipped with a note.
SUBMISSION_FILE_MAX_BYTES = 1024**2
#: Most entries (files, folders, links) a submission folder or zip may hold.
SUBMISSION_MAX_ENTRIES = 10_000
#: Most bytes the entries of a submission zip may declare they expand to.
SUBMISSION_ZIP_MAX_BYTES = 100 * 1024**2
#: Largest central directory of a submission zip, in bytes: zipfile parses all of it into memory
#: before the entries can be counted, whatever count the zip claims.
SUBMISSION_ZIP_MAX_DIRECTORY_BYTES = 4 * 1024**2
#: Notes kept per submission; the rest are counted in one last note.
SUBMISSION_MAX_NOTES = 50

#: Characters kept of one text of a bulk grading record (a check's message, a problem, a note),
#: the cut marker included.
RECORD_TEXT_MAX_CHARS = 2_000
#: UTF-8 bytes of messages and problems kept per graded exercise of a submission (and of notes
#: per submission); later ones are replaced by a short marker, so the out folder grows by a
#: bounded amount per submission, whatever the course's number of exercises.
RECORD_MESSAGES_MAX_BYTES = 8 * 1024
#: UTF-8 bytes of printed output kept per exercise in a record (the child already keeps only
#: ``CHILD_OUTPUT_KEPT`` bytes; the record does not rely on it).
RECORD_OUTPUT_MAX_BYTES = CHILD_OUTPUT_KEPT


def cpu_limit(timeout: float) -> int:
    """The whole CPU seconds a job allowed ``timeout`` seconds gets (``RLIMIT_CPU`` counts
    whole seconds)."""
    return max(1, int(-(-timeout // 1)))


#: How many more times the wall-clock backstop is granted to a job that is computing (running
#: or waiting to run) when it comes: only a job that mostly sleeps is stopped by the first.
WALL_EXTENSIONS = 5


def wall_limit(timeout: float) -> float:
    """The wall-clock backstop of a job allowed ``timeout`` CPU seconds: generous, since CPU
    time, not the wall clock, is what a job is judged by (a busy machine slows the clock)."""
    return 2 * timeout + 3


def longest_wait(timeout: float) -> float:
    """The longest a job allowed ``timeout`` CPU seconds can run: every extension of its
    wall-clock backstop used."""
    return wall_limit(timeout) * (1 + WALL_EXTENSIONS)


def rel_error(expected: np.ndarray, got: np.ndarray) -> np.ndarray:
    """Elementwise relative error, as CS231n's ``rel_error`` but not yet reduced.

    Args:
        expected: any shape, float64.
        got: same shape as ``expected``.

    Returns:
        Array of the broadcast shape; NaN or inf in either input gives inf.
    """
    import numpy as np  # here, not at the top: the TUI reads the limits before numpy loads

    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(expected - got) / np.maximum(1e-8, np.abs(expected) + np.abs(got))
    return np.where(np.isfinite(err), err, np.inf)


def max_rel_error(expected: np.ndarray, got: np.ndarray) -> float:
    """Largest elementwise relative error (0.0 for empty arrays)."""
    err = rel_error(expected, got)
    return float(err.max()) if err.size else 0.0

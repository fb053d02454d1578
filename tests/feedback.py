"""Grading one learner file on many seeds at once, and what its docstring says it must read.

A mistake file in tests/mistakes/exerciseN/ states, in its docstring, the sentence a learner
must read for it::

    DIAGNOSIS: It looks like momentum was ignored: velocity_next is just dw.

and a correct variant in tests/correct/exerciseN/ must pass. Sweeping seeds runs the checks of
every seed in one job (a file's calls for 50 seeds are still a few seconds of CPU).
"""

from __future__ import annotations

import re
from pathlib import Path

from bigpicture.grader import grading
from bigpicture.grader.grading import CheckResult
from bigpicture.grader.manifest import load_manifest

#: The seeds every mistake and every correct variant is graded with.
SEEDS = [int(1000003 * k + 17 * k * k) % 2**31 for k in range(1, 51)]
_DIAGNOSIS = re.compile(r"^DIAGNOSIS: (.+?)\n\s*\n", re.MULTILINE | re.DOTALL)


def diagnosis_of(path: Path) -> str:
    """The DIAGNOSIS sentence of a mistake file's docstring (it may wrap over several lines)."""
    text = path.read_text("utf-8")
    docstring = text.split('"""')[1] + "\n\n"
    found = _DIAGNOSIS.search(docstring)
    assert found, f"{path} has no DIAGNOSIS line in its docstring"
    return " ".join(found.group(1).split())


def grade_seeds(path: Path, seeds: list[int] = SEEDS) -> list[list[CheckResult]]:
    """The verdicts of every check of ``path`` (a file of exercise ``path.parent.name``), one
    list per seed, all graded in one job."""
    exercise = load_manifest().find(path.parent.name)
    return grading.grade_seeds(exercise, path.read_bytes(), path.name, seeds)


def said(verdicts: list[CheckResult], lang: str) -> str:
    """Every failure message of one seed's verdicts, in ``lang``, flattened to one line each."""
    return "\n".join(
        " ".join(c.message(lang).split()) for c in verdicts if not c.passed and c.message
    )

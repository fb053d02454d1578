"""The rules of the architecture, as tests.

- ``grader/`` imports only the standard library, numpy, numba and itself: never ``course/``
  (the TUI, the CLI), Textual, click or the reference solutions.
- The engine (``grader/engine/``) imports only the standard library, numpy, numba and itself.
- Grading never loads the solutions, the course or Textual (nor numba, at grading's sizes).
- Bulk grading's command never imports the TUI.
- Importing the CLI loads neither numba nor Textual: `bigpicture check` starts fast.

Imports are read from the source with ``ast``, functions' own imports included, so a lazy
import breaks a rule as surely as one at the top; what a fresh interpreter really loads is
checked too.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

THIRD_PARTY_OK = {"numpy", "numba"}


def imports_of(path: Path) -> set[str]:
    """The absolute names of every module ``path`` imports, anywhere in it."""
    package = "bigpicture." + ".".join(path.relative_to(REPO).parent.parts)
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the file's own package
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.add(f"{base}.{node.module}" if node.module else base)
            else:
                names.add(node.module)
    return names


def strings_of(path: Path) -> set[str]:
    """Every string constant of ``path``: a module can also be reached by name."""
    tree = ast.parse(path.read_text("utf-8"))
    return {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def breaks(path: Path, own: str) -> list[str]:
    """The imports of ``path`` outside the standard library, numpy, numba and ``own``."""
    return sorted(
        name
        for name in imports_of(path)
        if name.split(".")[0] not in sys.stdlib_module_names | THIRD_PARTY_OK | {"__future__"}
        and not (name == own or name.startswith(own + "."))
    )


GRADER = sorted((REPO / "grader").rglob("*.py"))
ENGINE = sorted((REPO / "grader" / "engine").rglob("*.py"))


@pytest.mark.parametrize("path", GRADER, ids=lambda p: str(p.relative_to(REPO)))
def test_the_grader_imports_only_itself_numpy_and_numba(path):
    assert breaks(path, "bigpicture.grader") == []
    # Nor by name (importlib, resources.files): the isolation's list of what to hide is data.
    named = {s for s in strings_of(path) if s.startswith(("bigpicture.course", "bigpicture.sol"))}
    assert not named or path.name == "view.py", named


@pytest.mark.parametrize("path", ENGINE, ids=lambda p: str(p.relative_to(REPO)))
def test_the_engine_imports_only_itself_numpy_and_numba(path):
    assert breaks(path, "bigpicture.grader.engine") == []


def test_the_grade_command_never_imports_the_tui():
    names = imports_of(REPO / "course" / "grade_command.py")
    tui = (
        "textual",
        "bigpicture.course.app",
        "bigpicture.course.screens",
        "bigpicture.course.widgets",
    )
    assert not {name for name in names if name.startswith(tui)}


def loaded_after(code: str) -> set[str]:
    """The top-level names of the modules a fresh interpreter has loaded after ``code``."""
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    return {m for m in loaded if not m.startswith("bigpicture.")} | {
        ".".join(m.split(".")[:2]) for m in loaded if m.startswith("bigpicture.")
    }


def test_grading_every_exercise_loads_neither_solutions_course_textual_nor_numba():
    code = (
        "from pathlib import Path\n"
        "from bigpicture.grader.checks import build_checks_for_seeds\n"
        "from bigpicture.grader.grading import grade_file\n"
        "from bigpicture.grader.manifest import load_manifest\n"
        f"solutions = Path({str(REPO / 'solutions')!r})\n"
        "for e in load_manifest().exercises:\n"
        "    build_checks_for_seeds(e, list(range(50)))\n"
        "    for seed in range(3):\n"
        "        r = grade_file(e, solutions / e.file, seed=seed, timeout=30)\n"
        "        assert r.passed, (e.id, seed)\n"
    )
    loaded = loaded_after(code)
    assert not loaded & {"bigpicture.solutions", "bigpicture.course", "textual", "numba"}


def test_importing_the_cli_loads_neither_numba_nor_textual():
    loaded = loaded_after("import bigpicture.course.cli")
    assert not loaded & {"numba", "textual", "bigpicture.solutions"}

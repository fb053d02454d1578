"""Saved lab runs: ``.bigpicture/runs/<name>.json`` in the workspace, one file per run, with its
settings and curves, to overlay and compare."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bigpicture.grader.files import write_atomically
from bigpicture.grader.lab.train import Epoch, Run, Settings

_NAME = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Saved:
    """A run as read back: its name and what :meth:`Run.to_json` wrote."""

    name: str
    data: dict

    @property
    def final(self) -> dict:
        """The last epoch's numbers (empty when the run has none)."""
        epochs = self.data.get("epochs") or [{}]
        return epochs[-1] if isinstance(epochs[-1], dict) else {}


def slug(text: str) -> str:
    """``text`` as a file name: lower-case letters, digits and dashes, at most 60."""
    return _NAME.sub("-", text.lower()).strip("-")[:60] or "run"


def save(run: Run, folder: Path, name: str) -> Path:
    """Writes ``run`` as ``folder/<slug(name)>.json`` (replacing a run of that name)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(name)}.json"
    write_atomically(path, json.dumps({"name": slug(name), **run.to_json()}, indent=1).encode())
    return path


def load_runs(folder: Path, last: int) -> list[tuple[str, Run]]:
    """The ``last`` runs saved in ``folder`` as runs, oldest first; a file that is not one (a
    learner may edit them) is skipped."""
    found = []
    for saved in load_all(folder):
        try:
            settings = Settings(**saved.data["settings"])
            epochs = [Epoch(**epoch) for epoch in saved.data["epochs"]]
            test = saved.data.get("test_acc")
            run = Run(settings, epochs, float(test) if test is not None else None)
        except (TypeError, ValueError, KeyError):
            continue
        if not settings.problems():
            found.append((saved.name, run))
    return found[-last:]


def load_all(folder: Path) -> list[Saved]:
    """Every run saved in ``folder``, oldest first; files that are not runs are skipped."""
    found = []
    paths = (
        sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    )
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and isinstance(data.get("settings"), dict):
            found.append(Saved(path.stem, data))
    return found

"""Saved lab runs: ``.bigpicture/runs/<name>.json`` in the workspace, one file per run, with its
settings and curves, to overlay and compare."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bigpicture.grader.files import write_atomically
from bigpicture.grader.lab.train import Epoch, Run, Settings, number

_NAME = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """``text`` as a file name: lower-case letters, digits and dashes, at most 60."""
    return _NAME.sub("-", text.lower()).strip("-")[:60] or "run"


def save(run: Run, folder: Path, name: str) -> Path:
    """Writes ``run`` as ``folder/<slug(name)>.json`` (replacing a run of that name)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(name)}.json"
    write_atomically(path, json.dumps({"name": slug(name), **run.to_json()}, indent=1).encode())
    return path


def load_runs(folder: Path, last: int | None = None) -> list[tuple[str, Run]]:
    """The runs saved in ``folder`` (the ``last`` of them, or all), oldest first, by name; a
    file that is not one (a learner may edit them) is skipped."""
    paths = (
        sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    )
    found = []
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
            settings = Settings(**data["settings"])
            epochs = [Epoch.from_record(epoch) for epoch in data["epochs"]]
            test = None if data.get("test_acc") is None else number(data, "test_acc", 0.0, 1.0)
            if settings.problems():
                continue
        except (OSError, TypeError, ValueError, KeyError):
            continue
        found.append((path.stem, Run(settings, epochs, test)))
    return found if last is None else found[-last:]

"""The training lab's side of a job: trains a net inside the confined job process, with the
learner's own functions where they have passed, and reports every epoch as it ends.

Loaded by the zygote before it forks a training job (the package's files are hidden from the
job). Everything here runs beside the learner's code, which could rewrite it: the parent reads
the records as hostile (:mod:`bigpicture.grader.lab.session`). Records are JSON lines without
arrays (see :mod:`bigpicture.grader.child`): ``loaded`` per learner file, one ``epoch`` per
epoch, then ``done`` or ``failed``.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import numpy as np

from bigpicture.grader import engine
from bigpicture.grader.lab.data import Dataset, Split
from bigpicture.grader.lab.parts import PartError, Parts
from bigpicture.grader.lab.train import Epoch, Settings, train

Importer = Callable[[bytes, str, str], "types.ModuleType | dict"]


def main(request: dict, inputs: dict[str, np.ndarray], out: Any, importer: Importer) -> None:
    """Trains on ``request["settings"]`` with the learner's files in ``inputs`` and reports."""
    engine.numpy_only()  # numba cannot load in a job: its files are hidden like the rest
    modules: dict[str, types.ModuleType] = {}
    for exercise, spec in request["files"].items():
        source = inputs[f"source:{exercise}"].tobytes()
        loaded = importer(source, spec["path"], spec["module"])
        if isinstance(loaded, dict):
            out.record({"event": "loaded", "exercise": exercise, "ok": False})
        else:
            modules[exercise] = loaded
            out.record({"event": "loaded", "exercise": exercise, "ok": True})
    functions = {exercise: tuple(spec["functions"]) for exercise, spec in request["files"].items()}
    parts = Parts.from_modules(modules, functions)
    train_split, validation, test = (
        Split(inputs[f"{name}_x"], inputs[f"{name}_y"]) for name in ("train", "validation", "test")
    )
    dataset = Dataset(train_split, validation, test, int(request["classes"]))

    def report(epoch: Epoch) -> bool:
        out.record({"event": "epoch", **asdict(epoch)})
        return True

    try:
        run = train(Settings(**request["settings"]), parts, dataset, report)
    except PartError as error:
        out.record(
            {
                "event": "failed",
                "part": error.part,
                "yours": error.yours,
                "step": error.step,
                "problem": error.problem[:2000],
            }
        )
        return
    out.record({"event": "done", "test_acc": run.test_acc, "yours": run.yours})

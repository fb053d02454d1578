"""A lab run in the sandbox: the data and the learner's files go to one confined job once, the
job trains, and each epoch comes back as it ends (the job's report, streamed).

Whatever the job sends is read as hostile: one JSON object per line, known events and keys only,
finite numbers in range, epochs in order, lines of at most 64 KiB. Anything else ends the run
with a message; nothing the learner's code does reaches further than this run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass

import numpy as np

from bigpicture.grader import wire
from bigpicture.grader.i18n import Msg
from bigpicture.grader.isolation.launcher import SandboxError, ZygoteError, ZygoteLauncher
from bigpicture.grader.lab.data import Dataset
from bigpicture.grader.lab.train import Epoch, Run, Settings, dataset_for, number
from bigpicture.grader.manifest import Exercise

#: CPU seconds a whole run may use: the longest scenario takes a tenth of it on a slow machine.
RUN_CPU_SECONDS = 1800.0
_LINE_MAX = 64 * 1024


@dataclass(frozen=True)
class LearnerFile:
    """One exercise file of the learner's that the run may take parts from."""

    exercise: Exercise
    path: str  # as shown in tracebacks
    source: bytes


class _Stop(Exception):
    """The learner stopped the run."""


class _Breach(Exception):
    """The job's report broke the protocol."""


def _refuse(value: str) -> float:
    raise _Breach(f"a number that is not finite ({value})")


class _Lines:
    """Splits a streamed report into JSON objects, within :data:`_LINE_MAX` per line."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, chunk: bytes) -> Iterator[dict]:
        self._buffer += chunk
        while b"\n" in self._buffer:
            line, _, rest = self._buffer.partition(b"\n")
            self._buffer = bytearray(rest)
            yield self._parse(bytes(line))
        if len(self._buffer) > _LINE_MAX:
            raise _Breach("a line longer than 64 KiB")

    @staticmethod
    def _parse(line: bytes) -> dict:
        if len(line) > _LINE_MAX:
            raise _Breach("a line longer than 64 KiB")
        try:
            record = json.loads(line, parse_constant=_refuse)
        except (ValueError, RecursionError) as exc:
            raise _Breach(f"a line that is not JSON ({str(exc)[:100]})") from None
        if not isinstance(record, dict) or record.pop("arrays", {}) not in ({}, []):
            raise _Breach("a record that is not a plain object")
        return record


def _number(record: dict, key: str, low: float, high: float) -> float:
    try:
        return number(record, key, low, high)
    except ValueError as exc:
        raise _Breach(str(exc)) from None


def _epoch(record: dict, expected: int) -> Epoch:
    if set(record) != {"event", *Epoch.__dataclass_fields__}:
        raise _Breach("an epoch record with other keys")
    if record["epoch"] != expected:
        raise _Breach(f"epoch {str(record['epoch'])[:20]} where {expected} was due")
    try:
        return Epoch.from_record({k: v for k, v in record.items() if k != "event"})
    except ValueError as exc:
        raise _Breach(str(exc)) from None


def part_failure(part: str, yours: bool, step: int, problem: str) -> Msg:
    """What the learner reads when a part stopped training."""
    if yours:
        return Msg(
            f"Training stopped at step {step}: your {part} failed ({problem}). Check it with "
            f"`bigpicture check`, or run again with `--reference {part}` to use the "
            "reference's.",
            f"{step}번째 스텝에서 학습이 멈췄어요: 내 {part} 함수가 실패했어요 ({problem}). "
            f"`bigpicture check`로 확인하거나, `--reference {part}`를 붙여 다시 실행하면 "
            "모범 구현을 써요.",
        )
    return Msg(
        f"Training diverged at step {step}: the reference {part} got numbers too large "
        f"({problem}). The learning rate is probably too high: divide it by 10.",
        f"{step}번째 스텝에서 학습이 발산했어요: 모범 구현 {part}에 너무 큰 수가 들어왔어요 "
        f"({problem}). 학습률이 너무 높은 것 같아요: 10으로 나눠 보세요.",
    )


def train_sandboxed(
    settings: Settings,
    files: list[LearnerFile],
    on_epoch: Callable[[Epoch], bool] | None = None,
    dataset: Dataset | None = None,
    cpu_seconds: float = RUN_CPU_SECONDS,
) -> Run:
    """Trains a net on ``settings`` in one confined job, with the functions of ``files`` where
    they exist (the reference engine's for the rest).

    ``on_epoch`` sees each epoch as it ends; returning False stops the run (the job is killed).
    A failure of any kind is in ``Run.failure``; the run keeps the epochs it reached.
    """
    dataset = dataset or dataset_for(settings)
    arrays: dict[str, np.ndarray] = {}
    for name in ("train", "validation", "test"):
        split = getattr(dataset, name)
        arrays[f"{name}_x"], arrays[f"{name}_y"] = split.x, split.y
    for file in files:
        arrays[f"source:{file.exercise.id}"] = np.frombuffer(file.source, np.uint8)
    index, blob = wire.pack(arrays)
    request = {
        "kind": "train",
        "settings": asdict(settings),
        "classes": dataset.classes,
        "files": {
            f.exercise.id: {
                "path": f.path,
                "module": f.exercise.module,
                "functions": list(f.exercise.functions),
            }
            for f in files
        },
        "inputs": index,
    }
    run, lines = Run(settings), _Lines()
    finished: dict = {}

    def on_report(chunk: bytes) -> None:
        for record in lines.feed(chunk):
            _take(record, run, finished, {f.exercise.id for f in files})
            if record["event"] == "epoch" and on_epoch is not None and not on_epoch(run.epochs[-1]):
                raise _Stop

    try:
        launcher = ZygoteLauncher()
    except OSError as exc:
        run.failure = _no_sandbox(f"{exc!r}")
        return run
    try:
        answer = launcher.run_sections(
            [(json.dumps(request).encode(), b"", blob)], cpu_seconds, None, on_report
        )
    except (_Stop, KeyboardInterrupt):
        launcher.abort()
        return run
    except _Breach as breach:
        launcher.abort()
        run.failure = _breach_message(str(breach))
        return run
    except (SandboxError, ZygoteError) as exc:  # the machine's problem, never the learner's
        run.failure = _no_sandbox(str(exc))
        return run
    finally:
        launcher.close()
    if "done" in finished or run.failure is not None:
        return run
    run.failure = _ended_early(answer)
    return run


def _take(record: dict, run: Run, finished: dict, exercises: set[str]) -> None:
    """Checks one record and adds what it says to ``run``."""
    event = record.get("event")
    if "done" in finished or "failed" in finished:
        raise _Breach("a record after the end")
    if event == "loaded":
        if set(record) != {"event", "exercise", "ok"} or record["exercise"] not in exercises:
            raise _Breach("a loaded record that names no file of the run")
        if run.epochs or record["exercise"] in finished.setdefault("loaded", set()):
            raise _Breach("a file loaded twice, or after training began")
        finished["loaded"].add(record["exercise"])
        if record["ok"] is not True:
            run.not_loaded.append(record["exercise"])
    elif event == "epoch":
        if len(run.epochs) >= run.settings.epochs:
            raise _Breach("more epochs than asked for")
        run.epochs.append(_epoch(record, len(run.epochs) + 1))
    elif event == "failed":
        if set(record) != {"event", "part", "yours", "step", "problem"}:
            raise _Breach("a failure record with other keys")
        part, problem = record["part"], record["problem"]
        if not (isinstance(part, str) and part.isidentifier() and len(part) <= 64):
            raise _Breach("a failure that names no part")
        if not isinstance(problem, str) or not isinstance(record["yours"], bool):
            raise _Breach("a failure record with values of other kinds")
        step = int(_number(record, "step", 0, 1e12))
        run.failure = part_failure(part, record["yours"], step, problem[:2000])
        run.failed_part = part if record["yours"] else None
        finished["failed"] = True
    elif event == "done":
        if set(record) != {"event", "test_acc", "yours"}:
            raise _Breach("a done record with other keys")
        yours = record["yours"]
        if not isinstance(yours, list) or not all(
            isinstance(n, str) and len(n) <= 64 for n in yours
        ):
            raise _Breach("a done record whose parts are not names")
        run.test_acc = _number(record, "test_acc", 0.0, 1.0)
        run.yours = sorted(set(yours))[:64]
        finished["done"] = True
    else:
        raise _Breach(f"an unknown event {str(event)[:40]!r}")


def _no_sandbox(detail: str) -> Msg:
    return Msg(
        f"The lab's sandbox could not run on this machine ({detail[:500]}). This is the "
        "course's problem, not your code's: please report it.",
        f"이 컴퓨터에서 실험실 샌드박스를 실행할 수 없어요 ({detail[:500]}). 내 코드가 아니라 "
        "과정 쪽 문제예요: 알려 주세요.",
    )


def _breach_message(detail: str) -> Msg:
    return Msg(
        f"The training job's report broke the lab's protocol ({detail}): the run stopped. "
        "Your code may print, but not write to the report.",
        f"학습 작업의 보고가 실험실 규약을 어겼어요 ({detail}): 실행을 멈췄어요. 코드에서 "
        "print는 해도 되지만 보고를 직접 쓰면 안 돼요.",
    )


def _ended_early(answer: dict) -> Msg:
    output = answer["outputs"][0].decode("utf-8", "replace").strip()[-1500:]
    if answer.get("timeout"):
        return Msg(
            "The run used up its time: a part is probably far too slow (loops over every "
            "element?). Vectorise it, or train fewer epochs.",
            "실행 시간이 다 됐어요: 어떤 부분이 너무 느린 것 같아요 (원소마다 도는 반복문?). "
            "벡터화하거나 에포크를 줄여 보세요.",
        )
    return Msg(
        f"The training job ended before the run did (a part may have exited the program or "
        f"used too much memory). Its last output:\n{output}",
        f"실행이 끝나기 전에 학습 작업이 끝났어요 (어떤 부분이 프로그램을 끝냈거나 메모리를 너무 "
        f"많이 썼을 수 있어요). 마지막 출력:\n{output}",
    )

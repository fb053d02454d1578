"""Grades one exercise file: the one grading path behind `bigpicture check`, the TUI and
bulk grading.

The checks are built in this process from a fresh seed, the learner's functions run in a
child process (:mod:`bigpicture.grader.sandbox`), and every verdict is computed here.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bigpicture.grader import limits
from bigpicture.grader.calls import Call, CallResult
from bigpicture.grader.checks import build_checks, traceback_hint
from bigpicture.grader.checks.common import Check, Fail
from bigpicture.grader.i18n import Msg, same
from bigpicture.grader.manifest import Exercise
from bigpicture.grader.protocol import CallStatus, LoadProblem
from bigpicture.grader.sandbox import Launcher, PackedCalls, RunResult, run_calls, run_sections
from bigpicture.grader.status import ERROR, FAILED, MISSING, NOT_IMPLEMENTED, PASSED, Status


@dataclass
class CheckResult:
    """The verdict on one check."""

    name: Msg
    passed: bool
    points: float
    message: Msg | None = None
    seconds: float = 0.0
    not_implemented: bool = False


@dataclass
class ExerciseResult:
    """The verdict on one exercise file."""

    exercise: Exercise
    status: Status
    checks: list[CheckResult] = field(default_factory=list)
    problem: Msg | None = None  # why nothing could be checked, when that is the case
    output: str = ""
    output_bytes: int = 0
    seconds: float = 0.0
    seed: int = 0
    starved: bool = False  # it ran out of wall-clock time while the machine was overloaded
    # time.monotonic() as each phase of this grading ended, for the bulk bench's breakdown
    # (see bigpicture.grader.bulk.profile); never used for a verdict.
    stamps: dict[str, float] = field(default_factory=dict)

    @property
    def score(self) -> float:
        """Fraction of the exercise's check points earned, 0 to 1."""
        total = sum(c.points for c in self.checks)
        return sum(c.points for c in self.checks if c.passed) / total if total else 0.0

    @property
    def passed(self) -> bool:
        return self.status == PASSED


def grade_file(
    exercise: Exercise,
    path: Path,
    *,
    seed: int | None = None,
    timeout: float = limits.DEFAULT_TIMEOUT,
) -> ExerciseResult:
    """Grades the learner's file for ``exercise``.

    Args:
        exercise: which exercise the file is.
        path: the learner's file.
        seed: seeds the randomized checks; a fresh one when None.
        timeout: wall-clock limit, in seconds, for running the learner's code.
    """
    seed = secrets.randbits(32) if seed is None else seed
    try:
        source = path.read_bytes()
    except OSError as exc:
        return ExerciseResult(
            exercise,
            MISSING,
            problem=Msg(
                f"Cannot read {path}: {exc.strerror or exc}.",
                f"{path} 파일을 읽을 수 없어요: {exc.strerror or exc}.",
            ),
            seed=seed,
        )
    checks = build_checks(exercise, np.random.default_rng(seed))
    return grade_source(
        exercise,
        source,
        str(path),
        checks,
        seed=seed,
        timeout=timeout,
    )


def grade_seeds(
    exercise: Exercise, source: bytes, display_path: str, seeds: list[int]
) -> list[list[CheckResult]]:
    """The verdicts of every check of ``source`` on each seed in ``seeds`` (a list per seed),
    graded in one job: sweeping 50 seeds costs one job's start, not 50."""
    from bigpicture.grader.checks import build_checks_for_seeds

    per_seed = build_checks_for_seeds(exercise, seeds)
    result = grade_source(
        exercise,
        source,
        display_path,
        [check for checks in per_seed for check in checks],
        seed=0,
        timeout=30.0 + len(seeds),
    )
    verdicts, start = [], 0
    for checks in per_seed:
        verdicts.append(result.checks[start : start + len(checks)])
        start += len(checks)
    return verdicts


def grade_source(
    exercise: Exercise,
    source: bytes,
    display_path: str,
    checks: list[Check],
    *,
    seed: int,
    timeout: float = limits.DEFAULT_TIMEOUT,
    launcher: Launcher | None = None,
    packed: PackedCalls | None = None,
) -> ExerciseResult:
    """Grades ``source`` (the bytes of a learner's file) against ``checks``.

    Bulk grading builds the checks once per run, packs their calls once (``packed``, see
    :func:`bigpicture.grader.sandbox.pack_calls`) and passes a fork-server launcher; the CLI
    and the TUI come through :func:`grade_file`.
    """
    start = time.perf_counter()
    begin = time.monotonic()
    calls = _calls(checks)
    run = run_calls(
        source,
        display_path,
        exercise.module,
        calls,
        timeout=timeout,
        while_waiting=_load_engine,
        launcher=launcher,
        packed=packed,
    )
    result = _verdict(exercise, display_path, checks, run, seed=seed, timeout=timeout)
    result.seconds = time.perf_counter() - start
    result.stamps = {"begin": begin, **run.stamps, "judged": time.monotonic()}
    return result


@dataclass(frozen=True)
class Submitted:
    """One exercise file of a submission, ready to grade with :func:`grade_together`."""

    exercise: Exercise
    source: bytes  # the learner's file
    display_path: str
    checks: list[Check]
    packed: PackedCalls  # the checks' calls, packed (see sandbox.pack_calls)


def grade_together(
    files: list[Submitted], *, seed: int, timeout: float, launcher: Launcher
) -> list[ExerciseResult]:
    """Grades several exercise files of one submission, each as :func:`grade_source` would
    alone, in as few jobs as that allows: one job runs the files one after the other.

    A file's verdict is kept from a job in which it ran after another only when it passed or
    is not implemented yet: anything else is graded again in a job in which it runs first
    (earlier files' code shares the process, and a passed check needs right answers, which
    no earlier code can give this file's functions without computing them). When a job ends
    before reaching a file, the files from there on are run in a new job.
    """
    results: dict[int, ExerciseResult] = {}
    limit = limits.MAX_SECTIONS
    queue = [list(range(len(files)))[i : i + limit] for i in range(0, len(files), limit)]
    while queue:
        batch = queue.pop(0)
        begin = time.monotonic()
        runs = run_sections(
            [(files[i].source, _calls(files[i].checks), files[i].packed) for i in batch],
            timeout,
            launcher,
        )
        judged = []
        for position, (index, run) in enumerate(zip(batch, runs, strict=False)):
            file = files[index]
            result = _verdict(
                file.exercise, file.display_path, file.checks, run, seed=seed, timeout=timeout
            )
            result.seconds = run.seconds
            judged.append(result)
            if position == 0 or result.status in (PASSED, NOT_IMPLEMENTED):
                results[index] = result
            else:
                queue.append([index])
        # The job's timings (for the bulk bench) go with its first file.
        judged[0].stamps = {"begin": begin, **runs[0].stamps, "judged": time.monotonic()}
        if len(runs) < len(batch):
            queue.append(batch[len(runs) :])
    return [results[i] for i in range(len(files))]


def _calls(checks: list[Check]) -> list[Call]:
    return [call for check in checks for call in check.calls]


def _verdict(
    exercise: Exercise,
    display_path: str,
    checks: list[Check],
    run: RunResult,
    *,
    seed: int,
    timeout: float,
) -> ExerciseResult:
    """Judges what one exercise's job (or section of a job) did."""
    result = ExerciseResult(
        exercise, FAILED, output=run.output, output_bytes=run.output_bytes, seed=seed
    )
    result.starved = run.starved
    if run.breach is not None:
        result.status = ERROR
        result.problem = breach_message(run.breach)
        result.checks = [CheckResult(c.name, False, c.points, result.problem) for c in checks]
    elif run.import_error is not None or run.stage in ("", "import"):
        result.status = ERROR
        result.problem = _load_problem(run, display_path, timeout)
        result.checks = [CheckResult(c.name, False, c.points, result.problem) for c in checks]
    else:
        result.checks = _judge_all(checks, run, exercise, timeout)
        result.status = _status(result.checks)
        if result.status == NOT_IMPLEMENTED:
            result.problem = Msg(
                f"Not implemented yet: {', '.join(exercise.functions)} still raise "
                f"NotImplementedError. Open {display_path} and replace each TODO with your code.",
                f"아직 구현하지 않았어요: {', '.join(exercise.functions)} 함수가 아직 "
                f"NotImplementedError를 일으켜요. {display_path} 파일을 열고 TODO 부분을 "
                "채우세요.",
            )
    return result


def breach_message(detail: str) -> Msg:
    """What a learner (or an instructor) reads when a job's report broke the protocol."""
    return Msg(
        "The grading protocol was broken by the submission: its process wrote a report the "
        f"grader does not accept ({detail}). This exercise scores 0.",
        "제출물이 채점 규약을 어겼어요: 제출 코드를 실행한 프로세스가 채점기가 받아들일 수 "
        f"없는 보고를 보냈어요 ({detail}). 이 연습은 0점이에요.",
    )


def _load_engine() -> None:
    # Importing numba takes about as long as the child needs: do both at once.
    import bigpicture.grader.engine  # noqa: F401


def _status(checks: list[CheckResult]) -> Status:
    if not checks:
        return FAILED
    if all(c.passed for c in checks):
        return PASSED
    if all(c.not_implemented for c in checks):
        return NOT_IMPLEMENTED
    return FAILED


def _judge_all(
    checks: list[Check], run: RunResult, exercise: Exercise, timeout: float
) -> list[CheckResult]:
    verdicts = []
    offset = 0
    for check in checks:
        indices = range(offset, offset + len(check.calls))
        offset += len(check.calls)
        results = [run.results[i] for i in indices]
        seconds = sum(r.seconds for r in results)
        problem = None
        for index, call, call_result in zip(indices, check.calls, results, strict=True):
            problem = _call_problem(call_result, call.function, index, run, exercise, timeout)
            if problem is not None:
                break
        if problem is not None:
            message, not_implemented = problem
            verdicts.append(
                CheckResult(check.name, False, check.points, message, seconds, not_implemented)
            )
            continue
        try:
            check.judge(results)
        except Fail as fail:
            verdicts.append(CheckResult(check.name, False, check.points, fail.msg, seconds))
        else:
            verdicts.append(CheckResult(check.name, True, check.points, None, seconds))
    return verdicts


def _call_problem(
    result: CallResult,
    function: str,
    index: int,
    run: RunResult,
    exercise: Exercise,
    timeout: float,
) -> tuple[Msg, bool] | None:
    """Why a call gave nothing to judge, or None if it returned normally."""
    if result.status == CallStatus.OK:
        return None
    if result.status == CallStatus.NOT_IMPLEMENTED:
        return (
            Msg(
                f"not implemented yet: {function} still raises NotImplementedError. "
                f"Replace the TODO in {exercise.file} with your code.",
                f"아직 구현하지 않았어요: {function} 함수가 여전히 NotImplementedError를 "
                f"일으켜요. {exercise.file} 파일의 TODO 부분을 직접 작성하세요.",
            ),
            True,
        )
    if result.status == CallStatus.MISSING_FUNCTION:
        return (
            Msg(
                f"{exercise.file} has no function named {function}. Keep the function names "
                "and parameters of the stub.",
                f"{exercise.file} 파일에 {function} 함수가 없어요. 처음 파일의 함수 이름과 "
                "매개변수를 그대로 두세요.",
            ),
            False,
        )
    if result.status == CallStatus.RAISED:
        error = result.error or {}
        if "MemoryError" in error.get("type", ""):
            gigabytes = limits.CHILD_ADDRESS_SPACE / 1024**3
            return (
                Msg(
                    f"{function} ran out of memory: it asked for more than the {gigabytes:g} GB "
                    f"an exercise may use. ({error.get('message', '')})",
                    f"{function} 함수가 메모리를 다 썼어요: 연습 하나가 쓸 수 있는 "
                    f"{gigabytes:g} GB보다 많이 요청했어요. ({error.get('message', '')})",
                ),
                False,
            )
        message = Msg(
            f"{function} raised {error.get('type', 'an exception')}:\n",
            f"{function} 함수에서 {error.get('type', '알 수 없는')} 예외가 발생했어요:\n",
        ) + same(error.get("traceback") or error.get("message", ""))
        hint = traceback_hint(exercise, function, error)
        if hint is not None:
            message += Msg("\n", "\n") + hint
        return (message, False)
    if result.status == CallStatus.EXIT:
        return (
            Msg(
                f"{function} tried to end the program (sys.exit({result.exit_code})). "
                "A function should return its result instead.",
                f"{function} 함수가 프로그램을 끝내려고 했어요 (sys.exit({result.exit_code})). "
                "함수는 결과를 return 해야 해요.",
            ),
            False,
        )
    running_here = run.stage == f"call {index}"
    if run.timed_out and running_here:
        return (
            Msg(
                f"timed out while running {function}: ",
                f"{function} 함수를 실행하다가 시간이 다 됐어요: ",
            )
            + _timeout_message(run, timeout),
            False,
        )
    if running_here:
        return (_died(Msg(function, f"{function} 함수"), run), False)
    return (
        Msg(
            "not run: grading stopped at an earlier check (see above).",
            "실행되지 않았어요: 앞의 검사에서 채점이 멈췄어요 (위를 보세요).",
        ),
        False,
    )


def _timeout_message(run: RunResult, timeout: float) -> Msg:
    """Which limit ended the job: CPU time (computing too long) or the wall clock (waiting)."""
    if run.timeout == "cpu":
        seconds = limits.cpu_limit(timeout)
        return Msg(
            f"it used all of its {seconds} s of CPU time — look for an infinite loop (a "
            "`while` whose condition never changes).",
            f"CPU 시간 {seconds}초를 모두 썼어요 — 끝나지 않는 반복문(조건이 바뀌지 "
            "않는 `while`)이 있는지 보세요.",
        )
    waited = limits.wall_limit(timeout)
    return Msg(
        f"it waited {waited:g} s while hardly computing — does it sleep, or wait for input "
        "that never comes?",
        f"거의 계산하지 않은 채 {waited:g}초를 기다렸어요 — sleep을 하거나 오지 않는 "
        "입력을 기다리지 않나요?",
    )


def _died(running: Msg, run: RunResult) -> Msg:
    """What to say when the child process ended early; ``running`` names what it ran."""
    code = run.returncode
    if code is not None and code < 0:
        how = Msg(f"was killed by signal {-code}", f"시그널 {-code}번으로 종료됐어요")
    else:
        how = Msg(f"exited with code {code}", f"끝났어요 (종료 코드 {code})")
    return (
        Msg(f"the process running {running.en} ", f"{running.ko} 실행 중에 프로세스가 ")
        + how
        + Msg(
            " — does your code call os._exit, or use too much memory or CPU?",
            " — 코드에서 os._exit를 부르거나 메모리·CPU를 너무 많이 쓰지 않나요?",
        )
    )


def _load_problem(run: RunResult, path: str, timeout: float) -> Msg:
    """Why the learner's file could not be loaded at all."""
    error = run.import_error or {}
    kind = error.get("kind")
    if kind == LoadProblem.SYNTAX:
        return _syntax_message(error, path)
    if kind == LoadProblem.ENCODING:
        return Msg(
            f"{path} is not UTF-8 text (byte {error['byte']} on line {error['line']}). "
            "Save the file as UTF-8 in your editor.",
            f"{path} 파일이 UTF-8 텍스트가 아니에요 ({error['line']}번째 줄의 바이트 "
            f"{error['byte']}). 편집기에서 UTF-8로 저장하세요.",
        )
    if kind == LoadProblem.EXIT:
        return Msg(
            f"{path} tried to end the program while loading (sys.exit({error.get('code')})). "
            "Remove code that runs at the top level of the file.",
            f"{path} 파일을 불러오는 중에 프로그램을 끝내려고 했어요 "
            f"(sys.exit({error.get('code')})). 파일 맨 바깥에서 실행되는 코드를 지우세요.",
        )
    if kind == LoadProblem.RAISED:
        detail = (error.get("error") or {}).get("traceback", "")
        return Msg(
            f"{path} raised an error while loading:\n",
            f"{path} 파일을 불러오는 중에 오류가 났어요:\n",
        ) + same(detail)
    if run.timed_out:
        return (
            Msg(
                f"timed out while loading {path}: ",
                f"{path} 파일을 불러오다가 시간이 다 됐어요: ",
            )
            + _timeout_message(run, timeout)
            + Msg(
                " Code at the top level of the file runs when it is loaded.",
                " 파일 맨 바깥의 코드는 파일을 불러올 때 실행돼요.",
            )
        )
    return Msg(f"while loading {path}, ", f"{path} 파일을 불러오는 중에, ") + _died(
        Msg("your file", "파일"), run
    )


def _syntax_message(error: dict, path: str) -> Msg:
    line, offset, text = error.get("line"), error.get("offset"), error.get("text") or ""
    where = f"{path}, line {line}" if line else str(path)
    where_ko = f"{path}, {line}번째 줄" if line else str(path)
    snippet = ""
    if text:
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        caret = " " * min(len(stripped), max(0, (offset or 1) - 1 - indent))
        snippet = f"\n    {stripped}\n    {caret}^"
    return Msg(
        f"SyntaxError in {where}: {error.get('message')}{snippet}\n"
        "Python could not read the file; fix this line first.",
        f"{where_ko}에 문법 오류(SyntaxError)가 있어요: {error.get('message')}{snippet}\n"
        "Python이 파일을 읽지 못했어요. 이 줄부터 고치세요.",
    )

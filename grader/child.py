"""The learner's side of grading: runs inside the job process, never in the grader's.

:mod:`bigpicture.grader.isolation.job` calls :func:`main` once the process is confined, with the
request (the calls to make), the learner's source and the input arrays already in memory. The
child reports through one pipe, fd 3: each record is written whole, a JSON header line, then
the bytes of the arrays its index lists (see :mod:`bigpicture.grader.wire`). A "start" record
before each call tells the parent where a hang or an exit happened.

Everything here runs in the same process as the learner's code, so the learner's code can
replace any of it or write records of its own: the parent treats every byte as hostile
(:mod:`bigpicture.grader.report`). The child therefore reports observations, never verdicts:
what each call returned, a digest of every array argument after the call and the state of
every generator it was given. The parent compares those with what it sent.
"""

from __future__ import annotations

import builtins
import copy
import json
import linecache
import os
import random
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from typing import cast

import numpy as np

from bigpicture.grader import wire
from bigpicture.grader.protocol import CallStatus, Event, LoadProblem

# Taken before the learner's code runs, so that code cannot swap them out from under us.
_dumps = json.dumps
_pack = wire.pack
_digest = wire.digest
_rng_digest = wire.rng_digest
_write_fd = os.write
_asarray = np.asarray
_perf_counter = time.perf_counter
_monotonic = time.monotonic
_NUMERIC_KINDS = "biuf"
# Larger returned arrays are described, not sent: no exercise returns anything near this.
_RETURN_MAX_BYTES = 16 * 1024**2


class _Stream:
    """The pipe the child reports through (see the module docstring)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def record(self, header: dict, arrays: dict[str, np.ndarray] | None = None) -> None:
        index, blob = _pack(arrays or {})
        data = memoryview(_dumps({**header, "arrays": index}).encode() + b"\n" + blob)
        while data:
            data = data[_write_fd(self.fd, data) :]


def _learner_traceback(exc: BaseException, path: str) -> str:
    """The traceback of ``exc`` cut down to the learner's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def _error(exc: BaseException, path: str) -> dict:
    return {
        "type": type(exc).__name__[:200],
        "message": str(exc)[:2000],
        "traceback": _learner_traceback(exc, path)[:8000],
    }


def _describe(value: object, arrays: dict[str, np.ndarray], key: str) -> dict:
    """Describes one returned value; numeric array-likes are stored in ``arrays[key]``.

    Whatever the value (an object array, a ragged list, a subclass that refuses conversion,
    an array too large to send), the description is a record the parent accepts: the check
    then names what came back instead of the child crashing.
    """
    kind = {"type": type(value).__name__[:200]}
    if value is None:
        return {**kind, "kind": "none"}
    if not isinstance(value, np.ndarray | np.generic | bool | int | float):
        return {**kind, "kind": "other"}
    try:
        array = _asarray(value)
        dtype = str(array.dtype)[:200]
        if array.dtype.kind not in _NUMERIC_KINDS or array.dtype.hasobject:
            return {**kind, "kind": "other", "dtype": dtype}
        if array.nbytes > _RETURN_MAX_BYTES:
            too_large = f"{kind['type']} too large to send back ({array.size:,} values)"
            return {"type": too_large[:200], "kind": "other", "dtype": dtype}
    except Exception:  # a subclass may refuse; it is then not an array we accept
        return {**kind, "kind": "other"}
    arrays[key] = array
    return {**kind, "kind": "array", "dtype": dtype}


def _load_args(spec: list[dict], inputs: dict, earlier: dict) -> list[object]:
    values: list[object] = []
    for item in spec:
        if "array" in item:
            values.append(inputs[item["array"]].copy())
        elif "from_call" in item:
            values.append(copy.deepcopy(earlier.get((item["from_call"], item["item"]))))
        elif "rng" in item:
            values.append(np.random.default_rng(item["rng"]))
        else:
            values.append(item["value"])
    return values


def _after(value: object, spec: dict) -> str | None:
    """What the parent compares: an array argument's digest, a generator's state digest."""
    try:
        if "rng" in spec:
            # The generator _values built: a call can change its state, not replace it.
            return _rng_digest(cast("np.random.Generator", value))
        return _digest(value) if isinstance(value, np.ndarray) else None
    except Exception:  # the learner replaced the value with something that will not say
        return None


def _run_call(
    module: types.ModuleType, call: dict, inputs: dict, earlier: dict, path: str, out: _Stream
) -> None:
    call_id = call["id"]
    out.record({"event": Event.START, "id": call_id})
    func = getattr(module, call["function"], None)
    if not callable(func):
        out.record({"event": Event.RESULT, "id": call_id, "status": CallStatus.MISSING_FUNCTION})
        return
    try:
        args = _load_args(call["args"], inputs, earlier)
        keywords = _load_args(call["kwargs"], inputs, earlier)
    except Exception as exc:  # an earlier result that cannot be copied to feed this call
        message = (
            f"what {call['function']} returned in an earlier call could not be passed back to "
            f"it ({type(exc).__name__}): return plain numpy arrays"
        )
        error = {"type": "ValueError", "message": message[:2000], "traceback": message[:2000]}
        out.record(
            {
                "event": Event.RESULT,
                "id": call_id,
                "status": CallStatus.RAISED,
                "error": error,
                "seconds": 0.0,
                "after": {},
            }
        )
        return
    kwargs = dict(zip([k["name"] for k in call["kwargs"]], keywords, strict=True))
    if call.get("reseed_global") is not None:
        np.random.seed(call["reseed_global"])
        random.seed(call["reseed_global"])
    arrays: dict[str, np.ndarray] = {}
    start = _perf_counter()
    payload: dict[str, object]
    try:
        returned = func(*args, **kwargs)
    except NotImplementedError as exc:
        payload = {"status": CallStatus.NOT_IMPLEMENTED, "error": _error(exc, path)}
    except SystemExit as exc:
        payload = {"status": CallStatus.EXIT, "code": str(exc.code)[:200]}
    except BaseException as exc:  # the learner's bug, whatever it is, becomes a verdict
        payload = {"status": CallStatus.RAISED, "error": _error(exc, path)}
    else:
        container = type(returned).__name__ if isinstance(returned, tuple | list) else None
        items = list(returned) if container else [returned]
        for index, value in enumerate(items):
            earlier[(call["id"], index)] = value
        described = [_describe(v, arrays, f"o{i}") for i, v in enumerate(items[:8])]
        payload = {
            "status": CallStatus.OK,
            "container": container,
            "count": len(items),
            "items": described,
        }
    payload["seconds"] = _perf_counter() - start
    specs = [*call["args"], *call["kwargs"]]
    payload["after"] = {
        spec["name"]: _after(value, spec)
        for spec, value in zip(specs, (*args, *kwargs.values()), strict=True)
        if "rng" in spec or "array" in spec or "from_call" in spec
    }
    out.record({"event": Event.RESULT, "id": call_id, **payload}, arrays)


def _import_learner(source: bytes, path: str, module_name: str) -> types.ModuleType | dict:
    """Runs the learner's file as a module, or describes why it could not run."""
    source = source.removeprefix(b"\xef\xbb\xbf")  # Windows editors start UTF-8 with a BOM
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source[: exc.start].count(b"\n") + 1
        return {"kind": LoadProblem.ENCODING, "line": line, "byte": f"0x{source[exc.start]:02x}"}
    try:
        code = compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return {
            "kind": LoadProblem.SYNTAX,
            "message": str(exc.msg)[:2000],
            "line": exc.lineno,
            "offset": exc.offset,
            "end_offset": getattr(exc, "end_offset", None),
            "text": (exc.text or "").rstrip("\n")[:2000],
        }
    except (ValueError, RecursionError, MemoryError) as exc:
        return {
            "kind": LoadProblem.SYNTAX,
            "message": str(exc)[:2000],
            "line": None,
            "offset": None,
            "text": "",
        }
    linecache.cache[path] = (len(text), None, text.splitlines(keepends=True), path)
    module = types.ModuleType(module_name)
    module.__file__ = path
    sys.modules[module_name] = module
    try:
        exec(code, module.__dict__)
    except NotImplementedError as exc:
        return {"kind": LoadProblem.RAISED, "error": _error(exc, path)}
    except SystemExit as exc:
        return {"kind": LoadProblem.EXIT, "code": str(exc.code)[:200]}
    except BaseException as exc:  # anything the learner's module does at import
        return {"kind": LoadProblem.RAISED, "error": _error(exc, path)}
    return module


def main(
    sections: list[tuple[dict, bytes, dict[str, np.ndarray]]],
    report_fd: int,
    begin: Callable[[int], None],
) -> None:
    """Runs each section's calls against its source, in order, and reports on ``report_fd``: one
    report per section, back to back (or, for the training lab's request, trains a net with the
    learner's files in its inputs).

    A section is one exercise: (request, the learner's source, the input arrays). Before each
    section but the first, ``begin(k)`` (the job's trusted set-up, taken before any learner code
    ran) gives it its own output pipe and tells the zygote, which gives it its own wall clock
    and CPU seconds; here the process-wide state a
    learner's file may change is reset, so that each exercise finds the process as a fresh job
    would. Nothing here is a guarantee (earlier learner code could undo it): the grading process
    takes a failed verdict as final only from a job in which that exercise ran first.
    """
    out = _Stream(report_fd)
    fresh = _State()
    for number, (request, source, inputs) in enumerate(sections):
        if number:
            begin(number)
        fresh.restore()
        if request.get("kind") == "train":
            from bigpicture.grader.lab import child as lab

            lab.main(request, inputs, out, _import_learner)
            return
        _run_section(request, source, inputs, out)
        sys.modules.pop(request["module"], None)  # a later file cannot import this one


class _State:
    """What a fresh job starts with, that a learner's file may change for the rest of the
    process: builtins, numpy's error handling, warning filters, the recursion limit, the
    global random generators (seeded afresh, as in a new interpreter)."""

    def __init__(self) -> None:
        self.builtins = dict(vars(builtins))
        self.seterr = np.geterr()
        self.filters = list(warnings.filters)
        self.recursion = sys.getrecursionlimit()

    def restore(self) -> None:
        names = vars(builtins)
        for name in [n for n in names if n not in self.builtins]:
            del names[name]
        names.update(self.builtins)
        np.seterr(**self.seterr)
        warnings.filters[:] = self.filters  # type: ignore[index]
        warnings._filters_mutated()  # type: ignore[attr-defined]
        sys.setrecursionlimit(self.recursion)
        # A fork shares the zygote's random state: draw fresh seeds, as a new interpreter would.
        # (numpy's own entropy seeding takes 0.4 ms; 32 fresh bits seed its legacy generator in
        # 0.05 ms, and no learner's unseeded draw needs more.)
        random.seed()
        np.random.seed(int.from_bytes(os.urandom(4), "little"))


def _run_section(request: dict, source: bytes, inputs: dict[str, np.ndarray], out: _Stream) -> None:
    path = request["display_path"]
    out.record({"event": Event.STAGE, "stage": "import"})
    loaded = _import_learner(source, path, request["module"])
    if isinstance(loaded, dict):
        out.record({"event": Event.IMPORT, "ok": False, "error": loaded})
        return
    # When the import ended, for the bulk bench's breakdown (never for grading).
    out.record({"event": Event.IMPORT, "ok": True, "at": _monotonic()})
    earlier: dict = {}  # what each call returned, for calls that feed on an earlier result
    for call in request["calls"]:
        _run_call(loaded, call, inputs, earlier, path, out)
    out.record({"event": Event.STAGE, "stage": "done"})

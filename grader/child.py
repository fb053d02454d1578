"""The learner's side of grading: runs inside a child process, never in the grader's.

Started by :mod:`bigpicture.grader.sandbox` as ``python -I -m bigpicture.grader.child DIR``.
``DIR`` holds ``learner.py`` (a snapshot of the learner's file), ``request.json`` (the calls to
make, with the index of their array arguments) and ``inputs.bin`` (those arrays' bytes, see
:mod:`bigpicture.grader.wire`). The child appends records to one file, ``out/stream``, each
written whole with one ``write``: a JSON header line, then the bytes of the arrays its index
lists (what a call returned, numeric arrays only). A "start" record
before each call tells the parent where a hang or an exit happened. One open file for the
whole run, not files per call, keeps a run of 40 calls at a few milliseconds. The child never
sees expected values: it only runs the learner's code.
"""

from __future__ import annotations

import copy
import json
import linecache
import os
import random
import resource
import sys
import time
import traceback
import types

import numpy as np

from bigpicture.grader import wire

# Taken before the learner's code runs, so that code cannot swap them out from under us.
_dumps = json.dumps
_pack = wire.pack
_write_fd = os.write
_asarray = np.asarray
_array_equal = np.array_equal
_perf_counter = time.perf_counter
_NUMERIC_KINDS = "biuf"


def _set_limits(limits: dict[str, int]) -> None:
    for name, value in limits.items():
        which = getattr(resource, f"RLIMIT_{name.upper()}")
        soft, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))


class _Stream:
    """The one file the child reports through (see the module docstring)."""

    def __init__(self, out_dir: str) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        self.fd = os.open(os.path.join(out_dir, "stream"), flags, 0o600)

    def record(self, header: dict, arrays: dict[str, np.ndarray] | None = None) -> None:
        index, blob = _pack(arrays or {})
        _write_fd(self.fd, _dumps({**header, "arrays": index}).encode() + b"\n" + blob)


def _learner_traceback(exc: BaseException, path: str) -> str:
    """The traceback of ``exc`` cut down to the learner's own frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def _error(exc: BaseException, path: str) -> dict:
    return {
        "type": type(exc).__name__,
        "message": str(exc)[:2000],
        "traceback": _learner_traceback(exc, path)[:8000],
    }


def _describe(value: object, arrays: dict[str, np.ndarray], key: str) -> dict:
    """Describes one returned value; numeric array-likes are stored in ``arrays[key]``."""
    kind = {"type": type(value).__name__}
    if value is None:
        return {**kind, "kind": "none"}
    if isinstance(value, np.ndarray | np.generic | bool | int | float):
        try:
            array = _asarray(value)
        except Exception:  # a subclass may refuse; it is then not an array we accept
            return {**kind, "kind": "other"}
        if array.dtype.kind in _NUMERIC_KINDS and array.dtype.hasobject is False:
            arrays[key] = array
            return {**kind, "kind": "array", "dtype": str(array.dtype)}
        return {**kind, "kind": "other", "dtype": str(array.dtype)}
    return {**kind, "kind": "other"}


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


def _rng_state(rng: object) -> object:
    try:
        return rng.bit_generator.state
    except Exception:  # not a Generator any more: the learner replaced it
        return None


def _run_call(
    module: types.ModuleType, call: dict, inputs: dict, earlier: dict, path: str, out: _Stream
) -> None:
    call_id = call["id"]
    out.record({"event": "start", "id": call_id})
    func = getattr(module, call["function"], None)
    if not callable(func):
        out.record({"event": "result", "id": call_id, "status": "missing_function"})
        return
    names = [item["name"] for item in call["args"]] + [item["name"] for item in call["kwargs"]]
    args = _load_args(call["args"], inputs, earlier)
    keywords = _load_args(call["kwargs"], inputs, earlier)
    kwargs = dict(zip([k["name"] for k in call["kwargs"]], keywords, strict=True))
    before = [
        copy.deepcopy(v) if isinstance(v, np.ndarray) else None for v in (*args, *kwargs.values())
    ]
    if call.get("reseed_global") is not None:
        np.random.seed(call["reseed_global"])
        random.seed(call["reseed_global"])
    arrays: dict[str, np.ndarray] = {}
    start = _perf_counter()
    try:
        returned = func(*args, **kwargs)
    except NotImplementedError as exc:
        payload = {"status": "not_implemented", "error": _error(exc, path)}
    except SystemExit as exc:
        payload = {"status": "exit", "code": str(exc.code)}
    except BaseException as exc:  # the learner's bug, whatever it is, becomes a verdict
        payload = {"status": "raised", "error": _error(exc, path)}
    else:
        container = type(returned).__name__ if isinstance(returned, tuple | list) else None
        items = list(returned) if container else [returned]
        for index, value in enumerate(items):
            earlier[(call["id"], index)] = value
        described = [_describe(v, arrays, f"o{i}") for i, v in enumerate(items[:8])]
        payload = {"status": "ok", "container": container, "count": len(items), "items": described}
    payload["seconds"] = _perf_counter() - start
    after = (*args, *kwargs.values())
    specs = [*call["args"], *call["kwargs"]]
    payload["rng_used"] = [
        spec["name"]
        for spec, value in zip(specs, after, strict=True)
        if "rng" in spec and _rng_state(value) != _rng_state(np.random.default_rng(spec["rng"]))
    ]
    payload["mutated"] = [
        name
        for name, old, new in zip(names, before, after, strict=True)
        if old is not None and not _array_equal(old, new, equal_nan=True)
    ]
    out.record({"event": "result", "id": call_id, **payload}, arrays)


def _import_learner(source: bytes, path: str, module_name: str) -> types.ModuleType | dict:
    """Runs the learner's file as a module, or describes why it could not run."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = source[: exc.start].count(b"\n") + 1
        return {"kind": "encoding", "line": line, "byte": f"0x{source[exc.start]:02x}"}
    try:
        code = compile(text, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return {
            "kind": "syntax",
            "message": exc.msg,
            "line": exc.lineno,
            "offset": exc.offset,
            "end_offset": getattr(exc, "end_offset", None),
            "text": (exc.text or "").rstrip("\n"),
        }
    except (ValueError, RecursionError, MemoryError) as exc:
        return {"kind": "syntax", "message": str(exc), "line": None, "offset": None, "text": ""}
    linecache.cache[path] = (len(text), None, text.splitlines(keepends=True), path)
    module = types.ModuleType(module_name)
    module.__file__ = path
    sys.modules[module_name] = module
    try:
        exec(code, module.__dict__)
    except NotImplementedError as exc:
        return {"kind": "raised", "error": _error(exc, path)}
    except SystemExit as exc:
        return {"kind": "exit", "code": str(exc.code)}
    except BaseException as exc:  # anything the learner's module does at import
        return {"kind": "raised", "error": _error(exc, path)}
    return module


def main(request_dir: str) -> None:
    """Runs every call in ``request_dir`` and records the results there."""
    with open(os.path.join(request_dir, "request.json"), encoding="utf-8") as fh:
        request = json.load(fh)
    with open(os.path.join(request_dir, "learner.py"), "rb") as fh:
        source = fh.read()
    with open(os.path.join(request_dir, "inputs.bin"), "rb") as fh:
        inputs = wire.unpack(request["inputs"], fh.read())
    out_dir = os.path.join(request_dir, "out")
    os.makedirs(out_dir, exist_ok=True)
    out = _Stream(out_dir)
    _set_limits(request["limits"])
    path = request["display_path"]
    out.record({"event": "stage", "stage": "import"})
    loaded = _import_learner(source, path, request["module"])
    if isinstance(loaded, dict):
        out.record({"event": "import", "ok": False, "error": loaded})
        return
    out.record({"event": "import", "ok": True})
    earlier: dict = {}  # what each call returned, for calls that feed on an earlier result
    for call in request["calls"]:
        _run_call(loaded, call, inputs, earlier, path, out)
    out.record({"event": "stage", "stage": "done"})


if __name__ == "__main__":
    main(sys.argv[1])
    sys.stdout.flush()
    # Skip interpreter teardown: learner objects with odd __del__ methods cannot hang or crash
    # the exit, and the results are already on disk.
    os._exit(0)

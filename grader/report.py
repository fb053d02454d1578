"""Reads a job process's report as hostile input: a strict schema, or a breach.

The report comes from the process that ran the learner's code, so the learner's code may have
written any of it. Each record must be exactly what :mod:`bigpicture.grader.child` writes, in
the order it writes them: the right event, known keys only, values of the right type, strings
and lists within their caps, finite numbers, call ids in order, arrays that match their
index. Anything else is a breach, and the exercise scores 0 with a message that says so. A
report that merely stops (the process died mid-write) is not a breach: it ends where it
stops, and the calls it never reported were not run.

Nothing here decides a verdict from a claim the child makes about itself. The child reports
what it observed (returned values, digests of the arguments after each call, the state of each
generator), and :func:`read` compares those with what the parent sent.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

import numpy as np

from bigpicture.grader import wire
from bigpicture.grader.calls import Call, CallResult, FromCall, Returned, Rng
from bigpicture.grader.protocol import CallStatus, Event, LoadProblem

#: Longest header line of one record, in bytes.
HEADER_MAX_BYTES = 64 * 1024
#: Largest report a job may write, in bytes; past it the report is a breach.
REPORT_MAX_BYTES = 64 * 1024**2
#: Caps on the strings of a record (the child cuts its own strings to these).
TEXT_CAPS = {"message": 2000, "traceback": 8000, "text": 2000, "type": 200, "code": 200}
#: Values one call may return.
MAX_ITEMS = 8
_STATUSES = set(CallStatus) - {CallStatus.NOT_RUN}
_MAX_DIMS = 32


class Breach(Exception):
    """The report is not what the child writes; the message says what was wrong."""


@dataclass
class Report:
    """What a report said, once checked."""

    results: list[CallResult]
    stage: str = ""  # "", "import", "call N" or "done": how far the job got
    import_error: dict | None = None
    breach: str | None = None
    # The job's clock (time.monotonic) when its import ended: a claim, kept for the bulk
    # bench's breakdown only (bigpicture.grader.bulk.profile clamps it).
    imported_at: float | None = None


def read(
    data: bytes,
    calls: list[Call],
    breach: str | None = None,
    sent: dict[int, dict[str, str]] | None = None,
) -> Report:
    """Checks and reads the report ``data`` of a job that ran ``calls``.

    Args:
        data: the bytes the job wrote to its report pipe (at most ``REPORT_MAX_BYTES``).
        calls: the calls the job was asked to make, in order.
        breach: a breach the zygote saw (a report too large), if any.
        sent: the digest of each array argument as it was sent, by call index and argument
            name, when the request was packed once for many jobs; else computed here.
    """
    return read_sections(data, [(calls, sent or {})], breach)[0]


def read_sections(
    data: bytes, sections: list[tuple[list[Call], dict[int, dict[str, str]]]], breach: str | None
) -> list[Report]:
    """Checks and reads the report ``data`` of a job that ran ``sections`` (each one exercise's
    calls and the digests of their array arguments as sent, see :func:`read`), whose reports
    the job wrote back to back: each ends with its "done" stage or its failed import.

    Returns:
        The report of each section the job reached: the first always, each later one once the
        one before it ended. A breach (``breach``, the zygote's, when the report passed its
        cap, or one found here) ends the reading; it belongs to the section being read.
    """
    reports: list[Report] = []
    position = 0
    for number, (calls, sent) in enumerate(sections):
        report = Report(results=[CallResult(status=CallStatus.NOT_RUN) for _ in calls])
        reports.append(report)
        reader = _Reader(report, calls, sent)
        try:
            position = reader.read_all(data, position, last=number == len(sections) - 1)
        except Breach as found:
            report.breach = str(found)[:300]
            return reports
        if reader.expect != "end":
            break
    if breach is not None:
        reports[-1].breach = breach[:300]
    return reports


class _Reader:
    """The child's records, in the only order it writes them."""

    def __init__(self, report: Report, calls: list[Call], sent: dict[int, dict[str, str]]) -> None:
        self.report = report
        self.calls = calls
        self.sent = sent
        self.expect = "stage:import"
        self.next_call = 0

    def read_all(self, data: bytes, position: int, last: bool) -> int:
        """Reads records from ``position`` until this section's report ends (when it is not
        the ``last`` section's: the next one's starts there) or the data does; returns where
        it stopped."""
        while position < len(data):
            if self.expect == "end" and not last:
                return position
            end = data.find(b"\n", position, position + HEADER_MAX_BYTES + 1)
            if end < 0:
                if len(data) - position > HEADER_MAX_BYTES:
                    raise Breach("a record's header is too long")
                return len(data)  # the last record was cut short: the process died writing it
            header = _parse_header(data[position:end])
            index = header.pop("arrays")
            size = _index_size(index)
            blob = data[end + 1 : end + 1 + size]
            if len(blob) < size:
                return len(data)
            position = end + 1 + size
            self.take(header, _arrays(index, blob))
        return position

    def take(self, header: dict, arrays: dict[str, np.ndarray]) -> None:
        event = header.get("event")
        if self.expect == "end":
            raise Breach("records after the end of the report")
        if event == Event.STAGE and self.expect == "stage:import":
            _keys(header, {"event", "stage"})
            if header["stage"] != "import":
                raise Breach("a stage record out of order")
            self.report.stage, self.expect = "import", "import"
        elif event == Event.IMPORT and self.expect == "import":
            self.take_import(header)
        elif event == Event.START and self.expect == "start":
            _keys(header, {"event", "id"})
            self.check_id(header)
            self.report.stage, self.expect = f"call {self.next_call}", "result"
        elif event == Event.RESULT and self.expect == "result":
            self.check_id(header)
            call = self.next_call
            sent = self.sent.get(call, {})
            self.report.results[call] = _result(header, arrays, self.calls[call], self.report, sent)
            self.next_call += 1
            self.expect = "start" if self.next_call < len(self.calls) else "stage:done"
        elif event == Event.STAGE and self.expect == "stage:done":
            _keys(header, {"event", "stage"})
            if header["stage"] != "done":
                raise Breach("a stage record out of order")
            self.report.stage, self.expect = "done", "end"
        else:
            raise Breach(f"an unexpected record ({_short(event)} where {self.expect} was due)")
        if arrays and event != Event.RESULT:
            raise Breach("arrays attached to a record that has none")

    def take_import(self, header: dict) -> None:
        if header.get("ok") is True:
            _keys(header, {"event", "ok", "at"}, {"event", "ok"})
            # A time decides nothing: one that is not a finite number is dropped, not a breach.
            at = header.get("at")
            if type(at) is float and math.isfinite(at):
                self.report.imported_at = at
            self.expect = "start" if self.calls else "stage:done"
            return
        _keys(header, {"event", "ok", "error"})
        if header["ok"] is not False:
            raise Breach("an import record that is neither ok nor failed")
        self.report.import_error = _import_error(header["error"])
        self.expect = "end"

    def check_id(self, header: dict) -> None:
        if type(header.get("id")) is not int or header["id"] != self.next_call:
            raise Breach("a call id out of order")


def _parse_header(line: bytes) -> dict:
    try:
        header = json.loads(line, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise Breach(f"a header that is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(header, dict) or not isinstance(header.get("arrays"), list):
        raise Breach("a header that is not a record")
    return header


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number the report may hold")


def _keys(header: dict, allowed: set[str], required: set[str] | None = None) -> None:
    if not set(header) <= allowed:
        raise Breach(f"unknown keys {_short(sorted(set(header) - allowed))}")
    missing = (allowed if required is None else required) - set(header)
    if missing:
        raise Breach(f"missing keys {_short(sorted(missing))}")


def _text(value: object, cap: str) -> str:
    if not isinstance(value, str) or len(value) > TEXT_CAPS[cap]:
        raise Breach(f"a {cap} that is not a string of at most {TEXT_CAPS[cap]} characters")
    return value


def _optional_text(value: object, cap: str) -> str | None:
    return None if value is None else _text(value, cap)


def _small_int(value: object) -> int:
    if type(value) is not int or not -(2**31) <= value < 2**31:
        raise Breach("a number out of range")
    return value


def _optional_small_int(value: object) -> int | None:
    return None if value is None else _small_int(value)


def _error(value: object) -> dict:
    if not isinstance(value, dict):
        raise Breach("an error that is not a record")
    _keys(value, {"type", "message", "traceback"})
    return {
        "type": _text(value["type"], "type"),
        "message": _text(value["message"], "message"),
        "traceback": _text(value["traceback"], "traceback"),
    }


def _import_error(value: object) -> dict:
    if not isinstance(value, dict):
        raise Breach("an import error that is not a record")
    kind = value.get("kind")
    if kind == LoadProblem.ENCODING:
        _keys(value, {"kind", "line", "byte"})
        return {
            "kind": kind,
            "line": _small_int(value["line"]),
            "byte": _text(value["byte"], "code"),
        }
    if kind == LoadProblem.SYNTAX:
        _keys(
            value,
            {"kind", "message", "line", "offset", "end_offset", "text"},
            {"kind", "message", "line", "offset", "text"},
        )
        return {
            "kind": kind,
            "message": _text(value["message"], "message"),
            "line": _optional_small_int(value["line"]),
            "offset": _optional_small_int(value["offset"]),
            "end_offset": _optional_small_int(value.get("end_offset")),
            "text": _text(value["text"], "text"),
        }
    if kind == LoadProblem.EXIT:
        _keys(value, {"kind", "code"})
        return {"kind": kind, "code": _text(value["code"], "code")}
    if kind == LoadProblem.RAISED:
        _keys(value, {"kind", "error"})
        return {"kind": kind, "error": _error(value["error"])}
    raise Breach("an import error of an unknown kind")


def _index_size(index: list) -> int:
    total = 0
    for entry in index:
        if not isinstance(entry, list) or len(entry) != 4:
            raise Breach("an array index entry that is not [key, dtype, shape, size]")
        size = entry[3]
        if type(size) is not int or not 0 <= size <= REPORT_MAX_BYTES:
            raise Breach("an array size out of range")
        total += size
    return total


def _arrays(index: list, blob: bytes) -> dict[str, np.ndarray]:
    arrays: dict[str, np.ndarray] = {}
    position = 0
    for key, dtype_text, shape, size in index:
        chunk = blob[position : position + size]
        position += size
        if not isinstance(key, str) or key in arrays or not isinstance(dtype_text, str):
            raise Breach("an array with a bad key or dtype")
        if not isinstance(shape, list) or len(shape) > _MAX_DIMS:
            raise Breach("an array with a bad shape")
        if any(type(n) is not int or not 0 <= n <= REPORT_MAX_BYTES for n in shape):
            raise Breach("an array with a bad shape")
        try:
            dtype = np.dtype(dtype_text[:16])
        except TypeError:
            raise Breach("an array of an unknown dtype") from None
        if dtype.kind not in "biuf" or dtype.fields is not None or dtype.str != dtype_text:
            raise Breach("an array that is not plain numbers")
        if math.prod(shape) * dtype.itemsize != size:
            raise Breach("an array whose size does not match its shape")
        arrays[key] = np.frombuffer(chunk, dtype=dtype).reshape(shape).copy()
    return arrays


def _result(
    header: dict, arrays: dict[str, np.ndarray], call: Call, report: Report, sent: dict[str, str]
) -> CallResult:
    if header.get("status") not in _STATUSES:
        raise Breach("a result with an unknown status")
    status = CallStatus(header["status"])
    common = {"event", "id", "status", "seconds", "after"}
    if status == CallStatus.MISSING_FUNCTION:
        _keys(header, {"event", "id", "status"})
        return CallResult(status=status)
    extra = {
        CallStatus.OK: {"container", "count", "items"},
        CallStatus.NOT_IMPLEMENTED: {"error"},
        CallStatus.RAISED: {"error"},
        CallStatus.EXIT: {"code"},
    }[status]
    _keys(header, common | extra)
    seconds = header["seconds"]
    if type(seconds) is not float or not math.isfinite(seconds) or seconds < 0:
        raise Breach("a call time that is not a finite number of seconds")
    result = CallResult(status=status, seconds=seconds)
    result.mutated, result.rng_used = _changes(header["after"], call, report, sent)
    if status in (CallStatus.NOT_IMPLEMENTED, CallStatus.RAISED):
        result.error = _error(header["error"])
    elif status == CallStatus.EXIT:
        result.exit_code = _text(header["code"], "code")
    else:
        _returned(header, arrays, result)
    return result


def _returned(header: dict, arrays: dict[str, np.ndarray], result: CallResult) -> None:
    container, count, items = header["container"], header["count"], header["items"]
    if container not in (None, "tuple", "list"):
        raise Breach("a result in an unknown container")
    result.container, result.count = container, _small_int(count)
    if count < 0:
        raise Breach("a negative count of values")
    if not isinstance(items, list) or len(items) != min(count, MAX_ITEMS):
        raise Breach("a result with a bad list of values")
    if container is None and count != 1:
        raise Breach("a result whose count does not match")
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise Breach("a returned value that is not a record")
        _keys(item, {"type", "kind", "dtype"}, {"type", "kind"})
        kind = item["kind"]
        if kind not in ("array", "none", "other"):
            raise Breach("a returned value of an unknown kind")
        array = arrays.pop(f"o{position}", None)
        if (kind == "array") != (array is not None):
            raise Breach("a returned value whose array is missing or unasked for")
        result.items.append(
            Returned(
                kind=kind,
                type_name=_text(item["type"], "type"),
                array=array,
                dtype=_optional_text(item.get("dtype"), "type"),
            )
        )
    if arrays:
        raise Breach("arrays that belong to no returned value")


def _changes(
    after: object, call: Call, report: Report, sent: dict[str, str]
) -> tuple[list[str], list[str]]:
    """Which array arguments changed and which generators were drawn from, by comparing the
    child's digests with those of what the parent sent (``sent``, by argument name, where it
    was packed once for many jobs)."""
    values = {**call.args, **call.kwargs}
    if not isinstance(after, dict) or not set(after) <= set(values):
        raise Breach("argument digests for arguments the call does not have")
    mutated, rng_used = [], []
    for name, value in values.items():
        seen = after.get(name)
        if seen is not None and (not isinstance(seen, str) or len(seen) != 32):
            raise Breach("an argument digest that is not a digest")
        if isinstance(value, Rng):
            if seen != _fresh_rng_digest(value.seed):
                rng_used.append(name)
        elif isinstance(value, np.ndarray):
            if seen != (sent.get(name) or wire.digest(value)):
                mutated.append(name)
        elif isinstance(value, FromCall) and seen is not None:
            earlier = _earlier_array(report, value)
            if earlier is not None and seen != wire.digest(earlier):
                mutated.append(name)
    return mutated, rng_used


@functools.lru_cache(maxsize=1024)
def _fresh_rng_digest(seed: int) -> str:
    """The state digest of a generator no call drew from (one seed, one digest)."""
    return wire.rng_digest(np.random.default_rng(seed))


def _earlier_array(report: Report, source: FromCall) -> np.ndarray | None:
    if source.call >= len(report.results):
        return None
    items = report.results[source.call].items
    if source.item >= len(items) or items[source.item].type_name != "ndarray":
        return None
    return items[source.item].array


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"

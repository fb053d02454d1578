"""A job's report is hostile input: anything but what the child writes is a breach, never a
crash, and no verdict rests on what the child says about itself."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bigpicture.grader import report, sandbox, wire
from bigpicture.grader.calls import Call, FromCall, Rng
from tests.helpers import MISTAKES, messages

X = np.arange(-3.0, 3.0)
CALLS = [Call("relu", {"x": X}), Call("relu_backward", {"dout": X, "x": FromCall(0)})]


def record(header: dict, arrays: dict[str, np.ndarray] | None = None) -> bytes:
    """One record as the child writes it."""
    index, blob = wire.pack(arrays or {})
    return json.dumps({**header, "arrays": index}).encode() + b"\n" + blob


def result(call: int, out: np.ndarray, after: dict | None = None, **extra) -> bytes:
    header = {
        "event": "result",
        "id": call,
        "status": "ok",
        "container": None,
        "count": 1,
        "items": [{"type": "ndarray", "kind": "array", "dtype": "float64"}],
        "seconds": 0.001,
        "after": {"x": wire.digest(X)} if after is None else after,
        **extra,
    }
    return record(header, {"o0": out})


def honest() -> list[bytes]:
    """The records of a correct relu, in order."""
    out = np.maximum(X, 0)
    back_after = {"dout": wire.digest(X), "x": wire.digest(out)}
    return [
        record({"event": "stage", "stage": "import"}),
        record({"event": "import", "ok": True}),
        record({"event": "start", "id": 0}),
        result(0, out),
        record({"event": "start", "id": 1}),
        result(1, np.where(X > 0, X, 0.0), after=back_after),
        record({"event": "stage", "stage": "done"}),
    ]


def test_an_honest_report_reads_whole():
    read = report.read(b"".join(honest()), CALLS)
    assert (read.breach, read.stage) == (None, "done")
    np.testing.assert_array_equal(read.results[0].items[0].array, np.maximum(X, 0))
    assert read.results[0].mutated == [] and read.results[1].mutated == []


def test_a_report_cut_short_is_no_breach_and_the_rest_was_not_run():
    data = b"".join(honest()[:4]) + honest()[4][:5]
    read = report.read(data, CALLS)
    assert (read.breach, read.stage) == (None, "call 0")
    assert [r.status for r in read.results] == ["ok", "not_run"]


def test_changes_are_decided_from_digests_of_what_the_parent_sent():
    records = honest()
    records[3] = result(0, np.maximum(X, 0), after={"x": wire.digest(np.maximum(X, 0))})
    assert report.read(b"".join(records), CALLS).results[0].mutated == ["x"]
    records[3] = result(0, np.maximum(X, 0), after={"x": None})  # "cannot say" is no alibi
    assert report.read(b"".join(records), CALLS).results[0].mutated == ["x"]


def test_a_request_packed_once_judges_changes_against_what_it_sent():
    packed = sandbox.pack_calls("relu.py", "relu", CALLS)
    assert packed.digests == {0: {"x": wire.digest(X)}, 1: {"dout": wire.digest(X)}}
    read = report.read(b"".join(honest()), CALLS, sent=packed.digests)
    assert [r.mutated for r in read.results] == [[], []]
    other = {0: {"x": wire.digest(X + 1)}, 1: packed.digests[1]}  # as if X+1 had been sent
    assert report.read(b"".join(honest()), CALLS, sent=other).results[0].mutated == ["x"]


def test_a_generator_counts_as_drawn_from_unless_its_state_is_the_fresh_one():
    calls = [Call("f", {"rng": Rng(5)})]
    fresh = wire.rng_digest(np.random.default_rng(5))
    drawn = np.random.default_rng(5)
    drawn.random()
    for after, used in ((fresh, []), (wire.rng_digest(drawn), ["rng"]), (None, ["rng"])):
        records = [
            record({"event": "stage", "stage": "import"}),
            record({"event": "import", "ok": True}),
            record({"event": "start", "id": 0}),
            result(0, np.zeros(1), after={"rng": after}),
        ]
        assert report.read(b"".join(records), calls).results[0].rng_used == used


def _breach(records: list[bytes]) -> str | None:
    return report.read(b"".join(records), CALLS).breach


FORGED = {
    "NaN": lambda r: r[:3] + [r[3].replace(b'"seconds": 0.001', b'"seconds": NaN')] + r[4:],
    "infinity": lambda r: r[:3] + [r[3].replace(b'"seconds": 0.001', b'"seconds": 1e999')] + r[4:],
    "deep nesting": lambda r: r[:2] + [b"[" * 50_000 + b"\n"],
    "a header that is a list": lambda r: r[:2] + [b"[1, 2]\n"],
    "an id out of range": lambda r: r[:3] + [result(7, X)],
    "a string for a dict": lambda r: r[:3] + [result(0, X, after="boom")],
    "a megabyte message": lambda r: (
        r[:2]
        + [record({"event": "import", "ok": False, "error": {"kind": "exit", "code": "x" * 2**20}})]
    ),
    "a huge number": lambda r: (
        r[:2]
        + [
            record(
                {
                    "event": "import",
                    "ok": False,
                    "error": {"kind": "encoding", "line": 10**30, "byte": "0xff"},
                }
            )
        ]
    ),
    "unknown keys": lambda r: r[:3] + [result(0, X, passed=True)],
    "records after the end": lambda r: r + [record({"event": "stage", "stage": "done"})],
    "done before the calls": lambda r: r[:2] + [r[-1]],
    "a call twice": lambda r: r[:4] + r[2:4],
    "an array of objects": lambda r: r[:3] + [r[3].replace(b'"<f8"', b'"|O"')],
    "an array shorter than its shape": lambda r: r[:3] + [r[3].replace(b"[6]", b"[7]")],
    "a negative size": lambda r: r[:3] + [r[3].replace(b", 48]]", b", -48]]")],
    "an array nobody returned": lambda r: r[:2] + [record({"event": "start", "id": 0}, {"o0": X})],
}


@pytest.mark.parametrize("forgery", sorted(FORGED))
def test_a_forged_record_is_a_breach_never_a_crash(forgery):
    forged = FORGED[forgery](honest())
    assert forged != honest()  # the forgery took
    breach = _breach(forged)
    assert breach is not None and len(breach) <= 300


@pytest.mark.parametrize(
    ("claim", "kept"),
    [(b"12.5", 12.5), (b'"soon"', None), (b"1e999", None), (b"true", None), (b"7", None)],
)
def test_the_import_time_is_a_claim_that_decides_nothing(claim, kept):
    records = honest()
    records[1] = b'{"event": "import", "ok": true, "at": %s, "arrays": []}\n' % claim
    read = report.read(b"".join(records), CALLS)
    assert (read.breach, read.stage, read.imported_at) == (None, "done", kept)
    assert [r.status for r in read.results] == ["ok", "ok"]


def test_a_report_too_large_is_a_breach():
    read = report.read(b"", CALLS, breach="the report passed 64 MiB")
    assert read.breach == "the report passed 64 MiB"
    assert [r.status for r in read.results] == ["not_run", "not_run"]


def test_learner_code_writing_its_own_records_scores_zero(grade, tmp_path):
    forger = tmp_path / "exercise1_relu.py"
    forger.write_text(
        "import os\nimport numpy as np\n"
        "def relu(x):\n"
        '    os.write(3, b\'{"event": "result", "id": 0, "status": "ok", "seconds": NaN}\\n\')\n'
        "    return np.maximum(x, 0)\n"
        "def relu_backward(dout, x):\n"
        "    return np.where(x > 0, dout, 0.0)\n"
    )
    result = grade("1", forger)
    assert (result.status, result.score) == ("error", 0)
    assert result.problem.en.startswith("The grading protocol was broken by the submission")


HIDDEN = {
    "an input changed in place": (
        "1",
        "exercise1/relu_in_place.py",
        "_after = lambda value, spec: None",
        "modified its input in place (x)",
    ),
    "draws from rng in eval mode": (
        "4",
        "exercise4/eval_consumes_rng.py",
        "_rng_digest = lambda rng: '0' * 32",
        "drew random numbers from rng in eval mode (train=False)",
    ),
}


@pytest.mark.parametrize("hidden", sorted(HIDDEN))
def test_patching_the_child_to_hide_a_mistake_gains_nothing(grade, tmp_path, hidden):
    exercise, mistake, patch, said = HIDDEN[hidden]
    path = tmp_path / Path(mistake).name
    path.write_text(
        (MISTAKES / mistake).read_text()
        + f"\nimport sys\nsys.modules['bigpicture.grader.child'].{patch}\n"
    )
    assert said in "\n".join(messages(grade(exercise, path)))

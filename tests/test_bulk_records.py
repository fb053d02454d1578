"""Sanitizing bulk grading records: valid text, capped messages, finite numbers."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np

from bigpicture.grader.bulk.records import (
    CheckRecord,
    ExerciseRecord,
    SubmissionRecord,
    sanitized,
    valid_text,
)
from bigpicture.grader.limits import RECORD_MESSAGES_MAX_BYTES
from bigpicture.grader.status import FAILED
from tests.bulk_samples import sample_record

BUDGET_CUT = "message cut: this exercise's messages passed 8 KiB"


def one_exercise(checks: list[CheckRecord], **fields) -> SubmissionRecord:
    return SubmissionRecord(
        "ana", "0" * 64, [ExerciseRecord("exercise1", FAILED, 0.0, checks=checks, **fields)]
    )


def test_a_clean_record_is_unchanged_and_from_dict_round_trips() -> None:
    record = sample_record("김민수", 3)
    assert sanitized(record) == record
    assert SubmissionRecord.from_dict(record.to_dict()) == record


def test_lone_surrogates_become_escapes() -> None:
    # \udcff is what os.fsdecode makes of the byte 0xff; \ud800 can come from JSON's "\ud800".
    assert valid_text("caf\udce9 \ud800!") == "caf\\xe9 \\ud800!"
    record = one_exercise([CheckRecord("c\udcff", False, 1.0, "m\ud800", 0.0)])
    record.name = "\udcff\udcfe"
    clean = sanitized(record)
    assert clean.name == "\\xff\\xfe"
    assert (clean.exercises[0].checks[0].name, clean.exercises[0].checks[0].message) == (
        "c\\xff",
        "m\\ud800",
    )


def test_a_long_message_is_cut_with_a_marker_saying_how_long_it_was() -> None:
    record = one_exercise([CheckRecord("c", False, 1.0, "x" * 10_000, 0.0)], problem="p" * 2_001)
    exercise = sanitized(record).exercises[0]
    message = exercise.checks[0].message
    assert len(message) == 2_000
    assert message.endswith("x\n… cut: 10,000 characters in all")
    assert exercise.problem.endswith("p\n… cut: 2,001 characters in all")


def test_messages_past_an_exercise_s_budget_become_one_short_marker_each() -> None:
    # Each message is 1,000 bytes of UTF-8 (500 two-byte letters): 8 fit in 8 KiB, not 9.
    message = "é" * 500
    record = one_exercise([CheckRecord(f"c{i}", False, 1.0, message, 0.0) for i in range(12)])
    record.exercises[0].checks[10].message = None  # no message stays no message
    record.notes = ["a note"] * 10  # the notes have a budget of their own
    checks = [CheckRecord(f"c{i}", False, 1.0, message, 0.0) for i in range(9)]
    record.exercises.append(ExerciseRecord("exercise2", FAILED, 0.0, checks=checks))
    first, second = (e.checks for e in sanitized(record).exercises)
    kept = [c.message for c in first if c.message == message]
    assert len(kept) == RECORD_MESSAGES_MAX_BYTES // 1_000 == 8
    assert [c.message for c in first[8:]] == [BUDGET_CUT] * 2 + [None] + [BUDGET_CUT]
    # Every exercise keeps its own 8 KiB: 15 exercises cannot crowd out the last one's reason.
    assert [c.message for c in second] == [message] * 8 + [BUDGET_CUT]
    assert sanitized(record).notes == ["a note"] * 10


def test_printed_output_is_cut_to_8_kib_and_its_size_kept() -> None:
    record = one_exercise([], output="가" * 5_000, output_bytes=15_000)
    exercise = sanitized(record).exercises[0]
    assert exercise.output == "가" * 2_730  # 8,192 bytes hold 2,730 whole three-byte letters
    assert exercise.output_bytes == 15_000


def test_numbers_that_are_not_finite_become_zero_and_scores_stay_within_0_1() -> None:
    checks = [
        CheckRecord("nan", True, math.nan, None, math.inf),
        CheckRecord("negative", True, -2.0, None, -math.inf),
        CheckRecord("not a number", True, "lots", None, None),
    ]
    record = one_exercise(checks, seconds=math.nan, output_bytes=math.inf)
    record.exercises.append(ExerciseRecord("exercise2", FAILED, 7.5))
    record.exercises[0].score = math.inf
    record.seconds = -math.inf
    clean = sanitized(record)
    assert [(c.points, c.seconds) for c in clean.exercises[0].checks] == [(0.0, 0.0)] * 3
    assert [e.score for e in clean.exercises] == [0.0, 1.0]
    assert (clean.exercises[0].seconds, clean.exercises[0].output_bytes, clean.seconds) == (0, 0, 0)


def test_fields_of_the_wrong_type_become_text_and_booleans() -> None:
    # A numpy bool and an exception are what a careless check could hand over; neither is JSON.
    checks = [CheckRecord("c", np.bool_(True), np.float64(1.0), ValueError("boom"), 0.0)]
    clean = sanitized(one_exercise(checks))
    check = clean.exercises[0].checks[0]
    assert (check.passed, check.points, check.message) == (True, 1.0, "boom")
    assert type(check.passed) is bool
    json.dumps(clean.to_dict(), allow_nan=False)


def test_sanitizing_twice_changes_nothing() -> None:
    big = "x" * 6_000_000
    checks = [CheckRecord("c", False, math.nan, big, math.inf) for _ in range(40)]
    # Short, but four times longer once escaped: cut after escaping, so the cut stays put.
    checks.insert(0, CheckRecord("c", False, 1.0, "\udcff" * 1_999, 0.0))
    record = one_exercise(checks, problem=big, output=big + "\udcff")
    record.notes = [big, "\ud800"]
    once = sanitized(record)
    assert once.exercises[0].checks[0].message.startswith("\\xff" * 490)
    assert len(once.exercises[0].checks[0].message) == 2_000
    assert sanitized(once) == once
    assert SubmissionRecord.from_dict(once.to_dict()) == once


def test_to_dict_is_what_asdict_makes_of_every_field() -> None:
    # A field added to a record but not to to_dict would be lost from the store and exports.
    record = sample_record("ana", 3)
    record.notes = ["a note"]
    assert record.to_dict() == dataclasses.asdict(record)
    assert all(e.checks for e in record.exercises[:2])  # every kind of record is compared

"""The bulk grading store: round trips, resume keys, crash safety and merging shards."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bigpicture.grader.bulk import store as store_module
from bigpicture.grader.bulk.records import SubmissionRecord
from bigpicture.grader.bulk.store import DB_NAME, Store, merge_stores
from tests.bulk_samples import sample_record
from tests.helpers import REPO


def test_records_round_trip_sorted_by_name(tmp_path: Path) -> None:
    names = ["zoe", "김민수", 'a,b "quoted"\nline', "../../evil"]
    with Store(tmp_path) as store:
        for index, name in enumerate(names):
            store.save(f"key{index}", sample_record(name, index))
    with Store(tmp_path) as store:
        records = store.records()
    assert [r.name for r in records] == sorted(names)
    by_name = {r.name: r for r in records}
    for index, name in enumerate(names):
        assert by_name[name] == sample_record(name, index)


def test_key_of_and_replace_on_regrade(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.key_of("ana") is None
        store.save("old", sample_record("ana", 1))
        assert store.key_of("ana") == "old"
        store.save("new", sample_record("ana", 2))
        assert store.key_of("ana") == "new"
        assert store.records() == [sample_record("ana", 2)]


def test_meta_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.set_meta(seed="1234", timeout="5.0")
        store.set_meta(seed="99", shard="1/2")
    with Store(tmp_path) as store:
        assert store.meta() == {"seed": "99", "timeout": "5.0", "shard": "1/2"}


def test_database_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "out") as store:
        store.save("k", sample_record("ana"))
        assert (tmp_path / "out" / DB_NAME).stat().st_mode & 0o777 == 0o600
        wal = tmp_path / "out" / f"{DB_NAME}-wal"
        assert wal.stat().st_mode & 0o777 == 0o600
    db = sqlite3.connect(tmp_path / "out" / DB_NAME)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_text("these are not grades\n" * 100)
    with pytest.raises(ValueError, match=r"grades.sqlite is not a bigpicture grading database"):
        Store(tmp_path)


def test_save_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    Store(tmp_path).close()
    other = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.2, lambda: other.execute("COMMIT"))
    release.start()
    with Store(tmp_path) as store:
        store.save("k", sample_record("ana"))
        assert store.key_of("ana") == "k"
    release.join()
    other.close()


_WRITER = """
import sys
from pathlib import Path
from bigpicture.grader.bulk.store import Store
from tests.bulk_samples import sample_record

store = Store(Path(sys.argv[1]))
index = 0
while True:
    store.save(f"key{index}", sample_record(f"learner{index:05d}", index))
    print(store.committed, flush=True)
    index += 1
"""


def _writer(code: str, folder: Path) -> subprocess.Popen:
    """A process running ``code`` on a store in ``folder``, its lines read as they come."""
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(folder)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    return writer


def test_a_killed_writer_loses_at_most_what_it_saved_since_its_last_commit(
    tmp_path: Path,
) -> None:
    writer = _writer(_WRITER, tmp_path)
    for line in writer.stdout:
        committed = int(line)  # saves committed by then; later ones may be committed too
        if committed >= 40:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL

    with Store(tmp_path) as store:
        records = store.records()
        keys = {r.name: store.key_of(r.name) for r in records}
    assert len(records) >= committed
    for index, record in enumerate(records):
        assert record == sample_record(f"learner{index:05d}", index)
        assert keys[record.name] == f"key{index}"
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()


def _shard(folder: Path, seed: str, shard: str, graded: dict[str, int]) -> Path:
    with Store(folder) as store:
        store.set_meta(seed=seed, timeout="5.0", shard=shard, started_at=f"2026-05-0{shard[0]}")
        for name, index in graded.items():
            store.save(f"key{index}", sample_record(name, index))
    return folder


def test_merge_combines_shards_and_keeps_the_newer_duplicate(tmp_path: Path) -> None:
    first = _shard(tmp_path / "s1", "7", "1/2", {"ana": 1, "bo": 2})
    second = _shard(tmp_path / "s2", "7", "2/2", {"cy": 3, "bo": 4})  # saved later: newer

    notes = merge_stores([first, second], tmp_path / "all")

    with Store(tmp_path / "all") as merged:
        records: list[SubmissionRecord] = merged.records()
        assert merged.key_of("bo") == "key4"
        assert merged.meta() == {
            "seed": "7",
            "timeout": "5.0",
            "shard": "1/2,2/2",
            "started_at": "2026-05-01",
        }
    assert records == [sample_record("ana", 1), sample_record("bo", 4), sample_record("cy", 3)]
    assert len(notes) == 1
    assert notes[0].startswith(f"bo was graded in {first} and in {second}; kept the newer grading")
    assert notes[0].endswith(f"from {second}).")
    assert merge_stores([first, second], tmp_path / "all") == notes  # merging again: same


def test_merge_notes_disagreeing_seeds(tmp_path: Path) -> None:
    first = _shard(tmp_path / "s1", "7", "1/2", {"ana": 1})
    second = _shard(tmp_path / "s2", "8", "2/2", {"bo": 2})
    notes = merge_stores([first, second], tmp_path / "all")
    assert notes == [f"The shards disagree on seed: 7 in {first}, 8 in {second}; kept 7."]


def test_merge_refuses_a_folder_without_a_database(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match=r"^\S+empty has no grades.sqlite: is it the --out"):
        merge_stores([tmp_path / "empty"], tmp_path / "all")


def test_a_hostile_record_is_stored_sanitized(tmp_path: Path) -> None:
    record = sample_record("\udcff\udcfe")  # an undecodable name, straight from os.fsdecode
    record.seconds = float("nan")
    record.exercises[1].checks[1].message = "\ud800" + "x" * 10_000
    with Store(tmp_path) as store:
        store.save("k", record)
        assert store.key_of("\udcff\udcfe") == store.key_of("\\xff\\xfe") == "k"
        [stored] = store.records()
    db = sqlite3.connect(tmp_path / DB_NAME)
    [(name, text)] = db.execute("SELECT name, record FROM submissions").fetchall()
    db.close()
    assert name == stored.name == "\\xff\\xfe"
    assert "NaN" not in text and stored.seconds == 0.0
    assert len(stored.exercises[1].checks[1].message) == 2_000


_BATCH_WRITER = """
import sys, time
from pathlib import Path
from bigpicture.grader.bulk import store as store_module
from tests.bulk_samples import sample_record

store_module.COMMIT_SECONDS = 3600.0  # no commit but the first, which finds none before it
store = store_module.Store(Path(sys.argv[1]))
for index in range(3):
    store.save(f"key{index}", sample_record(f"learner{index:05d}", index))
print(store.committed, store.key_of("learner00002"), flush=True)
time.sleep(3600)
"""


def _visible(folder: Path) -> list[str]:
    """The submissions another connection sees: the committed ones."""
    db = sqlite3.connect(f"file:{folder / DB_NAME}?mode=ro", uri=True, timeout=30)
    try:
        return [name for (name,) in db.execute("SELECT name FROM submissions ORDER BY name")]
    finally:
        db.close()


def test_a_kill_mid_batch_loses_that_batch_alone_and_resuming_grades_it_again(tmp_path):
    writer = _writer(_BATCH_WRITER, tmp_path)
    # The first save committed at once; the two after it wait for their batch, though the
    # writer reads them back.
    assert writer.stdout.readline().split() == ["1", "key2"]
    assert _visible(tmp_path) == ["learner00000"]
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    with Store(tmp_path) as store:
        assert store.records() == [sample_record("learner00000", 0)]
        assert [store.key_of(f"learner{i:05d}") for i in range(3)] == ["key0", None, None]
    db = sqlite3.connect(tmp_path / DB_NAME)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    db.close()


def test_a_batch_is_committed_by_its_timer_flush_or_close(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "COMMIT_SECONDS", 0.2)
    with Store(tmp_path) as store:
        store.save("k0", sample_record("ana", 0))  # the first: at once
        store.save("k1", sample_record("bo", 1))  # within 0.2 s of it: the timer's
        deadline = time.monotonic() + 60
        while _visible(tmp_path) != ["ana", "bo"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _visible(tmp_path) == ["ana", "bo"]
        monkeypatch.setattr(store_module, "COMMIT_SECONDS", 3600.0)
        store.save("k2", sample_record("cy", 2))
        assert _visible(tmp_path) == ["ana", "bo"]
        store.flush()
        assert _visible(tmp_path) == ["ana", "bo", "cy"]
        store.save("k3", sample_record("di", 3))
        store.set_meta(seed="1")  # a meta change commits the saves before it, too
        assert _visible(tmp_path) == ["ana", "bo", "cy", "di"]
        store.save("k4", sample_record("ed", 4))
    assert _visible(tmp_path) == ["ana", "bo", "cy", "di", "ed"]  # and so does closing
    with Store(tmp_path) as store:
        assert store.meta() == {"seed": "1"}

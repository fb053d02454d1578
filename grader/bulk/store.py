"""The results of a bulk grading run: one SQLite file in the output folder.

Graded submissions are committed together: a save commits at once, with those before it, if the
last commit is ``COMMIT_SECONDS`` old, and otherwise a timer commits it at most
``COMMIT_SECONDS`` later. A class of 800 then takes a few dozen commits, each with its fsync,
instead of 800. A run that is killed loses the submissions in flight and at most those saved in
the last ``COMMIT_SECONDS``; the next run resumes: a submission whose stored grading key equals
the new one is skipped, and a lost one is graded again. Only the main grading process writes (the
workers send their records back to it); the busy timeout covers anything else that opens the
file meanwhile, such as an instructor's ``sqlite3`` shell.

Records are sanitized (``records.sanitized``) before they are written, so a row holds valid
Unicode, strict JSON and a bounded amount of text whatever the submission printed.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from bigpicture.grader.bulk import profile
from bigpicture.grader.bulk.records import SubmissionRecord, sanitized, valid_text

DB_NAME = "grades.sqlite"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 30.0
#: Longest a saved submission waits for its commit while more are being saved.
COMMIT_SECONDS = 1.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS submissions (
    name TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    graded_at TEXT NOT NULL,  -- ISO 8601 in UTC, fixed width, so text order is time order
    record TEXT NOT NULL      -- SubmissionRecord.to_dict() as JSON
);
"""

_Row = tuple[str, str, str, str]  # name, key, graded_at, record JSON

# Meta keys that describe one shard rather than the whole run: merged, not compared.
_SHARD_KEYS = ("shard", "started_at")


class Store:
    """The grading database ``DIR/grades.sqlite``.

    Args:
        path: the output folder (created if needed); the database inside it is created with
            the schema, in WAL mode, readable by its owner only (grades are private).

    Raises:
        ValueError: the file is not a bigpicture grading database.
    """

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / DB_NAME
        # Create the file ourselves so it is never readable by others, not even for a moment;
        # SQLite gives its -wal and -shm files the database's permissions.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(self.path, 0o600)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves. The commit timer's thread uses
        # the connection too, always under the lock.
        self._db = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,
            check_same_thread=False,
        )
        self._lock = threading.RLock()
        self._timer: threading.Timer | None = None
        self._closed = False
        self._last_commit = -math.inf  # time.monotonic() of the last commit of saves
        self._pending = 0  # saves not committed yet
        self.committed = 0  # saves committed so far by this store
        try:
            self._prepare()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ValueError(f"{self.path} is not a bigpicture grading database ({exc}).") from exc

    def _prepare(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit survives a power cut too, not only a killed process.
        self._db.execute("PRAGMA synchronous=FULL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise sqlite3.DatabaseError(
                f"schema version {version}, this bigpicture reads {SCHEMA_VERSION}"
            )
        with self._transaction():
            # executescript would COMMIT first; plain statements stay inside the transaction.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    def meta(self) -> dict[str, str]:
        """The run's settings: seed, versions, timeout, exercises, shard, started_at..."""
        with self._lock:
            return dict(self._db.execute("SELECT key, value FROM meta ORDER BY key"))

    def set_meta(self, **values: str) -> None:
        """Stores (or replaces) settings of the run, committed at once."""
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items()
            )

    def key_of(self, name: str) -> str | None:
        """The grading key stored with submission ``name``; None if it was never graded."""
        # valid_text, as save stores the name: SQLite cannot bind a str with lone surrogates.
        with self._lock:
            row = self._db.execute(
                "SELECT key FROM submissions WHERE name = ?", (valid_text(name),)
            ).fetchone()
        return None if row is None else row[0]

    def save(self, key: str, record: SubmissionRecord) -> None:
        """Stores one graded submission, replacing an earlier grading. It is committed at once
        if the last commit is ``COMMIT_SECONDS`` old, else at most ``COMMIT_SECONDS`` later
        (or on :meth:`flush` or :meth:`close`); this store reads it as stored either way.

        Args:
            key: the grading key (content, grader version, seed, options) that makes a later
                run skip this submission while nothing has changed.
            record: the graded submission; it is stored sanitized.
        """
        start = time.perf_counter()
        record = sanitized(record)
        text = json.dumps(record.to_dict(), allow_nan=False)
        with self._lock:
            if not self._db.in_transaction:
                # IMMEDIATE takes the write lock up front: a busy database waits here (busy
                # timeout) instead of failing halfway through.
                self._db.execute("BEGIN IMMEDIATE")
            self._put(record.name, key, _now(), text)
            self._pending += 1
            if time.monotonic() - self._last_commit >= COMMIT_SECONDS:
                self.flush()
            elif self._timer is None:
                self._timer = threading.Timer(COMMIT_SECONDS, self.flush)
                self._timer.daemon = True
                self._timer.start()
        profile.write("save", seconds=time.perf_counter() - start)

    def flush(self) -> None:
        """Commits the submissions saved since the last commit."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()  # from the timer itself, this changes nothing
                self._timer = None
            if not self._closed and self._db.in_transaction:
                self._db.execute("COMMIT")
                self.committed += self._pending
                self._pending = 0
                self._last_commit = time.monotonic()

    def _put(self, name: str, key: str, graded_at: str, record_json: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO submissions (name, key, graded_at, record) VALUES (?, ?, ?, ?)",
            (name, key, graded_at, record_json),
        )

    def _rows(self) -> list[_Row]:
        with self._lock:
            return self._db.execute(
                "SELECT name, key, graded_at, record FROM submissions ORDER BY name"
            ).fetchall()

    def records(self) -> list[SubmissionRecord]:
        """Every graded submission, sorted by name."""
        start = time.perf_counter()
        records = [SubmissionRecord.from_dict(json.loads(row[3])) for row in self._rows()]
        profile.write("records", seconds=time.perf_counter() - start)
        return records

    def close(self) -> None:
        """Commits what is saved and closes the database (the last connection out folds the WAL
        back into the file)."""
        with self._lock:
            try:
                self.flush()
            finally:
                self._closed = True
                self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK when the body raises, under the store's lock and
    after the store's saves are committed."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __enter__(self) -> None:
        self._store._lock.acquire()
        try:
            self._store.flush()
            # IMMEDIATE takes the write lock up front, so a busy database waits here (busy
            # timeout) instead of failing halfway through.
            self._store._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._store._lock.release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._store._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        finally:
            self._store._lock.release()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def merge_stores(sources: list[Path], target: Path) -> list[str]:
    """Combines the databases of shard output folders into the one in ``target``.

    A submission found in two shards keeps its most recent grading, and a note says so. A
    submission already in the target is replaced only by a more recent grading, so merging
    the same shards again changes nothing. Settings that describe the whole run (seed,
    versions, timeout, exercises) are taken from the first shard; disagreements are noted.

    Args:
        sources: the shards' output folders, each holding a ``grades.sqlite``.
        target: the output folder of the merged run (created if needed).

    Returns:
        Notes for the instructor: disagreeing settings, submissions graded in two shards.

    Raises:
        ValueError: a source folder has no ``grades.sqlite`` or is the target itself.
    """
    for source in sources:
        if not (source / DB_NAME).is_file():
            raise ValueError(f"{source} has no {DB_NAME}: is it the --out folder of a shard?")
        if source.resolve() == target.resolve():
            raise ValueError(f"{source} is the merge target; list only the shards to merge.")
    notes: list[str] = []
    metas: list[tuple[Path, dict[str, str]]] = []
    newest: dict[str, tuple[Path, _Row]] = {}  # name -> (shard, row)
    for source in sources:
        with Store(source) as shard:
            metas.append((source, shard.meta()))
            rows = shard._rows()
        for row in rows:
            name, _, graded_at, _ = row
            if name not in newest:
                newest[name] = (source, row)
                continue
            first_place, first = newest[name]
            if graded_at > first[2]:
                newest[name] = (source, row)
            kept_place, kept = newest[name]
            notes.append(
                f"{name} was graded in {first_place} and in {source}; "
                f"kept the newer grading ({kept[2]}, from {kept_place})."
            )
    meta, meta_notes = _merge_meta(metas)
    with Store(target) as merged:
        graded_at_before = {row[0]: row[2] for row in merged._rows()}
        with merged._transaction():
            for _, row in newest.values():
                if row[2] > graded_at_before.get(row[0], ""):
                    merged._put(*row)
        merged.set_meta(**meta)
    return notes + meta_notes


def _merge_meta(metas: list[tuple[Path, dict[str, str]]]) -> tuple[dict[str, str], list[str]]:
    merged: dict[str, str] = {}
    notes = []
    keys = sorted({key for _, meta in metas for key in meta} - set(_SHARD_KEYS))
    for key in keys:
        values = [(source, meta[key]) for source, meta in metas if key in meta]
        merged[key] = values[0][1]
        if len({value for _, value in values}) > 1:
            listed = ", ".join(f"{value} in {source}" for source, value in values)
            notes.append(f"The shards disagree on {key}: {listed}; kept {merged[key]}.")
    shards = [meta["shard"] for _, meta in metas if "shard" in meta]
    if shards:
        merged["shard"] = ",".join(shards)
    started = [meta["started_at"] for _, meta in metas if "started_at" in meta]
    if started:
        merged["started_at"] = min(started)
    return merged, notes

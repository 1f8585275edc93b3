"""The SQLite backend: one file, several processes writing at once, nothing lost on a kill.

Settings and why:
- journal_mode=WAL: readers never block the writer, and a commit is one append to the log.
- synchronous=FULL: every commit fsyncs the log before returning. NORMAL would already survive a
  killed process (the committed log is in the operating system's cache, which outlives the
  process), but not a power cut or a kernel crash, where the last commits could roll back. An
  answer arrives every few seconds at most, so one fsync per answer costs nothing a student
  notices, and "saved" then means saved.
- busy_timeout: a writer waits up to BUSY_TIMEOUT_SECONDS for another process's write to finish
  instead of failing at once; write transactions start with BEGIN IMMEDIATE so the wait happens
  at the start, where SQLite can wait, never half-way through.
- foreign_keys=ON: an attempt cannot name a student who does not exist.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from bp_tutor.progress.database import Database, Row
from bp_tutor.progress.errors import CorruptStoreError, StoreError, one_line

BUSY_TIMEOUT_SECONDS = 30.0
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_BYTES = 100

T = TypeVar("T")


class SqliteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        super().__init__()
        self._connection = connection
        self.path = path
        self.location = str(path)

    def _run(self, sql: str, params: Sequence[object]) -> list[Row]:
        return self._connection.execute(sql, tuple(params)).fetchall()

    @contextmanager
    def _write_transaction(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)

    def table_names(self) -> set[str]:
        rows = self.query(
            "list the tables",
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'",
        )
        return {row[0] for row in rows}

    def lock_schema(self) -> None:
        # BEGIN IMMEDIATE already holds the only write lock there is.
        pass

    def _close(self) -> None:
        self._connection.close()

    def apply_settings(self) -> None:
        """Switch on WAL, full sync and foreign keys (after the checks, which must not write)."""
        with self._translate_errors("configure the database"):
            mode = _retry_while_locked(lambda: self._connection.execute("PRAGMA journal_mode=WAL").fetchone())
            if mode is None or str(mode[0]).lower() != "wal":
                raise StoreError(f"{self.location}: the database refused WAL mode (got {mode!r})")
            self._connection.execute("PRAGMA synchronous=FULL")
            self._connection.execute("PRAGMA foreign_keys=ON")


def connect_sqlite(path: Path) -> SqliteDatabase:
    """Open the file and prove it is a readable SQLite database, without writing to it.

    Raises CorruptStoreError for anything wrong with the file itself (a folder in its place,
    garbage, a truncated or damaged file, no permission), StoreError for other trouble.
    """
    if path.is_dir():
        raise CorruptStoreError(f"{path} is a folder, not a database file", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"cannot create the folder {path.parent} for the progress database: {error.strerror or error}"
        ) from error
    if path.exists():
        _check_readable(path)
    try:
        connection = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            check_same_thread=False,  # the Database lock serialises the threads
        )
    except sqlite3.Error as error:
        raise CorruptStoreError(f"cannot open {path}: {one_line(str(error))}", path) from error
    try:
        result = _retry_while_locked(lambda: connection.execute("PRAGMA quick_check").fetchall())
    except sqlite3.DatabaseError as error:
        connection.close()
        if _is_lock_error(error):
            raise StoreError(f"{path} stayed locked by another program: {error}") from error
        raise CorruptStoreError(f"{path} is not a readable database: {one_line(str(error))}", path) from error
    if result != [("ok",)]:
        connection.close()
        problem = one_line(str(result[0][0])) if result else "no answer from the integrity check"
        raise CorruptStoreError(f"{path} is damaged: {problem}", path)
    return SqliteDatabase(connection, path)


def _check_readable(path: Path) -> None:
    """Read the 100-byte header ourselves first: handing SQLite a file that is plainly not a
    database lets it tidy up (delete) a -wal file next to it, and that file may matter."""
    try:
        with path.open("rb") as handle:
            header = handle.read(SQLITE_HEADER_BYTES)
    except PermissionError as error:
        raise CorruptStoreError(f"no permission to read {path}", path) from error
    except OSError as error:
        raise CorruptStoreError(f"cannot read {path}: {error.strerror or error}", path) from error
    if not header:
        return  # SQLite treats an empty file as an empty database
    if not header.startswith(SQLITE_MAGIC):
        raise CorruptStoreError(f"{path} is not a SQLite database (wrong first bytes)", path)
    if len(header) < SQLITE_HEADER_BYTES:
        raise CorruptStoreError(
            f"{path} is cut short: {len(header)} bytes, less than a database header", path
        )


def _is_lock_error(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _retry_while_locked(action: Callable[[], T]) -> T:
    """Retry `action` while another connection holds a lock SQLite will not wait for.

    The busy timeout covers ordinary writes, but switching the journal mode while another
    process is opening the same new file can fail at once with "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_lock_error(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)

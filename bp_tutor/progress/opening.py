"""open_store: pick the backend from what the caller gave, check the database, bring its schema up
to date, and hand back a ProgressStore.

What `url` may be:
- None: the SQLite file `bp_tutor.paths.progress_db_path()` (its folder is created);
- a path (str or os.PathLike, `~` expanded): a SQLite file;
- `postgresql://...` or `postgres://...`: a PostgreSQL database (needs the psycopg extra).

A database that cannot be read is never overwritten. Without `recover` the caller gets a
CorruptStoreError naming the file, which stays where it is. With `recover=True` the file (and its
-wal/-shm companions) is renamed to `<name>.corrupt-YYYYmmdd-HHMMSS` next to it, a fresh database
is started, and `store.moved_aside` says where the old one went.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from bp_tutor.progress.database import Database
from bp_tutor.progress.errors import CorruptStoreError, StoreError
from bp_tutor.progress.postgres_db import connect_postgres
from bp_tutor.progress.schema import OUR_TABLES, current_version, migrate, refuse_newer
from bp_tutor.progress.sqlite_db import SqliteDatabase, connect_sqlite
from bp_tutor.progress.store import Clock, ProgressStore, utc_now
from bp_tutor.progress.validation import check_student_name

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
EXPECTED_URL = "a SQLite file path, or a postgresql://user@host/database URL"
# SQLite keeps these next to the database; they belong to it and move with it.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def open_store(
    url: str | os.PathLike[str] | None = None,
    *,
    student: str = "local",
    recover: bool = False,
    clock: Clock | None = None,
) -> ProgressStore:
    """Open (creating if needed) the progress store at `url` for `student`.

    `clock` returns the current time as an aware datetime; tests inject one, everyone else
    leaves it out. Raises StoreError (one line) for anything that goes wrong.
    """
    check_student_name(student)
    if url is None:
        from bp_tutor.paths import progress_db_path

        return _open_sqlite(progress_db_path(), student, recover, clock)
    if isinstance(url, os.PathLike):
        return _open_sqlite(Path(os.fspath(url)), student, recover, clock)
    if not isinstance(url, str):
        raise StoreError(f"progress database must be {EXPECTED_URL}; got {type(url).__name__}")
    text = url.strip()
    if text.lower().startswith(POSTGRES_SCHEMES):
        return _open_postgres(text, student, clock)
    if not text:
        raise StoreError(f"progress database location is empty: expected {EXPECTED_URL}")
    if "://" in text:
        raise StoreError(
            f"unsupported progress database {text.split('://', 1)[0]}://... (expected {EXPECTED_URL})"
        )
    if "\x00" in text:
        raise StoreError(f"progress database path contains a NUL character: {text!r}")
    return _open_sqlite(Path(text), student, recover, clock)


def _open_sqlite(path: Path, student: str, recover: bool, clock: Clock | None) -> ProgressStore:
    path = path.expanduser()
    moved_aside: Path | None = None
    try:
        db = connect_sqlite(path)
    except CorruptStoreError as error:
        if not recover:
            raise CorruptStoreError(
                f"{error}; the file was left untouched at {error.path} (start fresh to move it "
                "aside and begin a new progress database)",
                error.path,
            ) from error
        moved_aside = move_aside(error.path)
        try:
            db = connect_sqlite(path)
        except CorruptStoreError as second:
            raise StoreError(
                f"moved the damaged database to {moved_aside}, but a fresh one cannot be made "
                f"at {path}: {second}"
            ) from second
    store = _prepare(db, student, clock)
    store.moved_aside = moved_aside
    return store


def _open_postgres(url: str, student: str, clock: Clock | None) -> ProgressStore:
    return _prepare(connect_postgres(url), student, clock)


def _prepare(db: Database, student: str, clock: Clock | None) -> ProgressStore:
    """Refuse databases that are not ours or are too new (before writing anything), then set up
    and migrate."""
    try:
        tables = db.table_names()
        version = current_version(db)
        if version == 0:
            _refuse_foreign(db, tables)
        refuse_newer(db, version)
        if isinstance(db, SqliteDatabase):
            db.apply_settings()
        migrate(db)
        store = ProgressStore(db, student=student, clock=clock or utc_now)
        store.created = version == 0
        return store
    except BaseException:
        db.close()
        raise


def _refuse_foreign(db: Database, tables: set[str]) -> None:
    """A database without our version table must not hold our tables (or, for a SQLite file,
    any tables): it belongs to something else and migrating it would damage it."""
    clashing = sorted(tables & OUR_TABLES) if db.dialect == "postgresql" else sorted(tables)
    if clashing:
        raise StoreError(
            f"{db.location} is not a bp-tutor progress database (it has the tables "
            f"{', '.join(clashing)} but no schema_version); it was left untouched"
        )


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its companions) to `<name>.corrupt-YYYYmmdd-HHMMSS`."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists() or any(
        target.with_name(target.name + suffix).exists() for suffix in SQLITE_COMPANIONS
    ):
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        os.rename(path, target)
    except FileNotFoundError:
        # Another process recovering the same file got there first; its companions moved too.
        return target
    except OSError as error:
        raise StoreError(
            f"cannot move the damaged database {path} aside: {error.strerror or error}"
        ) from error
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            try:
                os.rename(companion, target.with_name(target.name + suffix))
            except OSError as error:
                raise StoreError(
                    f"moved {path} to {target} but cannot move {companion}: {error.strerror or error}"
                ) from error
    return target
